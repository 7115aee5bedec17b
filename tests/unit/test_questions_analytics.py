"""The networkx projection and its measures agree with values computed by hand on the fixture."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.cli import main
from kg.questions import analytics, projection
from kg.store import RdfStore

GRAPH = Path(__file__).parents[1] / "fixtures" / "graph"
HAND: dict[str, Any] = json.loads((GRAPH / "projection.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def graph() -> nx.Graph:
    store = RdfStore(None).open()
    store.load_dataset((GRAPH / "graph.trig").read_bytes())
    return projection.project(store)


def _node(graph: nx.Graph, name: str) -> str:
    return analytics.find(graph, name)[0]


def test_size_and_components(graph: nx.Graph) -> None:
    result = analytics.analyse(graph)
    assert (result.nodes, result.edges) == (HAND["nodes"], HAND["edges"])
    assert (result.components, result.largest_component) == (HAND["components"], HAND["largest_component"])


def test_weighted_degree_is_shared_events_plus_posts_plus_visits(graph: nx.Graph) -> None:
    degrees = analytics.weighted_degree(graph)
    for name, value in HAND["weighted_degree"].items():
        assert degrees[_node(graph, name)] == value, name
    edge = HAND["edge"]
    data = graph.edges[_node(graph, edge["a"]), _node(graph, edge["b"])]
    assert {k: data[k] for k in ("weight", "events", "posts", "visits")} == {
        k: edge[k] for k in ("weight", "events", "posts", "visits")
    }


def test_betweenness_of_leaves_and_of_a_cut_vertex(graph: nx.Graph) -> None:
    raw = nx.betweenness_centrality(graph, normalized=False)
    for name in HAND["betweenness_zero"]:
        assert raw[_node(graph, name)] == 0, name
    for name, bound in HAND["betweenness_at_least"].items():
        assert raw[_node(graph, name)] >= bound


def test_ego_network_and_paths(graph: nx.Graph) -> None:
    ego = analytics.ego(graph, "王芳")
    assert sorted(graph.nodes[n]["name"] for n in ego) == HAND["ego_王芳"]
    case = HAND["shortest_path_length"]
    paths = analytics.shortest_paths(graph, case["from"], case["to"])
    assert paths and all(len(p) - 1 == case["hops"] for p in paths)
    assert all(p[0] == case["from"] and p[-1] == case["to"] for p in paths)


def test_communities_partition_the_connected_nodes(graph: nx.Graph) -> None:
    found = analytics.communities(graph)
    members = [n for c in found for n in c]
    assert len(members) == len(set(members)) == HAND["largest_component"]


def test_graphml_round_trips(graph: nx.Graph, tmp_path: Path) -> None:
    path = tmp_path / "projection.graphml"
    projection.write_graphml(graph, path)
    back = nx.read_graphml(path)
    assert set(back.nodes) == set(graph.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in graph.edges}
    for a, b, data in graph.edges(data=True):
        assert back.edges[a, b] == data
    for node, data in graph.nodes(data=True):
        assert back.nodes[node] == data


def test_gexf_opens_in_networkx(graph: nx.Graph, tmp_path: Path) -> None:
    path = tmp_path / "projection.gexf"
    projection.write_gexf(graph, path)
    back = nx.read_gexf(path)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()


def test_kg_analyze_writes_report_and_exports(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    with RdfStore(store_dir) as disk:
        disk.load_dataset((GRAPH / "graph.trig").read_bytes())
    out = tmp_path / "report.md"
    args = ["--store", str(store_dir), "analyze", "--out", str(out), "--ego", "王芳", "--path", "玛沁县委", "王芳"]
    args += ["--graphml", str(tmp_path / "g.graphml"), "--gexf", str(tmp_path / "g.gexf")]
    assert main(args) == 0
    report = out.read_text(encoding="utf-8")
    assert "1. 赵勇 (Person) — 10" in report
    assert "Ego network of 王芳" in report and "玛沁县委 → 李明" in report
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == HAND["nodes"]
