"""The endpoint's routes, independent of the HTTP server: a :class:`Request` in, a :class:`Response` out.

=========================  =====================================================================
``/``                      the query page (``static/index.html``)
``/static/…``              its scripts and styles, YASGUI among them (built by scripts/build-assets.sh)
``/api/page``              what the page needs: prefixes, named queries, limits (JSON)
``/sparql``                SPARQL 1.1 Protocol: query (GET, POST form, POST sparql-query), update
                           (POST form, POST sparql-update; 403 unless enabled), service description
``/store``                 SPARQL 1.1 Graph Store Protocol, ``?graph=<iri>`` or ``?default``
``/view`` …                pages composed in by ``kg serve`` (the relationship viewer), run in the workers
=========================  =====================================================================

Every answer from the store carries ``Server-Timing: eval;dur=<ms>``: the time the worker spent
evaluating and serializing. Every :class:`~kg.errors.KgError` becomes a status code and a JSON body
``{"status": 400, "error": "Bad Request", "message": "…"}``.
"""

from __future__ import annotations

import hmac
import json
import logging
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import queries
from kg.endpoint.execution import Answer, Job, PageHandler
from kg.endpoint.formats import negotiate
from kg.endpoint.options import EndpointOptions
from kg.endpoint.results import write_graph
from kg.endpoint.workers import Executor
from kg.errors import EndpointError, KgError, QueryError
from kg.store import QUERY_PREFIXES

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
SERVICE_DESCRIPTION = HERE / "service.ttl"
SD_SUPPORTED_LANGUAGE = "http://www.w3.org/ns/sparql-service-description#supportedLanguage"
SD_SPARQL11_UPDATE = "http://www.w3.org/ns/sparql-service-description#SPARQL11Update"
TRUNCATED_HEADER = "Kg-Truncated"
# W3C Server Timing: how long the store's work took (``eval;dur=<ms>``), so a client can tell
# evaluation from the HTTP layer and the network
TIMING_HEADER = "Server-Timing"
# The page and its assets come from this server only; the browser enforces it.
PAGE_SECURITY = (
    ("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
     "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
)
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query_string: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    @property
    def media_type(self) -> str:
        return self.header("content-type").split(";")[0].strip().lower()


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)


