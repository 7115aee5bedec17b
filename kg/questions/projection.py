"""The networkx projection of the graph: people, organizations and places, weighted edges.

Nodes are keyed by IRI with ``kind`` (Person, Organization, Place) and ``name``. An edge
joins two of them and counts what links them:

- ``events``: events both took part in (``jb:participant``);
- ``posts``: posts a person holds in an organization (``org:holds`` / ``org:postIn``);
- ``visits``: visits of a person or organization to a place (``jb:Visit`` with ``schema:location``);

and ``weight`` is their sum. GraphML and GEXF exports (for Gephi) keep all of these.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import queries
from kg.errors import QueryError, StoreError

if TYPE_CHECKING:
    import networkx as nx

    from kg.store import RdfStore

EDGE_KINDS = ("events", "posts", "visits")
_EDGE_QUERIES = {"events": "projection-shared-events", "posts": "projection-posts", "visits": "projection-visits"}


def _rows(store: RdfStore, name: str) -> list[dict[str, str]]:
    try:
        solutions = store.query(queries.load(name, "sparql"))
        names = [v.value for v in solutions.variables]
        return [{n: solution[n].value for n in names} for solution in solutions]
    except StoreError as exc:
        raise QueryError(name, str(exc)) from exc


def project(store: RdfStore) -> nx.Graph:
    """The projection of ``store`` (opened) as an undirected weighted :class:`networkx.Graph`."""
    import networkx as nx

    graph = nx.Graph()
    for row in _rows(store, "projection-nodes"):
        if row["node"] not in graph:
            graph.add_node(row["node"], kind=row["kind"], name=row["name"], iri=row["node"])
    for kind in EDGE_KINDS:
        for row in _rows(store, _EDGE_QUERIES[kind]):
            a, b, count = row["a"], row["b"], int(row["count"])
            if a == b or a not in graph or b not in graph:
                continue
            if not graph.has_edge(a, b):
                graph.add_edge(a, b, weight=0, events=0, posts=0, visits=0)
            data = graph.edges[a, b]
            data[kind] += count
            data["weight"] += count
    return graph


def write_graphml(graph: nx.Graph, path: Path) -> None:
    import networkx as nx

    try:
        nx.write_graphml(graph, path, encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"{path}: cannot write GraphML: {exc}") from exc


def write_gexf(graph: nx.Graph, path: Path) -> None:
    import networkx as nx

    try:
        nx.write_gexf(graph, path, encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"{path}: cannot write GEXF: {exc}") from exc
