"""The extraction stage: ParsedDocument → Extraction.

ex = Extractor(settings)     # no I/O
ex.load()                    # tagger, gazetteer, word lists
extractions = ex.extract_many(parsed_docs)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kg.data import read_table, read_words
from kg.errors import ConfigError, ExtractionError
from kg.extract.dates import DateNormalizer
from kg.extract.events import EventRecognizer
from kg.extract.facts import SentenceFacts
from kg.extract.gazetteer import PlaceGazetteer, PlaceLevel, short_forms
from kg.extract.lexicon import Lexicon
from kg.extract.organizations import AbbreviationExpander, OrganizationRecognizer
from kg.extract.partnerships import PartnershipRecognizer
from kg.extract.persons import PersonRecognizer
from kg.extract.places import PlaceCandidate, PlaceRecognizer
from kg.extract.projects import ProjectRecognizer
from kg.extract.repair import join_minority_names, repair
from kg.extract.tagger import LacTagger, LexiconTagger, Tagger, Token, align
from kg.extract.titles import TitleChainParser
from kg.models import (
    EntityType,
    Extraction,
    Mention,
    ParsedDocument,
    PartnershipMention,
    PersonMention,
    ProjectMention,
    Sentence,
)
from kg.settings import Settings


@dataclass
class _Recognizers:
    lexicon: Lexicon
    gazetteer: PlaceGazetteer
    tagger: Tagger
    titles: TitleChainParser
    persons: PersonRecognizer
    organizations: OrganizationRecognizer
    places: PlaceRecognizer
    expander: AbbreviationExpander
    dates: DateNormalizer
    events: EventRecognizer
    projects: ProjectRecognizer
    partnerships: PartnershipRecognizer
    footer_markers: tuple[str, ...]
    name_parts: frozenset[str]
    name_verbs: frozenset[str]


class Extractor:
    """Finds persons with titles, organizations, places, dates, events, projects and
    partnerships in parsed documents."""

    def __init__(
        self,
        settings: Settings,
        *,
        tagger: Tagger | None = None,
        gazetteer: PlaceGazetteer | None = None,
    ) -> None:
        self._settings = settings
        self._tagger = tagger
        self._gazetteer = gazetteer
        self._r: _Recognizers | None = None
        self._ethnic: tuple[str, ...] = ()

    def load(self) -> None:
        """Load the tagger, the gazetteer and the word lists."""
        lexicon = Lexicon.load()
        self._ethnic = lexicon.ethnic_groups
        gazetteer = self._gazetteer or PlaceGazetteer.load(self._settings.divisions_dir)
        tagger = self._tagger or self._make_tagger(lexicon, gazetteer)
        titles = TitleChainParser(lexicon)
        self._r = _Recognizers(
            lexicon=lexicon,
            gazetteer=gazetteer,
            tagger=tagger,
            titles=titles,
            persons=PersonRecognizer(lexicon, titles),
            organizations=OrganizationRecognizer(lexicon, gazetteer),
            places=PlaceRecognizer(gazetteer, lexicon),
            expander=AbbreviationExpander(),
            dates=DateNormalizer(),
            events=EventRecognizer(),
            projects=ProjectRecognizer(),
            partnerships=PartnershipRecognizer(),
            footer_markers=read_words("page_footer_markers.txt"),
            name_parts=frozenset(read_words("tibetan_name_parts.txt")),
            name_verbs=frozenset(
                (*read_words("name_verbs.txt"), *(row[0] for row in read_table("participant_roles.tsv")))
            ),
        )

    def _make_tagger(self, lexicon: Lexicon, gazetteer: PlaceGazetteer) -> Tagger:
        if self._settings.tagger == "lac":
            lac = LacTagger()
            lac.load()
            return lac
        if self._settings.tagger == "none":
            words = {form: "LOC" for form in gazetteer.forms() if len(form) >= 2}
            words.update({role: "n" for role in lexicon.roles})
            return LexiconTagger(words)
        raise ConfigError(f"unknown tagger {self._settings.tagger!r}")

    @property
    def recognizers(self) -> _Recognizers:
        if self._r is None:
            raise ExtractionError("Extractor", "load() was not called")
        return self._r

    @property
    def gazetteer(self) -> PlaceGazetteer:
        """The place gazetteer, for the resolver (lookup, hierarchy)."""
        return self.recognizers.gazetteer

    # ------------------------------------------------------------------ entry points

    def extract(self, parsed: ParsedDocument) -> Extraction:
        return self.extract_many([parsed])[0]

    def extract_many(self, parsed_docs: Sequence[ParsedDocument]) -> list[Extraction]:
        """Extractions of several documents; their sentences are tagged in shared batches."""
        r = self.recognizers
        lines: list[str] = []
        spans: list[tuple[int, int]] = []
        bodies: list[list[Sentence]] = []
        for parsed in parsed_docs:
            body = self._body(parsed)
            spans.append((len(lines), len(lines) + len(body)))
            lines.extend(s.text for s in body)
            bodies.append(body)
        tagged = r.tagger.tag(lines)
        out: list[Extraction] = []
        for parsed, body, (lo, hi) in zip(parsed_docs, bodies, spans, strict=True):
            try:
                tokens = [
                    join_minority_names(
                        repair(align(t, s.text, s.start), r.lexicon.abbreviations, r.gazetteer),
                        r.name_parts,
                        r.lexicon.ends_with_role,
                        r.name_verbs,
                    )
                    for t, s in zip(tagged[lo:hi], body, strict=True)
                ]
                out.append(self._analyse(parsed, body, tokens))
            except (ValueError, KeyError, IndexError) as exc:
                raise ExtractionError(parsed.document.source, f"{type(exc).__name__}: {exc}") from exc
        return out

    def _body(self, parsed: ParsedDocument) -> list[Sentence]:
        """The sentences before a web page's footer (原文链接, 相关新闻 …)."""
        markers = self.recognizers.footer_markers
        body: list[Sentence] = []
        for s in parsed.sentences:
            if s.text.strip().startswith(markers):
                break
            if s.text.strip():
                body.append(s)
        return body

    # ------------------------------------------------------------------ one document

    def _analyse(self, parsed: ParsedDocument, body: list[Sentence], tokens: list[list[Token]]) -> Extraction:
        r = self.recognizers
        persons: list[PersonMention] = []
        organizations: list[Mention] = []
        place_candidates: list[PlaceCandidate] = []
        per_sentence: list[tuple[Sentence, list[Token], list[PersonMention], list[Mention]]] = []
        last_person: str | None = None
        introduced: set[str] = set()
        for sentence, toks in zip(body, tokens, strict=True):
            found = r.persons.find(toks, last_person)
            introduced.update(p.name for p in found if r.persons.introduced(toks, p))
            covered = [(t.start, t.end) for p in found for t in p.titles]
            orgs = r.organizations.find(toks, covered)
            title_prefixes: list[Mention] = []
            for p in found:
                for t in p.titles:
                    org = r.organizations.from_title(t)
                    if org:
                        orgs.append(Mention(EntityType.ORGANIZATION, org, t.start, t.start + len(org)))
                    parts = r.lexicon.split_title(t.text)
                    if parts and parts.organization:
                        prefix = parts.organization
                        title_prefixes.append(Mention(EntityType.PLACE, prefix, t.start, t.start + len(prefix)))
            orgs = [o for o in orgs if o.text not in r.gazetteer]
            place_candidates += r.places.candidates(toks, [*orgs, *title_prefixes])
            persons += found
            organizations += orgs
            per_sentence.append((sentence, toks, found, orgs))
            if found:
                last_person = found[-1].name
        places = _dedupe(r.places.resolve(place_candidates))
        place_names = {p.text for p in places}
        persons = [
            p
            for p in persons
            if p.name in introduced
            and p.name not in place_names
            and (p.titles or not _names_a_place(p.name, r.gazetteer))
            and not _mostly_not_a_name(p, tokens)
        ]
        persons = _with_honorific_aliases(persons, tokens, r.lexicon)
        kept = {p.name for p in persons}
        organizations = [o for o in organizations if o.text not in kept]  # a person the tagger took for one
        organizations = r.expander.expand(_dedupe(organizations), self._level_places(places))
        projects: list[ProjectMention] = []
        partnerships: list[PartnershipMention] = []
        orgs_by_start = {(o.start, o.end): o for o in organizations}
        facts_of: list[SentenceFacts] = []
        for sentence, toks, found, orgs in per_sentence:
            facts = SentenceFacts(
                start=sentence.start,
                text=sentence.text,
                tokens=toks,
                persons=[p for p in found if p.name in kept],
                organizations=[orgs_by_start.get((o.start, o.end), o) for o in orgs if o.text not in kept],
                places=[p for p in places if sentence.start <= p.start < sentence.end],
                dates=r.dates.mentions(sentence.text, parsed.date, sentence.start),
            )
            facts_of.append(facts)
            projects += r.projects.projects(facts)
            partnerships += r.partnerships.partnerships(facts)
        events = r.events.events(_groups(parsed, facts_of), _headlines(parsed))
        return Extraction(
            parsed=parsed,
            persons=persons,
            organizations=organizations,
            places=places,
            events=events,
            projects=projects,
            partnerships=partnerships,
        )

    def _level_places(self, places: Sequence[Mention]) -> dict[str, Counter[str]]:
        """Places of the document by the one-character level an abbreviation uses
        (省 → {青海省: 3}, 市 → {上海市: 5}, 州 → {果洛州: 9})."""
        gaz = self.recognizers.gazetteer
        out: dict[str, Counter[str]] = {}
        for m in places:
            for place in gaz.lookup(m.canonical or m.text)[:1]:
                if place.level in (PlaceLevel.TOWNSHIP, PlaceLevel.REGION, PlaceLevel.COUNTRY):
                    continue
                name = place.name
                level = next((lv for lv in ("省", "市", "州", "县", "区") if name.endswith(lv)), None)
                if level is None:
                    continue
                forms = [name, *(f for f in short_forms(name, place.level, self._ethnic) if f.endswith(level))]
                out.setdefault(level, Counter())[min(forms, key=len)] += 1
        return out


