"""What the recognizers found in one sentence, handed to the event, project and
partnership formulas."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.dates import DateMention
from kg.extract.tagger import Token
from kg.models import Mention, PersonMention


@dataclass(frozen=True)
class SentenceFacts:
    """One sentence with its tokens and the mentions found in it (document offsets)."""

    start: int
    text: str
    tokens: Sequence[Token]
    persons: Sequence[PersonMention]
    organizations: Sequence[Mention]
    places: Sequence[Mention]
    dates: Sequence[DateMention]

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def local(self, offset: int) -> int:
        """A document offset as an offset into :attr:`text`."""
        return offset - self.start


@dataclass(frozen=True)
class Party:
    """An organization or place written as one unit (上海市浦东新区 is one party although
    it is two place mentions); ``name`` is what the resolver knows it by."""

    name: str
    start: int
    end: int
    is_place: bool


def parties(facts: SentenceFacts) -> list[Party]:
    """Organizations and places of the sentence that are not inside a longer one, with
    runs of adjacent places (上海市浦东新区, 玛沁县大武镇) joined into one party named by its
    most specific place."""
    spans: list[tuple[int, int, str, bool]] = [
        (o.start, o.end, o.canonical or o.text, False) for o in facts.organizations
    ]
    spans += [(p.start, p.end, p.canonical or p.text, True) for p in facts.places]
    spans.sort(key=lambda s: (s[0], -s[1]))
    outer: list[tuple[int, int, str, bool]] = []
    for span in spans:
        if outer and span[0] >= outer[-1][0] and span[1] <= outer[-1][1]:
            continue
        if outer and span[0] < outer[-1][1]:
            continue  # overlapping without nesting: keep the first
        outer.append(span)
    out: list[Party] = []
    for start, end, name, is_place in outer:
        if out and is_place and out[-1].is_place and out[-1].end == start:
            out[-1] = Party(name, out[-1].start, end, True)
            continue
        out.append(Party(name, start, end, is_place))
    return out
