"""The question catalogue (queries/catalogue.toml): names, typed parameters, descriptions.

>>> catalogue = Catalogue.load()
>>> catalogue["person-posts"].columns
['date', 'title', 'role', 'organization']
>>> catalogue["place-visitors"].bind({"place": "玛沁县"})["from"]
datetime.date(1900, 1, 1)
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import queries
from kg.errors import ConfigError, QueryError

ParamType = Literal["string", "int", "date", "document"]
PARAM_TYPES: tuple[str, ...] = ("string", "int", "date", "document")
CATALOGUE_FILE = queries.QUERY_DIR / "catalogue.toml"


@dataclass(frozen=True)
class Param:
    name: str
    type: ParamType
    zh: str
    en: str
    default: str | None = None

    def convert(self, raw: str, question: str) -> Any:
        """``raw`` text as this parameter's value (``date`` → :class:`datetime.date`, ``int`` → int)."""
        try:
            if self.type == "int":
                return int(raw)
            if self.type == "date":
                return dt.date.fromisoformat(raw)
        except ValueError as exc:
            raise ConfigError(f"question {question}: --param {self.name}={raw!r} is not a {self.type}") from exc
        return raw


@dataclass(frozen=True)
class Question:
    name: str
    zh: str
    en: str
    columns: list[str]
    params: list[Param]

    def bind(self, raw: Mapping[str, str]) -> dict[str, Any]:
        """Typed values of the parameters from ``raw`` text, defaults filled in; unknown or missing ones raise."""
        known = {p.name for p in self.params}
        unknown = sorted(set(raw) - known)
        if unknown:
            expected = ", ".join(sorted(known)) or "none"
            raise ConfigError(f"question {self.name}: unknown parameter {', '.join(unknown)} (expected: {expected})")
        values: dict[str, Any] = {}
        for param in self.params:
            text = raw.get(param.name, param.default)
            if text is None:
                raise ConfigError(f"question {self.name}: missing --param {param.name}=… ({param.en})")
            values[param.name] = param.convert(text, self.name)
        return values

    def usage(self) -> str:
        parts = [f"{p.name}={p.default}" if p.default is not None else f"{p.name}=<{p.type}>" for p in self.params]
        return " ".join(f"--param {p}" for p in parts)


class Catalogue:
    """The questions, in file order; ``catalogue[name]`` raises :class:`QueryError` for an unknown name."""

    def __init__(self, questions: list[Question]) -> None:
        self._questions = {q.name: q for q in questions}

    @classmethod
    def load(cls, path: Path = CATALOGUE_FILE) -> Catalogue:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise QueryError("catalogue", f"{path}: {exc}") from exc
        questions = []
        for entry in data.get("question", []):
            try:
                params = [
                    Param(p["name"], p["type"], p["zh"], p["en"], None if "default" not in p else str(p["default"]))
                    for p in entry.get("params", [])
                ]
                question = Question(entry["name"], entry["zh"], entry["en"], list(entry["columns"]), params)
            except (KeyError, TypeError) as exc:
                raise QueryError(str(entry.get("name", "catalogue")), f"{path}: bad entry ({exc})") from exc
            for param in params:
                if param.type not in PARAM_TYPES:
                    raise QueryError(question.name, f"{path}: unknown parameter type {param.type!r}")
            questions.append(question)
        return cls(questions)

    def __getitem__(self, name: str) -> Question:
        try:
            return self._questions[name]
        except KeyError:
            raise QueryError(name, "no such question (see `kg ask --list`)") from None

    def __iter__(self) -> Iterator[Question]:
        return iter(self._questions.values())

    def __len__(self) -> int:
        return len(self._questions)

    def names(self) -> list[str]:
        return list(self._questions)
