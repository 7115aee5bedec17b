"""Subcommands of the questions leaf: ``kg ask`` and ``kg analyze``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.cli import AddCommand
    from kg.questions.answers import Answer
    from kg.settings import Settings


def register(add: AddCommand) -> None:
    """Add ``ask`` and ``analyze``."""
    p = add("ask", cmd_ask, "answer a question of the catalogue (kg ask --list) on the store or on Neo4j")
    p.add_argument("question", nargs="?", metavar="QUESTION", help="a question name from `kg ask --list`")
    p.add_argument("--param", action="append", default=[], metavar="K=V", help="a parameter of the question")
    p.add_argument("--backend", choices=["embedded", "neo4j"], default="embedded", help="default: embedded")
    p.add_argument("--list", action="store_true", help="print the catalogue")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON")
    fmt.add_argument("--csv", action="store_true", help="print CSV")
    p = add("analyze", cmd_analyze, "graph measures on the people/organization/place projection; GraphML/GEXF")
    p.add_argument("--out", type=Path, help="write the Markdown report here (default: print it)")
    p.add_argument("--top", type=int, default=10, help="how many ranked nodes to show (default 10)")
    p.add_argument("--ego", metavar="NAME", help="also report the ego network of this node")
    p.add_argument("--path", nargs=2, metavar=("FROM", "TO"), help="also report the shortest paths between two nodes")
    p.add_argument("--graphml", type=Path, help="export the projection as GraphML")
    p.add_argument("--gexf", type=Path, help="export the projection as GEXF (Gephi)")


def render_catalogue() -> str:
    from kg.questions.catalogue import Catalogue

    lines = []
    for question in Catalogue.load():
        lines.append(f"{question.name}  {question.usage()}".rstrip())
        lines.append(f"    {question.zh}")
        lines.append(f"    {question.en}")
    return "\n".join(lines)


def ask(name: str, raw_params: dict[str, str], backend: str, settings: Settings) -> Answer:
    """Answer question ``name`` with ``raw_params`` (text) on ``backend`` ("embedded" or "neo4j")."""
    from kg.questions.backends import EmbeddedBackend, Neo4jBackend
    from kg.questions.catalogue import Catalogue

    question = Catalogue.load()[name]
    values = question.bind(raw_params)
    if backend == "neo4j":
        from kg.mirror.client import Neo4jClient

        with Neo4jClient.from_settings(settings) as client:
            return Neo4jBackend(client).ask(question, values)
    from kg.store import RdfStore

    with RdfStore(settings.store_dir, read_only=True) as store:
        return EmbeddedBackend(store).ask(question, values)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from kg.errors import ConfigError

    if args.list:
        print(render_catalogue())
        return 0
    if not args.question:
        raise ConfigError("kg ask: name a question (see `kg ask --list`)")
    raw: dict[str, str] = {}
    for pair in args.param:
        key, sep, value = pair.partition("=")
        if not sep:
            raise ConfigError(f"--param {pair!r}: expected KEY=VALUE")
        raw[key.strip()] = value
    answer = ask(args.question, raw, args.backend, settings)
    print(answer.render("json" if args.json else "csv" if args.csv else "table"))
    return 0


def cmd_analyze(args: argparse.Namespace, settings: Settings) -> int:
    from kg.questions import analytics, projection
    from kg.store import RdfStore

    with RdfStore(settings.store_dir, read_only=True) as store:
        graph = projection.project(store)
    extra: list[str] = []
    if args.ego:
        ego = analytics.ego(graph, args.ego)
        names = sorted(graph.nodes[n]["name"] for n in ego if graph.nodes[n]["name"] != args.ego)
        extra += [f"## Ego network of {args.ego} ({len(names)} neighbours)", "", "、".join(names), ""]
    if args.path:
        paths = analytics.shortest_paths(graph, args.path[0], args.path[1])
        extra += [f"## Shortest paths from {args.path[0]} to {args.path[1]}", ""]
        extra += [" → ".join(p) for p in paths] or ["(not connected)"]
    report = analytics.render_report(analytics.analyse(graph, args.top), extra)
    if args.graphml:
        projection.write_graphml(graph, args.graphml)
        print(f"wrote {args.graphml}", file=sys.stderr)
    if args.gexf:
        projection.write_gexf(graph, args.gexf)
        print(f"wrote {args.gexf}", file=sys.stderr)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(report, end="")
    return 0
