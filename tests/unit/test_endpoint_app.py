"""The endpoint's routes in-process: status codes, content types and bodies (no server, no workers)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode
from xml.etree import ElementTree

import pyoxigraph
import pytest

import queries
from kg.endpoint.app import TIMING_HEADER, TRUNCATED_HEADER, EndpointApp, Request, Response
from kg.endpoint.options import EndpointOptions
from kg.endpoint.workers import InProcessExecutor
from kg.store import RdfStore
from tests.integration.endpoint_server import load_fixture

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "endpoint"
GRAPH_21 = "https://w3id.org/jianbao/graph/aid-bulletin-21"
GRAPH_22 = "https://w3id.org/jianbao/graph/aid-bulletin-22"
TOKEN = "unit-token-0123456789"
FORM = "application/x-www-form-urlencoded"


def text_of(name: str) -> str:
    path = FIXTURES / "queries" / f"{name}.rq"
    return (path if path.is_file() else path.with_suffix(".ru")).read_text(encoding="utf-8")


@pytest.fixture
def store() -> Iterator[RdfStore]:
    with RdfStore(None) as store:
        load_fixture(store.oxigraph)
        yield store


def make_app(store: RdfStore, **options: object) -> EndpointApp:
    return EndpointApp(EndpointOptions(**options), InProcessExecutor(store))  # type: ignore[arg-type]


@pytest.fixture
def app(store: RdfStore) -> EndpointApp:
    return make_app(store)


def get(app: EndpointApp, path: str, accept: str = "", **params: str | list[str]) -> Response:
    headers = {"accept": accept} if accept else {}
    return app.handle(Request("GET", path, urlencode(params, doseq=True), headers))


def post(app: EndpointApp, path: str, body: bytes, content_type: str, query: str = "", **headers: str) -> Response:
    all_headers = {"content-type": content_type, **{k.lower(): v for k, v in headers.items()}}
    return app.handle(Request("POST", path, query, all_headers, body))


def names_in(response: Response) -> list[str]:
    bindings = json.loads(response.body)["results"]["bindings"]
    return [b["name"]["value"] for b in bindings]


# ---------------------------------------------------------------- query forms and result formats


def test_get_select_answers_sparql_json(app: EndpointApp) -> None:
    response = get(app, "/sparql", query=text_of("people"))
    assert response.status == 200
    assert response.content_type == "application/sparql-results+json; charset=utf-8"
    assert names_in(response) == ["李明", "赵勇"]
    assert ("Vary", "Accept") in response.headers
    name, _, duration = dict(response.headers)[TIMING_HEADER].partition(";dur=")
    assert name == "eval" and float(duration) > 0


def test_post_form_and_post_sparql_query_give_the_same_rows(app: EndpointApp) -> None:
    form = post(app, "/sparql", urlencode({"query": text_of("people")}).encode(), FORM)
    direct = post(app, "/sparql", text_of("people").encode(), "application/sparql-query")
    assert form.status == direct.status == 200
    assert names_in(form) == names_in(direct) == ["李明", "赵勇"]


def test_select_as_xml(app: EndpointApp) -> None:
    response = get(app, "/sparql", "application/sparql-results+xml", query=text_of("people"))
    assert response.content_type.startswith("application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ElementTree.fromstring(response.body)
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["person", "name"]
    assert [e.text for e in root.findall(".//r:binding[@name='name']/r:literal", ns)] == ["李明", "赵勇"]


def test_select_as_csv_and_tsv(app: EndpointApp) -> None:
    as_csv = get(app, "/sparql", "text/csv", query=text_of("people"))
    assert as_csv.content_type.startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.body.decode())))
    assert rows == [
        ["person", "name"],
        ["https://w3id.org/jianbao/id/person/李明", "李明"],
        ["https://w3id.org/jianbao/id/person/赵勇", "赵勇"],
    ]
    as_tsv = get(app, "/sparql", format="tsv", query=text_of("people"))
    assert as_tsv.content_type.startswith("text/tab-separated-values")
    assert as_tsv.body.decode().splitlines() == [
        "?person\t?name",
        '<https://w3id.org/jianbao/id/person/李明>\t"李明"',
        '<https://w3id.org/jianbao/id/person/赵勇>\t"赵勇"',
    ]


def test_ask_answers_a_boolean(app: EndpointApp) -> None:
    assert json.loads(get(app, "/sparql", query=text_of("ask-visit")).body) == {"head": {}, "boolean": True}
    xml = get(app, "/sparql", format="xml", query=text_of("ask-visit")).body.decode()
    assert "<boolean>true</boolean>" in xml


@pytest.mark.parametrize(
    ("accept", "media", "parse_as"),
    [
        ("", "text/turtle", pyoxigraph.RdfFormat.TURTLE),
        ("text/turtle", "text/turtle", pyoxigraph.RdfFormat.TURTLE),
        ("application/n-triples", "application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
        ("application/ld+json", "application/ld+json", pyoxigraph.RdfFormat.JSON_LD),
        ("application/rdf+xml", "application/rdf+xml", pyoxigraph.RdfFormat.RDF_XML),
    ],
)
def test_construct_in_each_rdf_format(
    app: EndpointApp, accept: str, media: str, parse_as: pyoxigraph.RdfFormat
) -> None:
    response = get(app, "/sparql", accept, query=text_of("posts"))
    assert response.status == 200
    assert response.content_type == f"{media}; charset=utf-8"
    titles = {t.object.value for t in pyoxigraph.parse(response.body, format=parse_as) if hasattr(t.object, "value")}
    assert titles == {"上海市援青干部联络组组长", "果洛州副州长"}


def test_describe_gives_the_resource(app: EndpointApp) -> None:
    response = get(app, "/sparql", "application/n-triples", query=text_of("describe-zhao"))
    assert "赵勇" in response.body.decode()


# ---------------------------------------------------------------- dataset, service description


def test_default_graph_uri_and_named_graph_uri_choose_the_dataset(app: EndpointApp) -> None:
    def count(**params: str) -> int:
        response = app.handle(Request("GET", "/sparql", urlencode({"query": text_of("count"), **params})))
        assert response.status == 200
        return int(json.loads(response.body)["results"]["bindings"][0]["n"]["value"])

    both = count()
    one = count(**{"default-graph-uri": GRAPH_21})
    other = count(**{"default-graph-uri": GRAPH_22})
    assert 0 < one < both and 0 < other < both
    assert one + other > both  # the default graph is the merge: what both documents state counts once
    named = get(app, "/sparql", query=text_of("graphs"), **{"named-graph-uri": GRAPH_22})
    assert [b["g"]["value"] for b in json.loads(named.body)["results"]["bindings"]] == [GRAPH_22]


def test_service_description_without_a_query(app: EndpointApp) -> None:
    response = app.handle(Request("GET", "/sparql", "", {"host": "kg.example:8000"}))
    assert response.status == 200 and response.content_type.startswith("text/turtle")
    triples = [q.triple for q in pyoxigraph.parse(response.body, format=pyoxigraph.RdfFormat.TURTLE)]
    service = pyoxigraph.NamedNode("http://kg.example:8000/sparql")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert pyoxigraph.Triple(service, pyoxigraph.NamedNode(sd + "endpoint"), service) in triples
    languages = {t.object for t in triples if t.predicate == pyoxigraph.NamedNode(sd + "supportedLanguage")}
    assert languages == {pyoxigraph.NamedNode(sd + "SPARQL11Query")}


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("request_", "status"),
    [
        (Request("GET", "/sparql", urlencode({"query": "SELECT ?x WHERE { ?x"})), 400),
        (Request("GET", "/sparql", urlencode({"query": ["ASK {}", "ASK {}"]}, doseq=True)), 400),
        (Request("GET", "/sparql", urlencode({"query": "ASK {}", "default-graph-uri": "not an iri"})), 400),
        (Request("GET", "/sparql", urlencode({"query": "ASK {}", "format": "yaml"})), 400),
        (Request("GET", "/sparql", urlencode({"update": "CLEAR ALL"})), 400),
        (Request("POST", "/sparql", "", {"content-type": FORM}, b""), 400),
        (Request("POST", "/sparql", "", {"content-type": "text/plain"}, b"ASK {}"), 415),
        (Request("POST", "/sparql", "", {"content-type": "application/sparql-query"}, b"\xff\xfe"), 400),
        (Request("PUT", "/sparql", "", {}, b""), 405),
        (Request("GET", "/sparql", urlencode({"query": "ASK {}"}), {"accept": "image/png"}), 406),
        (Request("GET", "/no-such-page"), 404),
        (Request("GET", "/static/../app.py"), 404),
        (Request("GET", "/store"), 400),
        (Request("GET", "/store", urlencode({"graph": "https://w3id.org/jianbao/graph/nothing"})), 404),
    ],
)
def test_refusals_have_their_status_and_a_json_body(app: EndpointApp, request_: Request, status: int) -> None:
    response = app.handle(request_)
    assert response.status == status
    assert response.content_type == "application/json; charset=utf-8"
    body = json.loads(response.body)
    assert body["status"] == status and body["message"]


def test_malformed_query_carries_the_parsers_message(app: EndpointApp) -> None:
    body = json.loads(get(app, "/sparql", query=text_of("malformed")).body)
    assert body["message"].startswith("malformed query: error at 2:1")


def test_service_and_load_are_refused(app: EndpointApp) -> None:
    service = get(app, "/sparql", query=text_of("service").replace("CANARY", "http://127.0.0.1:9/"))
    assert service.status == 403 and "SERVICE" in json.loads(service.body)["message"]


def test_updates_are_refused_when_the_server_is_read_only(app: EndpointApp, store: RdfStore) -> None:
    before = len(store.oxigraph)
    for request in (
        Request("POST", "/sparql", "", {"content-type": FORM}, urlencode({"update": text_of("insert")}).encode()),
        Request("POST", "/sparql", "", {"content-type": "application/sparql-update"}, text_of("insert").encode()),
        Request("DELETE", "/store", urlencode({"graph": GRAPH_21})),
        Request("PUT", "/store", urlencode({"graph": GRAPH_21}), {"content-type": "text/turtle"}, b""),
    ):
        response = app.handle(request)
        assert response.status == 403, request
    assert len(store.oxigraph) == before


def test_updates_need_the_token_when_enabled(store: RdfStore) -> None:
    app = make_app(store, allow_updates=True, token=TOKEN)
    body = text_of("insert").encode()
    missing = post(app, "/sparql", body, "application/sparql-update")
    wrong = post(app, "/sparql", body, "application/sparql-update", Authorization="Bearer nope")
    assert missing.status == wrong.status == 401
    assert ("WWW-Authenticate", 'Bearer realm="kg", error="invalid_token"') in missing.headers
    done = post(app, "/sparql", body, "application/sparql-update", Authorization=f"Bearer {TOKEN}")
    assert done.status == 204
    assert "王芳" in names_in(get(app, "/sparql", query=text_of("people")))
    load = post(app, "/sparql", text_of("load").encode(), "application/sparql-update", Authorization=f"Bearer {TOKEN}")
    assert load.status == 403


def test_graph_store_writes_with_the_token(store: RdfStore) -> None:
    app = make_app(store, allow_updates=True, token=TOKEN)
    auth = {"content-type": "text/turtle", "authorization": f"Bearer {TOKEN}"}
    target = urlencode({"graph": "https://w3id.org/jianbao/graph/new"})
    turtle = '<https://w3id.org/jianbao/id/person/王芳> <https://schema.org/name> "王芳" .'.encode()
    assert app.handle(Request("PUT", "/store", target, auth, turtle)).status == 201
    assert app.handle(Request("PUT", "/store", target, auth, turtle)).status == 204
    read = app.handle(Request("GET", "/store", target, {"accept": "application/n-triples"}))
    assert read.body.decode().count("王芳") == 2
    assert app.handle(Request("DELETE", "/store", target, auth)).status == 204
    assert app.handle(Request("GET", "/store", target)).status == 404


# ---------------------------------------------------------------- row cap, graph store, page


def test_row_cap_marks_the_cut(store: RdfStore) -> None:
    app = make_app(store, max_rows=5)
    response = get(app, "/sparql", query=text_of("all-triples"))
    document = json.loads(response.body)
    assert len(document["results"]["bindings"]) == 5
    assert document["truncated"]["limit"] == 5
    assert (TRUNCATED_HEADER, "5") in response.headers
    whole = get(make_app(store), "/sparql", query=text_of("all-triples"))
    assert "truncated" not in json.loads(whole.body)
    assert all(name != TRUNCATED_HEADER for name, _ in whole.headers)


def test_graph_store_reads_one_documents_graph(app: EndpointApp) -> None:
    response = get(app, "/store", "application/n-triples", graph=GRAPH_22)
    assert response.status == 200 and response.content_type.startswith("application/n-triples")
    text = response.body.decode()
    assert "李明" in text and "玛沁县" not in text
    union = app.handle(Request("GET", "/store", "default", {"accept": "text/turtle"}))
    assert "李明" in union.body.decode() and "玛沁县" in union.body.decode()


def test_page_config_lists_the_named_queries_and_prefixes(app: EndpointApp) -> None:
    config = json.loads(get(app, "/api/page").body)
    assert [q["name"] for q in config["queries"]] == queries.names("sparql")
    assert config["prefixes"]["jb"] == "https://w3id.org/jianbao/ontology#"
    assert config["endpoint"] == "/sparql" and config["updates"] is False


def test_page_is_served_with_a_policy_that_keeps_it_local(app: EndpointApp) -> None:
    page = get(app, "/")
    assert page.status == 200 and page.content_type.startswith("text/html")
    policy = dict(page.headers)["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "connect-src 'self'" in policy
    assert b"/static/vendor/yasgui/yasgui.min.js" in page.body and b"http" not in page.body.lower().replace(
        b'http-equiv', b''
    )


def test_cors_is_off_unless_configured(store: RdfStore) -> None:
    request = Request("GET", "/sparql", urlencode({"query": text_of("ask-visit")}), {"origin": "https://elsewhere"})
    off = make_app(store).handle(request)
    assert not any(name.startswith("Access-Control") for name, _ in off.headers)
    on = make_app(store, cors_origins=("https://elsewhere",)).handle(request)
    assert ("Access-Control-Allow-Origin", "https://elsewhere") in on.headers
    other = make_app(store, cors_origins=("https://friend",)).handle(request)
    assert not any(name.startswith("Access-Control") for name, _ in other.headers)
