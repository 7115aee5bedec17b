"""The Neo4j mirror against a real server (marked ``neo4j``; the server is started if needed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import queries
from kg.cli import main
from kg.errors import Neo4jError, QueryError
from kg.mirror.client import Neo4jClient
from kg.mirror.mirror import Neo4jMirror, mirror_status
from kg.store import RdfStore
from kg.vocab import CLASSES, OBJECT_PROPERTIES
from tests.integration.neo4j_server import ScratchServer

pytestmark = pytest.mark.neo4j
GRAPH = Path(__file__).parents[1] / "fixtures" / "graph"
ID = "https://w3id.org/jianbao/id/"


@pytest.fixture
def empty(neo4j_client: Neo4jClient) -> Neo4jClient:
    neo4j_client.auto_commit(queries.load("neo4j-clear-database", "cypher"))
    return neo4j_client


@pytest.fixture
def store() -> Iterator[RdfStore]:
    store = RdfStore(None).open()
    store.load_dataset((GRAPH / "graph.trig").read_bytes())
    yield store


def dump(client: Neo4jClient) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    nodes = client.read(queries.load("mirror-dump-nodes", "cypher"))
    for node in nodes:
        node["labels"] = sorted(node["labels"])
    return nodes, client.read(queries.load("mirror-dump-relationships", "cypher"))


def sparql_counts(store: RdfStore) -> tuple[dict[str, int], dict[str, int]]:
    labels: dict[str, int] = {}
    for class_iri, count in store.class_counts().items():
        labels[CLASSES[class_iri].label] = count
    types: dict[str, int] = {}
    for row in store.query(queries.load("mirror-check-relationship-counts", "sparql")):
        term = OBJECT_PROPERTIES.get(row["p"].value)
        if term is not None:
            types[term.rel_type] = int(row["count"].value)
    return labels, types


def neo4j_counts(client: Neo4jClient) -> tuple[dict[str, int], dict[str, int]]:
    status = mirror_status(client)
    labels = {k: v for k, v in status.labels.items() if k not in ("Resource", "MirrorState")}
    return labels, status.relationship_types


def test_counts_per_label_and_type_equal_the_stores(empty: Neo4jClient, store: RdfStore) -> None:
    Neo4jMirror(store, empty).push()
    assert neo4j_counts(empty) == sparql_counts(store)
    assert mirror_status(empty).labels["Resource"] == 49


def test_values_are_typed(empty: Neo4jClient, store: RdfStore) -> None:
    Neo4jMirror(store, empty).push()
    nodes = {n["iri"]: n["props"] for n in dump(empty)[0]}
    post = nodes[ID + "post/赵勇/zuzhang"]
    assert [d.to_native() for d in post["statedOn"]] == [dt.date(2013, 3, 1), dt.date(2013, 5, 2)]
    assert nodes[ID + "project/果洛州藏医药培训基地项目"]["amountYuan"] == 355000.5
    assert nodes[ID + "doc/jb-2013-01"]["issueNumber"] == 1
    assert nodes[ID + "org/上海市卫生健康委员会"]["altLabel"] == ["上海市卫健委", "市卫健委"]


def test_pushing_twice_changes_nothing(empty: Neo4jClient, store: RdfStore) -> None:
    mirror = Neo4jMirror(store, empty)
    mirror.push()
    before = dump(empty)
    report = mirror.push()
    assert report.documents_unchanged == 3 and report.nodes_written == 0
    assert dump(empty) == before
    mirror.push(full=True)
    assert dump(empty) == before


def test_a_rebuilt_document_replaces_only_its_own_facts(empty: Neo4jClient, store: RdfStore) -> None:
    mirror = Neo4jMirror(store, empty)
    mirror.push()
    # jb-2013-02 is rebuilt without the aid event and without 赵勇's posts
    import pyoxigraph

    from kg import iris

    graph = pyoxigraph.NamedNode(iris.graph("jb-2013-02"))
    kept = [
        q.triple
        for q in store.oxigraph.quads_for_pattern(None, None, None, graph)
        if "event/2" not in q.subject.value
        and "post/赵勇" not in q.subject.value
        and "post/赵勇" not in getattr(q.object, "value", "")
        and not (q.predicate.value.endswith("contentHash"))
    ]
    store.replace_document("jb-2013-02", [*kept, _hash_triple("jb-2013-02", "h2-rebuilt")])
    report = mirror.push()
    assert not report.full and report.documents_pushed == 1 and report.documents_unchanged == 2
    incremental = dump(empty)
    nodes = {n["iri"]: n for n in incremental[0]}
    assert ID + "doc/jb-2013-02/event/2" not in nodes
    assert ID + "post/赵勇/fushuji" not in nodes  # stated by jb-2013-02 only
    assert nodes[ID + "post/赵勇/zuzhang"]["props"]["docs"] == ["jb-2013-01"]  # still stated by jb-2013-01
    assert [d.to_native() for d in nodes[ID + "post/赵勇/zuzhang"]["props"]["statedOn"]] == [dt.date(2013, 3, 1)]
    assert nodes[ID + "person/赵勇"]["props"]["docs"] == ["jb-2013-01", "jb-2013-02"]
    # the same as pushing everything afresh
    mirror.push(full=True)
    assert dump(empty) == incremental
    assert neo4j_counts(empty) == sparql_counts(store)


def test_a_removed_document_takes_its_facts_along(empty: Neo4jClient, store: RdfStore) -> None:
    mirror = Neo4jMirror(store, empty)
    mirror.push()
    store.remove_document("news-0610")
    report = mirror.push()
    assert report.documents_removed == 1
    nodes = {n["iri"]: n for n in dump(empty)[0]}
    assert ID + "doc/news-0610" not in nodes and ID + "project/果洛州藏医药培训基地项目" not in nodes
    assert nodes[ID + "person/王芳"]["props"]["docs"] == ["jb-2013-02"]
    assert neo4j_counts(empty) == sparql_counts(store)


def test_a_push_that_fails_half_way_is_finished_by_the_next(empty: Neo4jClient, store: RdfStore) -> None:
    mirror = Neo4jMirror(store, empty)
    mirror.push()
    store.remove_document("news-0610")

    class Failing(Neo4jClient):
        def write(self, cypher: str, params: Any = None, query: str = "cypher") -> list[dict[str, Any]]:
            if query == "mirror-merge-nodes":
                raise Neo4jError("connection lost (simulated)")
            return super().write(cypher, params, query)

    failing = Failing(empty.uri, empty.user, empty._password).connect()
    try:
        with pytest.raises(Neo4jError, match="simulated"):
            Neo4jMirror(store, failing).push()
    finally:
        failing.close()
    assert mirror_status(empty).pending == ["news-0610"]
    mirror.push()
    assert mirror_status(empty).pending == []
    assert neo4j_counts(empty) == sparql_counts(store)


def test_user_cypher_is_read_only(empty: Neo4jClient) -> None:
    with pytest.raises(QueryError, match="read-only"):
        empty.read("CREATE (n:Person {name: 'x'}) RETURN n")
    assert empty.read("MATCH (n:Person) RETURN count(n) AS n") == [{"n": 0}]


def test_wrong_credentials_are_a_clear_error(neo4j_scratch: ScratchServer) -> None:
    with pytest.raises(Neo4jError, match="refused the credentials"):
        Neo4jClient(neo4j_scratch.uri, "neo4j", "not-the-password").connect()


def test_cli_push_status_and_cypher(
    empty: Neo4jClient,
    neo4j_scratch: ScratchServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store_dir = tmp_path / "store"
    with RdfStore(store_dir) as disk:
        disk.load_dataset((GRAPH / "graph.trig").read_bytes())
    monkeypatch.setenv("NEO4J_URI", neo4j_scratch.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_scratch.password)
    assert main(["--store", str(store_dir), "neo4j", "push"]) == 0
    assert "3 documents pushed" in capsys.readouterr().out
    assert main(["neo4j", "status"]) == 0
    out = capsys.readouterr().out
    assert "Neo4j/5" in out and "documents   3" in out and "Person 5" in out
    query = "MATCH (p:Person {name: $name})-[:HOLDS]->(post:Post) RETURN post.title AS title ORDER BY title"
    assert main(["cypher", query, "--param", "name=赵勇", "--json"]) == 0
    assert '"果洛州委副书记"' in capsys.readouterr().out
    assert main(["cypher", "MATCH (p:Person) SET p.name = 'x' RETURN p"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg: query kg cypher: refused") and err.count("\n") == 1


def _hash_triple(doc_id: str, digest: str) -> Any:
    import pyoxigraph

    from kg import iris
    from kg.vocab import JB

    return pyoxigraph.Triple(
        pyoxigraph.NamedNode(iris.document(doc_id)), pyoxigraph.NamedNode(JB.contentHash), pyoxigraph.Literal(digest)
    )
