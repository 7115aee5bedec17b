"""The SPARQL endpoint over real HTTP: standard clients, each status code, the safety limits.

The server is ``kg serve`` started as a process on a free port over a store built from
tests/fixtures/endpoint/graphs.trig; a server that cannot start fails the tests.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlencode, urlsplit

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, Unauthorized

from tests.integration.endpoint_server import (
    GRAPH_21,
    GRAPH_22,
    TOKEN,
    EndpointProcess,
    build_store,
    query,
    start_endpoint,
)

pytestmark = pytest.mark.endpoint
TIME_LIMIT = 2.0
MAX_REQUEST = 4096
# one metric of the W3C Server Timing grammar: a token, then `;dur=` and a number of milliseconds
SERVER_TIMING = re.compile(r"^eval;dur=(\d+(?:\.\d+)?)$")


def _start(store: Path, *args: str, env: dict[str, str] | None = None) -> EndpointProcess:
    try:
        return start_endpoint(store, *args, env=env)
    except (RuntimeError, OSError) as exc:
        pytest.fail(f"the endpoint cannot start: {exc}", pytrace=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("endpoint") / "store")


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[EndpointProcess]:
    process = _start(store, "--time-limit", str(TIME_LIMIT), "--max-request-bytes", str(MAX_REQUEST), "--workers", "2")
    yield process
    process.stop()


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EndpointProcess]:
    store = build_store(tmp_path_factory.mktemp("endpoint-rw") / "store")
    process = _start(store, "--allow-updates", env={"KG_ENDPOINT_TOKEN": TOKEN})
    yield process
    process.stop()


class _Canary(BaseHTTPRequestHandler):
    """A local address that SERVICE and LOAD name: it must never be asked anything."""

    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def canary() -> Iterator[tuple[str, list[str]]]:
    _Canary.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", _Canary.hits
    server.shutdown()
    server.server_close()


def raw(
    server: EndpointProcess, method: str, target: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        connection.request(method, target, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def converted(client: SPARQLWrapper) -> Any:
    """SPARQLWrapper's parsed result (a dict, a DOM, bytes or a string by return format)."""
    return client.queryAndConvert()


# ---------------------------------------------------------------- standard clients


def test_sparqlwrapper_select_in_json_xml_and_csv(server: EndpointProcess) -> None:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query("people-declared"))
    client.setReturnFormat(JSON)
    rows = converted(client)["results"]["bindings"]
    assert [r["name"]["value"] for r in rows] == ["李明", "赵勇"]
    client.setReturnFormat(XML)
    document = converted(client)
    assert "李明" in document.toxml()
    client.setReturnFormat(CSV)
    assert converted(client).decode().splitlines()[1:] == [
        "https://w3id.org/jianbao/id/person/李明,李明",
        "https://w3id.org/jianbao/id/person/赵勇,赵勇",
    ]


def test_sparqlwrapper_construct_and_ask(server: EndpointProcess) -> None:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query("posts"))
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=converted(client), format="turtle")
    assert {str(o) for o in graph.objects()} == {"上海市援青干部联络组组长", "果洛州副州长"}
    client.setQuery(query("ask-visit"))
    client.setReturnFormat(JSON)
    assert converted(client)["boolean"] is True


def test_sparqlwrapper_reports_a_malformed_query(server: EndpointProcess) -> None:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query("malformed"))
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="malformed query"):
        client.queryAndConvert()


def test_rdflib_sparqlstore_reads_the_graph(server: EndpointProcess) -> None:
    remote = SPARQLStore(query_endpoint=server.sparql, returnFormat="json")
    names = sorted(str(row[1]) for row in remote.query(query("people-declared")))  # type: ignore[index]
    assert names == ["李明", "赵勇"]
    answer = remote.query(query("ask-visit"))
    assert answer.askAnswer is True
    graph = remote.query(query("posts")).graph
    assert graph is not None and len(graph) == 2


