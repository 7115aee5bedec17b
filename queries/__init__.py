"""Every SPARQL and Cypher text of the project, one named file per query, loaded by name.

``queries/NAME.rq`` is a SPARQL query, ``NAME.ru`` a SPARQL update, ``NAME.cypher`` Cypher. Values always go in as
parameters (SPARQL: ``$name`` placeholders replaced by :func:`bind` with RDF terms
that pyoxigraph writes out; Cypher: ``$name`` driver parameters); labels and types come from the generated
vocabulary. A test fails when query text appears anywhere else in the code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeAlias

from kg.errors import QueryError

if TYPE_CHECKING:
    import pyoxigraph

    Term: TypeAlias = pyoxigraph.NamedNode | pyoxigraph.Literal
else:
    Term = object

QUERY_DIR = Path(__file__).resolve().parent
_LANGUAGE_NAME = {"sparql": "SPARQL", "cypher": "Cypher", "update": "SPARQL update"}
_PLACEHOLDER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
Language = Literal["sparql", "cypher", "update"]
_SUFFIX: dict[str, str] = {"sparql": ".rq", "cypher": ".cypher", "update": ".ru"}


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
        raise QueryError(name, f"no {_LANGUAGE_NAME[language]} text (queries/{name}{suffix})")
    return path.read_text(encoding="utf-8")


def names(language: Language) -> list[str]:
    """The names of the queries written in ``language``."""
    return sorted(p.stem for p in QUERY_DIR.glob(f"*{_SUFFIX[language]}"))


def bind(text: str, values: Mapping[str, Term]) -> str:
    """Substitute ``$name`` placeholders of a SPARQL text with RDF terms.

    Values are pyoxigraph terms (``NamedNode``, ``Literal``), written out in SPARQL syntax
    by pyoxigraph itself, so a value can never change the query's structure. A placeholder
    without a value stays a variable.

    >>> from pyoxigraph import Literal
    >>> bind('SELECT ?p WHERE { ?p <http://schema.org/name> $name }', {"name": Literal('赵"勇')})
    'SELECT ?p WHERE { ?p <http://schema.org/name> "赵\\\\"勇" }'
    """

    def term(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return match.group(0) if value is None else str(value)

    return _PLACEHOLDER.sub(term, text)
