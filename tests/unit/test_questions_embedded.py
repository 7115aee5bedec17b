"""Catalogue questions answered by SPARQL on the hand-written graph match the expected rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kg.cli import main
from kg.questions.answers import Answer, normalise
from kg.questions.backends import EmbeddedBackend
from kg.questions.catalogue import Catalogue
from kg.store import RdfStore

GRAPH = Path(__file__).parents[1] / "fixtures" / "graph"
CASES: list[dict[str, Any]] = json.loads((GRAPH / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def store() -> RdfStore:
    store = RdfStore(None).open()
    store.load_dataset((GRAPH / "graph.trig").read_bytes())
    return store


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['question']}-{'-'.join(c['params'].values())}")
def test_embedded_answer_matches_expected_rows(store: RdfStore, case: dict[str, Any]) -> None:
    question = Catalogue.load()[case["question"]]
    answer = EmbeddedBackend(store).ask(question, question.bind(case["params"]))
    assert answer.columns == case["columns"]
    assert answer.rows == case["rows"]


def test_values_are_normalised_alike_whatever_their_source() -> None:
    from decimal import Decimal

    assert normalise(Decimal("12000000")) == normalise(12000000.0) == 12000000
    assert normalise(Decimal("355000.5")) == normalise(355000.5) == 355000.5
    assert normalise(__import__("datetime").date(2013, 3, 1)) == "2013-03-01"


def test_answer_renders_json_csv_and_table() -> None:
    answer = Answer(["name", "n"], [["赵勇", 2], [None, 1]])
    assert json.loads(answer.to_json()) == [{"name": "赵勇", "n": 2}, {"name": None, "n": 1}]
    assert answer.to_csv() == "name,n\n赵勇,2\n,1\n"
    assert answer.to_table().splitlines()[-1] == "(2 rows)"


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    with RdfStore(path) as disk:
        disk.load_dataset((GRAPH / "graph.trig").read_bytes())
    return path


def test_kg_ask_prints_json_and_csv(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", str(store_dir), "ask", "person-posts", "--param", "person=赵勇", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0] == {"date": "2013-03-01", "title": "上海市援青干部联络组组长", "role": "组长",
                       "organization": "上海市援青干部联络组"}  # fmt: skip
    assert main(["--store", str(store_dir), "ask", "funding-totals", "--csv"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == ["funder,projects,total", "上海市人民政府,2,20500000"]


def test_kg_ask_list_prints_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--list"]) == 0
    out = capsys.readouterr().out
    for name in Catalogue.load().names():
        assert name in out
    assert "某人历年担任的职务" in out and "The posts of a person over time" in out


def test_kg_ask_with_a_bad_parameter_is_a_one_line_error(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", str(store_dir), "ask", "place-visitors", "--param", "place=x", "--param", "from=x"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: ") and err.count("\n") == 1