# ---------------------------------------------------------------- protocol: status codes and content types


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_select_content_types(server: EndpointProcess, accept: str, media: str) -> None:
    target = "/sparql?" + urlencode({"query": query("people")})
    status, headers, body = raw(server, "GET", target, headers={"Accept": accept})
    assert status == 200
    assert headers["content-type"] == f"{media}; charset=utf-8"
    assert "赵勇" in body.decode()


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
    ],
)
def test_construct_content_types(server: EndpointProcess, accept: str, media: str) -> None:
    form = urlencode({"query": query("posts")}).encode()
    status, headers, body = raw(
        server, "POST", "/sparql", form, {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 200
    assert headers["content-type"] == f"{media}; charset=utf-8"
    assert "果洛州副州长" in body.decode()


def test_post_sparql_query_body_with_dataset_parameters(server: EndpointProcess) -> None:
    target = "/sparql?" + urlencode({"named-graph-uri": GRAPH_21})
    headers = {"Content-Type": "application/sparql-query"}
    status, _, body = raw(server, "POST", target, query("graphs").encode(), headers)
    assert status == 200
    assert [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]] == [GRAPH_21]


def test_service_description_and_head(server: EndpointProcess) -> None:
    status, headers, body = raw(server, "GET", "/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert b"sparql-service-description" in body
    status, headers, body = raw(server, "HEAD", "/sparql?" + urlencode({"query": query("people")}))
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


def test_graph_store_protocol_reads_a_documents_graph(server: EndpointProcess) -> None:
    target = "/store?" + urlencode({"graph": GRAPH_22})
    status, headers, body = raw(server, "GET", target, headers={"Accept": "application/n-triples"})
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    graph = rdflib.Graph().parse(data=body.decode(), format="nt")
    assert {str(o) for o in graph.objects(predicate=rdflib.URIRef("https://schema.org/name"))} >= {"李明", "赵勇"}
    assert "玛沁县" not in body.decode()
    missing = "/store?" + urlencode({"graph": "https://w3id.org/jianbao/graph/none"})
    assert raw(server, "GET", missing)[0] == 404


@pytest.mark.parametrize(
    ("method", "target", "body", "headers", "status"),
    [
        ("GET", "/sparql?query=SELECT", b"", {}, 400),
        ("POST", "/sparql", b"ASK {}", {"Content-Type": "text/plain"}, 415),
        ("DELETE", "/sparql", b"", {}, 405),
        ("GET", "/sparql?query=ASK%20%7B%7D", b"", {"Accept": "image/png"}, 406),
        ("GET", "/nothing-here", b"", {}, 404),
        ("POST", "/sparql", b"x" * (MAX_REQUEST + 1), {"Content-Type": "application/sparql-query"}, 413),
        ("GET", "/sparql?query=" + "A" * 70_000, b"", {}, 414),
        ("POST", "/sparql", b"", {"Content-Type": "application/sparql-query", "Transfer-Encoding": "chunked"}, 411),
        ("POST", "/sparql", b"update=CLEAR%20ALL", {"Content-Type": "application/x-www-form-urlencoded"}, 403),
        ("PUT", "/store?default", b"", {"Content-Type": "text/turtle"}, 403),
    ],
)
def test_status_codes_with_json_bodies(
    server: EndpointProcess, method: str, target: str, body: bytes, headers: dict[str, str], status: int
) -> None:
    got, response_headers, response_body = raw(server, method, target, body, headers)
    assert got == status
    assert response_headers["content-type"] == "application/json; charset=utf-8"
    assert json.loads(response_body)["status"] == status


def test_answers_carry_the_evaluation_time_in_server_timing(server: EndpointProcess) -> None:
    form = urlencode({"query": query("people")}).encode()
    requests = [
        ("GET", "/sparql?" + urlencode({"query": query("people")}), b"", {}),
        ("POST", "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"}),
        ("POST", "/sparql", query("posts").encode(), {"Content-Type": "application/sparql-query"}),
        ("GET", "/store?" + urlencode({"graph": GRAPH_22}), b"", {"Accept": "text/turtle"}),
        ("GET", "/store?default", b"", {}),
    ]
    for method, target, body, headers in requests:
        started = time.perf_counter()
        status, response_headers, _ = raw(server, method, target, body, headers)
        elapsed_ms = 1000 * (time.perf_counter() - started)
        assert status == 200, target
        timing = SERVER_TIMING.match(response_headers.get("server-timing", ""))
        assert timing is not None, (target, response_headers)
        # the worker's share of this request: some time, and never more than the whole request
        assert 0 < float(timing.group(1)) <= elapsed_ms


# ---------------------------------------------------------------- safe by default


def test_updates_are_refused_without_the_flag_even_with_a_token(server: EndpointProcess) -> None:
    client = SPARQLWrapper(server.sparql)
    client.setMethod(POST)
    client.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    client.setQuery(query("insert"))
    with pytest.raises(Exception, match="403"):
        client.query()


def test_update_refused_without_the_token_and_accepted_with_it(writable: EndpointProcess) -> None:
    client = SPARQLWrapper(writable.sparql)
    client.setMethod(POST)
    client.setQuery(query("insert"))
    with pytest.raises(Unauthorized):
        client.query()
    client.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    assert client.query().response.status == 204
    reader = SPARQLWrapper(writable.sparql)
    reader.setQuery(query("people-declared"))
    reader.setReturnFormat(JSON)
    names = [r["name"]["value"] for r in converted(reader)["results"]["bindings"]]
    assert names == ["李明", "王芳", "赵勇"]


def test_graph_store_writes_keep_the_default_graph_the_union_of_the_graphs(writable: EndpointProcess) -> None:
    target = "/store?" + urlencode({"graph": "https://w3id.org/jianbao/graph/hand-written"})
    nt = {"Content-Type": "application/n-triples"}
    auth = {**nt, "Authorization": f"Bearer {TOKEN}"}
    zhao = '<https://w3id.org/jianbao/id/person/赵勇> <https://schema.org/name> "赵勇"'  # also in a bulletin's graph
    extra = '<https://example.org/x> <https://schema.org/name> "新"'

    def ask(pattern: str) -> bool:
        params = urlencode({"query": f"ASK {{ {pattern} }}"})
        accept = {"Accept": "application/sparql-results+json"}
        status, _, body = raw(writable, "GET", f"/sparql?{params}", headers=accept)
        assert status == 200
        return bool(json.loads(body)["boolean"])

    assert raw(writable, "PUT", target, f"{zhao} .\n{extra} .\n".encode(), nt)[0] == 401
    assert raw(writable, "PUT", target, f"{zhao} .\n{extra} .\n".encode(), auth)[0] == 201
    assert ask(extra)
    assert raw(writable, "PUT", target, '_:b <https://schema.org/name> "空白" .\n'.encode(), auth)[0] == 204
    assert not ask(extra)  # replaced: gone from the default graph too
    assert ask(zhao)  # still stated by a bulletin's graph
    assert ask('?s <https://schema.org/name> "空白" FILTER isIRI(?s)')  # the blank node, skolemized
    assert raw(writable, "POST", target, f"{extra} .\n".encode(), auth)[0] == 204
    assert ask(extra) and ask('?s <https://schema.org/name> "空白"')
    assert raw(writable, "DELETE", target, headers={"Authorization": f"Bearer {TOKEN}"})[0] == 204
    assert not ask(extra) and not ask('?s <https://schema.org/name> "空白"') and ask(zhao)
    assert raw(writable, "DELETE", target, headers={"Authorization": f"Bearer {TOKEN}"})[0] == 404


def test_service_and_load_are_refused_and_nothing_is_fetched(
    server: EndpointProcess, writable: EndpointProcess, canary: tuple[str, list[str]]
) -> None:
    address, hits = canary
    status, _, body = raw(server, "GET", "/sparql?" + urlencode({"query": query("service", CANARY=address)}))
    assert status == 403 and "SERVICE is refused" in json.loads(body)["message"]
    load = query("load", CANARY=address).encode()
    headers = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
    status, _, body = raw(writable, "POST", "/sparql", load, headers)
    assert status == 403 and "LOAD is refused" in json.loads(body)["message"]
    assert hits == []


def test_time_limit_ends_a_runaway_query_and_the_server_goes_on(server: EndpointProcess) -> None:
    started = time.monotonic()
    status, _, body = raw(server, "GET", "/sparql?" + urlencode({"query": query("expensive")}))
    elapsed = time.monotonic() - started
    assert status == 503
    assert "time limit" in json.loads(body)["message"]
    assert elapsed < TIME_LIMIT + 10  # ended, not run to completion (hours)
    time.sleep(3)  # the killed worker's replacement starts meanwhile (about 0.5 s)
    for _ in range(6):  # the worker that finished last answers first: here the replacement
        status, _, body = raw(server, "GET", "/sparql?" + urlencode({"query": query("ask-visit")}))
        assert status == 200 and json.loads(body)["boolean"] is True


def _workers_of(server: EndpointProcess) -> list[int]:
    """The process ids of the server's query workers (its spawned children, not the resource tracker)."""
    pid = server.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children if b"resource_tracker" not in Path(f"/proc/{c}/cmdline").read_bytes()]


