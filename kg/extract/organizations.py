"""Organization names: the tagger's ORG spans, repaired and extended; organizations
written inside titles; 省/市/州 + department (省发改委); items of an enumeration that share
an ending with organizations next to them (光大期货、兴业期货); and the expansion of
abbreviated names from context (省委组织部 in a Qinghai article → 青海省委组织部).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from kg.data import read_words
from kg.extract.gazetteer import PlaceGazetteer, PlaceLevel
from kg.extract.lexicon import Lexicon
from kg.extract.tagger import Token
from kg.models import EntityType, Mention, Title

_EXTEND_TAGS = frozenset({"n", "nz", "vn", "ORG", "nt", "an", "v", "ad"})
_RUN_TAGS = frozenset({"n", "nz", "vn", "ORG", "nt", "LOC", "ns", "an", "m", "v", "ad"})
_LOOSE_TAGS = frozenset({"v", "ad"})  # allowed inside a name only when a suffix word ends it
_LEVEL_PREFIXES = frozenset({"省", "市", "州", "县", "区"})
_LEVEL_BODY = re.compile(r"^[省市州县区](委|政府|人大|政协|人大常委会)$")
_BOUNDARY_TAGS = frozenset({"w", "p", "c", "u", "v", "d", "r", "TIME", "f", "ad", "vd"})
_BUSINESS_ROLES = frozenset({"创始人", "董事长", "总经理", "总裁", "经理", "董事", "合伙人", "社长"})
_GENERIC_ORGS = frozenset(
    {"政府", "党委", "部门", "有关部门", "各部门", "单位", "各单位", "国家", "中央", "地方", "省委", "市委"}
)
_GENERIC_PARTS = ("两省", "两地", "各级", "有关部门", "省直有关")
_ENUM_SEPARATORS = frozenset({"、"})
_MAX_ENUM_ITEM = 10
_LEVEL_ORDER = list(PlaceLevel)
_REGNAL = re.compile(r"[一二三四五六七八九十]世")


class OrganizationRecognizer:
    """Finds organization mentions in one sentence's tokens."""

    def __init__(self, lexicon: Lexicon, gazetteer: PlaceGazetteer | None = None) -> None:
        self._lex = lexicon
        self._gaz = gazetteer
        self._rejects = tuple(read_words("org_rejects.txt"))
        self._subject_verbs = frozenset(read_words("subject_verbs.txt"))
        self._own_name = tuple(read_words("org_own_name_suffixes.txt"))
        verbs = "|".join(sorted(read_words("subject_verbs.txt"), key=len, reverse=True))
        self._glued_verb = re.compile(rf"^(.{{2,}}?)({verbs})(.{{2,}})$")
        self._sides = frozenset((*read_words("country_abbreviations.txt"), *lexicon.abbreviations))
        self._pair_words = read_words("pair_words.txt")

    def valid(self, text: str) -> bool:
        if len(text) < 2 or text in _GENERIC_ORGS or text.endswith(self._rejects):
            return False
        if any(part in text for part in _GENERIC_PARTS):
            return False
        if text.startswith("援") and not self._lex.org_suffix(text):
            return False
        return not (text[-1] == "党" and not text.endswith("共产党"))

    def from_title(self, title: Title) -> str | None:
        """The organization written inside a title (青海省委组织部常务副部长 → 青海省委组织部)."""
        parts = self._lex.split_title(title.text)
        if parts is None or not parts.organization:
            return None
        org = parts.organization
        if "第" in org and "批" in org:
            return None
        if self._lex.org_suffix(org) or parts.role in _BUSINESS_ROLES:
            return self.trim(org) if self.valid(org) else None
        return None

    # ------------------------------------------------------------------ sentence

    def find(self, tokens: Sequence[Token], covered: Sequence[tuple[int, int]]) -> list[Mention]:
        """Organization mentions outside the character ranges ``covered`` (title segments,
        whose organizations come from :meth:`from_title`)."""
        tokens = self._unglue(tokens)
        found: list[Mention] = []
        n = len(tokens)

        def inside(tok: Token) -> bool:
            return any(s <= tok.start and tok.end <= e for s, e in covered)

        i = 0
        while i < n:
            tok = tokens[i]
            if inside(tok):
                i += 1
                continue
            end = None
            if tok.tag == "ORG" or _LEVEL_BODY.match(tok.text):
                end = self._extend(tokens, i, i + 1)
                if not self._lex.org_suffix("".join(t.text for t in tokens[i:end])):
                    end = i + 1 if tok.tag == "ORG" and self._bare_name(tok.text) else None
            elif tok.text in _LEVEL_PREFIXES and (i == 0 or tokens[i - 1].tag in _BOUNDARY_TAGS):
                end = self._run(tokens, i + 1, strong_only=False)
            elif tok.tag in ("LOC", "ns") and len(tok.text) >= 2:
                end = self._run(tokens, i, strong_only=True)
            elif tok.tag in ("n", "nz") and (title_org := self._nameless_title(tok.text)):
                found.append(Mention(EntityType.ORGANIZATION, title_org, tok.start, tok.start + len(title_org)))
                i += 1
                continue
            if end is not None and end > i:
                text = "".join(t.text for t in tokens[i:end])
                followed = tokens[end].text if end < n else ""
                if self.valid(text) and not followed.startswith(("项目", "教")):
                    text = self.trim(text)
                    start = tokens[end - 1].end - len(text)
                    found.append(Mention(EntityType.ORGANIZATION, text, start, tokens[end - 1].end))
                    i = end
                    continue
            i += 1
        found += self._enumerations(tokens, found)
        return sorted(found, key=lambda m: m.start)

    def _bare_name(self, text: str) -> bool:
        """True for the tagger's organization written without a suffix (新华社, 欧盟, 中国队):
        a word of Chinese characters, not the sides of a pair (中美, 欧方, 中哈合作), a ruler
        with a regnal number (十四世达赖喇嘛) or the centre's work on a place (中央新疆)."""
        if len(text) < 2 or not all("\u4e00" <= ch <= "\u9fff" for ch in text):
            return False
        sides = text[:-1] if text.endswith("方") else text
        if len(sides) <= 3 and all(ch in self._sides for ch in sides):
            return False
        if text.endswith(self._pair_words) or _REGNAL.search(text):
            return False
        return not (text.startswith("中央") and self._gaz is not None and any(text[2:k] in self._gaz for k in (4, 5)))

    def _nameless_title(self, word: str) -> str | None:
        """河北省委书记 written without a name still names 河北省委."""
        parts = self._lex.split_title(word)
        if parts is None or len(parts.organization) < 3 or not self._lex.org_suffix(parts.organization):
            return None
        return parts.organization if self.valid(parts.organization) else None

    def _unglue(self, tokens: Sequence[Token]) -> list[Token]:
        """Split an ORG token with a verb glued after the organization's suffix."""
        out: list[Token] = []
        for tok in _split_at_punctuation(tokens):
            m = self._glued_verb.match(tok.text) if tok.tag == "ORG" else None
            if m and self._lex.org_suffix(m.group(1)) and len(m.group(1)) >= 3:
                a, b = tok.start + len(m.group(1)), tok.start + len(m.group(1)) + len(m.group(2))
                out += [
                    Token(m.group(1), "ORG", tok.start, a),
                    Token(m.group(2), "v", a, b),
                    Token(m.group(3), "nz", b, tok.end),
                ]
            else:
                out.append(tok)
        return out

    def _extend(self, tokens: Sequence[Token], start: int, end: int) -> int:
        """Extend an ORG token over following words when they end with an organization
        suffix (中央组织部 办公厅 → 中央组织部办公厅); never over a title word, a verb that
        starts a clause (邀请, 协调 …), or a name after a verb."""
        best = end
        j = end
        seen_verb = False
        while j < len(tokens) and j < end + 4 and tokens[j].tag in _EXTEND_TAGS:
            if not self._may_continue(tokens[j], seen_verb):
                break
            seen_verb = seen_verb or tokens[j].tag in _LOOSE_TAGS
            j += 1
            text = "".join(t.text for t in tokens[start:j])
            if self._suffix_word(tokens[j - 1]) and not self._lex.split_title(text) and self.valid(text):
                best = j
        return best

    def _may_continue(self, tok: Token, seen_verb: bool) -> bool:
        word = tok.text
        if self._lex.role_suffix(word) and not self._lex.org_suffix(word):
            return False
        if word in self._subject_verbs or word == "党组":
            return False
        if tok.tag in _LOOSE_TAGS and len(word) == 1 and self._lex.org_suffix(word) != word:
            return False  # 赴, 要 …
        return not (seen_verb and tok.tag in ("ORG", "LOC", "ns", "nt", "PER"))

    def _suffix_word(self, tok: Token) -> bool:
        """True when the token ends an organization name: a word ending with a suffix,
        or a one-character suffix the tagger took for a verb (合作交流 办)."""
        suffix = self._lex.org_suffix(tok.text)
        if suffix is None:
            return False
        return tok.tag not in _LOOSE_TAGS or tok.text == suffix

    def _run(self, tokens: Sequence[Token], start: int, *, strong_only: bool) -> int | None:
        """End of a run of words from ``start`` that ends with an organization suffix."""
        best = None
        j = start
        seen_verb = False
        while j < len(tokens) and j < start + 5 and tokens[j].tag in _RUN_TAGS:
            if j > start and not self._may_continue(tokens[j], seen_verb):
                break
            seen_verb = seen_verb or tokens[j].tag in _LOOSE_TAGS
            word = tokens[j].text
            j += 1
            suffix = self._lex.org_suffix(word)
            if (
                suffix
                and self._suffix_word(tokens[j - 1])
                and not (strong_only and len(suffix) == 1 and tokens[j - 1].tag not in ("ORG", "LOC"))
            ):
                text = "".join(t.text for t in tokens[start:j])
                if self.valid(text):
                    best = j
        return best

    def _enumerations(self, tokens: Sequence[Token], found: list[Mention]) -> list[Mention]:
        """Items of A、B、C whose ending is shared with organizations of the same list
        (光大期货、兴业期货), and bare department names after an organization
        (青海省委组织部、宣传部)."""
        items: list[list[Token]] = [[]]
        for tok in tokens:
            if tok.text in _ENUM_SEPARATORS:
                items.append([])
            elif tok.tag == "w" or tok.tag in ("p", "c", "u") or (tok.tag == "v" and len(tok.text) > 1):
                items.append([])
                items.append([])
            else:
                items[-1].append(tok)
        found_spans = {(m.start, m.end) for m in found}
        out: list[Mention] = []
        for k, item in enumerate(items):
            if not item:
                continue
            start, end = item[0].start, item[-1].end
            text = "".join(t.text for t in item)
            if (start, end) in found_spans or len(text) > _MAX_ENUM_ITEM or len(text) < 3:
                continue
            neighbours = [items[k - 1] if k > 0 else [], items[k + 1] if k + 1 < len(items) else []]
            for other in neighbours:
                if not other:
                    continue
                other_span = (other[0].start, other[-1].end)
                other_text = "".join(t.text for t in other)
                if other_span not in found_spans:
                    continue
                shared = _shared_ending(text, other_text)
                if (
                    shared
                    and self._lex.org_suffix(text)
                    and self.valid(text)
                    and (len(shared) >= 2 or self._lex.org_suffix(shared) == shared)
                ):
                    out.append(Mention(EntityType.ORGANIZATION, text, start, end))
                    found_spans.add((start, end))
                    break
        return out

    def trim(self, text: str) -> str:
        """Drop leading places that are not the organization's own: 果洛州上海援青保障基地 →
        上海援青保障基地 (上海 is above 果洛州, so a new name starts there)."""
        if self._gaz is None:
            return text
        if text.endswith(self._own_name):
            for length in range(min(self._gaz.longest_form, len(text) - 2), 1, -1):
                if text[:length] in self._gaz:
                    return text[length:]
        i = 0
        previous = None
        while i < len(text):
            hit = None
            for length in range(min(self._gaz.longest_form, len(text) - i), 1, -1):
                if text[i : i + length] in self._gaz:
                    hit = text[i : i + length]
                    break
            if hit is None:
                break
            place = self._gaz.best(hit)
            if place is None:
                break
            if (
                previous is not None
                and previous.level is not PlaceLevel.REGION  # a region (欧洲) has no rank: 欧洲复兴开发银行
                and _LEVEL_ORDER.index(place.level) < _LEVEL_ORDER.index(previous.level)
            ):
                rest = text[i:]
                return rest if self._lex.org_suffix(rest) else text
            previous = place
            i += len(hit)
        return text