def _with_honorific_aliases(
    persons: list[PersonMention], tokens: list[list[Token]], lexicon: Lexicon
) -> list[PersonMention]:
    """Surname + honorific forms (王书记, 赵老师) become aliases of the one named person of
    the document with that surname (the one whose title holds the honorific, if several);
    such a form is never a person of its own."""

    def split(form: str) -> tuple[str, str] | None:
        for n in (1, 2, 3):
            honorific, surname = form[-n:], form[:-n]
            if honorific in lexicon.honorifics and 1 <= len(surname) <= 2 and surname in lexicon.surnames:
                return surname, honorific
        return None

    named = [p for p in persons if split(p.name) is None]
    forms = {t.text for sentence in tokens for t in sentence if t.tag in ("PER", "n", "nr") and 2 <= len(t.text) <= 5}
    forms |= {p.name for p in persons}
    aliases: dict[str, list[str]] = {}
    for form in sorted(forms):
        parts = split(form)
        if parts is None:
            continue
        surname, honorific = parts
        bearers = list(
            dict.fromkeys(p.name for p in named if p.name.startswith(surname) and len(p.name) > len(surname))
        )
        if len(bearers) > 1:
            bearers = list(
                dict.fromkeys(p.name for p in named if p.name in bearers and any(honorific in t.role for t in p.titles))
            )
        if len(bearers) == 1:
            aliases.setdefault(bearers[0], []).append(form)
    if not aliases:
        return named
    return [replace(p, aliases=tuple(aliases.get(p.name, ()))) for p in named]


