"""Neo4jMirror against a stand-in client: schema first, batched writes, state, error conversion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import neo4j.exceptions as ne
import pytest

from kg.cli import main
from kg.errors import KgError, Neo4jError, QueryError
from kg.mirror import mirror as mirror_module
from kg.mirror.client import Neo4jClient
from kg.mirror.commands import parse_params
from kg.mirror.mirror import Neo4jMirror
from kg.store import RdfStore

GRAPH = Path(__file__).parents[1] / "fixtures" / "graph"


class RecordingClient:
    """Records what the mirror sends; remembers the state node like a server would."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict[str, Any]]] = []
        self.state: dict[str, Any] | None = None

    def auto_commit(self, cypher: str, params: Any = None, query: str = "cypher") -> None:
        self.calls.append(("auto", query, dict(params or {})))

    def read(self, cypher: str, params: Any = None, query: str = "cypher") -> list[dict[str, Any]]:
        self.calls.append(("read", query, dict(params or {})))
        if query == "mirror-state" and self.state is not None:
            return [{"docIds": self.state["docIds"], "hashes": self.state["hashes"], "pending": self.state["pending"],
                     "lastPush": None, "store": None, "summary": None}]  # fmt: skip
        return []

    def write(self, cypher: str, params: Any = None, query: str = "cypher") -> list[dict[str, Any]]:
        self.calls.append(("write", query, dict(params or {})))
        if query == "mirror-state":
            self.state = {**(self.state or {}), **params["state"]}
        return [{"deleted": 0}] if query == "mirror-delete-orphans" else []


@pytest.fixture
def store() -> RdfStore:
    store = RdfStore(None).open()
    store.load_dataset((GRAPH / "graph.trig").read_bytes())
    return store


def test_schema_comes_first_then_batched_merges(store: RdfStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mirror_module, "NODE_BATCH", 10)
    client = RecordingClient()
    report = Neo4jMirror(store, client).push()  # type: ignore[arg-type]
    queries_sent = [q for _, q, _ in client.calls]
    first_write = next(i for i, (kind, q, _) in enumerate(client.calls) if q.startswith("mirror-merge"))
    assert queries_sent[0] == "mirror-key-constraint"
    assert set(queries_sent[1:first_write]) >= {"mirror-name-index", "mirror-clear", "mirror-state"}
    node_batches = [p["rows"] for _, q, p in client.calls if q == "mirror-merge-nodes"]
    assert all(len(b) <= 10 for b in node_batches) and sum(map(len, node_batches)) == report.nodes_written == 49
    assert report.full and report.documents_pushed == 3
    assert (
        client.state is not None
        and client.state["pending"] == []
        and client.state["docIds"] == sorted(["jb-2013-01", "jb-2013-02", "news-0610"])
    )


def test_a_second_push_writes_nothing(store: RdfStore) -> None:
    client = RecordingClient()
    mirror = Neo4jMirror(store, client)  # type: ignore[arg-type]
    mirror.push()
    client.calls.clear()
    report = mirror.push()
    assert report.documents_unchanged == 3 and report.nodes_written == report.relationships_written == 0
    assert not [q for _, q, _ in client.calls if q.startswith(("mirror-merge", "mirror-delete", "mirror-clear"))]


def test_changed_documents_are_marked_pending_before_any_write(store: RdfStore) -> None:
    client = RecordingClient()
    mirror = Neo4jMirror(store, client)  # type: ignore[arg-type]
    mirror.push()
    assert client.state is not None
    client.state["hashes"] = ["stale", *client.state["hashes"][1:]]  # jb-2013-01 changed since
    client.calls.clear()
    report = mirror.push()
    assert not report.full and report.documents_pushed == 1
    states = [p["state"] for kind, q, p in client.calls if q == "mirror-state" and kind == "write"]
    first_merge = next(i for i, (_, q, _) in enumerate(client.calls) if q.startswith("mirror-merge"))
    pending_at = next(
        i for i, (k, q, p) in enumerate(client.calls) if q == "mirror-state" and k == "write" and p["state"]["pending"]
    )
    assert pending_at < first_merge and states[0]["pending"] == ["jb-2013-01"] and states[-1]["pending"] == []


@pytest.mark.parametrize(
    ("error", "kind", "words"),
    [
        (ne.Neo4jError._hydrate_neo4j(code="Neo.ClientError.Security.Unauthorized", message="x"), Neo4jError,
         "credentials"),
        (ne.ServiceUnavailable("gone"), Neo4jError, "no Neo4j server answers"),
        (ne.SessionExpired("gone"), Neo4jError, "no Neo4j server answers"),
        (ConnectionRefusedError("refused"), Neo4jError, "no Neo4j server answers"),
        (ne.ConfigurationError("bad"), Neo4jError, "bad Neo4j address"),
        (ne.Neo4jError._hydrate_neo4j(code="Neo.ClientError.Statement.AccessMode", message="Writing in read access"),
         QueryError, "read-only"),
        (ne.Neo4jError._hydrate_neo4j(code="Neo.ClientError.Statement.SyntaxError", message="Invalid input"),
         QueryError, "Invalid input"),
        (ne.Neo4jError._hydrate_neo4j(code="Neo.TransientError.Transaction.DeadlockDetected", message="dl"),
         Neo4jError, "DeadlockDetected"),
        (ne.Neo4jError._hydrate_neo4j(code="Neo.DatabaseError.General.UnknownError", message="boom"), Neo4jError,
         "boom"),
        (ne.ResultConsumedError(object(), "consumed"), Neo4jError, "consumed"),
        (RuntimeError("odd"), Neo4jError, "RuntimeError"),
    ],
)  # fmt: skip
def test_every_driver_error_is_converted(error: Exception, kind: type[KgError], words: str) -> None:
    converted = Neo4jClient("bolt://127.0.0.1:7687", "neo4j", "pw").convert(error, "q")
    assert type(converted) is kind and words in str(converted)


def test_a_server_that_is_down_is_a_clear_error_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")  # nothing listens on the discard port
    assert main(["neo4j", "status"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg: no Neo4j server answers at bolt://127.0.0.1:9") and err.count("\n") == 1


def test_cypher_parameters_read_json_else_text() -> None:
    assert parse_params(["n=3", "name=赵勇", 'ids=["a"]', "flag=true"]) == {
        "n": 3, "name": "赵勇", "ids": ["a"], "flag": True}  # fmt: skip
    with pytest.raises(KgError, match="KEY=VALUE"):
        parse_params(["novalue"])


def test_only_generated_names_reach_the_query_text() -> None:
    assert mirror_module._checked(["Person", "HOLDS", "Resource"]) == ["Person", "HOLDS", "Resource"]
    for bad in ("Person {x: 1}) DETACH DELETE n //", "Persons", "holds"):
        with pytest.raises(Neo4jError, match="not a label or relationship type"):
            mirror_module._checked([bad])
