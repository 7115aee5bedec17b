"""Query workers: processes that hold the store open and answer requests, so a runaway query can be stopped.

pyoxigraph cannot interrupt a query, and it holds the GIL while it evaluates one (measured:
two threads running the same query take twice as long as one). So each worker is a process
with its own read-only handle on the store: N workers answer N requests at once on N cores, and
a request past the time limit is ended by killing its worker, which a fresh one replaces.

In update mode there is one worker with the store opened for writing: RocksDB has one writer,
and Oxigraph calls read-only opens beside a writer undefined behaviour.

The dispatcher (:mod:`kg.endpoint.server`) talks to a worker over a Unix socket pair:

- the worker says ``R`` when it has opened the store (or ``F`` and the reason, and exits);
- the dispatcher sends a job: the client's socket as a passed descriptor (``SCM_RIGHTS``) and
  ``<length><host length><host><request bytes>``;
- the worker answers the request on that socket itself (:mod:`kg.endpoint.handler`) and says
  ``k`` (keep the connection) or ``c`` (close it), then ``<length><bytes>``: the end of the answer
  a slow client had not taken within the worker's grace, which the dispatcher sends on.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import queue
import signal
import socket
import struct
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kg.endpoint.execution import Answer, Job, PageHandler, execute
from kg.errors import KgError, StoreError

if TYPE_CHECKING:
    from kg.endpoint.options import EndpointOptions

log = logging.getLogger(__name__)
_START_TIMEOUT = 60.0
_HEADER = struct.Struct("!IH")  # request length, client host length
VERDICT = struct.Struct("!cQ")  # keep or close, length of the answer's end left to send
READY, FAILED, KEEP, CLOSE = b"R", b"F", b"k", b"c"


class Executor(Protocol):
    """Something that runs jobs on the store within a time limit (in a worker: in-process)."""

    def run(self, job: Job, time_limit: float) -> Answer: ...


class InProcessExecutor:
    """Runs jobs in the calling thread with no time limit of its own (a worker, whose limit the
    dispatcher enforces by killing it; ``kg sparql``; unit tests; benchmarks)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def run(self, job: Job, time_limit: float) -> Answer:
        return execute(self.store, job)


def _die_with_parent() -> None:
    """Linux: have the kernel end this worker when the server dies, even mid-query."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _receive_job(ctrl: socket.socket) -> tuple[socket.socket, str, bytes] | None:
    """The next job from the dispatcher, or None when it has gone."""
    data, fds, _flags, _address = socket.recv_fds(ctrl, 1 << 16, 1)
    if not data or not fds:
        return None
    client = socket.socket(fileno=fds[0])
    head = data
    if len(head) < _HEADER.size:
        head += _receive_exactly(ctrl, _HEADER.size - len(head)) or b""
    if len(head) < _HEADER.size:
        client.close()
        return None
    length, host_length = _HEADER.unpack_from(head)
    missing = _HEADER.size + host_length + length - len(head)
    rest = _receive_exactly(ctrl, missing) if missing else b""
    if rest is None:
        client.close()
        return None
    payload = head[_HEADER.size :] + rest
    return client, payload[:host_length].decode("ascii", "replace"), payload[host_length:]


def receive_verdict(ctrl: socket.socket) -> tuple[bool, bytes] | None:
    """A worker's word on the request it answered: keep the connection?, and the answer's end still
    to send; None when the worker has died."""
    head = _receive_exactly(ctrl, VERDICT.size)
    if head is None:
        return None
    verdict, length = VERDICT.unpack(head)
    rest = _receive_exactly(ctrl, length) if length else b""
    return None if rest is None else (verdict == KEEP, rest)


def _receive_exactly(ctrl: socket.socket, size: int) -> bytes | None:
    chunks, have = [], 0
    while have < size:
        try:
            chunk = ctrl.recv(min(size - have, 1 << 20))
        except OSError:
            return None
        if not chunk:
            return None
        chunks.append(chunk)
        have += len(chunk)
    return b"".join(chunks)


def send_job(ctrl: socket.socket, client: socket.socket, host: str, request: bytes) -> None:
    """Hand ``request`` and the connection it came on to the worker at the other end of ``ctrl``."""
    encoded = host.encode("ascii", "replace")
    message = _HEADER.pack(len(request), len(encoded)) + encoded + request
    sent = socket.send_fds(ctrl, [message], [client.fileno()])
    if sent < len(message):
        ctrl.sendall(message[sent:])


def _worker_main(
    ctrl: socket.socket,
    claim: Any,
    store_dir: str,
    writable: bool,
    options: EndpointOptions,
    pages: Mapping[str, PageHandler],
) -> None:
    """The loop of a worker process.

    A read-only worker sees the store as it was when it opened it; before each request it checks
    the store's generation (:meth:`RdfStore.generation`, rewritten when a writer such as
    ``kg build`` closes the store) and reopens when it changed, so a running server answers
    from what the last build wrote.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    _die_with_parent()
    from kg.endpoint.app import EndpointApp
    from kg.endpoint.handler import RequestHandler
    from kg.store import RdfStore

    path = Path(store_dir)
    try:
        generation = RdfStore.generation(path)
        store = RdfStore(path, read_only=not writable).open()
    except KgError as exc:
        ctrl.sendall(FAILED + str(exc).encode("utf-8", "replace"))
        return
    except Exception as exc:  # RocksDB's own errors (a corrupt store) come as RuntimeError
        ctrl.sendall(FAILED + f"{path}: cannot open the store: {exc}".encode("utf-8", "replace"))
        return
    executor = InProcessExecutor(store)
    app = EndpointApp(options, executor, pages)

    def take_claim() -> None:
        if not claim.acquire(False):  # the dispatcher ended this request at the time limit
            signal.pause()  # and is killing this process

    ctrl.sendall(READY)
    try:
        while True:
            try:
                job = _receive_job(ctrl)
            except OSError:
                break
            if job is None:
                break
            client, host, request = job
            try:
                current = generation if writable else RdfStore.generation(path)
                if current != generation:
                    store.close()
                    store, generation = RdfStore(path, read_only=True).open(), current
                    executor.store = store
                keep, rest = RequestHandler(app, request, client, host, take_claim).answer()
            except (OSError, KgError) as exc:
                log.warning("a request from %s ended: %s", host, exc)
                keep, rest = False, b""
            except Exception:  # the worker must live on, whatever broke
                log.exception("a request from %s ended with an unexpected error", host)
                keep, rest = False, b""
            finally:
                client.close()  # this process's copy; the dispatcher keeps the connection
            ctrl.sendall(VERDICT.pack(KEEP if keep else CLOSE, len(rest)) + rest)
            with contextlib.suppress(ValueError):
                claim.release()
    finally:
        store.close()


