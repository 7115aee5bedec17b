"""The viewer's data: what to show (:class:`ViewRequest`) and what was selected (:class:`ViewGraph`).

Plain dataclasses between the stages of the viewer: selection from the store, layout, and the
HTML writer. Dates are ISO strings (``YYYY-MM-DD``) because that is how the page compares them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

MAX_NODES = 2000  # measured: vis-network stays interactive at 2,000 nodes with physics off


@dataclass(frozen=True)
class ViewRequest:
    """What a person asked to see.

    ``focus`` is a name, an alias or an IRI; with it the view is the nodes within ``depth``
    relationships of it. ``types`` are viewer type keys (see :mod:`kg.viewer.terms`), ``None``
    for all. Dated nodes (events, posts) outside ``date_from``–``date_to`` are left out.
    """

    focus: str | None = None
    depth: int = 2
    types: frozenset[str] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    max_nodes: int = MAX_NODES


@dataclass
class ViewNode:
    iri: str
    type: str  # a key of kg.viewer.terms.STYLES
    label: str
    aliases: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True)
class ViewEdge:
    source: str
    property: str
    target: str


@dataclass(frozen=True)
class DocumentRef:
    iri: str
    title: str
    date: str | None
    source: str | None


@dataclass(frozen=True)
class SentenceRef:
    iri: str
    text: str
    document: str  # IRI of a DocumentRef
    article: str | None  # the article's title, when the sentence is in one


@dataclass(frozen=True)
class PostHeld:
    """One post of a person, as the documents state it."""

    title: str
    organization: str | None
    dates: tuple[str, ...]


@dataclass
class ViewGraph:
    """A selection from the store, ready to lay out and draw.

    ``total`` is how many nodes matched before the size limit; ``warnings`` are shown to the
    person looking (for example when the request was cut down to a focused subgraph).
    """

    nodes: dict[str, ViewNode] = field(default_factory=dict)
    edges: list[ViewEdge] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=dict)  # node IRI → sentence IRIs
    posts: dict[str, list[PostHeld]] = field(default_factory=dict)  # person IRI → posts
    sentences: dict[str, SentenceRef] = field(default_factory=dict)
    documents: dict[str, DocumentRef] = field(default_factory=dict)
    focus: list[str] = field(default_factory=list)
    total: int = 0
    warnings: list[str] = field(default_factory=list)
