"""Subcommands of the Neo4j leaf: ``kg neo4j push|status|csv`` and ``kg cypher``."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from kg.progress import progress_bar

if TYPE_CHECKING:
    from kg.cli import AddCommand
    from kg.settings import Settings


def register(add: AddCommand) -> None:
    """Add ``neo4j`` (with push, status, csv) and ``cypher``."""
    p = add("neo4j", cmd_neo4j, "mirror the graph into Neo4j (push, status, csv); NEO4J_URI/USER/PASSWORD")
    sub = p.add_subparsers(dest="neo4j_command", required=True, metavar="ACTION")
    push = sub.add_parser("push", help="push what changed in the store since the last push (incremental)")
    push.add_argument("--full", action="store_true", help="clear the mirror and push everything")
    status = sub.add_parser("status", help="server, counts per label and relationship type, last push")
    status.add_argument("--json", action="store_true", help="print JSON")
    csv = sub.add_parser(
        "csv",
        help="write node and relationship CSVs for Neo4j's offline importer (a first load of a large store)",
        description="Write nodes.csv, relationships.csv and nodes-state.csv for `neo4j-admin database import "
        "full`, or for the embedded server: `NEO4J_IMPORT_DIR=DIR make neo4j-up` (stopped first). "
        "A later `kg neo4j push` goes on incrementally from the imported state.",
    )
    csv.add_argument("--out", required=True, help="output folder")
    p = add("cypher", cmd_cypher, "run your own Cypher query on Neo4j in a read-only transaction")
    p.add_argument("query", metavar="CYPHER", help="the Cypher text; write values as $name and pass --param name=…")
    p.add_argument(
        "--param", action="append", default=[], metavar="K=V", help="a parameter; V is read as JSON, else as text"
    )
    p.add_argument("--json", action="store_true", help="print JSON")


def parse_params(pairs: list[str]) -> dict[str, Any]:
    """``["n=3", "name=赵勇", 'ids=["a"]']`` → ``{"n": 3, "name": "赵勇", "ids": ["a"]}``."""
    from kg.errors import ConfigError

    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--param {pair!r}: expected KEY=VALUE")
        try:
            params[key.strip()] = json.loads(raw)
        except ValueError:
            params[key.strip()] = raw
    return params


def cmd_neo4j(args: argparse.Namespace, settings: Settings) -> int:
    if args.neo4j_command == "push":
        return _push(args, settings)
    if args.neo4j_command == "status":
        return _status(args, settings)
    return _csv(args, settings)


def _push(args: argparse.Namespace, settings: Settings) -> int:
    from kg.mirror.client import Neo4jClient
    from kg.mirror.mirror import Neo4jMirror
    from kg.store import RdfStore

    with RdfStore(settings.store_dir, read_only=True) as store, Neo4jClient.from_settings(settings) as client:
        report = Neo4jMirror(store, client).push(full=args.full, progress=progress_bar("push", unit="row"))
    print(f"{settings.neo4j_uri}: {report.summary()}")
    return 0


def _status(args: argparse.Namespace, settings: Settings) -> int:
    from dataclasses import asdict

    from kg.mirror.client import Neo4jClient
    from kg.mirror.mirror import mirror_status

    with Neo4jClient.from_settings(settings) as client:
        status = mirror_status(client)
    if args.json:
        print(json.dumps(asdict(status), ensure_ascii=False, indent=1))
        return 0
    print(f"server      {status.agent} at {status.address} (database {settings.neo4j_database})")
    print(f"last push   {status.last_push or 'never'}" + (f" from {status.store}" if status.store else ""))
    if status.last_summary:
        print(f"            {status.last_summary}")
    print(f"documents   {status.documents}" + (f" ({len(status.pending)} pending)" if status.pending else ""))
    print("labels      " + ", ".join(f"{k} {v}" for k, v in status.labels.items()))
    print("rel. types  " + ", ".join(f"{k} {v}" for k, v in status.relationship_types.items()))
    return 1 if status.pending else 0


def _csv(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from kg.mirror.admin_csv import write_import_csv
    from kg.store import RdfStore

    with RdfStore(settings.store_dir, read_only=True) as store:
        written = write_import_csv(store, Path(args.out))
    print(
        f"wrote {written.nodes} nodes and {written.relationships} relationships "
        f"({written.documents} documents) to {args.out}"
    )
    print(f"import into the embedded server: make neo4j-down && NEO4J_IMPORT_DIR={args.out} make neo4j-up")
    print(f"or into a stopped server of your own: {written.command}")
    return 0


def cmd_cypher(args: argparse.Namespace, settings: Settings) -> int:
    from kg.mirror.client import Neo4jClient
    from kg.questions.answers import Answer

    params = parse_params(args.param)
    with Neo4jClient.from_settings(settings) as client:
        records = client.read(args.query, params, query="kg cypher")
    columns = list(records[0]) if records else []
    answer = Answer.from_records(columns, records)
    print(answer.render("json" if args.json else "table"))
    return 0


