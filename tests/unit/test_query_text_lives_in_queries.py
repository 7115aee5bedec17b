"""STYLE: every SPARQL and Cypher text lives in queries/, one named file per query."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# A query keyword followed by the shape of a query: SPARQL's braces or Cypher's patterns.
QUERY_TEXT = re.compile(
    r"""["'](?:[^"'\n]*\s)?(?:SELECT\s+[?*(]|CONSTRUCT\s*\{|ASK\s*\{|DESCRIBE\s+[?<]|INSERT\s+DATA|DELETE\s+(?:DATA|WHERE)|"""
    r"""DROP\s+(?:SILENT\s+)?GRAPH|MATCH\s*\(|MERGE\s*\(|UNWIND\s+\$|CREATE\s+CONSTRAINT)""",
)


def test_no_query_text_outside_queries() -> None:
    offenders = []
    for folder in ("kg", "loaders", "ontology"):
        for path in sorted((REPO / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if QUERY_TEXT.search(line):
                    offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not offenders, "query text outside queries/:\n" + "\n".join(offenders)


def test_the_check_catches_query_text() -> None:
    assert QUERY_TEXT.search('rows = store.query("SELECT ?s WHERE { ?s ?p ?o }")')
    assert QUERY_TEXT.search("session.run('MATCH (p:Person) RETURN p')")
    assert not QUERY_TEXT.search('print("select a person")')
