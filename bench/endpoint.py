"""Endpoint benchmark: the named queries over HTTP next to the same queries in-process, same store, same run.

Method in bench/endpoint.md. Stores are built with ``kg build`` from ../shared/corpora/xwlb into
.cache/bench-endpoint/ (incremental: a second run reuses them); ``KG_BENCH_ENDPOINT_SCALES=year``
measures the one-year store only.
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
from collections.abc import Callable
from functools import partial
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import queries
from kg.endpoint.execution import Job, execute
from kg.endpoint.workers import WorkerPool
from kg.errors import KgError
from kg.store import RdfStore

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / ".cache" / "bench-endpoint"
MAX_ROWS = 10_000
TIME_LIMIT = 10.0
BUDGET_SECONDS = 2.0  # per query and mode
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


class _Client:
    """One keep-alive HTTP connection posting form-encoded queries."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)

    def ask(self, text: str) -> tuple[int, bytes]:
        body = urlencode({"query": text})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
        self.connection.request("POST", "/sparql", body=body, headers=headers)
        response = self.connection.getresponse()
        return response.status, response.read()


def _alternated(
    local: Callable[[], object], remote: Callable[[], object], first: float
) -> tuple[list[float], list[float]]:
    """Time ``local`` and ``remote`` in turn, one run each, for about 2 s per mode.

    In turn, not one block after the other: evaluation speed drifts over seconds (other work on the
    2 cores), and a 3 % drift on a 400 ms query is 12 ms that one block would wrongly charge to HTTP.
    """
    count = max(5, min(300, int(BUDGET_SECONDS / max(first, 1e-5))))
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(count):
        for run, out in ((local, samples[0]), (remote, samples[1])):
            started = time.perf_counter()
            run()
            out.append(time.perf_counter() - started)
    return samples


def _start_server(store: Path) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", "0", "--quiet"]
    command += ["--time-limit", str(TIME_LIMIT), "--max-rows", str(MAX_ROWS), "--workers", "2"]
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


def _measure(label: str, store_dir: Path) -> list[str]:
    lines = [f"-- {label}: {store_dir}"]
    with RdfStore(store_dir, read_only=True) as store:
        lines.append(f"   {len(store.documents())} documents, {store.triple_count()} triples")
        process, url = _start_server(store_dir)
        try:
            client = _Client(url)
            header = f"{'in-proc p50':>11} {'p95':>8} {'HTTP p50':>9} {'p95':>8} {'+HTTP p50':>9}"
            lines.append(f"   {'query':34} {'rows':>6} {'kB':>6} {header}")
            overheads: list[float] = []
            cheapest: tuple[float, str] | None = None
            for name in queries.names("sparql"):
                text = queries.load(name, "sparql")
                started = time.perf_counter()
                status, body = client.ask(text)
                first_http = time.perf_counter() - started
                if status != 200:
                    reason = json.loads(body).get("message", "") if body.startswith(b"{") else ""
                    lines.append(f"   {name:34} HTTP {status}: {reason[:70]}")
                    continue
                try:
                    document = json.loads(body)
                    rows = str(len(document["results"]["bindings"]) if "results" in document else 1)
                except ValueError:
                    rows = "graph"  # CONSTRUCT/DESCRIBE: Turtle
                job = Job("query", text, max_rows=MAX_ROWS)
                try:
                    started = time.perf_counter()
                    execute(store, job)
                    first = time.perf_counter() - started
                except KgError as exc:
                    lines.append(f"   {name:34} in-process error: {exc}")
                    continue
                slowest = max(first, first_http)
                local, remote = _alternated(partial(execute, store, job), partial(client.ask, text), slowest)
                overhead = _ms(remote, 0.5) - _ms(local, 0.5)
                overheads.append(overhead)
                if cheapest is None or _ms(local, 0.5) < cheapest[0]:
                    cheapest = (_ms(local, 0.5), name)
                lines.append(
                    f"   {name:34} {rows:>6} {len(body) / 1000:>6.0f} {_ms(local, 0.5):>9.2f}ms "
                    f"{_ms(local, 0.95):>6.2f}ms {_ms(remote, 0.5):>7.2f}ms {_ms(remote, 0.95):>6.2f}ms "
                    f"{overhead:>7.2f}ms"
                )
            if overheads:
                lines.append(f"   HTTP adds {statistics.median(overheads):.2f} ms at p50 (median over the queries)")
            if cheapest is not None:
                text = queries.load(cheapest[1], "sparql")
                for clients in (1, 2, 4):
                    rate, p50, p95 = _throughput(url, text, clients)
                    lines.append(
                        f"   throughput, {cheapest[1]}, {clients} client(s): {rate:.0f} req/s, "
                        f"p50 {p50:.2f} ms, p95 {p95:.2f} ms"
                    )
        finally:
            process.terminate()
            process.wait(timeout=30)
    return lines


def _worker_start(store_dir: Path) -> str:
    started = time.perf_counter()
    with WorkerPool(store_dir, size=1):
        ready = time.perf_counter() - started
    return f"   a query worker starts (spawn + open the store) in {1000 * ready:.0f} ms: the cost after a time-out kill"


def run(shared: Path) -> str:
    wanted = [s.strip() for s in os.environ.get("KG_BENCH_ENDPOINT_SCALES", "year,full").split(",") if s.strip()]
    if not (shared / "corpora" / "xwlb").is_dir():
        return f"   skipped: {shared}/corpora/xwlb is missing"
    lines = [f"   named queries: {', '.join(queries.names('sparql')) or 'none'}"]
    for key in wanted:
        label, store = _ensure_store(key, shared)
        lines += _measure(label, store)
        lines.append(_worker_start(store))
    return "\n".join(lines)
