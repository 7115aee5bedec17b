"""The ``kg`` command line: a few lines per subcommand over importable functions.

Exit codes: 0 success; 1 an error, or some documents failed (the others were stored);
2 a usage or configuration error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kg.errors import KgError
from kg.models import BuildReport
from kg.progress import progress_bar
from kg.settings import Settings


def _print_failures(report: BuildReport) -> None:
    for failure in report.failed:
        print(f"kg: {failure.source}: {failure.reason}", file=sys.stderr)


def cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    from kg.pipeline import build

    report = build(args.inputs, settings, progress=progress_bar("build"))
    _print_failures(report)
    print(
        f"{len(report.added)} added, {len(report.replaced)} replaced, {len(report.unchanged)} unchanged, "
        f"{len(report.failed)} failed; {report.triples} triples in {settings.store_dir}"
    )
    if report.added or report.replaced or report.unchanged:
        from kg.stats import graph_stats, render_stats

        print(render_stats(graph_stats(settings.store_dir)))
    return 0 if report.ok else 1


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from kg.pipeline import extract_to_json

    report = extract_to_json(args.inputs, args.out, settings, progress=progress_bar("extract"))
    _print_failures(report)
    print(f"{len(report.added)} documents written to {args.out}, {len(report.failed)} failed")
    return 0 if report.ok else 1


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from kg.stats import graph_stats, render_stats

    stats = graph_stats(settings.store_dir)
    if args.json:
        import json

        print(json.dumps(stats, ensure_ascii=False, indent=1))
    else:
        print(render_stats(stats))
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from kg.store import RdfStore

    with RdfStore(settings.store_dir, read_only=True) as store:
        count = store.export(args.format, args.out)
    print(f"wrote {count} {'quads' if args.format in ('nq', 'trig') else 'triples'} to {args.out}")
    return 0


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    from kg.shapes import validate

    result = validate(settings.store_dir)
    print(result.summary)
    return 0 if result.conforms else 1


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    import tempfile

    from kg.evaluation import evaluate
    from kg.pipeline import extract_to_json

    with tempfile.TemporaryDirectory(prefix="kg-eval-") as predictions:
        report = extract_to_json([args.texts], Path(predictions), settings, progress=progress_bar("extract"))
        _print_failures(report)
        print(evaluate(args.gold, Path(predictions)).summary())
    return 0 if report.ok else 1


AddCommand = Callable[[str, Callable[[argparse.Namespace, Settings], int], str], argparse.ArgumentParser]


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="kg", description="Jianbao KG (简报知识图谱): Chinese work bulletins into a knowledge graph."
    )
    top.add_argument("--store", type=Path, help="store directory (default: $KG_STORE or .kg/store)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace, Settings], int], help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.add_argument("--store", type=Path, default=argparse.SUPPRESS, help="store directory")
        command.set_defaults(func=func)
        return command

    p = add("build", cmd_build, "build or update the graph from files and folders (incremental)")
    p.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    p = add("extract", cmd_extract, "write one JSON file of entities per document (eval gold format)")
    p.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p = add("stats", cmd_stats, "counts of the graph's entities, facts and documents")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = add("export", cmd_export, "export the graph as Turtle, N-Triples, JSON-LD, N-Quads or TriG")
    p.add_argument("--format", choices=["ttl", "nt", "jsonld", "nq", "trig"], default="ttl")
    p.add_argument("--out", type=Path, required=True)
    add("validate", cmd_validate, "check the graph against the SHACL shapes")
    p = add("eval", cmd_eval, "score extraction against gold annotations (same figures as score.py)")
    p.add_argument("gold", type=Path, metavar="GOLD_DIR")
    p.add_argument("texts", type=Path, metavar="TEXTS_DIR")
    # the leaves (consumers of the store) register their own subcommands; each module is
    # light to import and imports its heavy libraries inside the command functions
    from kg.endpoint import commands as endpoint_commands
    from kg.mirror import commands as mirror_commands
    from kg.questions import commands as question_commands
    from kg.viewer import commands as viewer_commands

    for module in (question_commands, mirror_commands, endpoint_commands, viewer_commands):
        module.register(add)
    # `kg serve` also serves the viewer: composed here so that the two leaves stay apart
    from kg.pages import served_pages

    sub.choices["serve"].set_defaults(pages=served_pages())
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env().with_store(getattr(args, "store", None))
        code: int = args.func(args, settings)
        return code
    except KgError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
