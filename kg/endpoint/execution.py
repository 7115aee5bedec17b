"""One request's work on the store: a :class:`Job` in, an :class:`Answer` out.

:func:`execute` runs inside a query worker process (see :mod:`kg.endpoint.workers`), and
in-process for ``kg sparql``, tests and the benchmark. Jobs and answers are plain picklable
dataclasses because they cross a pipe.

>>> import queries
>>> from kg.store import RdfStore
>>> with RdfStore(None) as store:
...     answer = execute(store, Job("query", queries.load("store-triple-count", "sparql")))
>>> answer.status, answer.content_type, answer.rows, answer.eval_ms > 0
(200, 'application/sparql-results+json; charset=utf-8', 1, True)
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qs

from kg.endpoint.formats import Negotiated, ResultFormat
from kg.endpoint.results import Page, write_boolean, write_graph, write_solutions
from kg.endpoint.safety import refused_operation
from kg.errors import EndpointError, StoreError
from kg.store import QUERY_PREFIXES

if TYPE_CHECKING:
    import pyoxigraph

    from kg.store import RdfStore

Operation = Literal["query", "update", "graph-read", "graph-replace", "graph-add", "graph-delete", "page"]
# A page served beside the endpoint (the viewer at /view): the store and the URL's query
# parameters in, a media type and a body out. Module-level functions only (they are pickled
# to the worker processes by reference).
PageHandler = Callable[["RdfStore", dict[str, list[str]]], tuple[str, bytes]]
DEFAULT_FORMATS = Negotiated(ResultFormat.JSON, ResultFormat.TURTLE)


@dataclass(frozen=True)
class Job:
    """What a request asks of the store.

    ``text`` is the query or update; ``graph`` the Graph Store target (``None``: the default
    graph, i.e. the union of the documents' graphs); ``payload``/``payload_type`` the RDF a
    Graph Store write sends.
    """

    operation: Operation
    text: str = ""
    formats: Negotiated = DEFAULT_FORMATS
    max_rows: int = 10_000
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    graph: str | None = None
    payload: bytes = b""
    payload_type: str = ""
    base_iri: str | None = None
    page: PageHandler | None = None  # for operation "page": ``text`` holds the query string


@dataclass(frozen=True)
class Answer:
    """The response a job produced: status, media type, body, the row cap's verdict, and
    ``eval_ms``, the milliseconds :func:`execute` took where it ran (evaluation and serialization;
    the server sends it as ``Server-Timing: eval;dur=…``)."""

    status: int
    content_type: str = ""
    body: bytes = b""
    rows: int = 0
    truncated_at: int | None = None
    extra_headers: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    eval_ms: float = 0.0


def _page_answer(page: Page, fmt: ResultFormat, max_rows: int) -> Answer:
    return Answer(200, fmt.content_type, page.body, page.rows, max_rows if page.truncated else None)


def _dataset_options(job: Job) -> dict[str, Any]:
    import pyoxigraph

    if not job.default_graphs and not job.named_graphs:
        return {}
    # SPARQL Protocol: when either list is given, the dataset is exactly what they name
    return {
        "use_default_graph_as_union": False,
        "default_graph": [pyoxigraph.NamedNode(g) for g in job.default_graphs],
        "named_graphs": [pyoxigraph.NamedNode(g) for g in job.named_graphs],
    }


def _refuse_remote(text: str) -> None:
    keyword = refused_operation(text)
    if keyword is not None:
        raise EndpointError(403, f"{keyword} is refused: this endpoint never fetches other addresses")


def run_query(store: RdfStore, job: Job) -> Answer:
    """Evaluate a SPARQL query and serialize its result in the negotiated format."""
    import pyoxigraph

    _refuse_remote(job.text)
    try:
        result = store.query(job.text, base_iri=job.base_iri, **_dataset_options(job))
        if isinstance(result, pyoxigraph.QuerySolutions):
            fmt = job.formats.for_solutions()
            return _page_answer(write_solutions(result, fmt, job.max_rows), fmt, job.max_rows)
        if isinstance(result, pyoxigraph.QueryTriples):
            fmt = job.formats.for_graph()
            return _page_answer(write_graph(result, fmt, job.max_rows, QUERY_PREFIXES), fmt, job.max_rows)
        fmt = job.formats.for_solutions()
        return _page_answer(write_boolean(bool(result), fmt), fmt, job.max_rows)
    except StoreError as exc:
        if isinstance(exc.__cause__, SyntaxError):
            raise EndpointError(400, f"malformed query: {exc.__cause__}") from exc
        raise
    except (OSError, ValueError, RuntimeError) as exc:
        # evaluation is lazy: errors of the evaluation itself surface while the results are read
        raise EndpointError(500, f"query evaluation failed: {exc}") from exc


def run_update(store: RdfStore, job: Job) -> Answer:
    """Apply a SPARQL update (one transaction)."""
    _refuse_remote(job.text)
    try:
        store.oxigraph.update(job.text, base_iri=job.base_iri)
    except SyntaxError as exc:
        raise EndpointError(400, f"malformed update: {exc}") from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise EndpointError(500, f"update failed: {exc}") from exc
    return Answer(204)


def _graph_exists(store: RdfStore, graph: str) -> bool:
    import pyoxigraph

    return bool(store.oxigraph.contains_named_graph(pyoxigraph.NamedNode(graph)))


def read_graph(store: RdfStore, job: Job) -> Answer:
    """Graph Store Protocol GET: one document's named graph, or the default graph (the union)."""
    import pyoxigraph

    fmt = job.formats.for_graph()
    try:
        if job.graph is None:
            triples: Any = store.triples()
        else:
            if not _graph_exists(store, job.graph):
                raise EndpointError(404, f"no graph <{job.graph}> in the store")
            quads = store.oxigraph.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(job.graph))
            triples = (q.triple for q in quads)
        return _page_answer(write_graph(triples, fmt, job.max_rows, QUERY_PREFIXES), fmt, job.max_rows)
    except OSError as exc:
        raise EndpointError(500, f"cannot read the store: {exc}") from exc


