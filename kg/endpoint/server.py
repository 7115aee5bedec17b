"""The HTTP server: one dispatcher thread in front of the query workers, which answer the requests.

The dispatcher is a ``selectors`` loop over the listening socket, the open connections and the
workers' control sockets. It accepts a connection, reads bytes until it holds one whole request
(the head up to the blank line, then ``Content-Length`` bytes of body), and hands the request
with the connection's descriptor to an idle worker, the one that finished last (so a lone client's
queries stay on a warm worker; bench/endpoint.md, "Workers taken in turn"). The worker parses it,
answers it on the socket itself (:mod:`kg.endpoint.handler`) and tells the dispatcher whether
the connection stays open; the dispatcher then watches it for the next request.

Why this shape (measured in bench/endpoint.md): an answer goes from the worker to the client
directly, so a request costs two hand-offs between processes (client → dispatcher → worker →
client) instead of four through a server thread, and the dispatcher's part is a few system
calls, not Python's HTTP parsing.

The dispatcher also keeps the limits a server thread cannot keep once a worker is stuck:

- the **time limit**: a request whose worker has not finished within it is ended — the
  dispatcher takes the worker's claim (so the worker cannot have started writing), kills it,
  answers 503 and closes the connection; a fresh worker replaces it in the background;
- a request waiting for a free worker longer than the time limit is answered 503;
- past ``max_connections`` open connections a new one is answered 503 with ``Retry-After``;
- a connection idle for ``IDLE_TIMEOUT`` seconds is closed; a head over ``MAX_HEAD`` bytes is 431;
- a client that stops reading holds its connection, not a worker: a worker writes for at most
  ``WRITE_GRACE`` (:mod:`kg.endpoint.handler`) and hands the rest of the answer back, and the
  dispatcher sends it as the client takes it (closing the connection after ``IDLE_TIMEOUT``
  without progress).
"""

from __future__ import annotations

import collections
import contextlib
import re
import selectors
import signal
import socket
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.endpoint.app import STATIC
from kg.endpoint.execution import PageHandler
from kg.endpoint.handler import refusal
from kg.endpoint.options import EndpointOptions
from kg.endpoint.workers import Worker, WorkerPool, receive_verdict, send_job
from kg.errors import EndpointError

IDLE_TIMEOUT = 60.0
MAX_HEAD = 96 * 1024  # a request line of up to 64 KiB (a long GET query) and its headers
_CONTENT_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*(\d+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_CHUNKED = re.compile(rb"^transfer-encoding[ \t]*:.*chunked", re.IGNORECASE | re.MULTILINE)
_EXPECT_CONTINUE = re.compile(rb"^expect[ \t]*:[ \t]*100-continue", re.IGNORECASE | re.MULTILINE)
_LISTENER, _WAKE = "listener", "wake"
_WRITING = 5.0  # seconds a worker caught writing at the time limit gets to finish


@dataclass(eq=False)
class _Connection:
    sock: socket.socket
    host: str
    buffer: bytearray = field(default_factory=bytearray)
    last_active: float = 0.0
    waiting_since: float = 0.0
    request: bytes = b""
    continued: bool = False
    outgoing: bytes = b""  # the end of an answer a slow client has not taken, from ``offset`` on
    offset: int = 0
    keep: bool = True  # after ``outgoing``: read the next request, or close


def _request_end(buffer: bytearray, max_body: int) -> int | None:
    """Where the first whole request in ``buffer`` ends, or None until more bytes arrive.

    A request whose body will not be read (chunked, an unreadable or too large Content-Length)
    ends with its head: the worker answers it with an error and closes the connection.

    >>> _request_end(bytearray(b"POST / HTTP/1.1\\r\\nContent-Length: 3\\r\\n\\r\\nabcGET"), 100)
    41
    >>> _request_end(bytearray(b"GET / HTTP/1.1\\r\\n"), 100) is None
    True
    """
    head_end = buffer.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    head_end += 4
    head = bytes(buffer[:head_end])
    if _CHUNKED.search(head):
        return head_end
    found = _CONTENT_LENGTH.search(head)
    if found is None:
        return head_end
    length = int(found.group(1))
    if length > max_body:
        return head_end
    end = head_end + length
    return end if len(buffer) >= end else None


def _send_refusal(sock: socket.socket, status: int, message: str) -> None:
    extra = [("Retry-After", "1")] if status == 503 else []
    with contextlib.suppress(OSError):
        sock.send(refusal(status, message, *extra))
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_WR)
    sock.close()


