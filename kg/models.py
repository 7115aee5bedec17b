"""The typed models that flow between pipeline stages.

    files ──Reader──▶ Document
          ──BulletinParser──▶ ParsedDocument (sections, articles, items, sentences)
          ──Extractor──▶ Extraction (mentions: persons+titles, orgs, places, dates, amounts,
                                     events, projects, partnerships)
          ──Resolver──▶ ResolvedDocument (canonical entities with stable keys)
          ──RdfMapper──▶ quads in the document's named graph

Offsets (``start``/``end``) are character offsets into ``ParsedDocument.text``: the
document's text after decoding, newline normalisation and repair of sentences broken
across page breaks. Every sentence node in the graph keeps its own text, so evidence can
be shown without the source file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

_GENERIC_RECIPIENT = re.compile(r"各|有关|人才$|干部$|同志$")


class DocumentKind(StrEnum):
    BULLETIN = "bulletin"
    NEWS = "news"
    TEXT = "text"


@dataclass(frozen=True)
class Document:
    """One document as read from a file (or one line of a JSON-lines file)."""

    doc_id: str  # stable id: file stem, or the record's id for JSON lines
    source: str  # path of the file (plus ``#line`` for JSON lines)
    text: str  # decoded text, ``\n`` line ends, metadata header removed
    metadata: dict[str, str] = field(default_factory=dict)  # TITLE, DATE, URL, … as read
    file_name: str = ""  # name used for per-document outputs (``kg extract``)


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Section:
    title: str  # 援青要闻 (without the 【】)
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """An article (headline + body) or a one-line dated item of 【其他信息】."""

    index: int
    headline: str
    start: int
    end: int
    section: str | None
    is_item: bool = False


@dataclass(frozen=True)
class BulletinHeader:
    series: str  # 上海援青工作简报
    batch: int | None  # 第五批 → 5
    issue: int | None  # 第十七期 → 17
    total_issue: int | None  # 总第63期 → 63
    issuer: str | None  # 上海市援青干部联络组 (from …编印)
    date: dt.date | None


class DistributionKind(StrEnum):
    REPORTED = "报"
    SENT = "送"
    ISSUED = "发"


@dataclass(frozen=True)
class Recipient:
    kind: DistributionKind
    name: str  # as written, with abbreviations such as 市委组织部 kept
    start: int
    end: int
    canonical: str | None = None  # completed from the list: 市委组织部 → 上海市委组织部

    @property
    def is_organization(self) -> bool:
        """False for groups of people or of units (援青干部人才, 各选派单位)."""
        return not _GENERIC_RECIPIENT.search(self.canonical or self.name)


@dataclass(frozen=True)
class ParsedDocument:
    document: Document
    kind: DocumentKind
    text: str
    title: str
    date: dt.date | None  # the document's own date: issue date, news date
    header: BulletinHeader | None
    sections: list[Section]
    articles: list[Article]
    sentences: list[Sentence]
    distribution: list[Recipient]

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence containing ``offset`` (the last one starting before it)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.sentences[lo]


# ---------------------------------------------------------------------------- extraction


class EntityType(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"


@dataclass(frozen=True)
class Mention:
    """A named organization or place as written at ``start:end``."""

    type: EntityType
    text: str
    start: int
    end: int
    canonical: str | None = None  # expanded full form (省委组织部 → 青海省委组织部)


@dataclass(frozen=True)
class Title:
    """One title segment written next to a person's name."""

    text: str  # as written: 果洛州委副书记
    role: str  # 副书记
    organization: str | None  # 果洛州委, completed from context when the text leaves it out
    start: int
    end: int


@dataclass(frozen=True)
class PersonMention:
    name: str
    start: int
    end: int
    titles: tuple[Title, ...] = ()
    aliases: tuple[str, ...] = ()  # surname + honorific forms referring to this person: 王书记


@dataclass(frozen=True)
class DateRange:
    start: dt.date
    end: dt.date
    text: str


class EventKind(StrEnum):
    MEETING = "meeting"
    VISIT = "visit"
    TRAINING = "training"
    SIGNING = "signing"
    AID = "aid"


class ParticipantRole(StrEnum):
    LED = "led"
    CHAIRED = "chaired"
    ATTENDED = "attended"
    SPOKE = "spoke"
    VISITED = "visited"
    SIGNED = "signed"
    ORGANIZED = "organized"


@dataclass(frozen=True)
class Participant:
    name: str
    type: EntityType  # a person or an organization
    role: ParticipantRole


@dataclass(frozen=True)
class EventMention:
    kind: EventKind
    trigger: str  # the words that made it an event: 调研, 召开…会议
    start: int  # the sentence (or clause) the event was read from
    end: int
    date: DateRange | None
    places: tuple[str, ...] = ()
    participants: tuple[Participant, ...] = ()
    label: str = ""  # short description for display


@dataclass(frozen=True)
class Amount:
    yuan: Decimal
    text: str


@dataclass(frozen=True)
class ProjectMention:
    name: str
    start: int
    end: int
    amount: Amount | None = None
    place: str | None = None
    funder: str | None = None


@dataclass(frozen=True)
class PartnershipMention:
    kind: str  # 结对, 共建, 签约, 合作
    partners: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Extraction:
    parsed: ParsedDocument
    persons: list[PersonMention]
    organizations: list[Mention]
    places: list[Mention]
    events: list[EventMention] = field(default_factory=list)
    projects: list[ProjectMention] = field(default_factory=list)
    partnerships: list[PartnershipMention] = field(default_factory=list)


# ---------------------------------------------------------------------------- resolution


@dataclass
class Entity:
    """A canonical person, organization or place, the same across documents."""

    key: str  # stable identity: the IRI's last segment
    type: EntityType
    name: str
    aliases: set[str] = field(default_factory=set)
    division_code: str | None = None
    place_level: str | None = None
    parent: str | None = None  # key of the containing place / parent organization
    based_in: str | None = None  # key of the place an organization belongs to
    mentions: list[tuple[int, int]] = field(default_factory=list)  # (start, end) in the text


@dataclass(frozen=True)
class ResolvedDocument:
    extraction: Extraction
    entities: dict[str, Entity]  # by key
    by_surface: dict[tuple[EntityType, str], str]  # (type, text as written) → entity key


# ---------------------------------------------------------------------------- pipeline results


class BuildStatus(StrEnum):
    ADDED = "added"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True)
class DocumentFailure:
    source: str
    reason: str


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[DocumentFailure] = field(default_factory=list)
    triples: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed
