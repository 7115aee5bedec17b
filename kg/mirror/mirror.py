"""Neo4jMirror: keep a Neo4j database in step with the embedded RDF store.

A push compares each document's content hash in the store with the hash recorded at the
last push (on the ``(:MirrorState {key: "mirror"})`` node) and writes only what changed:

1. constraints and indexes first (``Resource.iri`` unique; ``name`` indexed per class label);
2. the changed and removed documents are recorded as *pending*, so a push that fails half-way
   is finished by the next one (never reported as done);
3. what the mirror holds from those documents is read back (nodes whose ``docs`` name them,
   relationships whose ``docs`` name them), and with the store's new state of those
   documents' graphs it gives the touched nodes and relationships;
4. each touched node and relationship is written with its state over the *whole* store
   (batched ``UNWIND`` + ``MERGE`` on ``Resource.iri``; relationships keyed by start, type
   and end); relationships no document states any more are deleted, then nodes left with
   no statement and no relationship;
5. the state node records the new hashes and the time of the push.

Pushing twice changes nothing; a rebuilt document replaces only its own facts. When more
than half of the mirrored documents changed, the mirror is cleared and pushed whole, which
is faster than reconciling. Writes run in managed transactions that the driver retries on
transient errors.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import queries
from kg.errors import Neo4jError
from kg.mirror.client import Neo4jClient, to_python
from kg.mirror.mapping import KEY_LABEL, RelKey, Snapshot, SnapshotReader
from kg.store import RdfStore
from kg.vocab import CLASSES, OBJECT_PROPERTIES

STATE_KEY = "mirror"
NODE_BATCH = 5000
REL_BATCH = 10000
Progress = Callable[[int], Callable[[int], None]]  # progress(total) → tick(n)


@dataclass
class PushReport:
    """What one push did."""

    documents_pushed: int = 0
    documents_removed: int = 0
    documents_unchanged: int = 0
    full: bool = False
    triples_read: int = 0
    unmapped_triples: int = 0
    nodes_written: int = 0
    relationships_written: int = 0
    relationships_deleted: int = 0
    nodes_deleted: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        kind = "full push" if self.full else "incremental push"
        return (
            f"{kind}: {self.documents_pushed} documents pushed, {self.documents_removed} removed, "
            f"{self.documents_unchanged} unchanged; {self.triples_read} triples read "
            f"({self.unmapped_triples} outside the ontology); {self.nodes_written} nodes and "
            f"{self.relationships_written} relationships written, {self.relationships_deleted} relationships "
            f"and {self.nodes_deleted} nodes deleted in {self.seconds:.1f} s"
        )


@dataclass
class MirrorStatus:
    """What ``kg neo4j status`` shows."""

    address: str
    agent: str
    labels: dict[str, int] = field(default_factory=dict)
    relationship_types: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    pending: list[str] = field(default_factory=list)
    last_push: str | None = None
    last_summary: str | None = None
    store: str | None = None


@dataclass
class _State:
    hashes: dict[str, str]
    pending: list[str]


class Neo4jMirror:
    """Mirror ``store`` into the database behind ``client`` (both opened by the caller)."""

    def __init__(self, store: RdfStore, client: Neo4jClient) -> None:
        self.store = store
        self.client = client

    # ------------------------------------------------------------------ schema

    def ensure_schema(self) -> None:
        """Create the key constraint and the per-label name indexes (idempotent)."""
        self.client.auto_commit(queries.load("mirror-key-constraint", "cypher"), query="mirror-key-constraint")
        template = queries.load("mirror-name-index", "cypher")
        for label in _checked(sorted({term.label for term in CLASSES.values()})):
            self.client.auto_commit(template.replace("__LABEL__", label), query="mirror-name-index")

    # ------------------------------------------------------------------ push

    def push(self, full: bool = False, progress: Progress | None = None) -> PushReport:
        """Bring the mirror in step with the store; ``full`` clears it and pushes everything."""
        started = time.perf_counter()
        self.ensure_schema()
        report = PushReport()
        store_hashes = document_hashes(self.store)
        state = self._read_state()
        changed = sorted(d for d, h in store_hashes.items() if state.hashes.get(d) != h or d in state.pending)
        removed = sorted((set(state.hashes) | set(state.pending)) - set(store_hashes))
        report.documents_unchanged = len(store_hashes) - len(changed)
        stale = [d for d in changed if d in state.hashes or d in state.pending] + removed
        if not state.hashes or len(stale) * 2 > len(state.hashes):
            full = True
        report.full = full
        if full:
            self.clear()
            changed, removed, stale = sorted(store_hashes), [], []
            report.documents_unchanged = 0
            state = _State({}, [])
        report.documents_pushed, report.documents_removed = len(changed), len(removed)
        if not changed and not removed:
            self._write_state(store_hashes, [], report, started)
            return report
        self._write_state(state.hashes, sorted(set(changed) | set(removed) | set(state.pending)))
        old_nodes, old_rels = self._held_by(stale)
        reader = SnapshotReader(self.store)
        snap = reader.read(None if report.full else changed, old_nodes, old_rels)
        report.triples_read, report.unmapped_triples = snap.triples, snap.unmapped
        self._write(snap, report, progress, report.full)
        self._write_state(store_hashes, [], report, started)
        return report

    def clear(self) -> None:
        """Delete everything the mirror wrote (its nodes, relationships and state)."""
        self.client.auto_commit(queries.load("mirror-clear", "cypher"), query="mirror-clear")

    def _held_by(self, doc_ids: Sequence[str]) -> tuple[set[str], set[RelKey]]:
        """The nodes and relationships the mirror holds from ``doc_ids`` (before this push)."""
        nodes: set[str] = set()
        rels: set[RelKey] = set()
        if not doc_ids:
            return nodes, rels
        rows = self.client.read(
            queries.load("mirror-document-facts", "cypher"), {"docs": list(doc_ids)}, query="mirror-document-facts"
        )
        for row in rows:
            nodes.add(row["iri"])
            for rel in row["rels"]:
                if rel is not None:
                    nodes.add(rel["end"])
                    rels.add(RelKey(row["iri"], rel["type"], rel["end"]))
        return nodes, rels

    def _write(self, snap: Snapshot, report: PushReport, progress: Progress | None, full: bool) -> None:
        by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for record in snap.nodes.values():
            row = record.row()
            by_labels.setdefault(tuple(row["labels"]), []).append(row)
        by_type: dict[str, list[dict[str, Any]]] = {}
        for row in snap.rel_rows():
            by_type.setdefault(row["type"], []).append(row)
        gone_rels = [{"start": k.start, "type": k.type, "end": k.end} for k, docs in snap.rels.items() if not docs]
        orphans = sorted(iri for iri, record in snap.nodes.items() if not record.docs)
        total = len(snap.nodes) + sum(map(len, by_type.values())) + len(gone_rels)
        tick = progress(total) if progress else (lambda _n: None)
        if not full:  # a full push starts from an empty mirror: no label can be stale
            stale = queries.load("mirror-remove-stale-labels", "cypher")
            rows = [{"iri": r.iri, "labels": sorted(r.labels)} for r in snap.nodes.values()]
            for batch in _batches(rows, NODE_BATCH):
                self.client.write(stale, {"rows": batch, "keyLabel": KEY_LABEL}, query="mirror-remove-stale-labels")
        merge_nodes = queries.load("mirror-merge-nodes", "cypher")
        for labels, node_rows in sorted(by_labels.items()):
            text = merge_nodes.replace("__LABELS__", "".join(f":{label}" for label in _checked(labels or (KEY_LABEL,))))
            for batch in _batches(node_rows, NODE_BATCH):
                self.client.write(text, {"rows": batch}, query="mirror-merge-nodes")
                report.nodes_written += len(batch)
                tick(len(batch))
        merge_rels = queries.load("mirror-merge-relationships", "cypher")
        for rel_type, rel_rows in sorted(by_type.items()):
            text = merge_rels.replace("__TYPE__", _checked((rel_type,))[0])
            for batch in _batches(rel_rows, REL_BATCH):
                self.client.write(text, {"rows": batch}, query="mirror-merge-relationships")
                report.relationships_written += len(batch)
                tick(len(batch))
        delete_rels = queries.load("mirror-delete-relationships", "cypher")
        for batch in _batches(gone_rels, REL_BATCH):
            self.client.write(delete_rels, {"rows": batch}, query="mirror-delete-relationships")
            report.relationships_deleted += len(batch)
            tick(len(batch))
        delete_orphans = queries.load("mirror-delete-orphans", "cypher")
        for batch in _batches(orphans, NODE_BATCH):
            result = self.client.write(delete_orphans, {"iris": batch}, query="mirror-delete-orphans")
            report.nodes_deleted += int(result[0]["deleted"]) if result else 0

    # ------------------------------------------------------------------ state

    def _read_state(self) -> _State:
        rows = self.client.read(queries.load("mirror-state-read", "cypher"), {"key": STATE_KEY}, query="mirror-state")
        if not rows:
            return _State({}, [])
        row = rows[0]
        return _State(dict(zip(row["docIds"] or [], row["hashes"] or [], strict=True)), list(row["pending"] or []))

    def _write_state(
        self,
        hashes: dict[str, str],
        pending: Iterable[str],
        report: PushReport | None = None,
        started: float | None = None,
    ) -> None:
        doc_ids = sorted(hashes)
        state: dict[str, Any] = {
            "docIds": doc_ids,
            "hashes": [hashes[d] for d in doc_ids],
            "pending": list(pending),
            "store": str(self.store.path) if self.store.path is not None else "(in memory)",
        }
        if report is not None and started is not None:
            report.seconds = time.perf_counter() - started
            state["lastPush"] = dt.datetime.now(dt.UTC)
            state["summary"] = report.summary()
        self.client.write(
            queries.load("mirror-state-write", "cypher"), {"key": STATE_KEY, "state": state}, query="mirror-state"
        )

    # ------------------------------------------------------------------ status

    def status(self) -> MirrorStatus:
        """Server, counts per label and relationship type, and the last push."""
        return mirror_status(self.client)


def document_hashes(store: RdfStore) -> dict[str, str]:
    """Each document of ``store`` with its content hash: what a push compares with the last one."""
    import pyoxigraph

    from kg import iris

    found: dict[str, str] = {}
    for row in store.query(queries.load("mirror-content-hashes", "sparql")):
        doc_id = iris.doc_id_of_graph(row["graph"].value)
        if doc_id is not None:
            found[doc_id] = row["hash"].value

    def size(doc_id: str) -> int:
        graph = pyoxigraph.NamedNode(iris.graph(doc_id))
        return sum(1 for _ in store.oxigraph.quads_for_pattern(None, None, None, graph))

    # a document without a hash (hand-written graphs) is compared by its triple count
    return {d: found[d] if d in found else f"n={size(d)}" for d in store.documents()}


def mirror_status(client: Neo4jClient) -> MirrorStatus:
    """:class:`MirrorStatus` of the database behind ``client`` (no store needed)."""
    info = client.server_info()
    status = MirrorStatus(address=info.address, agent=info.agent)
    for row in client.read(queries.load("mirror-label-counts", "cypher"), query="mirror-label-counts"):
        status.labels[row["label"]] = int(row["count"])
    for row in client.read(queries.load("mirror-type-counts", "cypher"), query="mirror-type-counts"):
        status.relationship_types[row["type"]] = int(row["count"])
    rows = client.read(queries.load("mirror-state-read", "cypher"), {"key": STATE_KEY}, query="mirror-state")
    if rows:
        row = rows[0]
        status.documents = len(row["docIds"] or [])
        status.pending = list(row["pending"] or [])
        last = to_python(row["lastPush"])
        status.last_push = last.isoformat(timespec="seconds") if isinstance(last, dt.datetime) else None
        status.last_summary = row["summary"]
        status.store = row["store"]
    return status


def wipe_database(client: Neo4jClient) -> None:
    """Empty the whole database behind ``client``, schema included (benchmarks and tests only)."""
    client.auto_commit(queries.load("neo4j-clear-database", "cypher"), query="neo4j-clear-database")
    for row in client.read(queries.load("neo4j-constraint-names", "cypher"), query="neo4j-constraint-names"):
        drop = queries.load("neo4j-drop-constraint", "cypher")
        client.auto_commit(drop, {"name": row["name"]}, query="neo4j-drop-constraint")
    for row in client.read(queries.load("neo4j-index-names", "cypher"), query="neo4j-index-names"):
        client.auto_commit(queries.load("neo4j-drop-index", "cypher"), {"name": row["name"]}, query="neo4j-drop-index")


_SCHEMA_NAMES = (
    {term.label for term in CLASSES.values()} | {term.rel_type for term in OBJECT_PROPERTIES.values()} | {KEY_LABEL}
)


def _checked(names: Iterable[str]) -> list[str]:
    """``names`` if every one is a generated label or type (they are put into query text)."""
    out = list(names)
    for name in out:
        if name not in _SCHEMA_NAMES or not name.isidentifier():
            raise Neo4jError(f"{name!r} is not a label or relationship type of kg.vocab")
    return out


def _batches(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
