"""What the viewer draws: its node types with their colour and shape, and the Chinese labels
of types and relationships, read from the ontology (the one place terms are defined).

A node type is keyed by its class's Neo4j label (``Person``, ``Meeting``…), the same local
names the generated vocabulary uses, so ``--types Person Meeting`` reads like the ontology.
``Event`` on the command line stands for every kind of event.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.errors import ConfigError
from kg.vocab import CLASSES, FOAF, JB, ORG, SCHEMA


@dataclass(frozen=True)
class NodeStyle:
    """How one node type looks: vis-network shape, fill colour and a legend symbol."""

    class_iri: str
    shape: str
    colour: str
    symbol: str
    size: int


# Order is the legend's order. Colours: Tableau 10 and its light companions (readable on white,
# distinct in greyscale by shape).
STYLES: dict[str, NodeStyle] = {
    "Person": NodeStyle(FOAF.Person, "dot", "#e15759", "●", 16),
    "Organization": NodeStyle(ORG.Organization, "square", "#4e79a7", "■", 14),
    "Place": NodeStyle(SCHEMA.Place, "triangle", "#59a14f", "▲", 14),
    "Post": NodeStyle(ORG.Post, "triangleDown", "#b07aa1", "▼", 10),
    "Meeting": NodeStyle(JB.Meeting, "diamond", "#f28e2b", "◆", 12),
    "Visit": NodeStyle(JB.Visit, "diamond", "#edc948", "◆", 12),
    "Training": NodeStyle(JB.Training, "diamond", "#ff9da7", "◆", 12),
    "Signing": NodeStyle(JB.Signing, "diamond", "#9c755f", "◆", 12),
    "AidDelivery": NodeStyle(JB.AidDelivery, "diamond", "#76b7b2", "◆", 12),
    "Event": NodeStyle(SCHEMA.Event, "diamond", "#bab0ac", "◆", 12),
    "Project": NodeStyle(JB.Project, "hexagon", "#17becf", "⬢", 14),
    "Partnership": NodeStyle(JB.Partnership, "star", "#d37295", "★", 14),
}
TYPE_OF_CLASS: dict[str, str] = {style.class_iri: key for key, style in STYLES.items()}
EVENT_TYPES: frozenset[str] = frozenset(
    key
    for key, style in STYLES.items()
    if style.class_iri == SCHEMA.Event or CLASSES[style.class_iri].parent == SCHEMA.Event
)


def type_key(class_iris: set[str]) -> str | None:
    """The viewer type of a node from its classes: the most specific one the viewer draws."""
    keys = [TYPE_OF_CLASS[c] for c in class_iris if c in TYPE_OF_CLASS]
    specific = [k for k in keys if k != "Event"]
    if specific:
        return sorted(specific)[0]
    return keys[0] if keys else None


def parse_types(names: list[str] | None) -> frozenset[str] | None:
    """``--types`` values into type keys (``Event`` means every event kind); ``None`` is all.

    >>> sorted(parse_types(["Person", "event"]))[:3]
    ['AidDelivery', 'Event', 'Meeting']
    """
    if not names:
        return None
    by_lower = {key.lower(): key for key in STYLES}
    out: set[str] = set()
    for raw in names:
        for name in raw.split(","):
            key = by_lower.get(name.strip().lower())
            if key is None:
                raise ConfigError(f"unknown type {name!r}; choose from {', '.join(STYLES)}")
            out |= EVENT_TYPES if key == "Event" else {key}
    return frozenset(out)


@cache
def zh_labels() -> dict[str, str]:
    """Chinese labels of the ontology's terms by IRI (from ``ontology/jianbao.ttl``)."""
    import pyoxigraph

    import queries
    from ontology import ONTOLOGY_FILE

    graph = pyoxigraph.Store()
    try:
        graph.load(path=str(ONTOLOGY_FILE), format=pyoxigraph.RdfFormat.TURTLE)
    except (OSError, SyntaxError) as exc:
        raise ConfigError(f"{ONTOLOGY_FILE}: cannot read the ontology: {exc}") from exc
    rows: Any = graph.query(queries.load("viewer-term-labels", "sparql"))
    return {row["term"].value: row["label"].value for row in rows}


def type_label(key: str) -> str:
    """The Chinese name of a viewer type (人物, 会议…)."""
    return zh_labels().get(STYLES[key].class_iri, key)


def relation_label(property_iri: str) -> str:
    """The Chinese name of a relationship (担任, 带队…)."""
    return zh_labels().get(property_iri, property_iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
