"""The bulk route: `kg neo4j csv` files imported by Neo4j's offline importer at the launcher's start.

A second scratch server (port ``KG_TEST_NEO4J_IMPORT_PORT``, default 7690, data under the
test's temporary folder) is started with ``NEO4J_IMPORT_DIR``; what it then holds must be
exactly what a push writes, and a push after it must find nothing to do.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.mirror.admin_csv import write_import_csv
from kg.mirror.client import Neo4jClient
from kg.mirror.mirror import Neo4jMirror, mirror_status
from kg.store import RdfStore
from tests.integration import neo4j_server
from tests.integration.test_neo4j_mirror import GRAPH, dump, neo4j_counts, sparql_counts

pytestmark = pytest.mark.neo4j


@pytest.fixture
def store() -> Iterator[RdfStore]:
    store = RdfStore(None).open()
    store.load_dataset((GRAPH / "graph.trig").read_bytes())
    yield store


@pytest.fixture
def import_server(neo4j_scratch: neo4j_server.ScratchServer, tmp_path: Path) -> Iterator[neo4j_server.ScratchServer]:
    port = int(os.environ.get("KG_TEST_NEO4J_IMPORT_PORT", "7690"))
    server = neo4j_server.ScratchServer(port, tmp_path / "neo4j", neo4j_scratch.password)
    yield server
    neo4j_server.stop(server)


def _connect(server: neo4j_server.ScratchServer) -> Neo4jClient:
    return Neo4jClient(server.uri, "neo4j", server.password).connect()


def test_an_imported_store_is_what_a_push_writes_and_pushes_go_on_from_it(
    neo4j_client: Neo4jClient, import_server: neo4j_server.ScratchServer, store: RdfStore, tmp_path: Path
) -> None:
    import queries

    neo4j_client.auto_commit(queries.load("neo4j-clear-database", "cypher"))
    Neo4jMirror(store, neo4j_client).push()
    pushed = dump(neo4j_client)
    files = write_import_csv(store, tmp_path / "csv")
    assert files.nodes == len(pushed[0]) and files.relationships == len(pushed[1])

    output = neo4j_server.start(import_server, NEO4J_IMPORT_DIR=str(tmp_path / "csv"))
    assert "neo4j ready" in output
    with _connect(import_server) as client:
        assert dump(client) == pushed
        assert neo4j_counts(client) == sparql_counts(store)
        status = mirror_status(client)
        assert status.documents == 3 and status.last_summary is not None
        assert status.last_summary.startswith("imported from CSV")
        report = Neo4jMirror(store, client).push()
        assert not report.full and report.documents_pushed == 0 and report.documents_unchanged == 3
        assert dump(client) == pushed
    with pytest.raises(RuntimeError, match="cannot import into a running server"):
        neo4j_server.start(import_server, NEO4J_IMPORT_DIR=str(tmp_path / "csv"))


def test_a_failed_import_names_its_folder_and_leaves_the_database_as_it_was(
    import_server: neo4j_server.ScratchServer, store: RdfStore, tmp_path: Path
) -> None:
    write_import_csv(store, tmp_path / "csv")
    neo4j_server.start(import_server, NEO4J_IMPORT_DIR=str(tmp_path / "csv"))
    with _connect(import_server) as client:
        before = dump(client)
    assert len(before[0]) == 49 and before[1]
    neo4j_server.stop(import_server)

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "nodes.csv").write_text("iri:ID,:LABEL\nhttps://example.org/a,Resource\n", encoding="utf-8")
    (bad / "relationships.csv").write_text(
        ":START_ID,:END_ID,:TYPE\nhttps://example.org/a,https://example.org/nowhere,KNOWS\n", encoding="utf-8"
    )
    with pytest.raises(RuntimeError) as failed:
        neo4j_server.start(import_server, NEO4J_IMPORT_DIR=str(bad))
    assert f"the import of {bad} failed" in str(failed.value) and "left as it was" in str(failed.value)

    neo4j_server.start(import_server)
    with _connect(import_server) as client:
        assert dump(client) == before