class Dispatcher:
    """Accepts connections, reads whole requests and hands them to idle workers; keeps the limits."""

    def __init__(self, options: EndpointOptions, pool: WorkerPool, workers: list[Worker]) -> None:
        self.options = options
        self.pool = pool
        self.listener = socket.create_server((options.host, options.port), backlog=128, reuse_port=False)
        self.listener.setblocking(False)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.listener, selectors.EVENT_READ, _LISTENER)
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self.selector.register(self._wake_read, selectors.EVENT_READ, _WAKE)
        pool.on_fresh = self._wake
        self.connections: set[_Connection] = set()
        self.waiting: collections.deque[_Connection] = collections.deque()  # whole requests, no worker yet
        self.idle: collections.deque[Worker] = collections.deque()
        self.busy: set[Worker] = set()
        self._next_sweep = 0.0  # when to look for connections idle past IDLE_TIMEOUT
        for worker in workers:
            self._add_worker(worker)

    @property
    def url(self) -> str:
        host, port = self.listener.getsockname()[:2]
        return f"http://{host!s}:{port}/"

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_write.send(b"w")

    def _add_worker(self, worker: Worker) -> None:
        self.selector.register(worker.ctrl, selectors.EVENT_READ, worker)
        self.idle.append(worker)

    # ------------------------------------------------------------------ the loop

    def serve_forever(self) -> None:
        while True:
            for key, events in self.selector.select(self._timeout()):
                source = key.data
                if source == _LISTENER:
                    self._accept()
                elif source == _WAKE:
                    self._take_fresh()
                elif isinstance(source, Worker):
                    self._finished(source)
                elif events & selectors.EVENT_WRITE:
                    self._write_out(source)
                else:
                    self._read(source)
            self._dispatch()
            self._expire(time.monotonic())

    def _timeout(self) -> float:
        now = time.monotonic()
        soonest = now + IDLE_TIMEOUT
        for worker in self.busy:
            soonest = min(soonest, worker.deadline)
        if self.waiting:
            soonest = min(soonest, self.waiting[0].waiting_since + self.options.time_limit)
        return max(0.0, min(soonest - now, 1.0))

    def _take_fresh(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_read.recv(4096)
        while not self.pool.fresh.empty():
            self._add_worker(self.pool.fresh.get())

    # ------------------------------------------------------------------ connections

    def _accept(self) -> None:
        while True:
            try:
                sock, address = self.listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # out of descriptors, a reset before accept: the next one may do
                return
            sock.setblocking(False)
            # headers and body leave in separate writes: without this, Nagle's algorithm and the
            # client's delayed ACK hold the body back 40 ms (measured: +44 ms per request)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if len(self.connections) >= self.options.max_connections:
                limit = self.options.max_connections
                _send_refusal(sock, 503, f"the server holds its limit of {limit} open connections; try again")
                continue
            connection = _Connection(sock, str(address[0]), last_active=time.monotonic())
            self.connections.add(connection)
            self.selector.register(sock, selectors.EVENT_READ, connection)

    def _read(self, connection: _Connection) -> None:
        try:
            data = connection.sock.recv(1 << 16)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._close(connection)
            return
        if not data:
            self._close(connection)
            return
        connection.buffer += data
        connection.last_active = time.monotonic()
        self._frame(connection)

    def _frame(self, connection: _Connection) -> None:
        """Queue the connection for a worker once its buffer holds a whole request."""
        end = _request_end(connection.buffer, self.options.max_request_bytes)
        if end is None:
            head_end = connection.buffer.find(b"\r\n\r\n")
            if head_end < 0 and len(connection.buffer) > MAX_HEAD:
                self._refuse(connection, 431, f"the request head exceeds {MAX_HEAD} bytes")
            elif head_end >= 0 and not connection.continued and _EXPECT_CONTINUE.search(connection.buffer, 0, head_end):
                connection.continued = True
                with contextlib.suppress(OSError):
                    connection.sock.send(b"HTTP/1.1 100 Continue\r\n\r\n")
            return
        connection.request = bytes(connection.buffer[:end])
        del connection.buffer[:end]
        connection.continued = False
        with contextlib.suppress(KeyError):
            self.selector.unregister(connection.sock)
        connection.waiting_since = time.monotonic()
        self.waiting.append(connection)

    def _refuse(self, connection: _Connection, status: int, message: str) -> None:
        """Answer ``status`` from the dispatcher itself and close the connection."""
        self._forget(connection)
        _send_refusal(connection.sock, status, message)

    def _forget(self, connection: _Connection) -> None:
        self.connections.discard(connection)
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(connection.sock)

    def _close(self, connection: _Connection) -> None:
        self._forget(connection)
        connection.sock.close()

    # ------------------------------------------------------------------ workers

    def _dispatch(self) -> None:
        while self.waiting and self.idle:
            connection = self.waiting.popleft()
            worker = self.idle.pop()  # last in, first out: the warmest worker
            try:
                send_job(worker.ctrl, connection.sock, connection.host, connection.request)
            except OSError:
                self._lose(worker)
                self.waiting.appendleft(connection)
                continue
            worker.job, worker.extended = connection, False
            worker.deadline = time.monotonic() + self.options.time_limit
            self.busy.add(worker)

    def _finished(self, worker: Worker) -> None:
        verdict = receive_verdict(worker.ctrl)
        connection = worker.job
        worker.job = None
        self.busy.discard(worker)
        if verdict is None:  # the worker died
            self._lose(worker)
            if connection is not None:
                self._end(connection, worker, 500, "a query worker died while answering")
            return
        self.idle.append(worker)
        if connection is None:
            return
        connection.keep, rest = verdict
        connection.last_active = time.monotonic()
        if rest:  # the client is slow to read: the dispatcher sends the rest as it takes it
            connection.outgoing, connection.offset = rest, 0
            self.selector.register(connection.sock, selectors.EVENT_WRITE, connection)
        else:
            self._next_request(connection)

    def _write_out(self, connection: _Connection) -> None:
        try:
            sent = connection.sock.send(memoryview(connection.outgoing)[connection.offset :])
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._close(connection)
            return
        connection.offset += sent
        connection.last_active = time.monotonic()
        if connection.offset == len(connection.outgoing):
            connection.outgoing, connection.offset = b"", 0
            self.selector.unregister(connection.sock)
            self._next_request(connection)

    def _next_request(self, connection: _Connection) -> None:
        """After a whole answer: close, or wait for the next request (already here when pipelined)."""
        if not connection.keep:
            self._close(connection)
            return
        self.selector.register(connection.sock, selectors.EVENT_READ, connection)
        if connection.buffer:
            self._frame(connection)

    def _lose(self, worker: Worker) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(worker.ctrl)
        with contextlib.suppress(ValueError):
            self.idle.remove(worker)
        self.busy.discard(worker)
        self.pool.replace(worker)

    def _end(self, connection: _Connection, worker: Worker, status: int, message: str) -> None:
        """Answer ``status`` for a request whose worker is gone, unless it had begun its own answer."""
        if worker.claim.acquire(False):
            self._refuse(connection, status, message)
        else:
            self._close(connection)

    def _expire(self, now: float) -> None:
        limit = self.options.time_limit
        for worker in [w for w in self.busy if w.deadline <= now]:
            if not worker.extended and not worker.claim.acquire(False):
                # it is writing its answer, which its write grace (handler.WRITE_GRACE) bounds
                worker.extended, worker.deadline = True, now + _WRITING
                continue
            connection, worker.job = worker.job, None
            self._lose(worker)
            if connection is None:
                continue
            if worker.extended:  # stuck while writing: the answer is already half sent
                self._close(connection)
            else:  # the claim is ours, so nothing of the worker's answer went out
                self._refuse(connection, 503, f"the query ran past the time limit of {limit:g} s and was stopped")
        while self.waiting and self.waiting[0].waiting_since + limit <= now:
            message = f"all {self.pool.size} query workers stayed busy for {limit:g} s; try again"
            self._refuse(self.waiting.popleft(), 503, message)
        if now < self._next_sweep:
            return
        self._next_sweep = now + 1.0
        answering = {w.job for w in self.busy} | set(self.waiting)
        for connection in [c for c in self.connections if c.last_active + IDLE_TIMEOUT <= now]:
            if connection not in answering:
                self._close(connection)

    def close(self) -> None:
        for connection in list(self.connections):
            self._close(connection)
        self.selector.close()
        self.listener.close()
        self._wake_read.close()
        self._wake_write.close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(store_dir: Path, options: EndpointOptions, pages: Mapping[str, PageHandler] | None = None) -> None:
    """Serve the store until interrupted (``kg serve``); ``pages`` adds GET routes such as /view."""
    pool = WorkerPool(store_dir, options, size=options.workers, writable=options.updates_enabled, pages=pages)
    workers = pool.start()
    try:
        try:
            dispatcher = Dispatcher(options, pool, workers)
        except OSError as exc:
            raise EndpointError(500, f"cannot listen on {options.host}:{options.port}: {exc.strerror}") from exc
        url = dispatcher.url
        mode = "updates with a bearer token" if options.updates_enabled else "read-only"
        cors = "for " + ", ".join(options.cors_origins) if options.cors_origins else "off"
        print(
            f"Serving {store_dir} at {url} (SPARQL: {url}sparql, graphs: {url}store)\n"
            f"  {mode}; {pool.size} query worker(s), time limit {options.time_limit:g} s, "
            f"at most {options.max_rows} rows, CORS {cors}"
            + "".join(f"\n  {url}{path.lstrip('/')}" for path in sorted(pages or {}) if "/" not in path[1:]),
            flush=True,
        )
        if not (STATIC / "vendor" / "yasgui" / "yasgui.min.js").is_file():
            print("  warning: the query page's assets are missing: run scripts/build-assets.sh", file=sys.stderr)
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            dispatcher.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            dispatcher.close()
    finally:
        pool.close()
