"""Endpoint benchmark: the named queries over HTTP next to the same queries in-process, same store, same run,
with Oxigraph's own server beside them (bench/endpoint_peer.py).

Method in bench/endpoint.md. Stores are built with ``kg build`` from ../shared/corpora/xwlb into
.cache/bench-endpoint/ (incremental: a second run reuses them); ``KG_BENCH_ENDPOINT_SCALES=year``
measures the one-year store only; ``KG_BENCH_ENDPOINT_WORKERS`` sets ``kg serve --workers`` (2);
``KG_BENCH_ENDPOINT_PARAMS=unbound`` leaves the queries' ``$placeholders`` unbound (default: bound
to values taken from the store, see :func:`_sample_values`).
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlencode, urlsplit

import queries
from bench.endpoint_peer import native, oxigraph_server, prefixed
from kg.endpoint.execution import Job, execute
from kg.endpoint.options import EndpointOptions
from kg.endpoint.workers import WorkerPool
from kg.errors import KgError
from kg.store import QUERY_PREFIXES, RdfStore

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / ".cache" / "bench-endpoint"
MAX_ROWS = 10_000
TIME_LIMIT = 10.0
BUDGET_SECONDS = 2.0  # per query and mode
LAYER_GOAL_MS = 2.0  # issue 5: the HTTP layer adds under 2 ms at p50
# the same for both servers: SPARQL JSON for solutions, Turtle for graphs
ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"
SCALES = {
    "year": ("one year (xwlb 2020)", ["xwlb-2020.jsonl.gz"], {}),
    # the full corpus is built without the statistical tagger, to keep the build under half an hour
    "full": ("full corpus (xwlb 2012-2026, KG_TAGGER=none)", None, {"KG_TAGGER": "none"}),
}


def _ms(seconds: list[float], q: float) -> float:
    ordered = sorted(seconds)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _ensure_store(key: str, shared: Path) -> tuple[str, Path]:
    label, files, env = SCALES[key]
    corpus = shared / "corpora" / "xwlb"
    store = CACHE / key
    inputs = [str(corpus / f) for f in files] if files else sorted(str(p) for p in corpus.glob("xwlb-*.jsonl.gz"))
    command = [sys.executable, "-m", "kg.cli", "build", "--store", str(store), *inputs]
    subprocess.run(command, check=False, env={**os.environ, **env}, stdout=subprocess.DEVNULL, cwd=REPO)
    return label, store


class _Reply(NamedTuple):
    status: int
    body: bytes
    content_type: str
    eval_ms: float | None  # the server's own evaluation time (Server-Timing: eval;dur=…), when it says


def _eval_ms(header: str | None) -> float | None:
    """The ``eval`` metric of a Server-Timing header, in ms."""
    for metric in (header or "").split(","):
        name, *params = (part.strip() for part in metric.split(";"))
        if name == "eval":
            for param in params:
                key, _, value = param.partition("=")
                if key.strip() == "dur":
                    return float(value.strip('" '))
    return None


class _Client:
    """One keep-alive HTTP connection posting form-encoded queries to ``path``."""

    def __init__(self, url: str, path: str = "/sparql") -> None:
        parts = urlsplit(url)
        self.path = path
        self.connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
        self.reconnects = 0

    def ask(self, text: str) -> _Reply:
        body = urlencode({"query": text})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT}
        try:
            self.connection.request("POST", self.path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (ConnectionError, http.client.RemoteDisconnected):
            # the server closes a keep-alive connection left idle for 60 s (a long in-process run
            # at full scale): reconnect once, as any client does; the TCP connect is in the sample
            self.connection.close()
            self.reconnects += 1
            self.connection.request("POST", self.path, body=body, headers=headers)
            response = self.connection.getresponse()
        content = response.read()
        timing = _eval_ms(response.getheader("Server-Timing"))
        return _Reply(response.status, content, response.getheader("Content-Type", ""), timing)


def _rows(reply: _Reply) -> int:
    """Solutions (1 for ASK) in a SPARQL JSON body, triples in a Turtle one."""
    import pyoxigraph

    if reply.content_type.startswith("application/sparql-results+json"):
        document = json.loads(reply.body)
        return len(document["results"]["bindings"]) if "results" in document else 1
    return sum(1 for _ in pyoxigraph.parse(reply.body, format=pyoxigraph.RdfFormat.TURTLE))


@dataclass
class _Samples:
    """One mode's wall times (s) and, for our server, each request's own Server-Timing eval (ms)."""

    seconds: list[float] = field(default_factory=list)
    evals: list[float] = field(default_factory=list)

    def p(self, q: float) -> float:
        return _ms(self.seconds, q)

    def layer_p50(self) -> float:
        """p50 over requests of (HTTP total − that request's eval): the HTTP layer alone."""
        return statistics.median(1000 * s - e for s, e in zip(self.seconds, self.evals, strict=True))


def _alternated(runs: Sequence[Callable[[], float | None]], first: float) -> list[_Samples]:
    """Time each of ``runs`` in turn, one run each, for about 2 s per mode; a run returns the
    server's eval time (ms) when it reports one.

    In turn, not one block after the other: evaluation speed drifts over seconds (other work on the
    2 cores), and a 3 % drift on a 400 ms query is 12 ms that one block would wrongly charge to HTTP.
    Pairs only, a server with its own in-process counterpart: a third run of the same query in the
    benchmark process warms its caches for the in-process run alone (bench/endpoint.md, step 4).
    """
    count = max(5, min(300, int(BUDGET_SECONDS / max(first, 1e-5))))
    samples = [_Samples() for _ in runs]
    for _ in range(count):
        for run, out in zip(runs, samples, strict=True):
            started = time.perf_counter()
            reported = run()
            out.seconds.append(time.perf_counter() - started)
            if reported is not None:
                out.evals.append(reported)
    return samples


class _NotOk(Exception):
    """A timed request answered other than 200 (a query near the time limit that passed it)."""


def _timed_ask(client: _Client, text: str) -> float | None:
    reply = client.ask(text)
    if reply.status != 200:
        raise _NotOk(f"HTTP {reply.status} in a timed run")
    return reply.eval_ms


def _in_process(run: Callable[[], object]) -> None:
    run()


def _start_server(store: Path, workers: int) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", "0", "--quiet"]
    command += ["--time-limit", str(TIME_LIMIT), "--max-rows", str(MAX_ROWS), "--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO)
    assert process.stdout is not None
    for line in process.stdout:
        if " at http://" in line:
            url = line.split(" at ", 1)[1].split()[0]
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return process, url
    raise RuntimeError("kg serve did not start")


def _throughput(url: str, text: str, clients: int, seconds: float = 4.0) -> tuple[float, float, float]:
    """Requests per second, p50 and p95 (ms) with ``clients`` concurrent keep-alive clients."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    stop = time.perf_counter() + seconds

    def loop(index: int) -> None:
        client = _Client(url)
        while time.perf_counter() < stop:
            started = time.perf_counter()
            client.ask(text)
            latencies[index].append(time.perf_counter() - started)

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    merged = [x for part in latencies for x in part]
    return len(merged) / elapsed, _ms(merged, 0.5), _ms(merged, 0.95)


@dataclass(frozen=True)
class _Figures:
    """One query's summary figures (ms)."""

    name: str
    local_p50: float
    overhead: float  # our HTTP p50 − in-process p50
    eval_gap: float  # the worker's Server-Timing eval p50 − in-process p50
    layer: float  # p50 of (HTTP − Server-Timing eval), request by request
    peer_overhead: float | None  # Oxigraph's server p50 − native in-process p50
    peer_vs_ours: float | None  # Oxigraph's server p50 − our HTTP p50


COLUMNS = (
    f"{'rows':>6} {'kB':>6} {'in-proc p50':>11} {'p95':>8} {'HTTP p50':>9} {'p95':>8} {'+HTTP p50':>9} "
    f"{'eval p50':>9} {'layer p50':>9} {'ox native':>9} {'ox HTTP':>9} {'ox +HTTP':>9} {'ox rows':>7}"
)


def _sample_values(store: RdfStore) -> dict[str, Any]:
    """Values for the queries' ``$placeholders``, as an analyst would give them, taken from the store:
    the most mentioned person, place and organization (``stats-most-mentioned``), that person's node,
    the first document's graph, the catalogue's defaults for the rest."""
    import pyoxigraph

    from kg.questions.backends import rdf_term
    from kg.questions.catalogue import Catalogue

    prefixes = QUERY_PREFIXES
    defaults = {
        p.name: rdf_term(p.convert(p.default, q.name), p.type)
        for q in Catalogue.load()
        for p in q.params
        if p.default is not None
    }

    def most_mentioned(cls: str) -> Any:
        text = queries.bind(queries.load("stats-most-mentioned", "sparql"), {"class": pyoxigraph.NamedNode(cls)})
        return next(iter(store.query(text)))["name"]

    person = most_mentioned(prefixes["foaf"] + "Person")
    organization = most_mentioned(prefixes["org"] + "Organization")
    ends = queries.bind(queries.load("shortest-connection-ends", "sparql"), {"name": person})
    return {
        **defaults,
        "person": person,
        "entity": person,
        "name": person,
        "node": next(iter(store.query(ends)))["x"],
        "place": most_mentioned(prefixes["schema"] + "Place"),
        "organization": organization,
        "funder": organization,
        "document": min(store.oxigraph.named_graphs(), key=str),
        "class": pyoxigraph.NamedNode(prefixes["foaf"] + "Person"),
    }


def _query_line(
    store: RdfStore, client: _Client, peer: _Client | None, name: str, values: dict[str, Any]
) -> tuple[str, _Figures | None]:
    """One row of the table: in-process, our HTTP and Oxigraph's server in turn on one query."""
    text = queries.bind(queries.load(name, "sparql"), values)
    started = time.perf_counter()
    reply = client.ask(text)
    slowest = time.perf_counter() - started
    if reply.status != 200:
        reason = json.loads(reply.body).get("message", "") if reply.body.startswith(b"{") else ""
        return f"   {name:34} HTTP {reply.status}: {reason[:70]}", None
    job = Job("query", text, max_rows=MAX_ROWS)
    try:
        started = time.perf_counter()
        execute(store, job)
        slowest = max(slowest, time.perf_counter() - started)
    except KgError as exc:
        return f"   {name:34} in-process error: {exc}", None
    ours = [partial(_in_process, partial(execute, store, job)), partial(_timed_ask, client, text)]
    theirs: list[Callable[[], float | None]] = []
    peer_rows = "-"
    if peer is not None:
        started = time.perf_counter()
        peer_reply = peer.ask(prefixed(text))
        slowest = max(slowest, time.perf_counter() - started)
        if peer_reply.status == 200:
            count = _rows(peer_reply)
            peer_rows = "=" if count == _rows(reply) else str(count)
            peer_text = prefixed(text)
            theirs = [partial(_in_process, partial(native, store, peer_text)), partial(_timed_ask, peer, peer_text)]
        else:
            peer_rows = f"HTTP {peer_reply.status}"
    try:
        local, remote = _alternated(ours, slowest)
        others = _alternated(theirs, slowest) if theirs else []
    except _NotOk as exc:
        return f"   {name:34} {exc} (skipped)", None
    evals = sorted(remote.evals)
    eval_p50 = evals[min(len(evals) - 1, len(evals) // 2)]
    figures = _Figures(
        name,
        local.p(0.5),
        remote.p(0.5) - local.p(0.5),
        eval_p50 - local.p(0.5),
        remote.layer_p50(),
        others[1].p(0.5) - others[0].p(0.5) if others else None,
        others[1].p(0.5) - remote.p(0.5) if others else None,
    )
    peer_cells = (
        f"{others[0].p(0.5):>7.2f}ms {others[1].p(0.5):>7.2f}ms {figures.peer_overhead:>7.2f}ms"
        if others
        else f"{'-':>9} {'-':>9} {'-':>9}"
    )
    line = (
        f"   {name:34} {_rows(reply):>6} {len(reply.body) / 1000:>6.0f} {local.p(0.5):>9.2f}ms "
        f"{local.p(0.95):>6.2f}ms {remote.p(0.5):>7.2f}ms {remote.p(0.95):>6.2f}ms {figures.overhead:>7.2f}ms "
        f"{eval_p50:>7.2f}ms {figures.layer:>7.2f}ms {peer_cells} {peer_rows:>7}"
    )
    return line, figures


def _summary(figures: list[_Figures], peer_version: str) -> list[str]:
    median = statistics.median
    worst = max(figures, key=lambda f: f.layer)
    under = sum(1 for f in figures if f.layer < LAYER_GOAL_MS)
    lines = [
        f"   HTTP adds {median(f.overhead for f in figures):.2f} ms at p50 (median over the queries); "
        f"the worker's eval p50 is {median(f.eval_gap for f in figures):+.2f} ms from in-process (median)",
        f"   layer p50 (HTTP minus the request's own Server-Timing eval): "
        f"median {median(f.layer for f in figures):.2f} ms, max {worst.layer:.2f} ms ({worst.name}); "
        f"{under} of {len(figures)} queries under {LAYER_GOAL_MS:g} ms",
    ]
    peers = [f for f in figures if f.peer_overhead is not None and f.peer_vs_ours is not None]
    if peers:
        lines.append(
            f"   {peer_version} serve-read-only adds {median(f.peer_overhead or 0.0 for f in peers):.2f} ms at p50 "
            f"over native in-process evaluation (median over {len(peers)} queries); its HTTP p50 minus ours: "
            f"median {median(f.peer_vs_ours or 0.0 for f in peers):+.2f} ms"
        )
    return lines


def _measure(label: str, store_dir: Path, workers: int) -> list[str]:
    lines = [f"-- {label}: {store_dir}"]
    with RdfStore(store_dir, read_only=True) as store, oxigraph_server(store_dir) as (peer_url, peer_version):
        lines.append(f"   {len(store.documents())} documents, {store.triple_count()} triples")
        lines.append(f"   kg serve --workers {workers}; peer: {peer_version}" + ("" if peer_url else " (not run)"))
        process, url = _start_server(store_dir, workers)
        try:
            client = _Client(url)
            peer = _Client(peer_url, "/query") if peer_url else None
            figures: list[_Figures] = []
            values = _sample_values(store) if os.environ.get("KG_BENCH_ENDPOINT_PARAMS") != "unbound" else {}
            shown = ", ".join(f"${k}={v}" for k, v in sorted(values.items())) or "none (left unbound)"
            lines.append(f"   parameters: {shown}")
            lines.append(f"   {'query':34} {COLUMNS}")
            for name in queries.names("sparql"):
                line, measured = _query_line(store, client, peer, name, values)
                lines.append(line)
                if measured is not None:
                    figures.append(measured)
            if figures:
                lines += _summary(figures, peer_version)
                cheapest = min(figures, key=lambda f: f.local_p50).name
                text = queries.bind(queries.load(cheapest, "sparql"), values)  # as measured above
                for clients in (1, 2, 4):
                    rate, p50, p95 = _throughput(url, text, clients)
                    lines.append(
                        f"   throughput, {cheapest}, {clients} client(s): {rate:.0f} req/s, "
                        f"p50 {p50:.2f} ms, p95 {p95:.2f} ms"
                    )
        finally:
            process.terminate()
            process.wait(timeout=30)
    return lines


def _worker_start(store_dir: Path) -> str:
    pool = WorkerPool(store_dir, EndpointOptions(), size=1)
    started = time.perf_counter()
    pool.start()
    ready = time.perf_counter() - started
    pool.close()
    return f"   a query worker starts (spawn + open the store) in {1000 * ready:.0f} ms: the cost after a time-out kill"


def run(shared: Path) -> str:
    wanted = [s.strip() for s in os.environ.get("KG_BENCH_ENDPOINT_SCALES", "year,full").split(",") if s.strip()]
    if not (shared / "corpora" / "xwlb").is_dir():
        return f"   skipped: {shared}/corpora/xwlb is missing"
    workers = int(os.environ.get("KG_BENCH_ENDPOINT_WORKERS", "2"))
    lines = [f"   named queries: {', '.join(queries.names('sparql')) or 'none'}"]
    for key in wanted:
        label, store = _ensure_store(key, shared)
        lines += _measure(label, store, workers)
        lines.append(_worker_start(store))
    return "\n".join(lines)
