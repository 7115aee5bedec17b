"""Pages served beside the SPARQL endpoint by ``kg serve``, composed here so that the leaves
(the endpoint and the viewer) stay independent of each other.

Each handler takes the open store and the URL's query parameters and returns a media type
and a body; the endpoint runs it in its worker processes, under its time limit.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.endpoint.execution import PageHandler
    from kg.store import RdfStore


def view(store: RdfStore, params: dict[str, list[str]]) -> tuple[str, bytes]:
    """/view?focus=…&depth=…&types=…&from=…&to=…: the relationship viewer."""
    from kg.viewer.app import render_page_or_http_error

    return "text/html; charset=utf-8", render_page_or_http_error(store, params).encode("utf-8")


def view_neighbours(store: RdfStore, params: dict[str, list[str]]) -> tuple[str, bytes]:
    """/view/neighbours?iri=…: a node's neighbours, fetched by the viewer on double-click."""
    from kg.viewer.app import neighbours_or_http_error

    body = json.dumps(neighbours_or_http_error(store, params), ensure_ascii=False)
    return "application/json; charset=utf-8", body.encode("utf-8")


def served_pages() -> dict[str, PageHandler]:
    return {"/view": view, "/view/neighbours": view_neighbours}
