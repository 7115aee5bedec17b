"""`kg sparql` on the embedded store, and `kg serve` refusing unsafe options (no server started)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main
from kg.endpoint.options import options_from
from kg.errors import ConfigError
from tests.integration.endpoint_server import build_store, query


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return build_store(tmp_path / "store")


def test_sparql_prints_a_table(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sparql", "--store", str(store), query("people")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["person", "name"]
    assert lines[2].split() == ["id:person/李明", "李明"]
    assert lines[-1] == "(2 rows)"


def test_sparql_json_and_csv(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sparql", "--store", str(store), "--json", query("people")]) == 0
    rows = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert [r["name"]["value"] for r in rows] == ["李明", "赵勇"]
    assert main(["sparql", "--store", str(store), "--csv", query("ask-visit")]) == 0
    assert capsys.readouterr().out.strip() == "true"
    assert main(["sparql", "--store", str(store), "--csv", query("people")]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "person,name"


def test_sparql_reports_a_malformed_query(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sparql", "--store", str(store), query("malformed")]) == 1
    assert capsys.readouterr().err.startswith("kg: malformed query: error at 2:1")


def test_updates_need_a_long_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("KG_ENDPOINT_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="bearer token"):
        options_from(allow_updates=True)
    with pytest.raises(ConfigError):
        options_from({"KG_ENDPOINT_TOKEN": "short"}, allow_updates=True)
    token_file = tmp_path / "token"
    token_file.write_text("a-long-enough-secret-token\n")
    options = options_from({}, allow_updates=True, token_file=token_file)
    assert options.updates_enabled and options.token == "a-long-enough-secret-token"
    assert options_from({"KG_ENDPOINT_TOKEN": "a-long-enough-secret-token"}).updates_enabled is False


def test_options_fall_back_to_the_environment() -> None:
    options = options_from({"KG_ENDPOINT_TIME_LIMIT": "2.5", "KG_ENDPOINT_MAX_ROWS": "7", "KG_ENDPOINT_CORS": "*"})
    assert (options.time_limit, options.max_rows, options.cors_origins) == (2.5, 7, ("*",))
    assert options_from({"KG_ENDPOINT_TIME_LIMIT": "2.5"}, time_limit=1).time_limit == 1
    with pytest.raises(ConfigError):
        options_from({"KG_ENDPOINT_MAX_ROWS": "many"})


def test_serve_refuses_updates_without_a_token(monkeypatch: pytest.MonkeyPatch, store: Path) -> None:
    monkeypatch.delenv("KG_ENDPOINT_TOKEN", raising=False)
    assert main(["serve", "--store", str(store), "--allow-updates", "--port", "0"]) == 2
