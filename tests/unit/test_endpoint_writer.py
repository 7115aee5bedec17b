"""A worker's writer on the client's socket: it gives up after its grace and keeps the rest."""

from __future__ import annotations

import socket
import time

from kg.endpoint.handler import _SocketWriter


def test_the_grace_starts_at_the_first_write_not_when_the_request_arrived() -> None:
    ours, client = socket.socketpair()
    with ours, client:
        writer = _SocketWriter(ours, grace=0.05)
        time.sleep(0.1)  # the query ran longer than the grace
        writer.write(b"HTTP/1.1 200 OK\r\n\r\n")
        writer.write(b"{}")
        assert writer.pending == []
        assert client.recv(100) == b"HTTP/1.1 200 OK\r\n\r\n{}"


def test_what_a_client_that_does_not_read_leaves_is_kept_in_order() -> None:
    ours, client = socket.socketpair()
    with ours, client:
        writer = _SocketWriter(ours, grace=0.05)
        body = bytes(range(256)) * 40_000  # 10 MB: more than the socket pair buffers
        started = time.monotonic()
        writer.write(b"head")
        writer.write(body)
        writer.write(b"tail")
        assert time.monotonic() - started < 5.0  # it gave up on the reader, it did not wait for it
        kept = b"".join(writer.pending)
        assert len(kept) > 0 and kept.endswith(b"tail")
        client.setblocking(False)
        taken = b""
        while True:
            try:
                taken += client.recv(1 << 20)
            except BlockingIOError:
                break
        assert taken + kept == b"head" + body + b"tail"
