"""The viewer as functions: what ``kg view`` writes and what ``kg serve`` mounts at ``/view``.

The endpoint calls, with the store it has open::

    GET /view?focus=赵勇&depth=2&types=Person,Meeting&from=2023-01-01&to=2024-12-31
        → render_page(store, **view_arguments(query_params))          text/html
    GET /view/neighbours?iri=https://w3id.org/jianbao/id/person/赵勇
        → neighbours(store, iri)                                       application/json

Bad parameters raise :class:`~kg.errors.EndpointError` (status 400); a focus or IRI the
graph does not have raises :class:`~kg.errors.EndpointError` (status 404) from the
``*_or_http_error`` wrappers, :class:`~kg.errors.ConfigError` from the plain functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from kg.errors import ConfigError, EndpointError
from kg.viewer.graph import MAX_NODES, ViewRequest
from kg.viewer.layout import lay_out
from kg.viewer.page import payload, render_html
from kg.viewer.selection import neighbourhood, select
from kg.viewer.terms import parse_types

if TYPE_CHECKING:
    from kg.store import RdfStore
    from kg.viewer.graph import ViewGraph

NEIGHBOURS_PATH = "/view/neighbours"


def build_view(store: RdfStore, request: ViewRequest) -> ViewGraph:
    """Select and lay out what ``request`` asks for."""
    graph = select(store, request)
    lay_out(graph)
    return graph


def page_title(request: ViewRequest) -> str:
    parts = ["简报知识图谱 · 关系图"]
    if request.focus:
        parts.append(f"以「{request.focus}」为中心（{request.depth} 层）")
    if request.date_from or request.date_to:
        parts.append(f"{request.date_from or '…'} 至 {request.date_to or '…'}")
    return " · ".join(parts)


def render_view(store: RdfStore, request: ViewRequest, neighbours_url: str | None = None) -> tuple[str, ViewGraph]:
    """The page for ``request`` and the graph drawn on it (for its counts and warnings)."""
    graph = build_view(store, request)
    text = render_html(
        graph,
        title=page_title(request),
        neighbours_url=neighbours_url,
        date_from=request.date_from.isoformat() if request.date_from else None,
        date_to=request.date_to.isoformat() if request.date_to else None,
    )
    return text, graph


def render_page(
    store: RdfStore,
    focus: str | None = None,
    depth: int = 2,
    types: Iterable[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    max_nodes: int = MAX_NODES,
    neighbours_url: str | None = NEIGHBOURS_PATH,
) -> str:
    """The viewer page for a served ``/view``: double-clicking a node asks ``neighbours_url``.

    ``types`` are type names (``Person``, ``Meeting``, ``Event`` for all events…). Raises
    :class:`~kg.errors.ConfigError` for an unknown type or a focus the graph does not have.
    """
    request = ViewRequest(
        focus=focus or None,
        depth=depth,
        types=parse_types(list(types) if types else None),
        date_from=date_from,
        date_to=date_to,
        max_nodes=max_nodes,
    )
    text, _ = render_view(store, request, neighbours_url)
    return text


def neighbours(store: RdfStore, iri: str) -> dict[str, Any]:
    """A node and its neighbours as JSON-ready data for a served page to add (``/view/neighbours``).

    The keys are ``nodes`` (each with ``id``, ``type``, ``label``, ``aliases``, pinyin keys and
    dates), ``edges`` (``from``, ``to``, ``rel``), ``relations`` (Chinese names of ``rel``),
    ``evidence``, ``posts``, ``sentences`` and ``documents``. Raises
    :class:`~kg.errors.ConfigError` when ``iri`` is not a node the viewer draws.
    """
    return payload(neighbourhood(store, iri))


# ---------------------------------------------------------------------- for the HTTP layer


def _one(params: Mapping[str, Any], name: str) -> str | None:
    value = params.get(name)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return None if value is None or str(value).strip() == "" else str(value).strip()


def _date(params: Mapping[str, Any], name: str) -> dt.date | None:
    text = _one(params, name)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise EndpointError(400, f"{name}: not a date (YYYY-MM-DD): {text!r}") from exc


def view_arguments(params: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for :func:`render_page` from URL query parameters.

    Accepts ``focus``, ``depth``, ``types`` (comma-separated or repeated), ``from`` and ``to``;
    values may be strings or lists of strings (as ``parse_qs`` gives).

    >>> view_arguments({"focus": ["赵勇"], "depth": "1", "types": "Person,Meeting"})["types"]
    ['Person', 'Meeting']
    """
    depth_text = _one(params, "depth")
    try:
        depth = int(depth_text) if depth_text is not None else 2
    except ValueError as exc:
        raise EndpointError(400, f"depth: not a number: {depth_text!r}") from exc
    if not 0 <= depth <= 10:
        raise EndpointError(400, f"depth must be between 0 and 10, not {depth}")
    raw_types = params.get("types") or []
    if isinstance(raw_types, str):
        raw_types = [raw_types]
    types = [t.strip() for value in raw_types for t in str(value).split(",") if t.strip()]
    try:
        parse_types(types)
    except ConfigError as exc:
        raise EndpointError(400, str(exc)) from exc
    return {
        "focus": _one(params, "focus"),
        "depth": depth,
        "types": types or None,
        "date_from": _date(params, "from"),
        "date_to": _date(params, "to"),
    }


def render_page_or_http_error(store: RdfStore, params: Mapping[str, Any]) -> str:
    """:func:`render_page` for URL query parameters; errors as :class:`EndpointError` (400/404)."""
    arguments = view_arguments(params)
    try:
        return render_page(store, **arguments)
    except ConfigError as exc:
        raise EndpointError(404 if arguments.get("focus") else 400, str(exc)) from exc


def neighbours_or_http_error(store: RdfStore, params: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`neighbours` for URL query parameters (``iri``); errors as :class:`EndpointError`."""
    iri = _one(params, "iri")
    if iri is None:
        raise EndpointError(400, "iri: required")
    try:
        return neighbours(store, iri)
    except ConfigError as exc:
        raise EndpointError(404, str(exc)) from exc
