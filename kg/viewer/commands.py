"""Subcommands of this leaf, registered on the ``kg`` command line."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import ConfigError
from kg.viewer.graph import MAX_NODES

if TYPE_CHECKING:
    from kg.cli import AddCommand
    from kg.settings import Settings


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def cmd_view(args: argparse.Namespace, settings: Settings) -> int:
    from kg.store import RdfStore
    from kg.viewer.app import render_view
    from kg.viewer.graph import ViewRequest
    from kg.viewer.terms import parse_types

    request = ViewRequest(
        focus=args.focus,
        depth=args.depth,
        types=parse_types(args.types),
        date_from=args.date_from,
        date_to=args.date_to,
        max_nodes=args.max_nodes,
    )
    with RdfStore(settings.store_dir, read_only=True) as store:
        text, graph = render_view(store, request)
    out: Path = args.out
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{out}: cannot write the page: {exc}") from exc
    for warning in graph.warnings:
        print(f"kg: warning: {warning}", file=sys.stderr)
    print(f"wrote {out}: {len(graph.nodes)} nodes, {len(graph.edges)} relationships ({len(text) // 1024} KiB)")
    return 0


def register(add: AddCommand) -> None:
    """Add ``kg view``."""
    p = add("view", cmd_view, "write the relationship viewer: one self-contained, offline HTML file")
    p.add_argument("--focus", metavar="NAME|IRI", help="centre on this node (name, alias or IRI)")
    p.add_argument("--depth", type=int, default=2, help="relationships away from the focus (default 2)")
    p.add_argument(
        "--types",
        nargs="+",
        metavar="TYPE",
        help="node types to draw: Person Organization Place Post Event (all events) Meeting Visit Training "
        "Signing AidDelivery Project Partnership",
    )
    p.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="leave out events and posts before")
    p.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="leave out events and posts after")
    p.add_argument("--max-nodes", type=int, default=MAX_NODES, help="larger selections become a focused subgraph")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.html")