def test_a_worker_that_dies_mid_query_gets_a_500_and_is_replaced(store: Path) -> None:
    import os
    import signal

    serving = _start(store, "--workers", "1", "--time-limit", "60")
    try:
        [worker] = _workers_of(serving)
        answered: list[tuple[int, dict[str, str], bytes]] = []
        asking = threading.Thread(
            target=lambda: answered.append(raw(serving, "GET", "/sparql?" + urlencode({"query": query("expensive")})))
        )
        asking.start()
        time.sleep(1.0)  # the query is running in the worker
        os.kill(worker, signal.SIGKILL)
        asking.join(timeout=30)
        [(status, _, body)] = answered
        assert status == 500 and "died" in json.loads(body)["message"]
        deadline = time.monotonic() + 30
        while (status := raw(serving, "GET", "/sparql?" + urlencode({"query": query("ask-visit")}))[0]) != 200:
            assert time.monotonic() < deadline, f"no fresh worker answered: {status}"
            time.sleep(0.2)
        assert _workers_of(serving) != [worker]
    finally:
        serving.stop()


def test_a_corrupt_store_is_named_with_the_reason_and_nothing_listens(tmp_path: Path) -> None:
    corrupt = build_store(tmp_path / "store")
    (corrupt / "CURRENT").write_text("not a manifest name\n")
    with pytest.raises(RuntimeError) as failed:
        start_endpoint(corrupt, timeout=60)
    assert f"kg: {corrupt}: cannot open the store: Corruption" in str(failed.value)


