"""The command line: one-line errors and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main


def test_stats_on_a_missing_store_is_one_line_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--store", str(tmp_path / "nowhere"), "stats"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("kg: ") and "kg build" in err


def test_bad_configuration_exits_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KG_TAGGER", "hanlp")
    assert main(["stats"]) == 2
    assert "KG_TAGGER" in capsys.readouterr().err


def test_unknown_command_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
