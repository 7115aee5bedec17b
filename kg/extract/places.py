"""Place names, linked to the gazetteer.

- Full official names (玛沁县, 果洛藏族自治州, 东嘎镇), province short forms (青海, 新疆) and
  named regions (三江源) are found by scanning the text, kept when they start and end on
  word boundaries (or inside a tagged place or organization name).
- Short forms of prefectures and counties (果洛, 玛沁, 西宁) are taken from words the tagger
  marked as places, or from the start of organization names (果洛州委), and kept only when
  the document also names a place above or below them (so 长治 in 长治久安 is not a place).
- One-character province abbreviations only after 在/来/赴… (在沪, 来青).
- Villages, communities and landforms the tables do not hold (庙坪村, 风情湾) come from
  tagged place words ending with a place suffix.

``Mention.canonical`` is the official name (果洛藏族自治州), or the region's main name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.data import read_words
from kg.extract.gazetteer import Place, PlaceGazetteer, PlaceLevel
from kg.extract.lexicon import Lexicon
from kg.extract.repair import PLACE_VERBS
from kg.extract.tagger import Token
from kg.models import EntityType, Mention

_NAME_TAGS = frozenset({"LOC", "ORG", "ns", "nt", "nz"})
_SHORT_TAGS = frozenset({"LOC", "ns"})
_ABBREVIATION_VERBS = PLACE_VERBS - {"援", "驻"}
# levels whose short forms are names on their own (青海, 三江源), without support
_ALWAYS_NAMED = (PlaceLevel.PROVINCE, PlaceLevel.REGION, PlaceLevel.COUNTRY)
_TWO_DIRECTIONS = frozenset({"南北", "东西"})
_TOWNSHIP = re.compile(r"[\u4e00-\u9fff]{2,4}?[乡镇](?!政府|党委|长)")


@dataclass(frozen=True)
class PlaceCandidate:
    mention: Mention
    place: Place | None  # None for a village or landform not in the tables
    needs_support: bool  # a short form of a prefecture or county


def _parallel(text: str) -> bool:
    """规知规, 学纪知纪: two halves around a repeated character."""
    return (len(text) == 3 and text[0] == text[2]) or (len(text) == 4 and text[1] == text[3])


class PlaceRecognizer:
    def __init__(self, gazetteer: PlaceGazetteer, lexicon: Lexicon) -> None:
        self._gaz = gazetteer
        self._lex = lexicon
        self._scan_first: dict[str, int] = {}
        self._locatives = frozenset(read_words("locative_verbs.txt"))
        self._scan_forms = frozenset(self._scannable_forms())
        for form in self._scan_forms:
            key = form[:2]
            self._scan_first[key] = max(self._scan_first.get(key, 0), len(form))

    def _scannable_forms(self) -> Iterable[str]:
        for form in self._gaz.forms():
            if len(form) < 2:
                continue
            places = self._gaz.lookup(form)
            official = self._gaz.is_official(form) and len(form) >= 3
            if official or any(p.level in _ALWAYS_NAMED for p in places):
                yield form

    def _scannable(self, form: str) -> bool:
        return form in self._scan_forms

    # ------------------------------------------------------------------ sentence level

    def candidates(self, tokens: Sequence[Token], org_texts: Sequence[Mention]) -> list[PlaceCandidate]:
        """Place candidates in one sentence; ``org_texts`` are organization mentions (and
        organizations inside titles) of the sentence, scanned for leading places."""
        out: list[PlaceCandidate] = []
        out += self._scan(tokens)
        out += self._short_forms(tokens)
        for org in org_texts:
            out += self.leading_places(org.text, org.start)
        return out

    def _scan(self, tokens: Sequence[Token]) -> list[PlaceCandidate]:
        if not tokens:
            return []
        base = tokens[0].start
        text = "".join(t.text for t in tokens)
        starts = {t.start - base for t in tokens}
        ends = {t.end - base for t in tokens}
        inside_name = [False] * (len(text) + 1)
        person = [False] * (len(text) + 1)
        for t in tokens:
            if t.tag in _NAME_TAGS:
                for k in range(t.start - base, t.end - base + 1):
                    inside_name[k] = True
            if t.tag in ("PER", "nr"):
                for k in range(t.start - base, t.end - base):
                    person[k] = True
        out: list[PlaceCandidate] = []
        i = 0
        n = len(text)
        while i < n - 1:
            longest = self._scan_first.get(text[i : i + 2])
            if longest is None:
                i += 1
                continue
            hit = None
            for length in range(min(longest, n - i), 1, -1):
                form = text[i : i + length]
                if self._scannable(form):
                    hit = form
                    break
            if hit is None:
                i += 1
                continue
            j = i + len(hit)
            ok_start = i in starts or inside_name[i]
            ok_end = j in ends or inside_name[j]
            if ok_start and ok_end and not person[i]:
                place = self._gaz.best(hit)
                out.append(self._candidate(hit, base + i, place, needs_support=False))
                i = j
                continue
            i += 1
        return out

    def _short_forms(self, tokens: Sequence[Token]) -> list[PlaceCandidate]:
        out: list[PlaceCandidate] = []
        for k, tok in enumerate(tokens):
            text = tok.text
            if len(text) == 1:
                if (
                    text in self._lex.abbreviations
                    and k > 0
                    and tokens[k - 1].text in _ABBREVIATION_VERBS
                    and (k + 1 >= len(tokens) or tokens[k + 1].text[:1] not in self._lex.abbreviations)
                ):
                    place = self._gaz.best(self._lex.abbreviations[text])
                    if place is not None:
                        out.append(self._candidate(text, tok.start, place, needs_support=False))
                continue
            if tok.tag not in _SHORT_TAGS:
                continue
            if text in self._gaz and not self._scannable(text):
                placed = tok.tag == "LOC" and self._placed(tokens, k)
                out.append(self._candidate(text, tok.start, self._gaz.best(text), needs_support=not placed))
            elif text not in self._gaz:
                parts = self._decompose(text, tok.start, loc=True)
                before_place = k + 1 < len(tokens) and tokens[k + 1].tag in _SHORT_TAGS
                if not parts and tok.tag == "LOC" and self._whole_name(text) and not (before_place and len(text) == 2):
                    # a word before a place is its epithet (大美 青海)
                    parts = [self._candidate(text, tok.start, None, needs_support=False)]
                out += parts
        return out

    def _placed(self, tokens: Sequence[Token], k: int) -> bool:
        """True when the words around a tagged short form say it is a place: a locative
        verb before it (在沈阳, 抵达玛沁), or a tagged place next to it in a list (沈阳、长春)."""
        if tokens[k].text.endswith("方"):  # 中方 is the Chinese side before it is 中方县
            return False
        prev = tokens[k - 1].text if k > 0 else ""
        if prev in self._locatives or prev in PLACE_VERBS:
            return True
        listed = [tokens[k - 2]] if prev == "、" and k >= 2 else []
        if k + 2 < len(tokens) and tokens[k + 1].text == "、":
            listed.append(tokens[k + 2])
        return any(t.tag == "LOC" for t in listed)

    def _whole_name(self, text: str) -> bool:
        """True when a tagged place word the tables do not know is a place as written
        (朝鲜半岛, 人民大会堂, 巴黎); not a pair of one-character names (中美, 沪青, 巴方) or
        of two halves (南北疆), the centre's work on a place (中央新疆), a phrase of two
        parallel halves (学纪知纪) or an organization (大昭寺, 示范园). The regions the tables
        hold that start with 中 (中东, 中亚) are found by scanning."""
        if len(text) < 2 or not all("\u4e00" <= ch <= "\u9fff" or ch == "·" for ch in text):
            return False
        if text[0] == "中" or (text[-1] == "方" and len(text) == 2) or text[:2] in _TWO_DIRECTIONS:
            return False
        if all(ch in self._lex.abbreviations for ch in text) or _parallel(text):
            return False
        return self._lex.org_suffix(text) is None

    def leading_places(self, name: str, start: int) -> list[PlaceCandidate]:
        """Places an organization name starts with: 果洛州甘德县援青医疗团队 → 果洛州, 甘德县;
        果洛州大武民族中学 → 果洛州, 大武 (a township of 果洛州 written without 镇); and the
        place after 驻 (上海市驻西宁办事处 → 西宁)."""
        out = self._decompose(name, start, loc=False)
        at = name.find("驻")
        if at > 0:
            out += self._decompose(name[at + 1 :], start + at + 1, loc=False)
        return out

    def _decompose(self, text: str, start: int, *, loc: bool) -> list[PlaceCandidate]:
        out: list[PlaceCandidate] = []
        i = 0
        previous: Place | None = None
        while i < len(text):
            hit = None
            for length in range(min(self._gaz.longest_form, len(text) - i), 1, -1):
                form = text[i : i + length]
                if form in self._gaz:
                    hit = form
                    break
            if hit is None and previous is not None:
                township = self._township_short_form(text[i:], previous)
                if township is not None:
                    out.append(self._candidate(township[0], start + i, township[1], needs_support=False))
                    i += len(township[0])
                    previous = township[1]
                    continue
            if hit is None and (loc or (previous is not None and previous.level is PlaceLevel.COUNTY)):
                m = _TOWNSHIP.match(text, i)
                if m and m.end() < len(text):  # 普恰克其乡幼儿园: a township not in the tables
                    out.append(self._candidate(m.group(0), start + i, None, needs_support=False))
                    i = m.end()
                    previous = None
                    continue
            if hit is None:
                break
            place = self._gaz.best(hit)
            needs = not self._scannable(hit)
            out.append(self._candidate(hit, start + i, place, needs_support=needs))
            previous = place
            i += len(hit)
        rest = text[i:]
        if loc and len(rest) >= 3 and self._lex.place_suffix(rest) and rest.isalpha():
            out.append(self._candidate(rest, start + i, None, needs_support=False))
        return out

    def _township_short_form(self, rest: str, parent: Place) -> tuple[str, Place] | None:
        """大武 (大武镇) after 果洛州; 普恰克其乡 for a 普恰克其镇 of 墨玉县 (renamed)."""
        for length in (2, 3, 4):
            form = rest[:length]
            if len(form) < length:
                break
            for suffix in ("镇", "乡"):
                for place in self._gaz.lookup(form + suffix):
                    if place.level is PlaceLevel.TOWNSHIP and any(
                        a.key == parent.key for a in self._gaz.ancestors(place)
                    ):
                        written = rest[: length + 1] if rest[length : length + 1] in ("镇", "乡") else form
                        return written, place
        return None

    def _candidate(self, text: str, start: int, place: Place | None, *, needs_support: bool) -> PlaceCandidate:
        canonical = place.name if place is not None else text
        mention = Mention(EntityType.PLACE, text, start, start + len(text), canonical)
        return PlaceCandidate(mention, place, needs_support)

    # ------------------------------------------------------------------ document level

    def resolve(self, candidates: Sequence[PlaceCandidate]) -> list[Mention]:
        """Keep short forms supported by another place of the document, and re-pick among
        homonyms the place that fits the document's other places."""
        context = {c.place.key for c in candidates if c.place is not None and not c.needs_support}
        # two short forms, one inside the other (果洛州 … 玛沁), support each other
        by_text = {c.mention.text: {p.key for p in self._gaz.lookup(c.mention.text)} for c in candidates}
        everything = context.union(*by_text.values())
        out: list[Mention] = []
        for c in candidates:
            place = c.place
            if place is not None:
                better = self._gaz.best(c.mention.text, context or everything)
                if better is not None:
                    place = better
                if c.needs_support and not (
                    place.level in _ALWAYS_NAMED
                    or self._gaz.supported(place, context | (everything - by_text[c.mention.text]))
                ):
                    continue
                m = c.mention
                out.append(Mention(m.type, m.text, m.start, m.end, place.name))
            else:
                out.append(c.mention)
        return out