def error_response(status: int, message: str) -> Response:
    """The JSON body every refusal carries."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    body = json.dumps({"status": status, "error": phrase, "message": message}, ensure_ascii=False).encode("utf-8")
    response = Response(status, body, "application/json; charset=utf-8")
    if status == 401:
        response.headers.append(("WWW-Authenticate", 'Bearer realm="kg", error="invalid_token"'))
    return response


def _parse_form(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError as exc:
        raise EndpointError(400, f"the parameters are not UTF-8: {exc}") from exc


def _first(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[0] if values else None


def _utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EndpointError(400, f"the {what} is not UTF-8: {exc}") from exc


def _iris(values: list[str], parameter: str) -> tuple[str, ...]:
    import pyoxigraph

    for value in values:
        try:
            pyoxigraph.NamedNode(value)
        except ValueError as exc:
            raise EndpointError(400, f"{parameter}: {value!r} is not an absolute IRI") from exc
    return tuple(values)


def named_queries() -> list[dict[str, str]]:
    """The SPARQL files of queries/ as the page's menu: name, title (the file's first comment), text."""
    items = []
    for name in queries.names("sparql"):
        try:
            text = queries.load(name, "sparql")
        except QueryError:
            continue
        comments = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
        items.append({"name": name, "title": comments[0] if comments else name, "text": text})
    return items


class EndpointApp:
    """Routes requests; jobs on the store go to ``executor`` (the worker pool, or in-process)."""

    def __init__(
        self, options: EndpointOptions, executor: Executor, pages: Mapping[str, PageHandler] | None = None
    ) -> None:
        self.options = options
        self.executor = executor
        self.pages = dict(pages or {})  # extra GET routes composed in by `kg serve` (the viewer)

    # ------------------------------------------------------------------ entry point

    def handle(self, request: Request) -> Response:
        try:
            response = self._route(request)
        except EndpointError as exc:
            response = error_response(exc.status, str(exc))
        except KgError as exc:
            response = error_response(500, str(exc))
        except Exception:  # the server must answer, whatever broke
            log.exception("unexpected error on %s %s", request.method, request.path)
            response = error_response(500, "internal error (see the server's log)")
        self._add_cors(request, response)
        return response

    def _route(self, request: Request) -> Response:
        path = request.path
        if path == "/sparql":
            return self.sparql(request)
        if path == "/store":
            return self.graph_store(request)
        if request.method == "OPTIONS":
            return self._options(request, "GET, HEAD, OPTIONS")
        if path in ("/", "/index.html"):
            return self._static(request, "index.html")
        if path.startswith("/static/"):
            return self._static(request, path[len("/static/") :])
        if path == "/api/page":
            self._allow(request, "GET", "HEAD")
            return self._json(self.page_config())
        if path in self.pages:
            self._allow(request, "GET", "HEAD")
            job = Job("page", request.query_string, page=self.pages[path])
            response = self._answer(self.executor.run(job, self.options.time_limit))
            # these pages bring their own Content-Security-Policy (inline, self-contained)
            response.headers += [(k, v) for k, v in PAGE_SECURITY if k != "Content-Security-Policy"]
            return response
        raise EndpointError(404, f"nothing at {path}: the SPARQL endpoint is /sparql, the query page /")

    # ------------------------------------------------------------------ helpers

    def _allow(self, request: Request, *methods: str) -> None:
        if request.method not in methods:
            raise EndpointError(405, f"{request.method} is not allowed here; use {', '.join(methods)}")

    def _json(self, value: Any) -> Response:
        return Response(200, json.dumps(value, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _add_cors(self, request: Request, response: Response) -> None:
        origin = request.header("origin")
        allowed = self.options.cors_origins
        if not origin or not allowed or ("*" not in allowed and origin not in allowed):
            return
        response.headers.append(("Access-Control-Allow-Origin", "*" if "*" in allowed else origin))
        response.headers.append(("Access-Control-Expose-Headers", f"{TRUNCATED_HEADER}, {TIMING_HEADER}"))
        response.headers.append(("Vary", "Origin"))

    def _options(self, request: Request, methods: str) -> Response:
        response = Response(204, headers=[("Allow", methods)])
        if self.options.cors_origins and request.header("origin"):
            response.headers += [
                ("Access-Control-Allow-Methods", methods),
                ("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type"),
                ("Access-Control-Max-Age", "600"),
            ]
        return response

    def _static(self, request: Request, relative: str) -> Response:
        self._allow(request, "GET", "HEAD")
        target = (STATIC / relative).resolve()
        if not target.is_relative_to(STATIC) or not target.is_file():
            missing = "the page's assets are not built: run scripts/build-assets.sh" if "vendor" in relative else ""
            raise EndpointError(404, missing or f"no file /static/{relative}")
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/javascript", "application/json"):
            content_type += "; charset=utf-8"
        cache = "public, max-age=86400" if "/vendor/" in target.as_posix() else "no-cache"
        headers = [("Cache-Control", cache), *PAGE_SECURITY]
        return Response(200, target.read_bytes(), content_type, headers)

    def _answer(self, answer: Answer) -> Response:
        headers = [("Vary", "Accept"), (TIMING_HEADER, f"eval;dur={answer.eval_ms:.3f}")]
        response = Response(answer.status, answer.body, answer.content_type, headers)
        if answer.truncated_at is not None:
            response.headers.append((TRUNCATED_HEADER, str(answer.truncated_at)))
        return response

    def authorize_write(self, request: Request) -> None:
        """Updates and graph writes: 403 when the server is read-only, 401 without the right token."""
        token = self.options.token
        if not self.options.updates_enabled or token is None:
            raise EndpointError(
                403, "this endpoint is read-only: updates need `kg serve --allow-updates` and a bearer token"
            )
        scheme, _, given = request.header("authorization").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
            raise EndpointError(401, "updates need the header `Authorization: Bearer <token>` with the server's token")

    # ------------------------------------------------------------------ /api/page

    def page_config(self) -> dict[str, Any]:
        return {
            "endpoint": "/sparql",
            "graphStore": "/store",
            "prefixes": dict(QUERY_PREFIXES),
            "queries": named_queries(),
            "timeLimit": self.options.time_limit,
            "maxRows": self.options.max_rows,
            "updates": self.options.updates_enabled,
            "truncatedHeader": TRUNCATED_HEADER,
        }

    # ------------------------------------------------------------------ /sparql

    def sparql(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return self._options(request, "GET, HEAD, POST, OPTIONS")
        self._allow(request, "GET", "HEAD", "POST")
        params = _parse_form(request.query_string)
        body_query: list[str] = []
        body_update: list[str] = []
        if request.method == "POST":
            if request.media_type == FORM:
                for name, values in _parse_form(_utf8(request.body, "form")).items():
                    params.setdefault(name, []).extend(values)
            elif request.media_type == "application/sparql-query":
                body_query.append(_utf8(request.body, "query"))
            elif request.media_type == "application/sparql-update":
                body_update.append(_utf8(request.body, "update"))
            else:
                raise EndpointError(
                    415, f"POST a query as {FORM}, application/sparql-query or application/sparql-update, "
                    f"not {request.media_type or 'a body without Content-Type'}"
                )
        texts = params.get("query", []) + body_query
        updates = params.get("update", []) + body_update
        if len(texts) + len(updates) > 1:
            raise EndpointError(400, "send exactly one query or one update per request")
        if updates:
            if request.method != "POST":
                raise EndpointError(400, "updates are sent by POST only")
            return self._update(request, updates[0], params)
        if not texts:
            if request.method == "POST":
                raise EndpointError(400, "no query: send a `query` parameter or an application/sparql-query body")
            return self.service_description(request, params)
        job = Job(
            "query",
            texts[0],
            formats=negotiate(request.header("accept"), _first(params, "format")),
            max_rows=self.options.max_rows,
            default_graphs=_iris(params.get("default-graph-uri", []), "default-graph-uri"),
            named_graphs=_iris(params.get("named-graph-uri", []), "named-graph-uri"),
        )
        return self._answer(self.executor.run(job, self.options.time_limit))

    def _update(self, request: Request, text: str, params: dict[str, list[str]]) -> Response:
        self.authorize_write(request)
        if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
            raise EndpointError(
                400, "using-graph-uri and using-named-graph-uri are not supported: write USING in the update"
            )
        return self._answer(self.executor.run(Job("update", text), self.options.time_limit))

    def service_description(self, request: Request, params: dict[str, list[str]]) -> Response:
        """The SPARQL 1.1 Service Description of this endpoint (GET /sparql without a query)."""
        import pyoxigraph

        fmt = negotiate(request.header("accept"), _first(params, "format")).for_graph()
        endpoint = f"http://{request.header('host') or f'{self.options.host}:{self.options.port}'}/sparql"
        try:
            turtle = SERVICE_DESCRIPTION.read_bytes()
            quads = pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE, base_iri=endpoint)
            triples = [q.triple for q in quads]
        except (SyntaxError, ValueError) as exc:  # a Host header that makes no IRI
            raise EndpointError(400, f"cannot describe the service at {endpoint!r}: {exc}") from exc
        if self.options.updates_enabled:
            triples.append(
                pyoxigraph.Triple(
                    pyoxigraph.NamedNode(endpoint),
                    pyoxigraph.NamedNode(SD_SUPPORTED_LANGUAGE),
                    pyoxigraph.NamedNode(SD_SPARQL11_UPDATE),
                )
            )
        prefixes = {
            "sd": SD_SUPPORTED_LANGUAGE.split("#")[0] + "#",
            "fmt": "http://www.w3.org/ns/formats/",
            "dcterms": QUERY_PREFIXES["dcterms"],
        }
        page = write_graph(triples, fmt, len(triples) + 1, prefixes)
        return Response(200, page.body, fmt.content_type, [("Vary", "Accept")])

    # ------------------------------------------------------------------ /store

    def graph_store(self, request: Request) -> Response:
        writes = "PUT, POST, DELETE, " if self.options.updates_enabled else ""
        if request.method == "OPTIONS":
            return self._options(request, f"GET, HEAD, {writes}OPTIONS")
        self._allow(request, "GET", "HEAD", "PUT", "POST", "DELETE")
        params = _parse_form(request.query_string)
        graphs = params.get("graph", [])
        default = "default" in params
        if len(graphs) + int(default) != 1:
            raise EndpointError(400, "name one graph: ?graph=<iri> (one document's graph) or ?default (the union)")
        graph = _iris(graphs, "graph")[0] if graphs else None
        if request.method in ("GET", "HEAD"):
            job = Job(
                "graph-read",
                formats=negotiate(request.header("accept"), _first(params, "format")),
                max_rows=self.options.max_rows,
                graph=graph,
            )
            return self._answer(self.executor.run(job, self.options.time_limit))
        self.authorize_write(request)
        operation = {"PUT": "graph-replace", "POST": "graph-add", "DELETE": "graph-delete"}[request.method]
        job = Job(operation, graph=graph, payload=request.body, payload_type=request.header("content-type"))  # type: ignore[arg-type]
        return self._answer(self.executor.run(job, self.options.time_limit))
