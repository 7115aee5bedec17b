"""What the graph holds: counts by class, documents, and the most-mentioned entities."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode

import queries
from kg.store import RdfStore
from kg.vocab import CLASSES, FOAF, ORG, SCHEMA


def graph_stats(store_dir: Path) -> dict[str, Any]:
    """Counts of the store at ``store_dir`` (opened read-only)."""
    with RdfStore(store_dir, read_only=True) as store:
        counts = store.class_counts()
        top: dict[str, list[tuple[str, int]]] = {}
        most_mentioned = queries.load("stats-most-mentioned", "sparql")
        for label, cls in (("persons", FOAF.Person), ("organizations", ORG.Organization), ("places", SCHEMA.Place)):
            rows = store.query(queries.bind(most_mentioned, {"class": NamedNode(cls)}))
            top[label] = [(row["name"].value, int(row["n"].value)) for row in rows]
        return {
            "store": str(store_dir),
            "documents": len(store.documents()),
            "triples": store.triple_count(),
            "classes": {CLASSES[iri].label: n for iri, n in counts.items() if iri in CLASSES},
            "most_mentioned": top,
        }


def render_stats(stats: dict[str, Any]) -> str:
    lines = [f"{stats['documents']} documents, {stats['triples']} triples in {stats['store']}"]
    for label, n in sorted(stats["classes"].items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {label:<14} {n:>8}")
    for kind, rows in stats["most_mentioned"].items():
        if rows:
            lines.append(f"  most mentioned {kind}: " + "、".join(f"{name} ({n})" for name, n in rows))
    return "\n".join(lines)
