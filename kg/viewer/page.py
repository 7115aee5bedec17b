"""Write the viewer page: one self-contained HTML file, vis-network and all.

vis-network comes from the copy pyvis ships (``pyvis/lib/vis-9.1.2``), inlined; pyvis's own
templates are not used because even their "in_line" mode still links Bootstrap and
tom-select from CDNs. The page references nothing outside itself, and its Content Security
Policy says so: scripts run only if their hash is listed, so a payload in the data cannot run
even if something were to parse it as HTML, and ``connect-src 'self'`` is only for the
neighbours request of a served page.

The graph data sits in a ``<script type="application/json">`` block with ``<``, ``>`` and
``&`` escaped as ``\\u003c``, ``\\u003e`` and ``\\u0026``, so no text can close the block.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from kg.errors import ConfigError
from kg.viewer.graph import ViewGraph
from kg.viewer.search import pinyin_keys
from kg.viewer.selection import type_counts
from kg.viewer.terms import STYLES, relation_label, type_label

VIS_VERSION = "vis-9.1.2"
_ASSETS = Path(__file__).resolve().parent / "assets"
_SOURCE_MAP = re.compile(r"^\s*//[#@] sourceMappingURL=.*$", re.MULTILINE)


def json_for_html(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` element: ``<``, ``>`` and ``&`` escaped.

    >>> json_for_html({"name": "<img src=x onerror=alert(1)>"})
    '{"name": "\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _inline_script(text: str, name: str) -> str:
    """A script's text made safe to inline: no source-map fetch, nothing that ends the element."""
    text = _SOURCE_MAP.sub("", text)
    lowered = text.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise ConfigError(f"{name}: cannot be inlined (it contains '</script' or '<!--')")
    return text


@cache
def _assets() -> dict[str, str]:
    try:
        vis = resources.files("pyvis").joinpath("lib", VIS_VERSION)
        return {
            "vis_js": _inline_script(vis.joinpath("vis-network.min.js").read_text(encoding="utf-8"), "vis-network"),
            "vis_css": vis.joinpath("vis-network.css").read_text(encoding="utf-8"),
            "viewer_js": _inline_script((_ASSETS / "viewer.js").read_text(encoding="utf-8"), "viewer.js"),
            "viewer_css": (_ASSETS / "viewer.css").read_text(encoding="utf-8"),
            "page": (_ASSETS / "page.html").read_text(encoding="utf-8"),
        }
    except (OSError, ModuleNotFoundError) as exc:
        raise ConfigError(f"the viewer's scripts are missing ({exc}); reinstall with `make install`") from exc


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def payload(graph: ViewGraph) -> dict[str, Any]:
    """The page's data: nodes with positions and search keys, edges, and every node's details.

    The same shape serves the neighbours of a node on a served page (see :mod:`kg.viewer.app`).
    """
    nodes = []
    for node in graph.nodes.values():
        py, ini = pinyin_keys([node.label.split("\n")[0], *node.aliases])
        nodes.append(
            {
                "id": node.iri,
                "type": node.type,
                "label": node.label,
                "aliases": node.aliases,
                "py": py,
                "ini": ini,
                "start": node.start,
                "end": node.end,
                "x": node.x,
                "y": node.y,
            }
        )
    relations = sorted({e.property for e in graph.edges})
    return {
        "nodes": nodes,
        "edges": [{"from": e.source, "to": e.target, "rel": e.property} for e in graph.edges],
        "relations": {p: relation_label(p) for p in relations},
        "evidence": graph.evidence,
        "posts": {
            person: [{"title": p.title, "org": p.organization, "dates": list(p.dates)} for p in held]
            for person, held in graph.posts.items()
        },
        "sentences": {
            s.iri: {"text": s.text, "doc": s.document, "article": s.article} for s in graph.sentences.values()
        },
        "documents": {d.iri: {"title": d.title, "date": d.date, "source": d.source} for d in graph.documents.values()},
    }


def render_html(
    graph: ViewGraph,
    title: str = "简报知识图谱 · 关系图",
    neighbours_url: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> str:
    """The whole page for a laid-out ``graph`` as one HTML string.

    ``neighbours_url`` (a served page only) is where double-clicking a node asks for its
    neighbours (``GET {neighbours_url}?iri=…`` answering :func:`payload`'s shape).
    """
    assets = _assets()
    counts = type_counts(graph)
    data = payload(graph)
    data["meta"] = {
        "title": title,
        "total": graph.total,
        "shown": len(graph.nodes),
        "warnings": graph.warnings,
        "focus": graph.focus,
        "neighboursUrl": neighbours_url,
        "dateFrom": date_from,
        "dateTo": date_to,
    }
    data["types"] = [
        {
            "key": key,
            "label": type_label(key),
            "shape": style.shape,
            "colour": style.colour,
            "symbol": style.symbol,
            "size": style.size,
            "count": counts.get(key, 0),
        }
        for key, style in STYLES.items()
    ]
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_sha256(assets['vis_js'])} {_sha256(assets['viewer_js'])}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "font-src data:",
            "connect-src 'self'" if neighbours_url else "connect-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return Template(assets["page"]).substitute(
        csp=html.escape(csp),
        title=html.escape(title),
        vis_css=assets["vis_css"],
        viewer_css=assets["viewer_css"],
        data=json_for_html(data),
        vis_js=assets["vis_js"],
        viewer_js=assets["viewer_js"],
    )
