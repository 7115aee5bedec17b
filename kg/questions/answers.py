"""Answer: the rows of a question or a query, the same plain values whichever backend ran it.

Values are normalised so that SPARQL and Cypher answers compare equal: dates become ISO
strings, whole numbers ints (``12000000.0`` and ``"12000000"^^xsd:decimal`` alike), other
numbers floats, IRIs strings, and lists keep their order.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

Cell = str | int | float | bool | None | list[Any]


def normalise(value: Any) -> Cell:
    """One cell as a plain JSON-able value (see the module docstring)."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        number = float(value)
        return int(number) if number.is_integer() else round(number, 6)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [normalise(v) for v in value]
    to_native = getattr(value, "to_native", None)  # neo4j.time values
    if callable(to_native):
        return normalise(to_native())
    return str(value)


@dataclass
class Answer:
    """Columns and rows of an answer."""

    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)

    @classmethod
    def from_records(cls, columns: Sequence[str], records: Sequence[dict[str, Any]]) -> Answer:
        return cls(list(columns), [[normalise(record.get(c)) for c in columns] for record in records])

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_json(self) -> str:
        return json.dumps(self.records(), ensure_ascii=False, indent=1)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([_text(v) for v in row])
        return out.getvalue()

    def to_table(self) -> str:
        """A plain aligned table (wide characters counted as two columns)."""
        cells = [self.columns] + [[_text(v) for v in row] for row in self.rows]
        widths = [max(_width(row[i]) for row in cells) for i in range(len(self.columns))]
        lines = []
        for n, row in enumerate(cells):
            lines.append("  ".join(v + " " * (w - _width(v)) for v, w in zip(row, widths, strict=True)).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        lines.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(lines)

    def render(self, fmt: str) -> str:
        if fmt == "json":
            return self.to_json()
        if fmt == "csv":
            return self.to_csv().rstrip("\n")
        return self.to_table()


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    return str(value)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