@dataclass(eq=False)
class Worker:
    """One worker process, its end of the socket pair, and the claim lock it shares with the dispatcher."""

    process: Any  # multiprocessing.process.BaseProcess
    ctrl: socket.socket
    claim: Any  # multiprocessing.synchronize.Lock
    job: Any = None  # the dispatcher's record of the connection being answered
    deadline: float = 0.0
    extended: bool = False

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.ctrl.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10)


class WorkerPool:
    """Starts ``size`` workers over the store at ``store_dir`` and replaces those that end.

    The dispatcher owns the workers while they live; it hands a dead or killed one to
    :meth:`replace`, and a background thread starts its successor and puts it on :attr:`fresh`,
    then calls ``on_fresh`` (the dispatcher's wake-up).

    >>> from kg.endpoint.options import EndpointOptions
    >>> pool = WorkerPool(Path("no-store-here"), EndpointOptions(), size=1)   # no I/O until start()
    >>> pool.size
    1
    """

    def __init__(
        self,
        store_dir: Path,
        options: EndpointOptions,
        *,
        size: int,
        writable: bool = False,
        pages: Mapping[str, PageHandler] | None = None,
    ) -> None:
        self.store_dir = store_dir
        self.options = options
        self.pages = dict(pages or {})
        self.size = 1 if writable else max(1, size)
        self.writable = writable
        self._context = multiprocessing.get_context("spawn")  # never fork a threaded server
        self.fresh: queue.SimpleQueue[Worker] = queue.SimpleQueue()
        self.on_fresh: Any = lambda: None
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._all: list[Worker] = []
        self._dead: queue.SimpleQueue[Worker | None] = queue.SimpleQueue()
        self.restarts = 0

    def _spawn(self) -> Worker:
        parent, child = socket.socketpair()
        claim = self._context.Lock()
        process = self._context.Process(
            target=_worker_main,
            args=(child, claim, str(self.store_dir), self.writable, self.options, self.pages),
            name="kg-query-worker",
            daemon=True,
        )
        process.start()
        child.close()
        worker = Worker(process, parent, claim)
        parent.settimeout(_START_TIMEOUT)
        try:
            first = parent.recv(1 << 16)
        except TimeoutError:
            worker.kill()
            raise StoreError(f"{self.store_dir}: a query worker did not start within {_START_TIMEOUT:g} s") from None
        except OSError as exc:
            worker.kill()
            raise StoreError(f"{self.store_dir}: a query worker died while opening the store: {exc}") from exc
        parent.settimeout(None)
        if first != READY:
            worker.kill()
            if first.startswith(FAILED):
                raise StoreError(first[1:].decode("utf-8", "replace"))
            raise StoreError(f"{self.store_dir}: a query worker died while opening the store")
        with self._lock:
            self._all.append(worker)
        return worker

    def start(self) -> list[Worker]:
        """Start the workers and wait until each has opened the store (raises :class:`StoreError`)."""
        workers: list[Worker] = []
        try:
            for _ in range(self.size):
                workers.append(self._spawn())
        except KgError:
            self.close()
            raise
        threading.Thread(target=self._restarter, name="kg-worker-restarter", daemon=True).start()
        return workers

    def close(self) -> None:
        self._closed.set()
        self._dead.put(None)
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.kill()

    def replace(self, worker: Worker) -> None:
        """Kill ``worker`` (in the background) and start another in its place."""
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        with contextlib.suppress(Exception):
            worker.process.kill()
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
                    self.fresh.put(fresh)
                    self.on_fresh()
                break