def test_a_client_that_stops_reading_holds_its_connection_not_a_worker(store: Path) -> None:
    import socket

    rows = 60_000  # about 15 MB of SPARQL JSON: more than the socket buffers hold
    serving = _start(store, "--workers", "1", "--max-rows", str(rows))
    url = urlsplit(serving.url)
    cube = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"  # (triples)³ solutions, cut at `rows`
    try:
        slow = socket.socket()
        slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        slow.connect((url.hostname or "127.0.0.1", url.port or 80))
        slow.sendall(_get("/sparql?" + urlencode({"query": cube})))  # and reads nothing for now
        time.sleep(1.0)
        started = time.monotonic()
        status, _, body = raw(serving, "GET", "/sparql?" + urlencode({"query": query("ask-visit")}))
        assert status == 200 and json.loads(body)["boolean"] is True
        assert time.monotonic() - started < 20  # the one worker was free again (it would wait 60 s)
        slow.settimeout(30)
        response = http.client.HTTPResponse(slow)
        response.begin()
        document = json.loads(response.read())
        assert response.status == 200 and len(document["results"]["bindings"]) == rows
        slow.close()
    finally:
        serving.stop()


def test_connections_past_the_cap_get_503_and_a_freed_slot_serves_again(store: Path) -> None:
    import socket

    capped = _start(store, "--max-connections", "2", "--workers", "1")
    parts = urlsplit(capped.url)
    address = (parts.hostname or "127.0.0.1", parts.port or 80)
    idle = [socket.create_connection(address, timeout=5) for _ in range(2)]  # two idle keep-alive clients
    try:
        time.sleep(0.3)  # both accepted and waiting for a request line
        status, headers, body = raw(capped, "GET", "/sparql?" + urlencode({"query": "ASK {}"}))
        assert status == 503 and headers["retry-after"] == "1"
        assert "limit of 2 open connections" in json.loads(body)["message"]
        idle.pop().close()
        deadline = time.monotonic() + 5
        while (status := raw(capped, "GET", "/sparql?" + urlencode({"query": "ASK {}"}))[0]) == 503:
            assert time.monotonic() < deadline, "the closed connection's slot was never freed"
            time.sleep(0.05)
        assert status == 200
    finally:
        for sock in idle:
            sock.close()
        capped.stop()


def test_a_running_server_answers_from_what_a_later_build_wrote(tmp_path: Path) -> None:
    import pyoxigraph

    from kg.store import RdfStore

    store_dir = build_store(tmp_path / "store")
    serving = _start(store_dir, "--workers", "2", "--time-limit", "2")
    fact = '<https://example.org/later> <https://schema.org/name> "后来"'
    asked = "/sparql?" + urlencode({"query": f"ASK {{ {fact} }}"})
    held = "/sparql?" + urlencode({"query": query("expensive")})

    def ask() -> bool:
        return bool(json.loads(raw(serving, "GET", asked, headers={"Accept": "application/json"})[2])["boolean"])

    def answers() -> set[bool]:
        """Every worker must agree: a lone client gets the worker that finished last; the other
        answers while that one is held by a query that runs to the time limit."""
        seen = {ask()}
        holding = threading.Thread(target=raw, args=(serving, "GET", held))
        holding.start()
        time.sleep(0.5)
        seen.add(ask())
        holding.join(timeout=30)
        return seen

    try:
        assert answers() == {False}
        triple = pyoxigraph.Triple(
            pyoxigraph.NamedNode("https://example.org/later"),
            pyoxigraph.NamedNode("https://schema.org/name"),
            pyoxigraph.Literal("后来"),
        )
        with RdfStore(store_dir) as writer:  # what kg build does, while the server runs
            writer.replace_document("later-doc", [triple])
        assert answers() == {True}
        with RdfStore(store_dir) as writer:
            writer.remove_document("later-doc")
        assert answers() == {False}
    finally:
        serving.stop()


