"""Subcommands of this leaf, registered on the ``kg`` command line: ``kg serve`` and ``kg sparql``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.cli import AddCommand
    from kg.settings import Settings


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from kg.endpoint.options import options_from
    from kg.endpoint.server import serve

    options = options_from(
        host=args.host,
        port=args.port,
        time_limit=args.time_limit,
        max_rows=args.max_rows,
        max_request_bytes=args.max_request_bytes,
        workers=args.workers,
        max_connections=args.max_connections,
        allow_updates=args.allow_updates,
        token_file=args.token_file,
        cors=args.cors,
        access_log=not args.quiet,
    )
    serve(settings.store_dir, options, pages=getattr(args, "pages", None))
    return 0


def cmd_sparql(args: argparse.Namespace, settings: Settings) -> int:
    from kg.endpoint.local import run_local_query

    text = sys.stdin.read() if args.query == "-" else args.query
    output = "json" if args.json else "csv" if args.csv else "table"
    print(run_local_query(settings.store_dir, text, output))
    return 0


def register(add: AddCommand) -> None:
    """Add ``kg serve`` and ``kg sparql``."""
    p = add("serve", cmd_serve, "serve the store: SPARQL 1.1 endpoint at /sparql, graphs at /store, query page at /")
    p.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default 8000; 0 picks a free one)")
    p.add_argument(
        "--time-limit", type=float, default=None, help="seconds a query may run ($KG_ENDPOINT_TIME_LIMIT, 10)"
    )
    p.add_argument("--max-rows", type=int, default=None, help="rows a result may hold ($KG_ENDPOINT_MAX_ROWS, 10000)")
    p.add_argument(
        "--max-request-bytes", type=int, default=None, help="bytes a request body may hold ($KG_ENDPOINT_MAX_REQUEST)"
    )
    p.add_argument("--workers", type=int, default=None, help="query worker processes ($KG_ENDPOINT_WORKERS, cores)")
    p.add_argument(
        "--max-connections",
        type=int,
        default=None,
        help="open client connections at once; more get 503 ($KG_ENDPOINT_MAX_CONNECTIONS, 64)",
    )
    p.add_argument(
        "--allow-updates",
        action="store_true",
        help="accept SPARQL Update and graph writes from clients with the bearer token ($KG_ENDPOINT_TOKEN)",
    )
    p.add_argument("--token-file", type=Path, default=None, help="file holding the bearer token for updates")
    p.add_argument("--cors", default=None, help="origins allowed by CORS, comma-separated, or * ($KG_ENDPOINT_CORS)")
    p.add_argument("--quiet", action="store_true", help="no access log")
    p = add("sparql", cmd_sparql, "run a SPARQL query on the embedded store (a table, or --json / --csv)")
    p.add_argument("query", metavar="QUERY", help="the query text, or - to read it from standard input")
    output = p.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="SPARQL JSON results (JSON-LD for graphs)")
    output.add_argument("--csv", action="store_true", help="SPARQL CSV results")
