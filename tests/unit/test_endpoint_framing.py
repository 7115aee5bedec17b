"""Where the dispatcher cuts one whole request off a connection's bytes (kg.endpoint.server)."""

from __future__ import annotations

import pytest

from kg.endpoint.server import _request_end

HEAD = b"POST /sparql HTTP/1.1\r\nHost: x\r\n"


@pytest.mark.parametrize(
    ("data", "end"),
    [
        (b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n", 49),  # no body
        (b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\n", 27),  # the next request stays
        (HEAD + b"Content-Length: 4\r\n\r\nASK{}", 57),  # the body's 4 bytes, not the 5th
        (HEAD + b"content-length:4\r\n\r\nASK{", 56),  # any case, no space
        (HEAD + b"Content-Length: 99999\r\n\r\n", 57),  # over the limit: the head alone, for a 413
        (HEAD + b"Transfer-Encoding: chunked\r\n\r\n4\r\nASK{", 62),  # chunked: the head alone, for a 411
    ],
)
def test_a_whole_request_ends_after_its_head_and_its_declared_body(data: bytes, end: int) -> None:
    assert _request_end(bytearray(data), max_body=1000) == end


@pytest.mark.parametrize(
    "data",
    [
        b"GET /sparql HTTP/1.1\r\nHost: x\r\n",  # the head is not over
        HEAD + b"Content-Length: 10\r\n\r\nASK",  # the body is not all here
        b"",
    ],
)
def test_an_incomplete_request_waits_for_more_bytes(data: bytes) -> None:
    assert _request_end(bytearray(data), max_body=1000) is None
