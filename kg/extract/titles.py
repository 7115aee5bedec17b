"""Title chains written next to a person's name.

``上海市援青干部联络组组长、果洛州委副书记、副州长赵勇`` is a chain of three segments, each
ORGANIZATION + ROLE. The parser walks back from the name over segments separated by 、 or
，, keeps each segment as written, and completes the organization of a bare segment
(副州长) from the segments before it (果洛州委 → 果洛州政府).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.lexicon import Lexicon
from kg.extract.tagger import Token
from kg.models import Title

# Tags that end a title segment on its left: prepositions, conjunctions, particles,
# pronouns, adverbs, times, punctuation, names.
_STOP_TAGS = frozenset({"p", "c", "u", "r", "d", "TIME", "t", "w", "xc", "PER", "nr", "f", "q", "ad", "vd"})
_CHAIN_SEPARATORS = frozenset({"、", "，", ","})
_MAX_SEGMENT = 30
_APPOSITION_VERBS = frozenset({"现任", "任", "担任", "出任", "系", "兼任", "时任"})
# Government roles whose organization is the people's government of a place level.
_GOVERNMENT_ROLES = {"省长": "省", "市长": "市", "州长": "州", "县长": "县", "区长": "区", "旗长": "旗"}
_PLACE_LEVEL_SUFFIXES = ("自治区", "自治州", "自治县", "省", "市", "州", "县", "区", "旗", "盟")
_PARTY_DEPARTMENTS = ("组织部", "宣传部", "统战部", "政法委", "纪委")
# The middle dot of transcribed names (阿依古丽·吐尔逊) in the forms texts use.
NAME_DOTS = "·•・‧"


@dataclass(frozen=True)
class TitleChain:
    titles: tuple[Title, ...]
    first_token: int  # index of the first token of the chain (to find shared chains)


class TitleChainParser:
    """Finds the title segments written before or after a name in one sentence's tokens."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._lex = lexicon

    def is_title(self, segment: str) -> bool:
        parts = self._lex.split_title(segment)
        if parts is None or len(segment) > _MAX_SEGMENT:
            return False
        org = parts.organization
        # a bare 委员/成员/代表 is too generic without an organization before it
        return not (not org and parts.role in {"委员", "成员", "代表", "负责人", "干事", "教师", "老师", "记者"})

    def segment_before(self, tokens: Sequence[Token], end: int) -> int | None:
        """Index of the first token of the title segment ending just before token ``end``,
        or None when the tokens there do not end with a role word."""
        i = end - 1
        while i >= 0:
            if _stops(tokens[i]):
                break
            i -= 1
        start = i + 1
        if start >= end:
            return None
        text = "".join(t.text for t in tokens[start:end])
        return start if self.is_title(text) else None

    def before(self, tokens: Sequence[Token], name_index: int) -> TitleChain:
        """The chain of title segments that ends right before the name at ``name_index``."""
        segments: list[tuple[int, int]] = []
        end = name_index
        while True:
            start = self.segment_before(tokens, end)
            if start is None:
                break
            segments.append((start, end))
            sep = start - 1
            if sep < 1 or tokens[sep].text not in _CHAIN_SEPARATORS:
                break
            end = sep
        segments.reverse()
        titles = tuple(self._title(tokens, s, e) for s, e in segments)
        return TitleChain(self.complete(titles), segments[0][0] if segments else name_index)

    def after(self, tokens: Sequence[Token], name_index: int) -> tuple[Title, ...]:
        """Titles written after the name: 苍海平教授; 赵勇，现任果洛州委副书记、副州长."""
        n = len(tokens)
        i = name_index + 1
        if i < n and tokens[i].text in self._lex.post_name_titles:
            return (self._title(tokens, i, i + 1),)
        if i < n and tokens[i].text in _CHAIN_SEPARATORS:
            i += 1
        if i >= n or tokens[i].text not in _APPOSITION_VERBS:
            return ()
        return self.predicate(tokens, i + 1)

    def predicate(self, tokens: Sequence[Token], start: int) -> tuple[Title, ...]:
        """Title segments starting at token ``start`` (after 任/现任), separated by 、."""
        titles: list[Title] = []
        n = len(tokens)
        i = start
        while i < n:
            j = i
            while j < n and not _stops(tokens[j]):
                j += 1
            if j == i:
                break
            # the longest prefix of tokens[i:j] that is a title
            k = j
            while k > i and not self.is_title("".join(t.text for t in tokens[i:k])):
                k -= 1
            if k == i:
                break
            titles.append(self._title(tokens, i, k))
            if k < n and tokens[k].text == "、" and k == j:
                i = k + 1
                continue
            break
        return self.complete(tuple(titles))

    def _title(self, tokens: Sequence[Token], start: int, end: int) -> Title:
        text = "".join(t.text for t in tokens[start:end])
        parts = self._lex.split_title(text)
        org = parts.organization if parts else ""
        role = parts.role if parts else text
        return Title(text, role, org or None, tokens[start].start, tokens[end - 1].end)

    def complete(self, titles: tuple[Title, ...]) -> tuple[Title, ...]:
        """Fill the organization of bare or elliptical segments from the segments before:
        副州长 after 果洛州委副书记 → 果洛州政府; 组织部部长 after 虹口区常委 → 虹口区委组织部."""
        out: list[Title] = []
        place: str | None = None
        for title in titles:
            org = title.organization
            if org:
                found = _leading_place(org)
                if found:
                    place = found
                elif place and org.endswith(_PARTY_DEPARTMENTS):
                    org = place + "委" + org
                elif place and out and out[-1].organization and org.endswith(("处", "科", "室")):
                    org = out[-1].organization + org
            else:
                core = title.role.removeprefix("常务").removeprefix("副").removeprefix("代")
                level = _GOVERNMENT_ROLES.get(core)
                if level and place:
                    org = place + "政府"
            if org and org == place:  # 虹口区常委: the place's party committee
                org = place + "委"
            out.append(Title(title.text, title.role, org, title.start, title.end))
        return tuple(out)


def _stops(tok: Token) -> bool:
    """True for a token that cannot be part of a title segment."""
    tag = tok.tag
    if tag == "PER":
        return all("\u4e00" <= ch <= "\u9fff" or ch in NAME_DOTS for ch in tok.text)  # a real name
    if tag in _STOP_TAGS:
        return True
    if tag == "v":
        return len(tok.text) > 1
    if tag == "m":
        return not (tok.text.startswith("第") or tok.text.endswith("级"))
    return False


def _leading_place(org: str) -> str | None:
    """The place an organization name starts with, judged by an administrative suffix
    followed by 委/政府/党委 (果洛州委 → 果洛州, 青海省委组织部 → 青海省)."""
    for suffix in _PLACE_LEVEL_SUFFIXES:
        at = org.find(suffix)
        while at >= 1:
            end = at + len(suffix)
            rest = org[end:]
            if not rest or rest.startswith(("委", "政府", "人民政府", "党委", "人大", "政协")):
                return org[:end]
            at = org.find(suffix, end)
    return None
