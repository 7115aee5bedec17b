"""Select what the viewer draws from the store: nodes, relationships and their evidence.

Every SPARQL text is a named query in ``queries/viewer-*.rq``; one node's details are asked
with ``$node`` replaced by the node's IRI as an RDF term (:func:`queries.bind`). Filtering, the focused
neighbourhood and the size limit are plain Python over the selected rows (networkx for the
breadth-first search), so the order of the steps is visible here:

1. nodes of the drawn types and their relationships (``viewer-nodes``, ``viewer-edges``);
2. dated nodes (events, posts) outside the date range are dropped;
3. with a focus, the nodes within ``depth`` relationships of it (through any type);
4. nodes of types not asked for are dropped (the focus stays);
5. more than ``max_nodes`` left: a focused subgraph around the focus, or around the most
   connected node, with a warning;
6. the details of what is left: posts of persons, source sentences and their documents.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import queries
from kg.errors import ConfigError
from kg.viewer.graph import DocumentRef, PostHeld, SentenceRef, ViewEdge, ViewGraph, ViewNode, ViewRequest
from kg.viewer.terms import STYLES, type_key, type_label
from kg.vocab import JB

if TYPE_CHECKING:
    import networkx as nx

    from kg.store import RdfStore


def _value(row: Any, name: str) -> str | None:
    term = row[name]
    return None if term is None else str(term.value)


def _bound(store: RdfStore, query: str, node: str) -> Any:
    """Run a named query about one node: ``$node`` replaced by the IRI as an RDF term."""
    from pyoxigraph import NamedNode

    try:
        term = NamedNode(node)
    except ValueError as exc:
        raise ConfigError(f"{node!r} is not an IRI: {exc}") from exc
    return store.query(queries.bind(queries.load(query, "sparql"), {"node": term}))


# ---------------------------------------------------------------------- rows into nodes and edges


def _nodes_from_rows(rows: Any, node: str | None = None) -> dict[str, ViewNode]:
    """Nodes from ``viewer-nodes`` rows, or from ``viewer-node`` rows about ``node``."""
    classes: dict[str, set[str]] = defaultdict(set)
    fields: dict[str, dict[str, str | None]] = {}
    for row in rows:
        iri = node if node is not None else _value(row, "node")
        cls = _value(row, "class")
        if iri is None or cls is None:
            continue
        classes[iri].add(cls)
        seen = fields.setdefault(iri, {})
        for name in ("name", "title", "kind", "start", "end"):
            value = _value(row, name)
            if value is not None and seen.get(name) is None:
                seen[name] = value
    nodes: dict[str, ViewNode] = {}
    for iri, found in fields.items():
        key = type_key(classes[iri])
        if key is None:
            continue
        label = found.get("name") or found.get("title") or found.get("kind") or type_label(key)
        nodes[iri] = ViewNode(iri=iri, type=key, label=label, start=found.get("start"), end=found.get("end"))
    return nodes


def _edges_from_rows(rows: Any, nodes: dict[str, ViewNode]) -> list[ViewEdge]:
    """Relationships between known nodes; a generic ``jb:participant`` is dropped when a
    specific role (led, chaired…) links the same event and agent."""
    specific: set[tuple[str, str]] = set()
    found: list[ViewEdge] = []
    for row in rows:
        source, prop, target = _value(row, "source"), _value(row, "property"), _value(row, "target")
        if source is None or prop is None or target is None or source not in nodes or target not in nodes:
            continue
        found.append(ViewEdge(source, prop, target))
        if prop != JB.participant:
            specific.add((source, target))
    unique = dict.fromkeys(e for e in found if e.property != JB.participant or (e.source, e.target) not in specific)
    return sorted(unique, key=lambda e: (e.source, e.property, e.target))


def _finish_labels(nodes: dict[str, ViewNode], edges: list[ViewEdge]) -> None:
    """Partnerships are named by their partners; events carry their date on a second line."""
    partners: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        if edge.property == JB.partner and edge.target in nodes:
            partners[edge.source].append(nodes[edge.target].label)
    for iri, node in nodes.items():
        if node.type == "Partnership" and partners.get(iri):
            node.label = f"{node.label}：{'—'.join(sorted(partners[iri]))}"
        elif node.type in ("Meeting", "Visit", "Training", "Signing", "AidDelivery", "Event") and node.start:
            node.label = f"{node.label}\n{node.start}"


def _in_dates(node: ViewNode, request: ViewRequest) -> bool:
    """Undated nodes always pass; dated ones pass when their span meets the range."""
    if node.start is None and node.end is None:
        return True
    start = node.start or node.end or ""
    end = node.end or node.start or ""
    if request.date_from is not None and end < request.date_from.isoformat():
        return False
    return not (request.date_to is not None and start > request.date_to.isoformat())


# ---------------------------------------------------------------------- focus and size


def _undirected(nodes: dict[str, ViewNode], edges: list[ViewEdge]) -> nx.Graph:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((e.source, e.target) for e in edges)
    return graph


def resolve_focus(nodes: dict[str, ViewNode], focus: str) -> list[str]:
    """The nodes a ``--focus`` names: an IRI, else an exact name or alias (all namesakes)."""
    wanted = focus.strip()
    if wanted in nodes:
        return [wanted]
    named = [iri for iri, n in nodes.items() if n.label.split("\n")[0] == wanted or wanted in n.aliases]
    if not named:
        raise ConfigError(f"focus {focus!r}: no node has this IRI, name or alias")
    return sorted(named)


def _distances(graph: nx.Graph, sources: list[str], depth: int | None) -> dict[str, int]:
    import networkx as nx

    found: dict[str, int] = nx.multi_source_dijkstra_path_length(graph, set(sources), cutoff=depth)
    return found


def _fit(
    distances: dict[str, int], keep: set[str], graph: nx.Graph, limit: int, sources: list[str]
) -> tuple[set[str], int]:
    """The nearest whole rings around the sources that fit in ``limit`` nodes; when even the
    first ring is too big, its best-connected nodes. Returns the nodes and the depth shown."""
    rings: dict[int, list[str]] = defaultdict(list)
    for iri, d in distances.items():
        if iri in keep:
            rings[d].append(iri)
    chosen: set[str] = set(sources)
    shown = 0
    for d in sorted(k for k in rings if k > 0):
        ring = [n for n in rings[d] if n not in chosen]
        if len(chosen) + len(ring) <= limit:
            chosen.update(ring)
            shown = d
            continue
        if shown == 0:
            room = max(limit - len(chosen), 0)
            ring.sort(key=lambda n: (-graph.degree(n), n))
            chosen.update(ring[:room])
            shown = d
        break
    return chosen, shown


# ---------------------------------------------------------------------- details


def _details(store: RdfStore, graph: ViewGraph) -> None:
    for iri, node in graph.nodes.items():
        sentence_ids: list[str] = []
        for row in _bound(store, "viewer-evidence", iri):
            sentence, doc = _value(row, "sentence"), _value(row, "doc")
            if sentence is None or doc is None:
                continue
            if doc not in graph.documents:
                graph.documents[doc] = DocumentRef(
                    doc, _value(row, "docTitle") or doc, _value(row, "docDate"), _value(row, "source")
                )
            if sentence not in graph.sentences:
                graph.sentences[sentence] = SentenceRef(
                    sentence, _value(row, "text") or "", doc, _value(row, "partTitle")
                )
            if sentence not in sentence_ids:
                sentence_ids.append(sentence)
        if sentence_ids:
            graph.evidence[iri] = sentence_ids
        if node.type == "Person":
            posts = _posts(store, iri)
            if posts:
                graph.posts[iri] = posts


def _posts(store: RdfStore, person: str) -> list[PostHeld]:
    by_post: dict[str, tuple[str, str | None, set[str]]] = {}
    for row in _bound(store, "viewer-posts", person):
        post, title = _value(row, "post"), _value(row, "title")
        if post is None or title is None:
            continue
        org = _value(row, "orgName")
        entry = by_post.setdefault(post, (title, org, set()))
        stated = _value(row, "stated")
        if stated is not None:
            entry[2].add(stated)
    held = [PostHeld(title, org, tuple(sorted(dates))) for title, org, dates in by_post.values()]
    return sorted(held, key=lambda p: (p.dates[0] if p.dates else "9999", p.title))


def _aliases(store: RdfStore, nodes: dict[str, ViewNode], one_by_one: bool = False) -> None:
    """Aliases of ``nodes``: one query for all, or one per node when there are few."""
    pairs: list[tuple[str | None, str | None]]
    if one_by_one:
        pairs = [(iri, _value(row, "alias")) for iri in nodes for row in _bound(store, "viewer-node-aliases", iri)]
    else:
        rows = store.query(queries.load("viewer-aliases", "sparql"))
        pairs = [(_value(row, "node"), _value(row, "alias")) for row in rows]
    for iri, alias in pairs:
        if iri in nodes and alias is not None and alias not in nodes[iri].aliases:
            nodes[iri].aliases.append(alias)
    for node in nodes.values():
        node.aliases.sort()


# ---------------------------------------------------------------------- entry points


def select(store: RdfStore, request: ViewRequest) -> ViewGraph:
    """The graph to draw for ``request`` (see the module docstring for the steps)."""
    if request.depth < 0:
        raise ConfigError(f"depth must be 0 or more, not {request.depth}")
    if request.max_nodes < 1:
        raise ConfigError(f"the node limit must be at least 1, not {request.max_nodes}")
    every = _nodes_from_rows(store.query(queries.load("viewer-nodes", "sparql")))
    nodes = {iri: n for iri, n in every.items() if _in_dates(n, request)}
    edges = _edges_from_rows(store.query(queries.load("viewer-edges", "sparql")), nodes)
    _aliases(store, nodes)
    _finish_labels(nodes, edges)
    undirected = _undirected(nodes, edges)

    focus: list[str] = resolve_focus(nodes, request.focus) if request.focus else []
    distances = _distances(undirected, focus, request.depth) if focus else None
    wanted = request.types
    keep = {
        iri
        for iri, n in nodes.items()
        if (distances is None or iri in distances) and (wanted is None or n.type in wanted or iri in focus)
    }
    warnings: list[str] = []
    total = len(keep)
    if total > request.max_nodes:
        if not focus:
            hub = max(sorted(keep), key=lambda n: undirected.degree(n))
            focus = [hub]
            distances = _distances(undirected, focus, None)
        assert distances is not None
        keep, depth = _fit(distances, keep, undirected, request.max_nodes, focus)
        names = "、".join(nodes[f].label.split("\n")[0] for f in focus)
        warnings.append(
            f"所选范围共有 {total} 个节点，超过上限 {request.max_nodes}：只显示以「{names}」为中心、"
            f"{depth} 层以内的 {len(keep)} 个节点。可用 --focus、--types 或日期缩小范围。"
        )
    graph = ViewGraph(
        nodes={iri: nodes[iri] for iri in sorted(keep)},
        edges=[e for e in edges if e.source in keep and e.target in keep],
        focus=focus,
        total=total,
        warnings=warnings,
    )
    _details(store, graph)
    return graph


def neighbourhood(store: RdfStore, iri: str) -> ViewGraph:
    """One node and the nodes one relationship away, with their details (for expanding a node)."""
    edge_rows = list(_bound(store, "viewer-neighbours", iri))
    around = {iri} | {v for row in edge_rows for v in (_value(row, "source"), _value(row, "target")) if v}
    nodes: dict[str, ViewNode] = {}
    for other in sorted(around):
        nodes.update(_nodes_from_rows(_bound(store, "viewer-node", other), other))
    if iri not in nodes:
        raise ConfigError(f"{iri}: not a node the viewer draws")
    edges = _edges_from_rows(edge_rows, nodes)
    _aliases(store, nodes, one_by_one=True)
    _finish_labels(nodes, edges)
    graph = ViewGraph(nodes=nodes, edges=edges, focus=[iri], total=len(nodes))
    _details(store, graph)
    return graph


def type_counts(graph: ViewGraph) -> dict[str, int]:
    """Nodes per viewer type, in the legend's order."""
    counts = dict.fromkeys(STYLES, 0)
    for node in graph.nodes.values():
        counts[node.type] += 1
    return {k: n for k, n in counts.items() if n}
