"""Graph measures on the projection (:mod:`kg.questions.projection`) and the ``kg analyze`` report.

- centrality: weighted degree (sum of edge weights), degree centrality and betweenness
  (unweighted shortest paths; sampled from 500 sources, seeded, above 5,000 nodes);
- communities: greedy modularity on edge weights (deterministic), isolated nodes left out;
- ego networks: the neighbours of a node within a radius;
- paths: shortest paths between two named nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.errors import QueryError

if TYPE_CHECKING:
    import networkx as nx

SAMPLE_ABOVE = 5000


@dataclass(frozen=True)
class Ranked:
    iri: str
    name: str
    kind: str
    value: float


@dataclass
class Analysis:
    nodes: int
    edges: int
    components: int
    largest_component: int
    weighted_degree: list[Ranked] = field(default_factory=list)
    betweenness: list[Ranked] = field(default_factory=list)
    communities: list[list[str]] = field(default_factory=list)  # names, largest first


def weighted_degree(graph: nx.Graph) -> dict[str, float]:
    return {node: float(degree) for node, degree in graph.degree(weight="weight")}


def betweenness(graph: nx.Graph) -> dict[str, float]:
    import networkx as nx

    k = 500 if graph.number_of_nodes() > SAMPLE_ABOVE else None
    result: dict[str, float] = nx.betweenness_centrality(graph, k=k, seed=0 if k else None)
    return result


def communities(graph: nx.Graph) -> list[set[str]]:
    """Communities of the nodes that have edges, largest first (ties by their least IRI)."""
    import networkx as nx

    connected = graph.subgraph([n for n in graph if graph.degree(n) > 0])
    if connected.number_of_edges() == 0:
        return []
    found = nx.community.greedy_modularity_communities(connected, weight="weight")
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def find(graph: nx.Graph, name: str) -> list[str]:
    """The nodes named ``name`` (IRIs), or raise :class:`QueryError`."""
    nodes = sorted(n for n, data in graph.nodes(data=True) if data.get("name") == name)
    if not nodes:
        raise QueryError("analyze", f"no person, organization or place named {name!r} in the projection")
    return nodes


def ego(graph: nx.Graph, name: str, radius: int = 1) -> nx.Graph:
    """The ego network of the node named ``name``."""
    import networkx as nx

    result: nx.Graph = nx.ego_graph(graph, find(graph, name)[0], radius=radius)
    return result


def shortest_paths(graph: nx.Graph, source: str, target: str) -> list[list[str]]:
    """All shortest paths (as names) between the nodes named ``source`` and ``target``."""
    import networkx as nx

    a, b = find(graph, source)[0], find(graph, target)[0]
    try:
        paths = list(nx.all_shortest_paths(graph, a, b))
    except nx.NetworkXNoPath:
        return []
    return sorted([graph.nodes[n]["name"] for n in path] for path in paths)


def analyse(graph: nx.Graph, top: int = 10) -> Analysis:
    import networkx as nx

    parts = list(nx.connected_components(graph)) if graph.number_of_nodes() else []
    result = Analysis(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        components=len(parts),
        largest_component=max((len(p) for p in parts), default=0),
    )
    result.weighted_degree = _ranked(graph, weighted_degree(graph), top)
    result.betweenness = _ranked(graph, betweenness(graph) if graph.number_of_nodes() else {}, top)
    result.communities = [sorted(graph.nodes[n]["name"] for n in c) for c in communities(graph)]
    return result


def _ranked(graph: nx.Graph, values: dict[str, float], top: int) -> list[Ranked]:
    people_and_orgs = [n for n in values if graph.nodes[n].get("kind") in ("Person", "Organization")]
    best = sorted(people_and_orgs, key=lambda n: (-values[n], graph.nodes[n]["name"], n))[:top]
    return [Ranked(n, graph.nodes[n]["name"], graph.nodes[n]["kind"], values[n]) for n in best]


def render_report(analysis: Analysis, extra: list[str] | None = None) -> str:
    """A short Markdown report."""
    lines = [
        "# Graph analysis (people, organizations, places)",
        "",
        f"{analysis.nodes} nodes, {analysis.edges} edges (weighted by shared events, posts and visits); "
        f"{analysis.components} connected components, the largest with {analysis.largest_component} nodes.",
        "",
        "## Most connected officials and organizations (weighted degree)",
        "",
    ]
    lines += [f"{i}. {r.name} ({r.kind}) — {r.value:g}" for i, r in enumerate(analysis.weighted_degree, 1)]
    lines += ["", "## Brokers (betweenness centrality)", ""]
    lines += [f"{i}. {r.name} ({r.kind}) — {r.value:.4f}" for i, r in enumerate(analysis.betweenness, 1)]
    lines += ["", f"## Communities ({len(analysis.communities)}, greedy modularity)", ""]
    for i, members in enumerate(analysis.communities[:10], 1):
        shown = "、".join(members[:12]) + (f" … (+{len(members) - 12})" if len(members) > 12 else "")
        lines.append(f"{i}. {len(members)} members: {shown}")
    if extra:
        lines += ["", *extra]
    return "\n".join(lines) + "\n"
