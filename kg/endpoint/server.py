"""The HTTP server: the standard library's ``ThreadingHTTPServer`` in front of :class:`EndpointApp`.

Why the standard library: the work is in the query workers, so the HTTP layer only parses a
request and copies bytes. Measured in bench/endpoint.md, it adds well under the 2 ms budget at
p50, with no dependency to install or keep up. One thread per connection, HTTP/1.1 keep-alive,
an idle connection is dropped after ``IDLE_TIMEOUT`` seconds; past ``max_connections`` open
connections a new one is answered 503 with ``Retry-After`` and closed, so a flood of clients
cannot exhaust the server's threads.
"""

from __future__ import annotations

import json
import signal
import socket
import sys
import threading
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from kg.endpoint.app import STATIC, EndpointApp, Request, Response, error_response
from kg.endpoint.execution import PageHandler
from kg.endpoint.options import EndpointOptions
from kg.endpoint.workers import WorkerPool
from kg.errors import EndpointError

IDLE_TIMEOUT = 60


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    timeout = IDLE_TIMEOUT
    server: EndpointHttpServer

    def setup(self) -> None:
        super().setup()
        # headers and body leave in separate writes: without this, Nagle's algorithm and the
        # client's delayed ACK hold the body back 40 ms (measured: +44 ms per request)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def version_string(self) -> str:
        return self.server_version

    def _handle(self) -> None:
        options = self.server.app.options
        try:
            request = self._read_request(options)
        except EndpointError as exc:
            self.close_connection = True
            self._write(error_response(exc.status, str(exc)))
            return
        self._write(self.server.app.handle(request))

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = _handle

    def _read_request(self, options: EndpointOptions) -> Request:
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
        if self.server.app.options.access_log:
            sys.stderr.write(f"{self.address_string()} {self.log_date_time_string()} {format % args}\n")


class EndpointHttpServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, app: EndpointApp) -> None:
        self.app = app
        self._slots = threading.BoundedSemaphore(app.options.max_connections)
        super().__init__((app.options.host, app.options.port), _Handler)

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        """One thread per connection while a slot is free; past the cap, 503 at once and close."""
        if not self._slots.acquire(blocking=False):
            self._refuse(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def _refuse(self, request: socket.socket) -> None:
        limit = self.app.options.max_connections
        response = error_response(503, f"the server holds its limit of {limit} open connections; try again")
        head = (
            f"HTTP/1.1 503 Service Unavailable\r\nServer: {_Handler.server_version}\r\n"
            f"Content-Type: {response.content_type}\r\nContent-Length: {len(response.body)}\r\n"
            "Retry-After: 1\r\nConnection: close\r\n\r\n"
        )
        try:
            request.settimeout(1.0)
            request.sendall(head.encode("ascii") + response.body)
        except OSError:
            pass
        finally:
            self.shutdown_request(request)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(store_dir: Path, options: EndpointOptions, pages: Mapping[str, PageHandler] | None = None) -> None:
    """Serve the store until interrupted (``kg serve``); ``pages`` adds GET routes such as /view."""
    with WorkerPool(store_dir, size=options.workers, writable=options.updates_enabled) as pool:
        app = EndpointApp(options, pool, pages)
        try:
            server = EndpointHttpServer(app)
        except OSError as exc:
            raise EndpointError(500, f"cannot listen on {options.host}:{options.port}: {exc.strerror}") from exc
        mode = "updates with a bearer token" if options.updates_enabled else "read-only"
        cors = "for " + ", ".join(options.cors_origins) if options.cors_origins else "off"
        print(
            f"Serving {store_dir} at {server.url} (SPARQL: {server.url}sparql, graphs: {server.url}store)\n"
            f"  {mode}; {pool.size} query worker(s), time limit {options.time_limit:g} s, "
            f"at most {options.max_rows} rows, CORS {cors}"
            + "".join(f"\n  {server.url}{path.lstrip('/')}" for path in sorted(pages or {}) if "/" not in path[1:]),
            flush=True,
        )
        if not (STATIC / "vendor" / "yasgui" / "yasgui.min.js").is_file():
            print("  warning: the query page's assets are missing: run scripts/build-assets.sh", file=sys.stderr)
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
