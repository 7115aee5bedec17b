"""``kg sparql``: a user's own query on the embedded store, without a server.

>>> print(render_table(["name", "n"], [{"name": {"type": "literal", "value": "赵勇"},
...                                     "n": {"type": "literal", "value": "3"}}], {}))
name  n
----  -
赵勇  3
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kg.endpoint.execution import Job, execute
from kg.endpoint.formats import Negotiated, ResultFormat
from kg.store import QUERY_PREFIXES, RdfStore

UNLIMITED = sys.maxsize


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _short(term: Mapping[str, Any], prefixes: Mapping[str, str]) -> str:
    value = str(term["value"])
    if term["type"] == "uri":
        for prefix, namespace in prefixes.items():
            if value.startswith(namespace) and len(value) > len(namespace):
                return f"{prefix}:{value[len(namespace):]}"
        return f"<{value}>"
    if term["type"] == "bnode":
        return f"_:{value}"
    if term["type"] == "literal" and "xml:lang" in term:
        return f"{value}@{term['xml:lang']}"
    return value.replace("\n", " ")


def render_table(variables: list[str], bindings: list[dict[str, Any]], prefixes: Mapping[str, str]) -> str:
    """Solutions as an aligned text table (CJK characters count two columns)."""
    cells = [[_short(b[v], prefixes) if v in b else "" for v in variables] for b in bindings]
    widths = [max([_width(v), *(_width(row[i]) for row in cells)]) for i, v in enumerate(variables)]

    def line(values: list[str]) -> str:
        return "  ".join(value + " " * (widths[i] - _width(value)) for i, value in enumerate(values)).rstrip()

    return "\n".join([line(variables), line(["-" * w for w in widths]), *(line(row) for row in cells)])


def run_local_query(store_dir: Path, text: str, output: str = "table") -> str:
    """Run ``text`` on the store; ``output`` is ``table``, ``json`` or ``csv``.

    A SELECT gives a table, SPARQL JSON results or CSV; an ASK ``true``/``false`` (or JSON);
    a CONSTRUCT or DESCRIBE Turtle (JSON-LD with ``json``).
    """
    solutions = {"json": ResultFormat.JSON, "csv": ResultFormat.CSV}.get(output, ResultFormat.JSON)
    graph = ResultFormat.JSON_LD if output == "json" else ResultFormat.TURTLE
    with RdfStore(store_dir, read_only=True) as store:
        answer = execute(store, Job("query", text, formats=Negotiated(solutions, graph), max_rows=UNLIMITED))
    body = answer.body.decode("utf-8")
    if output != "table" or not answer.content_type.startswith(ResultFormat.JSON.value):
        return body.rstrip("\n")
    document = json.loads(body)
    if "boolean" in document:
        return "true" if document["boolean"] else "false"
    bindings = document["results"]["bindings"]
    table = render_table(document["head"]["vars"], bindings, QUERY_PREFIXES)
    return f"{table}\n({len(bindings)} row{'s' if len(bindings) != 1 else ''})"
