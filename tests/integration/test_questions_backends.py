"""Every catalogue question gives the same rows on the embedded store (SPARQL) and on Neo4j (Cypher)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import queries
from kg.cli import main
from kg.mirror.client import Neo4jClient
from kg.mirror.mirror import Neo4jMirror
from kg.questions.backends import EmbeddedBackend, Neo4jBackend
from kg.questions.catalogue import Catalogue
from kg.store import RdfStore
from tests.integration.neo4j_server import ScratchServer

pytestmark = pytest.mark.neo4j
GRAPH = Path(__file__).parents[1] / "fixtures" / "graph"
CASES: list[dict[str, Any]] = json.loads((GRAPH / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def both(neo4j_client: Neo4jClient) -> tuple[EmbeddedBackend, Neo4jBackend]:
    store = RdfStore(None).open()
    store.load_dataset((GRAPH / "graph.trig").read_bytes())
    neo4j_client.auto_commit(queries.load("neo4j-clear-database", "cypher"))
    Neo4jMirror(store, neo4j_client).push()
    return EmbeddedBackend(store), Neo4jBackend(neo4j_client)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['question']}-{'-'.join(c['params'].values())}")
def test_sparql_and_cypher_give_the_expected_rows(
    both: tuple[EmbeddedBackend, Neo4jBackend], case: dict[str, Any]
) -> None:
    question = Catalogue.load()[case["question"]]
    values = question.bind(case["params"])
    embedded, neo4j = (backend.ask(question, values) for backend in both)
    assert neo4j.columns == embedded.columns == case["columns"]
    assert neo4j.rows == embedded.rows == case["rows"]


def test_kg_ask_on_neo4j(
    both: tuple[EmbeddedBackend, Neo4jBackend],
    neo4j_scratch: ScratchServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NEO4J_URI", neo4j_scratch.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_scratch.password)
    args = ["ask", "place-partners", "--param", "place=果洛藏族自治州", "--backend", "neo4j", "--csv"]
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines() == ["kind,local,partner", "共建,果洛州人民医院,上海市卫生健康委员会",
                                                    "结对,班玛县,黄浦区人民政府"]  # fmt: skip