def _responses(data: bytes) -> list[tuple[int, bytes]]:
    """The whole HTTP responses at the start of ``data``, as (status, body); 1xx have no body."""
    found = []
    while b"\r\n\r\n" in data:
        head, rest = data.split(b"\r\n\r\n", 1)
        status = int(head.split(b" ", 2)[1])
        lengths = re.findall(rb"(?im)^content-length:\s*(\d+)", head)
        length = int(lengths[0]) if lengths and status >= 200 else 0
        if len(rest) < length:
            break
        found.append((status, rest[:length]))
        data = rest[length:]
    return found


def _exchange(server: EndpointProcess, parts: list[bytes], answers: int) -> list[tuple[int, bytes]]:
    """Send ``parts`` on one raw connection, each after the server has answered something to the
    last (the first at once), and read until ``answers`` whole responses came or the server closed."""
    import socket

    url = urlsplit(server.url)
    with socket.create_connection((url.hostname or "127.0.0.1", url.port or 80), timeout=10) as sock:
        received = b""
        for index, part in enumerate(parts):
            sock.sendall(part)
            while index < len(parts) - 1 and len(_responses(received)) <= index:
                received += sock.recv(65536)
        while len(_responses(received)) < answers and (chunk := sock.recv(65536)):
            received += chunk
        return _responses(received)


def _get(target: str) -> bytes:
    return f"GET {target} HTTP/1.1\r\nHost: x\r\nAccept: application/sparql-results+json\r\n\r\n".encode()


def test_pipelined_requests_on_one_connection_are_answered_in_order(server: EndpointProcess) -> None:
    asks = [query("ask-visit"), "ASK { <urn:none> ?p ?o }", query("ask-visit")]
    pipelined = b"".join(_get("/sparql?" + urlencode({"query": text})) for text in asks)
    answers = _exchange(server, [pipelined], answers=3)
    booleans = [(status, json.loads(body)["boolean"]) for status, body in answers]
    assert booleans == [(200, True), (200, False), (200, True)]


def test_a_body_sent_after_100_continue_is_answered(server: EndpointProcess) -> None:
    text = query("ask-visit").encode("utf-8")
    head = (
        "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        f"Accept: application/sparql-results+json\r\nExpect: 100-continue\r\nContent-Length: {len(text)}\r\n\r\n"
    ).encode()
    (continued, _), (status, body) = _exchange(server, [head, text], answers=2)
    assert (continued, status, json.loads(body)["boolean"]) == (100, 200, True)


def test_an_oversized_request_head_gets_431_and_the_server_goes_on(server: EndpointProcess) -> None:
    filler = "".join(f"X-Filler-{i}: {'a' * 1000}\r\n" for i in range(120))
    [(status, body)] = _exchange(server, [f"GET /sparql HTTP/1.1\r\nHost: x\r\n{filler}".encode()], answers=1)
    assert status == 431 and "exceeds" in json.loads(body)["message"]
    status, _, _ = raw(server, "GET", "/sparql?" + urlencode({"query": query("ask-visit")}))
    assert status == 200


def test_cors_headers_are_absent_by_default(server: EndpointProcess) -> None:
    target = "/sparql?" + urlencode({"query": query("ask-visit")})
    _, headers, _ = raw(server, "GET", target, headers={"Origin": "https://x.example"})
    assert not any(name.startswith("access-control") for name in headers)


def test_the_viewer_is_served_at_view_with_neighbours(server: EndpointProcess) -> None:
    from urllib.parse import quote

    status, headers, body = raw(server, "GET", "/view?focus=" + quote("赵勇") + "&depth=1")
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode("utf-8")
    assert "赵勇" in page and "/view/neighbours" in page
    iri = quote("https://w3id.org/jianbao/id/person/赵勇", safe="")
    status, headers, body = raw(server, "GET", f"/view/neighbours?iri={iri}")
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert any(node["label"] for node in json.loads(body)["nodes"])
    status, _, body = raw(server, "GET", "/view?focus=" + quote("没有这个人"))
    assert status == 404 and json.loads(body)["status"] == 404
    status, _, _ = raw(server, "POST", "/view")
    assert status == 405