def _groups(parsed: ParsedDocument, facts: list[SentenceFacts]) -> list[list[SentenceFacts]]:
    """Sentences by article or item; without articles, by paragraph. Sentences outside
    every article (issue header, distribution list) are left out."""
    if parsed.articles:
        spans = sorted((a.start, a.end) for a in parsed.articles)
        groups: list[list[SentenceFacts]] = [[] for _ in spans]
        k = 0
        for f in facts:
            while k < len(spans) and spans[k][1] <= f.start:
                k += 1
            if k < len(spans) and spans[k][0] <= f.start:
                groups[k].append(f)
        return [g for g in groups if g]
    out: list[list[SentenceFacts]] = []
    previous_end = -1
    for f in facts:
        new_paragraph = not out or "\n" in parsed.text[previous_end : f.start]
        if new_paragraph and not (out and len(out[-1]) == 1 and _is_headline(out[-1][0].text)):
            out.append([])
        out[-1].append(f)
        previous_end = f.end
    return out


def _is_headline(text: str) -> bool:
    """A line without a sentence end: it heads the paragraph after it."""
    return not text.rstrip().endswith(("。", "！", "？", "；", "”"))


def _headlines(parsed: ParsedDocument) -> frozenset[int]:
    if parsed.articles:
        return frozenset(a.start for a in parsed.articles if not a.is_item)
    return frozenset(s.start for s in parsed.sentences if _is_headline(s.text))


def _mostly_not_a_name(person: PersonMention, tokens: list[list[Token]]) -> bool:
    """A name without titles that the tagger reads as another word more often than as a
    name in the same document (关于, 长治久安)."""
    if person.titles:
        return False
    as_name = as_other = 0
    for sentence in tokens:
        for tok in sentence:
            if tok.text == person.name:
                if tok.tag == "PER":
                    as_name += 1
                else:
                    as_other += 1
    return as_other > as_name


def _names_a_place(name: str, gazetteer: PlaceGazetteer) -> bool:
    """True for a full place name or a country, province or region (哈萨克斯坦, 乌鲁木齐市);
    two-character short forms of counties are names of persons as well (江华, 方正)."""
    if gazetteer.is_official(name):
        return True
    return any(p.level in (PlaceLevel.COUNTRY, PlaceLevel.PROVINCE, PlaceLevel.REGION) for p in gazetteer.lookup(name))


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[tuple[str, int, int]] = set()
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        key = (m.text, m.start, m.end)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
