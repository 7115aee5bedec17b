"""Node positions computed in Python, so the browser draws a finished layout with physics off.

Measured here: vis-network's own physics takes about two minutes to settle 2,000 nodes in
headless Chromium, while drawing fixed positions takes under a second. networkx's
``spring_layout`` needs 10 s for 2,000 nodes (its sparse Fruchterman–Reingold loops over the
nodes in Python), so this module runs the same Fruchterman–Reingold forces vectorised with
numpy, repulsion only between nodes closer than four ideal edge lengths (found with a k-d
tree, the grid variant of the original paper): 2–5 s for 2,000 nodes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.viewer.graph import ViewGraph

EDGE_LENGTH = 110.0  # pixels between linked nodes on the page
REPULSION_RANGE = 4.0  # in ideal edge lengths: wide enough to open up dense hubs (6 doubled the time)


def force_layout(
    names: list[str], links: list[tuple[str, str]], iterations: int = 80, seed: int = 7
) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold positions in pixels, the same for the same input.

    >>> pos = force_layout(["a", "b", "c"], [("a", "b")])
    >>> sorted(pos) == ["a", "b", "c"] and all(len(p) == 2 for p in pos.values())
    True
    """
    import numpy as np
    from scipy.spatial import cKDTree

    n = len(names)
    if n == 0:
        return {}
    if n == 1:
        return {names[0]: (0.0, 0.0)}
    index = {name: i for i, name in enumerate(names)}
    pairs = [(index[a], index[b]) for a, b in links if a in index and b in index and a != b]
    src = np.array([p[0] for p in pairs], dtype=np.int64)
    dst = np.array([p[1] for p in pairs], dtype=np.int64)
    rng = np.random.default_rng(seed)
    side = float(np.sqrt(n))
    pos = (rng.random((n, 2)) - 0.5) * side
    k = 1.0  # ideal distance in layout units
    step = side / 8
    cooling = step / (iterations + 1)
    for _ in range(iterations):
        disp = np.zeros_like(pos)
        near = cKDTree(pos).query_pairs(REPULSION_RANGE * k, output_type="ndarray")
        if len(near):
            i, j = near[:, 0], near[:, 1]
            delta = pos[i] - pos[j]
            dist2 = np.maximum((delta * delta).sum(axis=1), 1e-4)[:, None]
            push = delta * (k * k / dist2)
            np.add.at(disp, i, push)
            np.add.at(disp, j, -push)
        if len(src):
            delta = pos[src] - pos[dst]
            length = np.sqrt((delta * delta).sum(axis=1))[:, None]
            pull = delta * length / k
            np.add.at(disp, src, -pull)
            np.add.at(disp, dst, pull)
        disp -= pos * 0.02  # gravity keeps separate components together
        size = np.maximum(np.sqrt((disp * disp).sum(axis=1))[:, None], 1e-9)
        pos += disp / size * np.minimum(size, step)
        step = max(step - cooling, 0.01)
    pos -= pos.mean(axis=0)
    return {name: (float(pos[i, 0] * EDGE_LENGTH), float(pos[i, 1] * EDGE_LENGTH)) for name, i in index.items()}


def lay_out(graph: ViewGraph) -> None:
    """Set ``x``/``y`` of every node of ``graph`` in place."""
    names = sorted(graph.nodes)
    positions = force_layout(names, [(e.source, e.target) for e in graph.edges])
    for name, (x, y) in positions.items():
        graph.nodes[name].x = round(x, 1)
        graph.nodes[name].y = round(y, 1)
