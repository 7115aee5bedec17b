"""Start ``kg serve`` as a real process on a free port, for the endpoint and query-page tests.

The store is built from ``tests/fixtures/endpoint/graphs.trig`` (two documents' named graphs).
A server that cannot start raises :class:`RuntimeError`; the fixtures turn that into a failure.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "endpoint"
QUERIES = FIXTURES / "queries"
GRAPH_21 = "https://w3id.org/jianbao/graph/aid-bulletin-21"
GRAPH_22 = "https://w3id.org/jianbao/graph/aid-bulletin-22"
TOKEN = "test-token-0123456789abcdef"
_BANNER = re.compile(r"at (http://[\d.]+:\d+/)")


def query(name: str, **values: str) -> str:
    """A test query from tests/fixtures/endpoint/queries (``.rq``, or ``.ru`` for updates)."""
    path = QUERIES / f"{name}.rq"
    text = (path if path.is_file() else QUERIES / f"{name}.ru").read_text(encoding="utf-8")
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def load_fixture(store: Any) -> None:
    """Load the fixture into a ``pyoxigraph.Store`` in the layout of kg.store: one named graph per
    document, and the default graph holding their merge."""
    import pyoxigraph

    store.load(path=str(FIXTURES / "graphs.trig"), format=pyoxigraph.RdfFormat.TRIG)
    merged = {quad.triple for quad in store.quads_for_pattern(None, None, None, None)}
    store.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object, pyoxigraph.DefaultGraph()) for t in merged)


def build_store(directory: Path) -> Path:
    """A persistent Oxigraph store holding the fixture's two documents."""
    import pyoxigraph

    store = pyoxigraph.Store(str(directory))
    load_fixture(store)
    store.flush()
    del store
    return directory


@dataclass
class EndpointProcess:
    process: subprocess.Popen[str]
    url: str
    log: list[str] = field(default_factory=list)

    @property
    def sparql(self) -> str:
        return self.url + "sparql"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def start_endpoint(store: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 60) -> EndpointProcess:
    """``kg serve --store STORE --port 0 ARGS``; returns once it listens (its banner names the port)."""
    command = [sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", "0", "--quiet", *args]
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    log: list[str] = []

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            log.append(line)
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            break
        found = _BANNER.search(line)
        if found:
            return EndpointProcess(process, found.group(1), log)
    process.kill()
    process.wait(timeout=15)
    raise RuntimeError(f"`{' '.join(command)}` did not start:\n{''.join(log)}")
