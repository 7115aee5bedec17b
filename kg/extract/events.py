"""Events, projects and partnerships read by formula from one sentence at a time.

Events: a trigger word from ``kg/data/event_triggers.tsv`` (…赴X调研, …一行来到X, X召开…会议,
主持/出席/参加/讲话, 签订…协议, 结对, 签约仪式). The people written right before a trigger get
its role (赵勇主持会议并讲话 → chaired, spoke); ``一行`` after a name makes its bearer the
leader of a visit. Places and the first date of the sentence go with the event.

Projects: a noun phrase ending with 项目 (2024年度上海援玛多县群众活动中心项目), with the
amount and place written in the same sentence.

Partnerships: 结对, 共建, 签约/签订…协议, 战略合作 between the organizations (or places)
of the sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.data import read_table, read_words
from kg.extract.amounts import AmountParser
from kg.extract.tagger import Token
from kg.models import (
    DateRange,
    EntityType,
    EventKind,
    EventMention,
    Mention,
    Participant,
    ParticipantRole,
    PartnershipMention,
    PersonMention,
    ProjectMention,
)

_PRIORITY = (EventKind.SIGNING, EventKind.MEETING, EventKind.TRAINING, EventKind.VISIT, EventKind.AID)
_PROJECT_TAGS = frozenset({"n", "nz", "vn", "ORG", "LOC", "ns", "nt", "m", "TIME", "a", "an", "PER"})
_PARTNERSHIP_WORDS = (("结对", "结对"), ("共建", "共建"), ("战略合作", "合作"), ("签约", "签约"), ("协议", "签约"))
_CLAUSE_END = "，。；！？,;"


@dataclass(frozen=True)
class SentenceFacts:
    """What the recognizers found in one sentence, for the formulas."""

    start: int
    text: str
    tokens: Sequence[Token]
    persons: Sequence[PersonMention]
    organizations: Sequence[Mention]
    places: Sequence[Mention]
    dates: Sequence[DateRange]


class EventRecognizer:
    def __init__(self) -> None:
        self._triggers = [
            (row[0], EventKind(row[1]), ParticipantRole(row[2])) for row in read_table("event_triggers.tsv")
        ]
        self._generic_projects = frozenset(read_words("generic_projects.txt"))
        self._amounts = AmountParser()

    # ------------------------------------------------------------------ events

    def events(self, facts: SentenceFacts) -> list[EventMention]:
        text = facts.text
        hits = [(text.find(word), word, kind, role) for word, kind, role in self._triggers if word in text]
        if not hits:
            return []
        kinds = {kind for _, _, kind, _ in hits}
        return [
            self._event(facts, kind, min((h for h in hits if h[2] is kind), key=lambda h: h[0]))
            for kind in _PRIORITY
            if kind in kinds
        ]

    def _event(
        self, facts: SentenceFacts, kind: EventKind, trigger: tuple[int, str, EventKind, ParticipantRole]
    ) -> EventMention:
        """One event of ``kind`` read from the sentence (a sentence may hold a visit and a meeting)."""
        text = facts.text
        participants: list[Participant] = []
        for person in facts.persons:
            role = self._role_after(text, person.end - facts.start, kind)
            participant = Participant(person.name, EntityType.PERSON, role)
            if participant not in participants:
                participants.append(participant)
        for org in facts.organizations:
            after = text[org.end - facts.start : org.end - facts.start + 4]
            name = org.canonical or org.text
            if after.startswith(("召开", "举办", "组织", "主办")):
                participants.append(Participant(name, EntityType.ORGANIZATION, ParticipantRole.ORGANIZED))
            elif kind is EventKind.SIGNING and org.end - facts.start < trigger[0]:
                participants.append(Participant(name, EntityType.ORGANIZATION, ParticipantRole.SIGNED))
        places = tuple(dict.fromkeys(p.canonical or p.text for p in facts.places))
        return EventMention(
            kind=kind,
            trigger=trigger[1],
            start=facts.start,
            end=facts.start + len(text),
            date=facts.dates[0] if facts.dates else None,
            places=places,
            participants=tuple(participants),
            label=_clause(text, trigger[0]),
        )

    def _role_after(self, text: str, at: int, kind: EventKind) -> ParticipantRole:
        """The role given by the first trigger written after a person's name (and titles)."""
        window = text[at : at + 40]
        stop = min((window.find(ch) for ch in "。；" if ch in window), default=len(window))
        window = window[:stop]
        if window.startswith("一行"):
            return ParticipantRole.LED
        best: tuple[int, ParticipantRole] | None = None
        for word, _, role in self._triggers:
            k = window.find(word)
            if k >= 0 and (best is None or k < best[0]):
                best = (k, role)
        if best is not None:
            return best[1]
        return ParticipantRole.VISITED if kind is EventKind.VISIT else ParticipantRole.ATTENDED

    # ------------------------------------------------------------------ projects

    def projects(self, facts: SentenceFacts) -> list[ProjectMention]:
        out: list[ProjectMention] = []
        tokens = facts.tokens
        amounts = self._amounts.find(facts.text)
        for k, tok in enumerate(tokens):
            if not tok.text.endswith("项目"):
                continue
            i = k
            while i > 0 and (tokens[i - 1].tag in _PROJECT_TAGS or tokens[i - 1].text == "援"):
                i -= 1
            name = "".join(t.text for t in tokens[i : k + 1])
            core = name.removesuffix("项目")
            generic = core in self._generic_projects or (len(core) < 6 and core.endswith(tuple(self._generic_projects)))
            if len(core) < 3 or generic:
                continue
            place = next((p.canonical or p.text for p in facts.places if tokens[i].start <= p.start < tok.end), None)
            funder = None
            if "援" in core:
                head = core.split("援", 1)[0]
                funder = next((p.canonical or p.text for p in facts.places if p.text and head.endswith(p.text)), None)
            out.append(
                ProjectMention(
                    name=name,
                    start=tokens[i].start,
                    end=tok.end,
                    amount=amounts[0] if amounts else None,
                    place=place,
                    funder=funder,
                )
            )
        return out

    # ------------------------------------------------------------------ partnerships

    def partnerships(self, facts: SentenceFacts) -> list[PartnershipMention]:
        for word, kind in _PARTNERSHIP_WORDS:
            if word not in facts.text:
                continue
            partners = tuple(dict.fromkeys(o.canonical or o.text for o in facts.organizations))
            if len(partners) < 2:
                partners = tuple(dict.fromkeys([*partners, *(p.canonical or p.text for p in facts.places)]))
            if len(partners) >= 2:
                return [PartnershipMention(kind, partners, facts.start, facts.start + len(facts.text))]
        return []


def _clause(text: str, at: int) -> str:
    start = max((text.rfind(ch, 0, at) for ch in _CLAUSE_END), default=-1) + 1
    ends = [e for e in (text.find(ch, at) for ch in _CLAUSE_END) if e >= 0]
    end = min(ends) if ends else len(text)
    return text[start:end][:60]