def write_graph_store(store: RdfStore, job: Job) -> Answer:
    """Graph Store Protocol PUT (replace), POST (add) and DELETE on one named graph.

    Each write keeps the merged default graph in step, as ``kg build`` does: it is the union of
    the named graphs, so a triple the write removes stays there while another graph states it.
    Blank nodes of a payload become IRIs under ``…/id/genid/`` (skolemized), so that the named
    graph and the default graph hold the same terms.
    """
    import pyoxigraph

    if job.graph is None:
        raise EndpointError(400, "graph writes need ?graph=<iri>: the default graph is the union of the documents")
    target = pyoxigraph.NamedNode(job.graph)
    existed = _graph_exists(store, job.graph)
    try:
        if job.operation == "graph-delete":
            if not existed:
                raise EndpointError(404, f"no graph <{job.graph}> in the store")
            store.drop_graph(target)
            return Answer(204)
        try:
            rdf_format = pyoxigraph.RdfFormat.from_media_type(job.payload_type.split(";")[0].strip())
        except ValueError:
            rdf_format = None
        if rdf_format is None or rdf_format.supports_datasets:
            raise EndpointError(415, f"cannot read a graph from {job.payload_type or 'a body without Content-Type'}")
        try:
            parsed = pyoxigraph.parse(job.payload, format=rdf_format, base_iri=job.graph)
            triples = _skolemized(q.triple for q in parsed)
        except SyntaxError as exc:
            raise EndpointError(400, f"malformed RDF: {exc}") from exc
        if job.operation == "graph-replace":
            store.replace_graph(target, triples)
        else:
            store.add_to_graph(target, triples)
    except (OSError, StoreError) as exc:
        raise EndpointError(500, f"cannot write the store: {exc}") from exc
    return Answer(204 if existed else 201)


def _skolemized(triples: Iterable[pyoxigraph.Triple]) -> list[pyoxigraph.Triple]:
    import uuid

    import pyoxigraph

    from kg import iris

    names: dict[str, pyoxigraph.NamedNode] = {}

    def term(t: Any) -> Any:
        if isinstance(t, pyoxigraph.BlankNode):
            if t.value not in names:
                names[t.value] = pyoxigraph.NamedNode(f"{iris.BASE}genid/{uuid.uuid4().hex}")
            return names[t.value]
        return t

    return [pyoxigraph.Triple(term(t.subject), t.predicate, term(t.object)) for t in triples]


def execute(store: RdfStore, job: Job) -> Answer:
    """Run ``job`` on an open store and time it; raises :class:`EndpointError` with the HTTP status to answer."""
    started = time.perf_counter()
    answer = _dispatch(store, job)
    return dataclasses.replace(answer, eval_ms=1000 * (time.perf_counter() - started))


def _dispatch(store: RdfStore, job: Job) -> Answer:
    if job.operation == "query":
        return run_query(store, job)
    if job.operation == "update":
        return run_update(store, job)
    if job.operation == "graph-read":
        return read_graph(store, job)
    if job.operation == "page" and job.page is not None:
        content_type, body = job.page(store, parse_qs(job.text))
        return Answer(200, content_type, body)
    return write_graph_store(store, job)