_INNER_PUNCTUATION = re.compile(r"[；;、，,]")


def _split_at_punctuation(tokens: Sequence[Token]) -> list[Token]:
    """上海市援滇干部联络组；市政府驻西宁办事处 (one ORG token) → two names."""
    out: list[Token] = []
    for tok in tokens:
        if tok.tag != "ORG" or not _INNER_PUNCTUATION.search(tok.text):
            out.append(tok)
            continue
        pos = 0
        for m in _INNER_PUNCTUATION.finditer(tok.text):
            if m.start() > pos:
                out.append(Token(tok.text[pos : m.start()], "ORG", tok.start + pos, tok.start + m.start()))
            out.append(Token(m.group(0), "w", tok.start + m.start(), tok.start + m.end()))
            pos = m.end()
        if pos < len(tok.text):
            out.append(Token(tok.text[pos:], "ORG", tok.start + pos, tok.end))
    return out


def _shared_ending(a: str, b: str) -> str | None:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[-n:] if n >= 1 else None


class AbbreviationExpander:
    """Gives abbreviated names their full form in ``Mention.canonical``.

    An organization written 省X/市X/州X/县X/区X is expanded with a place of that level
    named in the document: first a written full form that ends with the same words
    (省教育厅 → 青海省教育厅), else the most mentioned place of that level (省发改委 →
    青海省发改委 when 青海省 is the document's province).
    """

    def expand(self, orgs: Sequence[Mention], level_places: dict[str, Counter[str]]) -> list[Mention]:
        written = [m.text for m in orgs]
        out: list[Mention] = []
        for m in orgs:
            canonical = self.full_form(m.text, written, level_places)
            out.append(Mention(m.type, m.text, m.start, m.end, canonical))
        return out

    @staticmethod
    def full_form(text: str, written: Iterable[str], level_places: dict[str, Counter[str]]) -> str | None:
        prefix = text[:1]
        if prefix not in _LEVEL_PREFIXES or len(text) < 3:
            return None
        longer = [w for w in written if w != text and w.endswith(text) and len(w) > len(text)]
        if longer:
            return min(longer, key=len)
        counts = level_places.get(prefix)
        if counts:
            place = counts.most_common(1)[0][0]
            return place + text[1:]
        return None
