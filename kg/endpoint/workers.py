"""Query workers: processes that hold the store open, so a runaway query can be stopped.

pyoxigraph cannot interrupt a query, and it holds the GIL while it evaluates one (measured:
two threads running the same query take twice as long as one). So each worker is a process
with its own read-only handle on the store: N workers answer N queries at once on N cores, and
a query past the time limit is ended by killing its worker, which a fresh one replaces.

In update mode there is one worker with the store opened for writing: RocksDB has one writer,
and Oxigraph calls read-only opens beside a writer undefined behaviour.

The parent sends a :class:`~kg.endpoint.execution.Job` down a pipe and waits for the answer with
``poll(time_limit)``; the worker sends back ``("ok", Answer)`` or ``("error", (status, reason))``.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import queue
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

from kg.endpoint.execution import Answer, Job, execute
from kg.errors import EndpointError, KgError, StoreError

log = logging.getLogger(__name__)
_START_TIMEOUT = 60.0


class Executor(Protocol):
    """Something that runs jobs on the store within a time limit (the pool, or in-process)."""

    def run(self, job: Job, time_limit: float) -> Answer: ...


def _die_with_parent() -> None:
    """Linux: have the kernel end this worker when the server dies, even mid-query."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _worker_main(conn: Connection, store_dir: str, writable: bool) -> None:
    """The loop of a worker process.

    A read-only worker sees the store as it was when it opened it; before each job it checks
    the store's generation (:meth:`RdfStore.generation`, rewritten when a writer such as
    ``kg build`` closes the store) and reopens when it changed, so a running server answers
    from what the last build wrote.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    _die_with_parent()
    from kg.store import RdfStore

    path = Path(store_dir)
    try:
        generation = RdfStore.generation(path)
        store = RdfStore(path, read_only=not writable).open()
    except KgError as exc:
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", None))
    try:
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                break
            try:
                current = generation if writable else RdfStore.generation(path)
                if current != generation:
                    store.close()
                    store, generation = RdfStore(path, read_only=True).open(), current
                reply: tuple[str, Any] = ("ok", execute(store, job))
            except EndpointError as exc:
                reply = ("error", (exc.status, str(exc)))
            except KgError as exc:
                reply = ("error", (500, str(exc)))
            conn.send(reply)
    finally:
        store.close()


@dataclass
class _Worker:
    process: Any  # multiprocessing.process.BaseProcess
    conn: Connection

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10)


class WorkerPool:
    """``size`` worker processes over the store at ``store_dir``.

    >>> pool = WorkerPool(Path("no-store-here"), size=1)   # no I/O until start()
    >>> pool.size
    1
    """

    def __init__(self, store_dir: Path, *, size: int, writable: bool = False) -> None:
        self.store_dir = store_dir
        self.size = 1 if writable else max(1, size)
        self.writable = writable
        self._context = multiprocessing.get_context("spawn")  # never fork a threaded server
        # first in, first out: last in, first out keeps a lone client on a warm worker (1.5-2 ms
        # less on 7-14 ms queries) but cost 15 % of the throughput with 2 clients (bench/endpoint.md)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        self._dead: queue.Queue[_Worker | None] = queue.Queue()
        self.restarts = 0

    # ------------------------------------------------------------------ lifecycle

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(child, str(self.store_dir), self.writable), name="kg-query-worker", daemon=True
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        if not parent.poll(_START_TIMEOUT):
            worker.kill()
            raise StoreError(f"{self.store_dir}: a query worker did not start within {_START_TIMEOUT:g} s")
        try:
            tag, detail = parent.recv()
        except (EOFError, OSError) as exc:
            worker.kill()
            raise StoreError(f"{self.store_dir}: a query worker died while opening the store") from exc
        if tag != "ready":
            worker.kill()
            raise StoreError(str(detail))
        with self._lock:
            self._all.append(worker)
        return worker

    def start(self) -> WorkerPool:
        """Start the workers and wait until each has opened the store (raises :class:`StoreError`)."""
        try:
            for _ in range(self.size):
                self._idle.put(self._spawn())
        except KgError:
            self.close()
            raise
        threading.Thread(target=self._restarter, name="kg-worker-restarter", daemon=True).start()
        return self

    def close(self) -> None:
        self._closed.set()
        self._dead.put(None)
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.kill()

    def __enter__(self) -> WorkerPool:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _replace(self, worker: _Worker) -> None:
        """Hand ``worker`` to the restarter, which kills it and starts another (the request answers meanwhile)."""
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        self.restarts += 1
        self._dead.put(worker)

    def _restarter(self) -> None:
        """One long-lived thread starts every replacement: Linux sends PR_SET_PDEATHSIG when the
        *thread* that forked a worker ends, so a short-lived thread's workers would die with it."""
        while (worker := self._dead.get()) is not None:
            worker.kill()
            delay = 0.5
            while not self._closed.is_set():
                try:
                    fresh = self._spawn()
                except KgError as exc:
                    log.error("cannot restart a query worker: %s; retrying in %.0f s", exc, delay)
                    time.sleep(delay)
                    delay = min(delay * 2, 30.0)
                    continue
                if self._closed.is_set():
                    fresh.kill()
                else:
                    self._idle.put(fresh)
                break

    # ------------------------------------------------------------------ work

    def run(self, job: Job, time_limit: float) -> Answer:
        """Run ``job`` in a free worker; a job past ``time_limit`` seconds ends with a 503."""
        try:
            worker = self._idle.get(timeout=time_limit)
        except queue.Empty:
            reason = f"all {self.size} query workers stayed busy for {time_limit:g} s; try again"
            raise EndpointError(503, reason) from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(time_limit):
                self._replace(worker)
                raise EndpointError(503, f"the query ran past the time limit of {time_limit:g} s and was stopped")
            tag, payload = worker.conn.recv()
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise EndpointError(500, f"a query worker died: {exc or type(exc).__name__}") from exc
        self._idle.put(worker)
        if tag == "error":
            status, reason = payload
            raise EndpointError(status, reason)
        answer: Answer = payload
        return answer


class InProcessExecutor:
    """Runs jobs in the calling thread with no time limit (``kg sparql``, unit tests, benchmarks)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def run(self, job: Job, time_limit: float) -> Answer:
        return execute(self.store, job)
