"""The property-graph view of the RDF graph: derived from the vocabulary, with per-document provenance."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pyoxigraph
import pytest

from kg.mirror.admin_csv import ARRAY_DELIMITER, STATE_FILE, property_columns, write_import_csv
from kg.mirror.mapping import KEY_LABEL, RelKey, SnapshotReader, literal_value
from kg.mirror.mirror import STATE_KEY, document_hashes
from kg.store import RdfStore
from kg.vocab import CLASSES, DATATYPE_PROPERTIES, OBJECT_PROPERTIES, XSD

GRAPH = Path(__file__).parents[1] / "fixtures" / "graph"
ID = "https://w3id.org/jianbao/id/"


@pytest.fixture
def store() -> RdfStore:
    store = RdfStore(None).open()
    store.load_dataset((GRAPH / "graph.trig").read_bytes())
    return store


def test_literals_become_typed_values() -> None:
    def lit(text: str, datatype: str) -> pyoxigraph.Literal:
        return pyoxigraph.Literal(text, datatype=pyoxigraph.NamedNode(XSD + datatype))

    assert literal_value(lit("2013-03-01", "date")) == dt.date(2013, 3, 1)
    assert literal_value(lit("12", "integer")) == 12
    assert literal_value(lit("355000.5", "decimal")) == 355000.5
    assert literal_value(pyoxigraph.Literal("赵勇")) == "赵勇"
    assert literal_value(lit("not a date", "date")) == "not a date"


def test_a_full_snapshot_follows_the_vocabulary(store: RdfStore) -> None:
    snap = SnapshotReader(store).read(None)
    labels = {term.label for term in CLASSES.values()}
    names = {term.name for term in DATATYPE_PROPERTIES.values()}
    types = {term.rel_type for term in OBJECT_PROPERTIES.values()}
    for record in snap.nodes.values():
        assert record.labels <= labels
        assert set(record.values) <= names
    assert {key.type for key in snap.rels} <= types
    assert snap.unmapped == 0 and snap.triples == 347
    # every class count of the store (SPARQL) is the count of its label
    for class_iri, count in store.class_counts().items():
        label = CLASSES[class_iri].label
        assert sum(1 for r in snap.nodes.values() if label in r.labels) == count, label


def test_nodes_keep_the_union_state_and_their_documents(store: RdfStore) -> None:
    snap = SnapshotReader(store).read(None)
    post = snap.nodes[ID + "post/赵勇/zuzhang"].properties()
    assert post["statedOn"] == [dt.date(2013, 3, 1), dt.date(2013, 5, 2)]  # not functional: a list
    assert post["title"] == "上海市援青干部联络组组长"  # functional: one value
    assert post["docs"] == ["jb-2013-01", "jb-2013-02"]
    visit = snap.nodes[ID + "doc/jb-2013-01/event/0"]
    assert visit.labels == {"Visit", "Event"}
    assert snap.nodes[ID + "project/果洛州藏医药培训基地项目"].properties()["amountYuan"] == 355000.5
    holds = RelKey(ID + "person/赵勇", "HOLDS", ID + "post/赵勇/zuzhang")
    assert snap.rels[holds] == {"jb-2013-01", "jb-2013-02"}
    # a node only pointed to (never a subject) has no documents of its own
    assert snap.nodes[ID + "doc/jb-2013-01/sentence/0"].docs == {"jb-2013-01"}


def test_a_partial_snapshot_completes_touched_nodes_from_every_graph(store: RdfStore) -> None:
    snap = SnapshotReader(store).read(["jb-2013-02"])
    zhao = snap.nodes[ID + "person/赵勇"]
    assert zhao.docs == {"jb-2013-01", "jb-2013-02"}
    holds = RelKey(ID + "person/赵勇", "HOLDS", ID + "post/赵勇/zuzhang")
    assert snap.rels[holds] == {"jb-2013-01", "jb-2013-02"}
    assert ID + "doc/jb-2013-01/event/1" not in snap.nodes  # not touched by jb-2013-02
    gone = RelKey(ID + "a", "HOLDS", ID + "b")
    assert SnapshotReader(store).read(["jb-2013-02"], extra_rels=[gone]).rels[gone] == set()


def test_admin_import_csv_layout(store: RdfStore, tmp_path: Path) -> None:
    files = write_import_csv(store, tmp_path)
    with (tmp_path / "nodes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    assert header[:3] == ["iri:ID", ":LABEL", "docs:string[]"]
    assert "statedOn:date[]" in header and "amountYuan:double" in header and "name:string" in header
    assert [h for _, h in property_columns()] == header[3:]
    by_iri = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    post = by_iri[ID + "post/赵勇/zuzhang"]
    assert post[":LABEL"].split(ARRAY_DELIMITER) == [KEY_LABEL, "Post"]
    assert post["statedOn:date[]"] == ARRAY_DELIMITER.join(["2013-03-01", "2013-05-02"])
    with (tmp_path / "relationships.csv").open(encoding="utf-8") as handle:
        rels = list(csv.reader(handle))
    assert rels[0] == [":START_ID", ":END_ID", ":TYPE", "docs:string[]"]
    assert len(rels) - 1 == files.relationships and len(rows) - 1 == files.nodes
    assert "neo4j-admin database import full" in files.command
    assert f"--nodes={tmp_path / STATE_FILE}" in files.command


def test_admin_import_csv_carries_the_mirror_state(store: RdfStore, tmp_path: Path) -> None:
    files = write_import_csv(store, tmp_path)
    with (tmp_path / STATE_FILE).open(encoding="utf-8") as handle:
        header, row, *more = list(csv.reader(handle))
    assert more == []
    state = dict(zip(header, row, strict=True))
    assert state["key:string"] == STATE_KEY and state[":LABEL"] == "MirrorState"
    hashes = document_hashes(store)
    assert state["docIds:string[]"].split(ARRAY_DELIMITER) == sorted(hashes) == store.documents()
    assert state["hashes:string[]"].split(ARRAY_DELIMITER) == [hashes[d] for d in sorted(hashes)]
    assert files.documents == len(hashes)
