"""One HTTP request, answered by a query worker on the client's own socket.

The server's dispatcher (:mod:`kg.endpoint.server`) reads a whole request (head and body) off the
connection and hands the bytes, with the connection's descriptor, to an idle worker. The worker
parses them with the standard library's ``BaseHTTPRequestHandler``, routes them through
:class:`~kg.endpoint.app.EndpointApp` and writes the response to the socket itself, so an answer
crosses no pipe and wakes no other process before the client.

Before the first byte of a response goes out the worker takes its *claim*, a lock it shares with
the dispatcher: a dispatcher that ends a query at the time limit takes the same lock before it
kills the worker and answers 503, so a client never gets half of one response and then another.
"""

from __future__ import annotations

import io
import json
import socket
import sys
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from kg.endpoint.app import EndpointApp, Request, Response, error_response
from kg.errors import EndpointError

SERVER_NAME = "kg-serve"
WRITE_GRACE = 0.25  # seconds a worker spends writing one answer before the dispatcher takes the rest


class _SocketWriter:
    """Writes to the client's socket for at most ``grace`` seconds in all; what a client has not
    taken by then is kept (:attr:`pending`) for the dispatcher to send, so that a client that
    stops reading holds a connection, never a worker."""

    def __init__(self, sock: socket.socket, grace: float) -> None:
        self._sock = sock
        self._grace = grace
        self._deadline: float | None = None  # from the first write on
        self.pending: list[bytes] = []

    def write(self, data: bytes) -> int:
        if self._deadline is None:
            self._deadline = time.monotonic() + self._grace
        view, sent = memoryview(data), 0
        while not self.pending and sent < len(view):
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                break
            self._sock.settimeout(remaining)
            try:
                sent += self._sock.send(view[sent:])
            except TimeoutError:
                break
        if sent < len(view):
            self.pending.append(bytes(view[sent:]))
        return len(data)

    def flush(self) -> None:
        pass


class RequestHandler(BaseHTTPRequestHandler):
    """Parses one buffered request and writes its response to ``sock``.

    Built directly, not by ``socketserver``: ``rfile`` is the request the dispatcher read, ``wfile``
    writes to the socket. ``claim`` is called once, before the first byte is written.
    """

    protocol_version = "HTTP/1.1"
    server_version = SERVER_NAME

    def __init__(
        self, app: EndpointApp, data: bytes, sock: socket.socket, client_host: str, claim: Callable[[], None]
    ) -> None:
        self.app = app
        self.rfile = io.BytesIO(data)
        self._writer = _SocketWriter(sock, WRITE_GRACE)
        self.wfile = self._writer  # type: ignore[assignment]
        self.connection = self.request = sock
        self.client_address = (client_host, 0)
        self.close_connection = True
        self._claim = claim
        self._claimed = False

    def answer(self) -> tuple[bool, bytes]:
        """Handle the request: whether the connection stays open for the next one, and the end of
        the answer the client had not taken within ``WRITE_GRACE`` (for the dispatcher to send)."""
        self.handle_one_request()
        return not self.close_connection, b"".join(self._writer.pending)

    def version_string(self) -> str:
        return self.server_version

    def handle_expect_100(self) -> bool:
        return True  # the dispatcher sent "100 Continue" while it waited for the body

    def _handle(self) -> None:
        try:
            request = self._read_request()
        except EndpointError as exc:
            self.close_connection = True
            self._write(error_response(exc.status, str(exc)))
            return
        self._write(self.app.handle(request))

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = _handle

    def _read_request(self) -> Request:
        options = self.app.options
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            raise EndpointError(411, "send the body with a Content-Length, not chunked")
        raw_length = self.headers.get("Content-Length", "0") or "0"
        try:
            length = int(raw_length)
        except ValueError:
            raise EndpointError(400, f"bad Content-Length {raw_length!r}") from None
        if length < 0:
            raise EndpointError(400, f"bad Content-Length {raw_length!r}")
        if length > options.max_request_bytes:
            raise EndpointError(413, f"the request body exceeds the limit of {options.max_request_bytes} bytes")
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        headers = {name.lower(): value for name, value in self.headers.items()}
        return Request(self.command, url.path, url.query, headers, body)

    def end_headers(self) -> None:
        if not self._claimed:
            self._claimed = True
            self._claim()
        super().end_headers()

    def _write(self, response: Response) -> None:
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and response.body:
            self.wfile.write(response.body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors http.server raises itself (414 URI too long, 431 headers, 400 bad request line): JSON too."""
        self.close_connection = True
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Error"
        body = json.dumps({"status": code, "error": phrase, "message": message or explain or phrase}).encode()
        self.send_response(code, message)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        if self.app.options.access_log:
            sys.stderr.write(f"{self.address_string()} {self.log_date_time_string()} {format % args}\n")


def refusal(status: int, message: str, *extra: tuple[str, str]) -> bytes:
    """A whole ``Connection: close`` response the dispatcher writes itself (503s, 431), as bytes.

    >>> refusal(503, "busy", ("Retry-After", "1")).split(b"\\r\\n")[:2]
    [b'HTTP/1.1 503 Service Unavailable', b'Server: kg-serve']
    """
    response = error_response(status, message)
    lines = [
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}",
        f"Server: {SERVER_NAME}",
        f"Content-Type: {response.content_type}",
        f"Content-Length: {len(response.body)}",
        *(f"{name}: {value}" for name, value in extra),
        "Connection: close",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + response.body
