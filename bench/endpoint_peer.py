"""Oxigraph's own SPARQL server as the endpoint benchmark's peer, on the same store in the same run.

``oxigraph serve-read-only`` (the ``oxigraph`` CLI from PyPI, the version of pyoxigraph) opens the
store directory read-only beside ``kg serve``'s workers. It evaluates with the same engine and
writes results with Oxigraph's own serializers, so its counterpart in-process is :func:`native`:
pyoxigraph's evaluation and serializers in the benchmark process, with no row cap.

Our store keeps the merge of the documents' graphs in the default graph (kg/store.py), so the
server runs without ``--union-default-graph``; it knows none of our prefixes, so each query is
sent with :func:`prefixed`.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from kg.store import QUERY_PREFIXES, RdfStore

VERSION = "0.5.13"  # pyoxigraph's pin in pyproject.toml; the dev extras pin the CLI to the same


def prefixed(text: str) -> str:
    """``text`` with the PREFIX lines that ``RdfStore.query`` supplies as options."""
    return "".join(f"PREFIX {name}: <{namespace}>\n" for name, namespace in QUERY_PREFIXES.items()) + text


def native(store: RdfStore, text: str) -> None:
    """Evaluate ``text`` and serialize the whole result with pyoxigraph's own writers (JSON, Turtle)."""
    import pyoxigraph

    result = store.oxigraph.query(text)
    if isinstance(result, pyoxigraph.QueryTriples):
        result.serialize(format=pyoxigraph.RdfFormat.TURTLE)
    else:
        result.serialize(format=pyoxigraph.QueryResultsFormat.JSON)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
        return True
    return False


@contextlib.contextmanager
def oxigraph_server(store_dir: Path) -> Iterator[tuple[str, str] | tuple[None, str]]:
    """Yield ``(url, version)`` of a running ``oxigraph serve-read-only``, or ``(None, reason)``."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if binary is None:
        yield None, f"the oxigraph CLI is not installed (pip install oxigraph=={VERSION})"
        return
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    port = _free_port()
    command = [binary, "serve-read-only", "--location", str(store_dir), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not _listening(port):
            if process.poll() is not None or time.monotonic() > deadline:
                error = process.stderr.read() if process.stderr and process.poll() is not None else "no answer in 60 s"
                yield None, f"{version or binary} did not start: {error.strip()[:200]}"
                return
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/", version
    finally:
        process.terminate()
        process.wait(timeout=30)
