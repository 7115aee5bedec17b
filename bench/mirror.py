"""Mirror throughput: our Neo4jMirror against rdflib-neo4j, same triples, same server, same run.

Method (bench/mirror.md): one year of ../shared/corpora/xwlb is built by the pipeline
(`kg build`) into a temporary store; a scratch Neo4j (port KG_BENCH_NEO4J_PORT, default 7689,
data in .cache/neo4j-bench) is started if it is not running. Then, ROUNDS times and
alternately, the database is wiped (data, constraints and indexes) and loaded by
  - Neo4jMirror.push(): reads the store, writes nodes and relationships with provenance;
  - rdflib-neo4j 1.1 (Neo4jStore, batching on, IGNORE vocabulary strategy): the store's
    distinct triples, already converted to rdflib terms (conversion timed apart), added to
    an rdflib Graph backed by the Neo4j store, then closed (which flushes its buffers).
The best time of each is reported, with triples per second (the store's distinct triples)
and nodes plus relationships per second (counted in Neo4j after the load).
Then the floor: the same graph written as import CSVs (`kg neo4j csv`, timed) and loaded
FLOOR_ROUNDS (at least 5) times by Neo4j's own offline importer in one warm JVM (bench/ImportFloor.java), with
the stop and start of the DBMS that an import into a running Community server needs.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
YEAR = os.environ.get("KG_BENCH_MIRROR_YEAR", "2013")
ROUNDS = int(os.environ.get("KG_BENCH_MIRROR_ROUNDS", "3"))
FLOOR_ROUNDS = max(ROUNDS, 5)  # the importer's first rounds in a fresh JVM are 2-4x slower (JIT)
PORT = int(os.environ.get("KG_BENCH_NEO4J_PORT", "7689"))
PASSWORD = os.environ.get("KG_BENCH_NEO4J_PASSWORD", "jianbao-bench-password")
HOME = REPO / ".cache" / "neo4j-bench"


@dataclass
class Load:
    seconds: float
    nodes: int
    relationships: int


def _server_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(NEO4J_BOLT_PORT=str(PORT), JIANBAO_NEO4J_HOME=str(HOME), NEO4J_PASSWORD=PASSWORD)
    return env


def _start_server() -> bool:
    """Start the scratch server unless it answers; True when this run started it."""
    from kg.errors import Neo4jError
    from kg.mirror.client import Neo4jClient

    try:
        Neo4jClient(f"bolt://127.0.0.1:{PORT}", "neo4j", PASSWORD, retry_seconds=5).connect().close()
        return False
    except Neo4jError:
        pass
    HOME.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [str(REPO / "scripts" / "neo4j-up.sh")], env=_server_env(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"cannot start the benchmark Neo4j: {done.stdout}{done.stderr}")
    return True


def _counts(client: Any) -> tuple[int, int]:
    import queries

    row = client.read(queries.load("neo4j-counts", "cypher"))[0]
    return int(row["nodes"]), int(row["relationships"])


def _ours(store: Any, client: Any) -> Load:
    from kg.mirror.mirror import Neo4jMirror, wipe_database

    wipe_database(client)
    started = time.perf_counter()
    Neo4jMirror(store, client).push()
    seconds = time.perf_counter() - started
    nodes, rels = _counts(client)
    return Load(seconds, nodes - 1, rels)  # less the mirror's state node


def _rdflib_triples(store: Any) -> list[tuple[Any, Any, Any]]:
    import pyoxigraph
    import rdflib

    def term(t: Any) -> Any:
        if isinstance(t, pyoxigraph.NamedNode):
            return rdflib.URIRef(t.value)
        if isinstance(t, pyoxigraph.Literal):
            if t.language:
                return rdflib.Literal(t.value, lang=t.language)
            return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))
        return rdflib.BNode(str(t))

    return [(term(t.subject), term(t.predicate), term(t.object)) for t in store.triples()]


def _theirs(triples: list[tuple[Any, Any, Any]], client: Any, uri: str) -> Load:
    import rdflib
    from rdflib_neo4j import HANDLE_VOCAB_URI_STRATEGY, Neo4jStore, Neo4jStoreConfig

    from kg.mirror.mirror import wipe_database

    wipe_database(client)
    config = Neo4jStoreConfig(
        auth_data={"uri": uri, "database": "neo4j", "user": "neo4j", "pwd": PASSWORD},
        handle_vocab_uri_strategy=HANDLE_VOCAB_URI_STRATEGY.IGNORE,
        batching=True,
    )
    with contextlib.redirect_stdout(io.StringIO()):  # it prints its open/close state
        started = time.perf_counter()
        graph = rdflib.Graph(store=Neo4jStore(config=config))
        for triple in triples:
            graph.add(triple)
        graph.close(True)
        seconds = time.perf_counter() - started
    nodes, rels = _counts(client)
    return Load(seconds, nodes, rels)


def _timed_push(store: Any, client: Any) -> float:
    from kg.mirror.mirror import Neo4jMirror

    started = time.perf_counter()
    Neo4jMirror(store, client).push()
    return time.perf_counter() - started


def _rebuild_one(store: Any) -> str:
    """Rebuild the store's largest document without its last tenth of triples (as a re-extraction might)."""
    import pyoxigraph

    from kg import iris
    from kg.vocab import JB

    sizes = {d: sum(1 for _ in store.oxigraph.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(iris.graph(d))))
             for d in store.documents()[:200]}  # fmt: skip
    doc_id = max(sizes, key=lambda d: sizes[d])
    graph = pyoxigraph.NamedNode(iris.graph(doc_id))
    triples = [q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, graph)]
    kept = [t for t in triples if t.predicate.value != JB.contentHash][: int(len(triples) * 0.9)]
    digest = pyoxigraph.Triple(
        pyoxigraph.NamedNode(iris.document(doc_id)), pyoxigraph.NamedNode(JB.contentHash), pyoxigraph.Literal("rebuilt")
    )
    store.replace_document(doc_id, [*kept, digest])
    return doc_id


