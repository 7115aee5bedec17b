"""Every SPARQL and Cypher text of the project, one named file per query, loaded by name.

``queries/NAME.rq`` is SPARQL, ``queries/NAME.cypher`` is Cypher. Values always go in as
parameters (SPARQL: ``$name`` variables bound by the runner with VALUES/substitution of
typed terms; Cypher: ``$name`` parameters); labels and types come from the generated
vocabulary. A test fails when query text appears anywhere else in the code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from kg.errors import QueryError

QUERY_DIR = Path(__file__).resolve().parent
Language = Literal["sparql", "cypher"]
_SUFFIX: dict[str, str] = {"sparql": ".rq", "cypher": ".cypher"}


def load(name: str, language: Language) -> str:
    """The text of query ``name`` in ``language``.

    >>> load("no-such-query", "sparql")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: query no-such-query: no SPARQL text (queries/no-such-query.rq)
    """
    suffix = _SUFFIX[language]
    path = QUERY_DIR / f"{name}{suffix}"
    if "/" in name or not path.is_file():
        raise QueryError(name, f"no {'SPARQL' if language == 'sparql' else 'Cypher'} text (queries/{name}{suffix})")
    return path.read_text(encoding="utf-8")


def names(language: Language) -> list[str]:
    """The names of the queries written in ``language``."""
    return sorted(p.stem for p in QUERY_DIR.glob(f"*{_SUFFIX[language]}"))
