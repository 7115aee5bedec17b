"""Result formats and content negotiation (the ``Accept`` header, or a ``format`` parameter).

>>> negotiate("text/csv, application/sparql-results+json;q=0.5", None).solutions
<ResultFormat.CSV: 'text/csv'>
>>> negotiate(None, "ttl").graph
<ResultFormat.TURTLE: 'text/turtle'>
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from kg.errors import EndpointError


class ResultFormat(Enum):
    """A serialization the endpoint writes; the value is its media type."""

    JSON = "application/sparql-results+json"
    XML = "application/sparql-results+xml"
    CSV = "text/csv"
    TSV = "text/tab-separated-values"
    TURTLE = "text/turtle"
    N_TRIPLES = "application/n-triples"
    JSON_LD = "application/ld+json"
    RDF_XML = "application/rdf+xml"

    @property
    def is_graph(self) -> bool:
        return self in GRAPH_FORMATS

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header value (always UTF-8)."""
        return f"{self.value}; charset=utf-8"

    @property
    def extension(self) -> str:
        return _EXTENSIONS[self]


SOLUTION_FORMATS = (ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV, ResultFormat.TSV)
GRAPH_FORMATS = (ResultFormat.TURTLE, ResultFormat.N_TRIPLES, ResultFormat.JSON_LD, ResultFormat.RDF_XML)
_EXTENSIONS = {
    ResultFormat.JSON: "srj",
    ResultFormat.XML: "srx",
    ResultFormat.CSV: "csv",
    ResultFormat.TSV: "tsv",
    ResultFormat.TURTLE: "ttl",
    ResultFormat.N_TRIPLES: "nt",
    ResultFormat.JSON_LD: "jsonld",
    ResultFormat.RDF_XML: "rdf",
}
# Other media types clients send for the same formats, per kind of result.
_SOLUTION_ALIASES = {
    "application/json": ResultFormat.JSON,
    "application/xml": ResultFormat.XML,
    "text/xml": ResultFormat.XML,
    "text/tsv": ResultFormat.TSV,
}
_GRAPH_ALIASES = {
    "application/x-turtle": ResultFormat.TURTLE,
    "text/plain": ResultFormat.N_TRIPLES,
    "application/json": ResultFormat.JSON_LD,
    "application/xml": ResultFormat.RDF_XML,
    "text/xml": ResultFormat.RDF_XML,
}
# Short names for the ``format`` parameter: (for solutions, for graphs).
_SHORT_NAMES: dict[str, tuple[ResultFormat | None, ResultFormat | None]] = {
    "json": (ResultFormat.JSON, ResultFormat.JSON_LD),
    "srj": (ResultFormat.JSON, None),
    "xml": (ResultFormat.XML, ResultFormat.RDF_XML),
    "srx": (ResultFormat.XML, None),
    "csv": (ResultFormat.CSV, None),
    "tsv": (ResultFormat.TSV, None),
    "ttl": (None, ResultFormat.TURTLE),
    "turtle": (None, ResultFormat.TURTLE),
    "nt": (None, ResultFormat.N_TRIPLES),
    "ntriples": (None, ResultFormat.N_TRIPLES),
    "n-triples": (None, ResultFormat.N_TRIPLES),
    "jsonld": (None, ResultFormat.JSON_LD),
    "json-ld": (None, ResultFormat.JSON_LD),
    "rdf": (None, ResultFormat.RDF_XML),
    "rdfxml": (None, ResultFormat.RDF_XML),
    "rdf+xml": (None, ResultFormat.RDF_XML),
}


@dataclass(frozen=True)
class Negotiated:
    """The format to write each kind of result in; ``None`` when the client accepts none of that kind.

    A client that accepts only one kind (rdflib asks for SPARQL JSON results whatever the query
    form) gets the default of the other kind, as RFC 9110 allows; a client that accepts neither
    kind gets a 406.
    """

    solutions: ResultFormat | None
    graph: ResultFormat | None

    def for_graph(self) -> ResultFormat:
        if self.graph is not None:
            return self.graph
        if self.solutions is not None:
            return ResultFormat.TURTLE
        raise EndpointError(406, "none of the accepted media types can hold a graph; " + _offer(GRAPH_FORMATS))

    def for_solutions(self) -> ResultFormat:
        if self.solutions is not None:
            return self.solutions
        if self.graph is not None:
            return ResultFormat.JSON
        reason = "none of the accepted media types can hold query results; " + _offer(SOLUTION_FORMATS)
        raise EndpointError(406, reason)


def _offer(formats: tuple[ResultFormat, ...]) -> str:
    return "this endpoint writes " + ", ".join(f.value for f in formats)


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((media, quality))
    return ranges


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The quality the client gives ``media``: from its most specific matching range."""
    best_specificity, quality = -1, 0.0
    kind = media.split("/")[0]
    for candidate, q in ranges:
        if candidate == media:
            specificity = 2
        elif candidate == f"{kind}/*":
            specificity = 1
        elif candidate == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity:
            best_specificity, quality = specificity, q
    return quality


def _choose(
    ranges: list[tuple[str, float]], formats: tuple[ResultFormat, ...], aliases: dict[str, ResultFormat]
) -> ResultFormat | None:
    scored: list[tuple[float, int, ResultFormat]] = []
    for rank, fmt in enumerate(formats):
        quality = _quality(fmt.value, ranges)
        scored.append((quality, -rank, fmt))
    for media, fmt in aliases.items():
        quality = next((q for m, q in ranges if m == media), 0.0)
        scored.append((quality, -formats.index(fmt) - len(formats), fmt))
    quality, _, best = max(scored, key=lambda item: (item[0], item[1]))
    return best if quality > 0 else None


def _from_parameter(value: str) -> Negotiated:
    name = value.strip().lower()
    if name in _SHORT_NAMES:
        return Negotiated(*_SHORT_NAMES[name])
    media = name.split(";")[0].strip()
    by_media = {f.value: f for f in ResultFormat}
    fmt = by_media.get(media) or _SOLUTION_ALIASES.get(media) or _GRAPH_ALIASES.get(media)
    if fmt is None:
        names = ", ".join(sorted(_SHORT_NAMES))
        raise EndpointError(400, f"unknown format {value!r}: use one of {names} or a media type")
    return Negotiated(
        solutions=fmt if not fmt.is_graph else _SOLUTION_ALIASES.get(media),
        graph=fmt if fmt.is_graph else _GRAPH_ALIASES.get(media),
    )


def negotiate(accept: str | None, format_parameter: str | None) -> Negotiated:
    """The formats for a request: ``format`` wins over ``Accept``; no ``Accept`` means the defaults
    (SPARQL JSON results, Turtle)."""
    if format_parameter:
        return _from_parameter(format_parameter)
    if not accept or not accept.strip():
        return Negotiated(ResultFormat.JSON, ResultFormat.TURTLE)
    ranges = _media_ranges(accept)
    return Negotiated(
        solutions=_choose(ranges, SOLUTION_FORMATS, _SOLUTION_ALIASES),
        graph=_choose(ranges, GRAPH_FORMATS, _GRAPH_ALIASES),
    )
