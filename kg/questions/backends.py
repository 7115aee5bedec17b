"""Answer catalogue questions on the embedded store (SPARQL) or on the Neo4j mirror (Cypher).

Both backends take the typed values of :meth:`Question.bind` and return an
:class:`~kg.questions.answers.Answer` with the question's columns, so the two can be
compared row for row.

SPARQL parameters are bound by replacing each ``$name`` of the ``.rq`` text with the RDF
term pyoxigraph writes for the value (a string becomes an escaped literal, a date an
``xsd:date`` literal, a document its named graph's IRI); nothing else of the value reaches
the query text. Cypher parameters go to the driver as parameters.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Protocol

import queries
from kg import iris
from kg.errors import QueryError, StoreError
from kg.questions.answers import Answer, Cell, normalise
from kg.questions.catalogue import Question
from kg.vocab import XSD

if TYPE_CHECKING:
    import pyoxigraph

    from kg.mirror.client import Neo4jClient
    from kg.store import RdfStore

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
MAX_PATH_HOPS = 12  # the bound written in shortest-connection.cypher


class Backend(Protocol):
    name: str

    def ask(self, question: Question, values: Mapping[str, Any]) -> Answer: ...


# ---------------------------------------------------------------------- SPARQL


def rdf_term(value: Any, param_type: str = "string") -> pyoxigraph.NamedNode | pyoxigraph.Literal:
    """The RDF term for a parameter value (``document`` → the document's named graph)."""
    import pyoxigraph

    if param_type == "document":
        return pyoxigraph.NamedNode(iris.graph(str(value)))
    if isinstance(value, pyoxigraph.NamedNode | pyoxigraph.Literal):
        return value
    if isinstance(value, bool):
        return pyoxigraph.Literal(value)
    if isinstance(value, int):
        return pyoxigraph.Literal(str(value), datatype=pyoxigraph.NamedNode(XSD + "integer"))
    if isinstance(value, dt.date):
        return pyoxigraph.Literal(value.isoformat(), datatype=pyoxigraph.NamedNode(XSD + "date"))
    return pyoxigraph.Literal(str(value))


def bind_sparql(text: str, terms: Mapping[str, pyoxigraph.NamedNode | pyoxigraph.Literal], query: str) -> str:
    """``text`` with each ``$name`` replaced by pyoxigraph's writing of ``terms[name]``; a missing one raises.

    >>> import pyoxigraph
    >>> text = bind_sparql(queries.load("person-posts", "sparql"), {"person": pyoxigraph.Literal('赵"勇')}, "q")
    >>> '"赵\\\\"勇"' in text
    True
    """
    missing = sorted(set(_PARAM.findall(text)) - set(terms))
    if missing:
        raise QueryError(query, f"parameter ${missing[0]} has no value")
    return queries.bind(text, terms)


def term_value(term: Any) -> Cell:
    """A SPARQL result term as a plain cell (typed literals as numbers and ISO dates)."""
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
                return normalise(Decimal(term.value))
        except (ValueError, InvalidOperation):
            return term.value
        return term.value
    return str(getattr(term, "value", term))


class EmbeddedBackend:
    """Questions answered by SPARQL on the embedded store (opened by the caller)."""

    name = "embedded"

    def __init__(self, store: RdfStore) -> None:
        self.store = store
        self._special: dict[str, Callable[[Question, Mapping[str, Any]], Answer]] = {
            "shortest-connection": self._shortest_connection
        }

    def ask(self, question: Question, values: Mapping[str, Any]) -> Answer:
        special = self._special.get(question.name)
        if special is not None:
            return special(question, values)
        types = {p.name: p.type for p in question.params}
        terms = {name: rdf_term(value, types.get(name, "string")) for name, value in values.items()}
        rows = self.select(question.name, terms)
        return Answer(question.columns, [[row.get(c) for c in question.columns] for row in rows])

    def select(
        self, query: str, terms: Mapping[str, pyoxigraph.NamedNode | pyoxigraph.Literal]
    ) -> list[dict[str, Cell]]:
        """Run ``queries/<query>.rq`` with ``terms`` bound; rows as dicts of plain cells."""
        text = bind_sparql(queries.load(query, "sparql"), terms, query)
        try:
            solutions = self.store.query(text)
            names = [v.value for v in solutions.variables]
            return [{n: term_value(solution[n]) for n in names} for solution in solutions]
        except StoreError as exc:
            raise QueryError(query, str(exc)) from exc

    # ------------------------------------------------------------------ shortest connection

    def _shortest_connection(self, question: Question, values: Mapping[str, Any]) -> Answer:
        """All shortest paths by breadth-first search, one ``shortest-connection.rq`` step per node."""
        import pyoxigraph

        max_hops = min(int(values["max_hops"]), MAX_PATH_HOPS)
        starts = self._ends(str(values["from"]))
        goals = set(self._ends(str(values["to"])))
        paths: set[tuple[str, ...]] = set()
        for start in starts:
            paths |= _all_shortest_paths(
                start,
                goals - {start},
                max_hops,
                lambda node: [
                    str(row["next"]) for row in self.select("shortest-connection", {"node": pyoxigraph.NamedNode(node)})
                ],
            )
        labels: dict[str, str] = {}
        rows: set[tuple[int, str]] = set()
        for path in paths:
            for node in path:
                if node not in labels:
                    found = self.select("shortest-connection-label", {"node": pyoxigraph.NamedNode(node)})
                    labels[node] = str(found[0]["label"]) if found else node
            rows.add((len(path) - 1, " → ".join(labels[n] for n in path)))
        best = min((hops for hops, _ in rows), default=None)
        ordered = sorted(r for r in rows if r[0] == best)
        return Answer(question.columns, [[hops, path] for hops, path in ordered])

    def _ends(self, name: str) -> list[str]:
        return [str(row["x"]) for row in self.select("shortest-connection-ends", {"name": rdf_term(name)})]


def _all_shortest_paths(
    start: str, goals: set[str], max_hops: int, neighbours: Callable[[str], list[str]]
) -> set[tuple[str, ...]]:
    """Every shortest path from ``start`` to the nearest of ``goals`` (at most ``max_hops`` steps)."""
    if not goals:
        return set()
    parents: dict[str, list[str]] = {start: []}
    frontier = [start]
    for _hop in range(max_hops):
        reached: dict[str, list[str]] = {}
        for node in frontier:
            for nxt in neighbours(node):
                if nxt not in parents:
                    reached.setdefault(nxt, []).append(node)
        if not reached:
            return set()
        parents.update(reached)
        found = goals & set(reached)
        if found:
            paths: set[tuple[str, ...]] = set()
            for goal in found:
                paths.update(_unwind(goal, parents))
            return paths
        frontier = sorted(reached)
    return set()


def _unwind(node: str, parents: dict[str, list[str]]) -> list[tuple[str, ...]]:
    if not parents[node]:
        return [(node,)]
    return [(*prefix, node) for parent in parents[node] for prefix in _unwind(parent, parents)]


# ---------------------------------------------------------------------- Cypher


class Neo4jBackend:
    """Questions answered by Cypher on the Neo4j mirror (client connected by the caller)."""

    name = "neo4j"

    def __init__(self, client: Neo4jClient) -> None:
        self.client = client

    def ask(self, question: Question, values: Mapping[str, Any]) -> Answer:
        params = dict(values)
        if "max_hops" in params:
            params["max_hops"] = min(int(params["max_hops"]), MAX_PATH_HOPS)
        records = self.client.read(queries.load(question.name, "cypher"), params, query=question.name)
        return Answer.from_records(question.columns, records)