@dataclass
class Floor:
    csv_seconds: float
    import_seconds: list[float]
    restart_seconds: list[float]  # stop + start of the DBMS around each import
    nodes: int
    relationships: int


def _import_floor(store: Any, tmp: Path) -> Floor:
    """Write the import CSVs, then time Neo4j's offline importer on them (bench/ImportFloor.java)."""
    import re

    from kg.mirror.admin_csv import write_import_csv

    started = time.perf_counter()
    write_import_csv(store, tmp / "csv")
    csv_seconds = time.perf_counter() - started
    java = shutil.which("java") or "java"
    command = [
        java, "-Xmx2g", "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED", "-Dio.netty.tryReflectionSetAccessible=true",
        "-cp", str(REPO / "neo4j-launcher" / "target" / "lib" / "*"), str(REPO / "bench" / "ImportFloor.java"),
        str(tmp / "csv"), str(tmp / "neo4j-floor"), str(FLOOR_ROUNDS),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    rounds = [dict(re.findall(r"(\w+)=(\d+)", line)) for line in done.stdout.splitlines() if line.startswith("round")]
    if done.returncode != 0 or not rounds:
        raise RuntimeError(f"the import floor failed: {done.stderr[-2000:]}")
    return Floor(
        csv_seconds,
        [int(r["import_ms"]) / 1000 for r in rounds],
        [(int(r["stop_ms"]) + int(r["start_ms"])) / 1000 for r in rounds],
        int(rounds[-1]["nodes"]),
        int(rounds[-1]["relationships"]),
    )


def run(shared: Path) -> str:
    from kg.mirror.client import Neo4jClient
    from kg.pipeline import build
    from kg.settings import Settings
    from kg.store import RdfStore

    corpus = shared / "corpora" / "xwlb" / f"xwlb-{YEAR}.jsonl.gz"
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-mirror-") as tmp:
        prebuilt = os.environ.get("KG_BENCH_MIRROR_STORE")  # reuse a store built from the same year
        settings = Settings.from_env().with_store(Path(tmp) / "store")
        started = time.perf_counter()
        if prebuilt:
            shutil.copytree(prebuilt, settings.store_dir)  # copied: the run rebuilds one document in it
            lines.append(f"   store: copy of {prebuilt} (KG_BENCH_MIRROR_STORE, built beforehand from {corpus.name})")
        else:
            report = build([corpus], settings)
            lines.append(
                f"   store: {corpus.name} built by `kg build` in {time.perf_counter() - started:.0f} s: "
                f"{len(report.added)} documents, {report.triples} distinct triples"
            )
        started_server = _start_server()
        uri = f"bolt://127.0.0.1:{PORT}"
        try:
            with Neo4jClient(uri, "neo4j", PASSWORD) as client:
                with RdfStore(settings.store_dir, read_only=True) as store:
                    triples = store.triple_count()
                    started = time.perf_counter()
                    rdflib_triples = _rdflib_triples(store)
                    conversion = time.perf_counter() - started
                    ours: list[Load] = []
                    theirs: list[Load] = []
                    for _ in range(ROUNDS):
                        ours.append(_ours(store, client))
                        theirs.append(_theirs(rdflib_triples, client, uri))
                    _ours(store, client)  # the mirror as pushed, for the incremental pushes below
                    noop = _timed_push(store, client)
                    floor = _import_floor(store, Path(tmp))
                with RdfStore(settings.store_dir) as store:
                    doc_id = _rebuild_one(store)
                    one = _timed_push(store, client)
        finally:
            if started_server:
                subprocess.run([str(REPO / "scripts" / "neo4j-down.sh")], env=_server_env(), check=False)
    best_ours = min(ours, key=lambda load: load.seconds)
    best_theirs = min(theirs, key=lambda load: load.seconds)
    lines.append(f"   Neo4j 5.26 embedded (scratch server on port {PORT}), best of {ROUNDS} rounds each, alternating")
    lines.append(f"   {'loader':<26}{'seconds':>9}{'triples/s':>12}{'nodes':>9}{'rels':>9}{'(n+r)/s':>10}")
    for name, load in (("Neo4jMirror.push", best_ours), ("rdflib-neo4j 1.1", best_theirs)):
        entities = load.nodes + load.relationships
        lines.append(
            f"   {name:<26}{load.seconds:>9.1f}{triples / load.seconds:>12,.0f}{load.nodes:>9,}"
            f"{load.relationships:>9,}{entities / load.seconds:>10,.0f}"
        )
    lines.append(
        f"   speed-up: {best_theirs.seconds / best_ours.seconds:.1f}x on triples/s "
        f"({(best_theirs.seconds + conversion) / best_ours.seconds:.1f}x counting rdflib-neo4j's term conversion, "
        f"{conversion:.1f} s); all rounds ours {[round(x.seconds, 1) for x in ours]}, "
        f"theirs {[round(x.seconds, 1) for x in theirs]}"
    )
    best_import = min(floor.import_seconds)
    restart = min(floor.restart_seconds)
    lines.append(
        f"   {'floor: neo4j import tool':<26}{best_import:>9.1f}{triples / best_import:>12,.0f}{floor.nodes:>9,}"
        f"{floor.relationships:>9,}{(floor.nodes + floor.relationships) / best_import:>10,.0f}"
    )
    lines.append(
        f"   floor: Neo4j's offline importer alone, warm JVM, best of {[round(x, 1) for x in floor.import_seconds]} s; "
        f"+ {floor.csv_seconds:.1f} s to write the CSVs from the store, + {restart:.1f} s to stop and start the DBMS "
        f"= {floor.csv_seconds + best_import + restart:.1f} s for a bulk route; 10x rdflib-neo4j needs "
        f"{best_theirs.seconds / 10:.2f} s"
    )
    lines.append(
        f"   incremental: a push with nothing changed {noop:.2f} s; "
        + f"after rebuilding one document ({doc_id}) {one:.2f} s"
    )
    return "\n".join(lines)
