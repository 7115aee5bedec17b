"""The property-graph view of the RDF graph, derived from the generated vocabulary.

Rules (all read from :mod:`kg.vocab`, nothing hand-listed):

- every IRI node becomes a node with the key label :data:`KEY_LABEL` and its IRI in the
  property ``iri`` (uniqueness constraint); each ``rdf:type`` that is an ontology class adds
  that class's label (``Person``, ``Visit``, ``Event`` …);
- every datatype property becomes a node property named by the generated name: dates
  become Neo4j dates, ``xsd:integer`` integers, ``xsd:decimal`` floats, strings stay strings
  (Chinese kept); non-functional properties are sorted lists;
- every object property between two IRIs becomes a relationship of the generated type;
- ``docs`` on a node lists the documents whose named graph states something about it (it is
  a subject there); ``docs`` on a relationship lists the documents that state that triple.
  This per-document provenance is what lets one rebuilt document replace only its own facts.

Triples whose predicate the ontology does not define are counted and left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from kg import iris
from kg.vocab import CLASSES, DATATYPE_PROPERTIES, OBJECT_PROPERTIES, RDF_TYPE, XSD

if TYPE_CHECKING:
    import pyoxigraph

    from kg.store import RdfStore

KEY_LABEL = "Resource"  # the mirror's key label (not an ontology class), as in neosemantics
KEY_PROPERTY = "iri"
DOCS_PROPERTY = "docs"
_INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_FLOAT_TYPES = {XSD + t for t in ("decimal", "double", "float")}
Value = str | int | float | dt.date


def literal_value(literal: pyoxigraph.Literal) -> Value:
    """An RDF literal as the Python value the driver stores (date, int, float or str)."""
    datatype = literal.datatype.value
    text = literal.value
    try:
        if datatype == XSD + "date":
            return dt.date.fromisoformat(text)
        if datatype in _INTEGER_TYPES:
            return int(text)
        if datatype in _FLOAT_TYPES:
            return float(text)
    except ValueError:
        return text
    return text


@dataclass
class NodeRecord:
    """One node as written to Neo4j."""

    iri: str
    labels: set[str] = field(default_factory=set)
    values: dict[str, set[Value]] = field(default_factory=dict)
    docs: set[str] = field(default_factory=set)

    def properties(self) -> dict[str, Any]:
        """Node properties: functional ones single-valued (the least value if sources disagree)."""
        props: dict[str, Any] = {KEY_PROPERTY: self.iri, DOCS_PROPERTY: sorted(self.docs)}
        for name, values in self.values.items():
            if len(values) == 1:
                (value,) = values
                props[name] = value if FUNCTIONAL[name] else [value]
                continue
            ordered = sorted(values, key=_sort_key)
            props[name] = ordered[0] if FUNCTIONAL[name] else ordered
        return props

    def row(self) -> dict[str, Any]:
        return {"iri": self.iri, "labels": sorted(self.labels), "props": self.properties()}


def _sort_key(value: Value) -> tuple[str, Any]:
    return (type(value).__name__, value)  # values of one type compare among themselves


class RelKey(NamedTuple):
    start: str
    type: str
    end: str


FUNCTIONAL: dict[str, bool] = {term.name: term.functional for term in DATATYPE_PROPERTIES.values()}
_REL_TYPE: dict[str, str] = {iri: term.rel_type for iri, term in OBJECT_PROPERTIES.items()}
_PREDICATE_OF_TYPE: dict[str, str] = {term.rel_type: iri for iri, term in OBJECT_PROPERTIES.items()}
_PROPERTY: dict[str, str] = {iri: term.name for iri, term in DATATYPE_PROPERTIES.items()}
_LABEL: dict[str, str] = {iri: term.label for iri, term in CLASSES.items()}


@dataclass
class Snapshot:
    """The nodes and relationships of some documents, with their provenance over the whole store."""

    nodes: dict[str, NodeRecord] = field(default_factory=dict)
    rels: dict[RelKey, set[str]] = field(default_factory=dict)
    triples: int = 0
    unmapped: int = 0

    def node(self, iri: str) -> NodeRecord:
        record = self.nodes.get(iri)
        if record is None:
            record = self.nodes[iri] = NodeRecord(iri)
        return record

    def rel_rows(self) -> list[dict[str, Any]]:
        """Relationships still stated by some document, as rows for the merge query."""
        rows = self.rels.items()
        return [{"start": k.start, "type": k.type, "end": k.end, "docs": sorted(docs)} for k, docs in rows if docs]


class SnapshotReader:
    """Reads :class:`Snapshot` s from the embedded store.

    ``read(None)`` scans every document's graph once (a full push). ``read(doc_ids)`` scans
    those documents' graphs, then completes each node it touched (and each relationship) from
    the other graphs, so what is written is the union graph's state, not one document's.
    """

    def __init__(self, store: RdfStore) -> None:
        self.store = store

    def read(
        self,
        doc_ids: Iterable[str] | None,
        extra_nodes: Iterable[str] = (),
        extra_rels: Iterable[RelKey] = (),
    ) -> Snapshot:
        import pyoxigraph

        snap = Snapshot()
        full = doc_ids is None
        for doc_id in self.store.documents() if doc_ids is None else list(doc_ids):
            graph = pyoxigraph.NamedNode(iris.graph(doc_id))
            self._scan(snap, self.store.oxigraph.quads_for_pattern(None, None, None, graph), doc_id)
        if full:
            return snap
        # a partial read: nodes and relationships take their state from every graph
        touched_nodes = set(snap.nodes) | set(extra_nodes)
        touched_rels = set(snap.rels) | set(extra_rels)
        snap.nodes, snap.rels = {}, {}
        for iri in sorted(touched_nodes):
            snap.node(iri)
            quads = self.store.oxigraph.quads_for_pattern(pyoxigraph.NamedNode(iri), None, None, None)
            self._scan(snap, quads, rels=False)
        for key in sorted(touched_rels):
            docs = snap.rels.setdefault(key, set())
            pattern = (pyoxigraph.NamedNode(key.start), pyoxigraph.NamedNode(_PREDICATE_OF_TYPE[key.type]))
            for quad in self.store.oxigraph.quads_for_pattern(*pattern, pyoxigraph.NamedNode(key.end), None):
                source = _doc_id(quad.graph_name)
                if source is not None:  # the default graph (the merge) is not a document
                    docs.add(source)
        return snap

    @staticmethod
    def _scan(snap: Snapshot, quads: Iterable[pyoxigraph.Quad], doc_id: str | None = None, rels: bool = True) -> None:
        """Add ``quads`` to ``snap``: node facts always, relationships when ``rels``.

        ``doc_id`` is the graph they all come from, or ``None`` to read each quad's graph
        (and skip the default graph). One tight loop: it runs once per quad of the store.
        """
        import pyoxigraph

        named, literal = pyoxigraph.NamedNode, pyoxigraph.Literal
        nodes, rel_docs = snap.nodes, snap.rels
        for quad in quads:
            source = doc_id if doc_id is not None else _doc_id(quad.graph_name)
            if source is None:
                continue
            snap.triples += 1
            subject = quad.subject
            if not isinstance(subject, named):
                snap.unmapped += 1
                continue
            iri = subject.value
            record = nodes.get(iri)
            if record is None:
                record = nodes[iri] = NodeRecord(iri)
            record.docs.add(source)
            predicate, obj = quad.predicate.value, quad.object
            if isinstance(obj, literal):
                name = _PROPERTY.get(predicate)
                if name is None:
                    snap.unmapped += 1
                    continue
                values = record.values.get(name)
                if values is None:
                    values = record.values[name] = set()
                values.add(literal_value(obj))
            elif predicate == RDF_TYPE:
                label = _LABEL.get(obj.value) if isinstance(obj, named) else None
                if label is None:
                    snap.unmapped += 1
                else:
                    record.labels.add(label)
            else:
                rel_type = _REL_TYPE.get(predicate)
                if rel_type is None or not isinstance(obj, named):
                    snap.unmapped += 1
                elif rels:
                    end = obj.value
                    key = RelKey(iri, rel_type, end)
                    docs = rel_docs.get(key)
                    if docs is None:
                        docs = rel_docs[key] = set()
                    docs.add(source)
                    if end not in nodes:
                        nodes[end] = NodeRecord(end)


def _doc_id(graph: Any) -> str | None:
    value = getattr(graph, "value", None)
    return iris.doc_id_of_graph(value) if isinstance(value, str) else None
