"""Events read by formula, one per real event.

A sentence reports an event when it holds a formula word of ``kg/data/event_formulas.tsv``
(…赴X调研, …一行来到X, X召开…会议, 签订…协议, 与…开展结对, …举行签约仪式, 义诊, 捐赠)
outside the names written in it. Within one article (or one dated item), a later sentence
goes on with the current event instead of opening a new one when it has the same kind and
no other date, and says so (会上, 期间, 一行, 考察团 …), shares a participant or a place, or
follows the headline; sentences without a formula (…陪同考察, 林海峰强调…) add the roles of
the event's people. So a headline, its dated first sentence and the sentences about the
same visit give one event.

- date: the first date written as the event's date (3月11日至13日，…; 近日，…; a year
  inside a name such as 2024年度结对帮扶协议 is not one), normalised against the document date;
- places: the places written after 赴/来到/在/前往 … (来到玛沁县大武镇、甘德县柯曲镇 gives
  four; 在果洛州人民医院 gives 果洛州);
- participants: persons and organizations with their role (:mod:`kg.extract.roles`);
  the two sides of 甲与乙签订… sign.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.data import read_table, read_words
from kg.extract.dates import DateMention
from kg.extract.facts import Party, SentenceFacts, parties
from kg.extract.partnerships import PartnershipRecognizer
from kg.extract.roles import RoleReader, mask
from kg.models import (
    DateRange,
    EntityType,
    EventKind,
    EventMention,
    Participant,
    ParticipantRole,
)

_CLAUSE_END = "，。；！？,;"
_LIST_JOINERS = ("、", "和", "及", "以及")
_HOLDING_VERBS = ("召开", "举行", "举办")
_MOTION_WORDS = frozenset({"赴", "前往"})
_RECIPIENT_MARKS = ("向", "为", "给")
_THIS_EVENT = ("这次", "此次", "本次")
_DEFAULT_ROLE = {EventKind.VISIT: ParticipantRole.VISITED, EventKind.SIGNING: ParticipantRole.SIGNED}
_ORG_ROLES = {ParticipantRole.LED: ParticipantRole.VISITED, ParticipantRole.SPOKE: ParticipantRole.ATTENDED}


@dataclass(frozen=True)
class _Formula:
    word: str
    kind: EventKind
    strong: bool
    at: int  # offset into the sentence
    opens: bool = True  # False for words that only join an event told before (会议, 仪式)


@dataclass
class _Draft:
    kind: EventKind
    trigger: str
    start: int
    end: int
    label: str
    from_headline: bool
    date: DateRange | None = None
    places: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)

    def add(self, participants: Sequence[Participant], places: Sequence[str]) -> None:
        for p in participants:
            if p not in self.participants:
                self.participants.append(p)
        for place in places:
            if place not in self.places:
                self.places.append(place)

    def mention(self) -> EventMention:
        return EventMention(
            kind=self.kind,
            trigger=self.trigger,
            start=self.start,
            end=self.end,
            date=self.date,
            places=tuple(self.places),
            participants=tuple(self.participants),
            label=self.label,
        )


class EventRecognizer:
    """Reads the events of a document from its sentences, article by article."""

    def __init__(self) -> None:
        self._formulas = sorted(
            ((row[0], EventKind(row[1]), row[2]) for row in read_table("event_formulas.tsv")),
            key=lambda f: -len(f[0]),
        )
        self._anaphora = read_words("event_anaphora.txt")
        self._irrealis = tuple(sorted(read_words("event_irrealis.txt"), key=len, reverse=True))
        self._locatives = tuple(sorted(read_words("locative_verbs.txt"), key=len, reverse=True))
        self._roles = RoleReader()
        self._sides = PartnershipRecognizer()

    def events(
        self, groups: Sequence[Sequence[SentenceFacts]], headlines: frozenset[int] = frozenset()
    ) -> list[EventMention]:
        """Events of a document whose sentences come in ``groups`` (articles, items); the
        sentences starting at an offset in ``headlines`` are headlines."""
        out: list[EventMention] = []
        for group in groups:
            out += [d.mention() for d in self._group(group, headlines)]
        return out

    # ------------------------------------------------------------------ one article

    def _group(self, sentences: Sequence[SentenceFacts], headlines: frozenset[int]) -> list[_Draft]:
        drafts: list[_Draft] = []
        current: _Draft | None = None
        for facts in sentences:
            masked = self._mask(facts)
            formulas = self._find_formulas(facts.text, masked)
            is_headline = facts.start in headlines
            date = None if is_headline else self._date(facts, formulas)
            if not formulas:
                if current is not None:
                    people = self._participants(facts, masked, None, explicit_only=True)
                    known = {p.name for p in current.participants}
                    if self._refers_back(facts.text) or any(p.name in known for p in people):
                        current.add(people, ())
                        current.end = facts.end
                continue
            strong = [f for f in formulas if f.strong]
            main = self._main(strong or formulas)
            kind = main.kind
            places = self._places(facts, masked, holding=kind is not EventKind.SIGNING)
            people = self._participants(facts, masked, kind, explicit_only=False)
            kinds = frozenset(f.kind for f in strong)
            target = self._continued(drafts, current, kind, bool(strong), date, facts, people, places, kinds, main.word)
            if target is not None:
                if date is not None and (target.date is None or _narrower(date, target.date)):
                    target.date = date
                target.from_headline = target.from_headline and is_headline
                target.add(people, places)
                target.end = max(target.end, facts.end)
                current = target
                continue
            if not any(f.opens for f in formulas):
                continue  # 会议要求… with no event told before
            current = _Draft(
                kind=kind,
                trigger=main.word,
                start=facts.start,
                end=facts.end,
                label=facts.text.strip()[:60] if is_headline else _clause(facts.text, main.at),
                from_headline=is_headline,
                date=date,
            )
            current.add(people, places)
            drafts.append(current)
        return drafts

    def _continued(
        self,
        drafts: list[_Draft],
        current: _Draft | None,
        kind: EventKind,
        strong: bool,
        date: DateRange | None,
        facts: SentenceFacts,
        people: Sequence[Participant],
        places: Sequence[str],
        kinds: frozenset[EventKind] = frozenset(),
        trigger: str = "",
    ) -> _Draft | None:
        """The event of the article that the sentence tells more of, if any: the current
        one when the kind is the same (or the sentence only adds 主持/出席/会议) and no other
        date is written; an earlier one of the same kind when the sentence refers back to
        it (代表团一行还前往…) or shares a participant."""
        if current is None:
            return None
        if date is not None and current.date is not None and not _same(date, current.date):
            return None
        if not strong or kind is current.kind:
            return current
        if current.kind in kinds and any(w in facts.text for w in _THIS_EVENT):
            return current  # 在宁夏调研期间专门召开这次座谈会
        known_people = {p.name for p in people}
        for draft in reversed(drafts[:-1]):
            if draft.kind is not kind or (date is not None and draft.date is not None and not _same(date, draft.date)):
                continue
            if (
                self._refers_back(facts.text)
                or draft.trigger == trigger
                or known_people & {p.name for p in draft.participants}
            ):
                return draft
        return None

    def _refers_back(self, text: str) -> bool:
        head = text[:12]
        return any(word in head for word in self._anaphora)

    # ------------------------------------------------------------------ pieces of a sentence

    @staticmethod
    def _mask(facts: SentenceFacts) -> list[bool]:
        spans = [(facts.local(p.start), facts.local(p.end)) for p in facts.persons]
        spans += [(facts.local(t.start), facts.local(t.end)) for p in facts.persons for t in p.titles]
        spans += [(facts.local(o.start), facts.local(o.end)) for o in facts.organizations]
        spans += [(facts.local(p.start), facts.local(p.end)) for p in facts.places]
        return mask(len(facts.text), spans)

    def _find_formulas(self, text: str, masked: list[bool]) -> list[_Formula]:
        out: list[_Formula] = []
        taken = [False] * len(text)
        for word, kind, strength in self._formulas:
            at = text.find(word)
            while at >= 0:
                end = at + len(word)
                if not any(masked[at:end]) and not any(taken[at:end]):
                    out.append(_Formula(word, kind, strength == "strong", at, strength != "join"))
                    for k in range(at, end):
                        taken[k] = True
                at = text.find(word, end)
        out.sort(key=lambda f: f.at)
        return [f for f in out if not self._irrealis_clause(text, f.at)]

    def _irrealis_clause(self, text: str, at: int) -> bool:
        start = max((text.rfind(ch, 0, at) for ch in _CLAUSE_END), default=-1) + 1
        return text.startswith(self._irrealis, start)

    @staticmethod
    def _main(formulas: Sequence[_Formula]) -> _Formula:
        """The formula that names the event: a signing wherever it is written, otherwise the
        first, passing over a bare 赴/前往 when a verb follows (赴玛沁县调研 is read by 调研)."""
        signing = next((f for f in formulas if f.kind is EventKind.SIGNING), None)
        if signing is not None:
            return signing
        return next((f for f in formulas if f.word not in _MOTION_WORDS), formulas[0])

    @staticmethod
    def _date(facts: SentenceFacts, formulas: Sequence[_Formula]) -> DateRange | None:
        """The date written as the event's date, preferring one before the formula."""
        first_formula = formulas[0].at if formulas else len(facts.text)
        eligible = [d for d in facts.dates if _is_event_date(facts, d)]
        before = [d for d in eligible if facts.local(d.start) < first_formula]
        chosen = before or eligible
        return chosen[0].range if chosen else None

    def _places(self, facts: SentenceFacts, masked: list[bool], *, holding: bool) -> list[str]:
        """Places written after a locative verb, with the places listed after them."""
        text = facts.text
        units = parties(facts)
        out: list[str] = []
        for k, unit in enumerate(units):
            local = facts.local(unit.start)
            if not any(text.endswith(v, 0, local) for v in self._locatives):
                continue
            run = [unit]
            for nxt in units[k + 1 :]:
                gap = text[facts.local(run[-1].end) : facts.local(nxt.start)]
                if gap not in ("", *_LIST_JOINERS):
                    break
                run.append(nxt)
            for member in run:
                name = member.name if member.is_place else self._place_inside(facts, member)
                if name and name not in out:
                    out.append(name)
        if not out and holding:  # 果洛州召开…推进会: the place that holds the meeting
            for unit in units:
                if text.startswith(_HOLDING_VERBS, facts.local(unit.end)):
                    name = unit.name if unit.is_place else self._place_inside(facts, unit)
                    if name:
                        out.append(name)
                    break
        return out

    @staticmethod
    def _place_inside(facts: SentenceFacts, unit: Party) -> str | None:
        """The first place written inside an organization's name (果洛州人民医院 → 果洛州)."""
        inside = [p for p in facts.places if unit.start <= p.start and p.end <= unit.end]
        return (inside[0].canonical or inside[0].text) if inside else None

    def _participants(
        self, facts: SentenceFacts, masked: list[bool], kind: EventKind | None, *, explicit_only: bool
    ) -> list[Participant]:
        text = facts.text
        out: list[Participant] = []
        seen_people: set[str] = set()
        for person in facts.persons:
            if person.name in seen_people or person.name != text[facts.local(person.start) : facts.local(person.end)]:
                continue
            seen_people.add(person.name)
            roles = self._roles.roles(text, masked, facts.local(person.end))
            if not roles:
                if explicit_only or kind is None:
                    continue
                roles = [_DEFAULT_ROLE.get(kind, ParticipantRole.ATTENDED)]
            out += [Participant(person.name, EntityType.PERSON, role) for role in roles]
        signers: set[str] = set()
        if kind is EventKind.SIGNING:
            sides = self._sides.sides(facts)
            signers = {s.name for s in sides}
            out += [Participant(s.name, _party_type(s), ParticipantRole.SIGNED) for s in sides]
        named = [(p.start, p.end) for p in facts.persons] + [(t.start, t.end) for p in facts.persons for t in p.titles]
        for unit in parties(facts):
            if unit.is_place or unit.name in signers or any(s <= unit.start and unit.end <= e for s, e in named):
                continue
            start, end = facts.local(unit.start), facts.local(unit.end)
            if any(text.endswith(v, 0, start) for v in (*self._locatives, *_RECIPIENT_MARKS)):
                continue  # where the event happens (在果洛州人民医院开展), or who receives (向…捐赠)
            roles = self._roles.roles(text, masked, end)
            if not roles:
                continue
            role = _ORG_ROLES.get(roles[0], roles[0])
            participant = Participant(unit.name, EntityType.ORGANIZATION, role)
            if participant not in out and not (explicit_only and role is ParticipantRole.ORGANIZED):
                out.append(participant)
        return out


def _same(a: DateRange, b: DateRange) -> bool:
    """True when one range holds the other: 近日 in a headline and 9月3日至5日 in the body
    date one event."""
    return (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)


def _narrower(a: DateRange, b: DateRange) -> bool:
    return (a.end - a.start) < (b.end - b.start)


def _party_type(party: Party) -> EntityType:
    return EntityType.PLACE if party.is_place else EntityType.ORGANIZATION


def _is_event_date(facts: SentenceFacts, date: DateMention) -> bool:
    """A date written as the date of what happened, not inside a name (2024年度…协议,
    2024年上海援建项目) or as a bare year."""
    end = facts.local(date.end)
    after = facts.text[end : end + 2]
    if after.startswith("度"):
        return False
    written = date.range.text
    if written.endswith("年") and written[:-1].isdigit():
        return after.startswith(("，", ","))
    return True


def _clause(text: str, at: int) -> str:
    start = max((text.rfind(ch, 0, at) for ch in _CLAUSE_END), default=-1) + 1
    ends = [e for e in (text.find(ch, at) for ch in _CLAUSE_END) if e >= 0]
    end = min(ends) if ends else len(text)
    return text[start:end][:60]
