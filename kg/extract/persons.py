"""Person names with the titles written next to them.

Names come from the tagger (PER), and from a surname-initial word of two or three
characters written right after a title segment (福建省委书记 尤权、…) that the tagger
missed. A name directly after ``、`` that has no title of its own shares the titles of the
name before it (中共中央政治局常委李克强、张德江、俞正声).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.data import read_words
from kg.extract.lexicon import Lexicon
from kg.extract.tagger import Token
from kg.extract.titles import NAME_DOTS, TitleChainParser
from kg.models import PersonMention, Title

_AFTER_NAME_TAGS = frozenset({"w", "v", "p", "u", "c", "d", "vd", "f", "m"})
_PRONOUNS = frozenset({"他", "她"})
_NAME_LIKE_TAGS = frozenset({"n", "nr", "nz", "v", "vn", "a", "an", "x", "ns", "nw"})
# Words before a name that introduce a person as a subject or partner
_INTRODUCING = frozenset({"与", "同", "和", "及", "由", "对", "向", "请", "让", "给", "跟", "以及", "在", "、"})
_INTRODUCED_BY_NEXT = frozenset({"一行", "等", "同志"})
_PREDICATE_VERBS = frozenset({"任", "担任", "出任", "兼任", "现任"})
_ORDINALS = frozenset("一二三四五六七八九十")
_PAIR_ENDINGS = frozenset("中方欧")  # 尼中 (Nepal and China), 巴方 (the Pakistani side), 英欧


def _cjk(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" or ch in NAME_DOTS for ch in text)


class PersonRecognizer:
    def __init__(self, lexicon: Lexicon, titles: TitleChainParser) -> None:
        self._lex = lexicon
        self._titles = titles
        verbs = "|".join(sorted(read_words("name_verbs.txt"), key=len, reverse=True))
        self._glued_verb = re.compile(rf"^([\u4e00-\u9fff]{{2,3}}?)(?:{verbs})")
        long_titles = "|".join(sorted((t for t in lexicon.post_name_titles if len(t) >= 3), key=len, reverse=True))
        self._glued_title = re.compile(rf"^([\u4e00-\u9fff]{{2,3}}?)({long_titles})")
        self._place_nouns = read_words("place_nouns.txt")
        self._pair_words = frozenset(read_words("pair_words.txt"))

    def is_name(self, tokens: Sequence[Token], i: int) -> bool:
        tok = tokens[i]
        text = tok.text
        if not _cjk(text) or len(text) < 2:
            return False
        if all(ch in self._lex.abbreviations for ch in text):  # 沪青, 闽宁
            return False
        if self._lex.role_suffix(text) == text:
            return False
        if tok.tag == "PER":
            if len(text) == 4 and text[:2] not in self._lex.surnames:
                # four characters without a compound surname: a name only with a title
                return self._titles.segment_before(tokens, i) is not None
            return len(text) <= 12
        if tok.tag not in _NAME_LIKE_TAGS or len(text) > 3:
            return False
        if not self._lex.is_surname_start(text):
            return False
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt.tag not in _AFTER_NAME_TAGS:
            return False
        return self._titles.segment_before(tokens, i) is not None

    def find(self, tokens: Sequence[Token], last_person: str | None = None) -> list[PersonMention]:
        """Person mentions of one sentence. ``last_person`` is the last name of the
        sentences before, for a predicate about a pronoun (他被派到…任第一书记)."""
        mentions: list[PersonMention] = []
        chain_end: dict[int, tuple[Title, ...]] = {}
        for i in range(len(tokens)):
            if not self.is_name(tokens, i):
                continue
            chain = self._titles.before(tokens, i)
            titles = chain.titles
            if not titles and i >= 2 and tokens[i - 1].text == "、" and (i - 2) in chain_end:
                titles = chain_end[i - 2]  # a title shared by several names
            titles += self._titles.after(tokens, i)
            tok = tokens[i]
            mentions.append(PersonMention(tok.text, tok.start, tok.end, titles))
            chain_end[i] = titles
        mentions += self._glued(tokens, mentions)
        mentions += self._predicates(tokens, mentions, last_person)
        return mentions

    def introduced(self, tokens: Sequence[Token], mention: PersonMention) -> bool:
        """False when the words around a name without a title show that the tagger took a
        piece of another phrase for a name: an item of an enumeration (二是明恩), a parallel
        phrase (学纪知纪明纪), a pair of one-character place names or a side (尼中两国,
        闽宁扶贫协作, 巴方), or a place after a word for a kind of place (边境城市库库塔).
        Otherwise the tagger's name stands, in the middle of a clause as well (会见哈蒙德,
        农民张三): on general news it is right four times in five there."""
        if mention.titles:
            return True
        k = next((i for i, t in enumerate(tokens) if t.start == mention.start), None)
        if k is None:
            return True
        name = mention.name
        if tokens[k].tag != "PER":  # a name found by the rules alone is a subject or in a list
            if k + 1 < len(tokens) and tokens[k + 1].text in _INTRODUCED_BY_NEXT:
                return True
            return k == 0 or tokens[k - 1].tag in ("w", "TIME", "c", "p") or tokens[k - 1].text in _INTRODUCING
        if len(name) == 3 and name[0] == name[2]:
            return False
        nxt = tokens[k + 1].text if k + 1 < len(tokens) else ""
        if len(name) == 2 and (name[1] in _PAIR_ENDINGS or name[0] == "中" or nxt in self._pair_words):
            return False
        if k == 0:
            return True
        prev = tokens[k - 1]
        if prev.text == "是" and k >= 2 and tokens[k - 2].text[-1:] in _ORDINALS:
            return False
        return not prev.text.endswith(self._place_nouns)

    def _glued(self, tokens: Sequence[Token], mentions: list[PersonMention]) -> list[PersonMention]:
        """Names the tagger glued to a verb (尤权主持会议) or to a title inside a long word
        (习近平总书记系列重要讲话精神…)."""
        out: list[PersonMention] = []
        taken = {(m.start, m.end) for m in mentions}
        for k, tok in enumerate(tokens):
            if tok.tag in ("PER", "w", "LOC", "ORG", "TIME") or len(tok.text) < 4:
                continue
            m = self._glued_verb.match(tok.text) if k == 0 or tokens[k - 1].tag == "w" else None
            titles: tuple[Title, ...] = ()
            if m is None:
                m = self._glued_title.match(tok.text)
                if m is not None:
                    t_start = tok.start + m.end(1)
                    titles = (Title(m.group(2), m.group(2), None, t_start, t_start + len(m.group(2))),)
            if m is None or not self._lex.is_surname_start(m.group(1)):
                continue
            name = m.group(1)
            if (tok.start, tok.start + len(name)) not in taken:
                out.append(PersonMention(name, tok.start, tok.start + len(name), titles))
        return out

    def _predicates(
        self, tokens: Sequence[Token], mentions: list[PersonMention], last_person: str | None
    ) -> list[PersonMention]:
        """任/担任 + title later in the sentence, about the sentence's person or a pronoun."""
        out: list[PersonMention] = []
        for k, tok in enumerate(tokens):
            if tok.text not in _PREDICATE_VERBS or k == 0:
                continue
            if any(m.end == tokens[k - 1].end for m in mentions):
                continue  # right after the name: handled by TitleChainParser.after
            if k >= 2 and tokens[k - 1].text in ("，", ",") and any(m.end == tokens[k - 2].end for m in mentions):
                continue
            titles = self._titles.predicate(tokens, k + 1)
            if not titles:
                continue
            before = [m for m in mentions if m.end <= tok.start]
            if before:
                who = before[-1]
                out.append(PersonMention(who.name, who.start, who.end, titles))
                continue
            pronoun = next((t for t in tokens[:k] if t.text in _PRONOUNS), None)
            if pronoun is not None and last_person:
                out.append(PersonMention(last_person, pronoun.start, pronoun.end, titles))
        return out
