"""Partnerships between organizations or places, read from 甲与乙… formulas:
甲与乙签订…协议, 甲与乙开展结对共建, 甲与乙达成战略合作, 甲和乙举行签约仪式.

Only the sides joined by 与/和/同 are partners (甲、乙与丙 gives three), not every
organization of the sentence; a side is an organization or a run of places written as
one (上海市浦东新区 → 浦东新区).
"""

from __future__ import annotations

from kg.data import read_table
from kg.extract.facts import Party, SentenceFacts, parties
from kg.models import PartnershipMention

_CONNECTORS = ("与", "和", "同")
_LIST_JOINERS = ("、", "和", "及")
_CLAUSE_END = "，。；！？,;"


class PartnershipRecognizer:
    def __init__(self) -> None:
        self._words = [(row[0], row[1]) for row in read_table("partnership_formulas.tsv")]

    def sides(self, facts: SentenceFacts) -> list[Party]:
        """The sides of the first 甲与乙… formula of the sentence (empty when there is none)."""
        found = self._find(facts)
        return found[0] if found else []

    def partnerships(self, facts: SentenceFacts) -> list[PartnershipMention]:
        found = self._find(facts)
        if not found:
            return []
        sides, kind = found
        names = tuple(dict.fromkeys(s.name for s in sides))
        if len(names) < 2:
            return []
        return [PartnershipMention(kind, names, facts.start, facts.end)]

    def _find(self, facts: SentenceFacts) -> tuple[list[Party], str] | None:
        text = facts.text
        units = parties(facts)
        for k, left in enumerate(units):
            at = facts.local(left.end)
            if text[at : at + 1] not in _CONNECTORS or k + 1 >= len(units):
                continue
            right = units[k + 1]
            if facts.local(right.start) != at + 1:
                continue
            before = [left]
            for prev in reversed(units[:k]):
                gap = text[facts.local(prev.end) : facts.local(before[0].start)]
                if gap not in _LIST_JOINERS:
                    break
                before.insert(0, prev)
            after = [right]
            for nxt in units[k + 2 :]:
                gap = text[facts.local(after[-1].end) : facts.local(nxt.start)]
                if gap not in _LIST_JOINERS:
                    break
                after.append(nxt)
            rest = text[facts.local(after[-1].end) :]
            clause = rest[: min((i for i, ch in enumerate(rest) if ch in _CLAUSE_END), default=len(rest))]
            kind = next((kind for word, kind in self._words if word in clause), None)
            if kind is not None:
                return [*before, *after], kind
        return None
