"""Content negotiation and the SERVICE/LOAD check of the endpoint (no server)."""

from __future__ import annotations

import pytest

from kg.endpoint.formats import ResultFormat, negotiate
from kg.endpoint.safety import refused_operation
from kg.errors import EndpointError


@pytest.mark.parametrize(
    ("accept", "solutions", "graph"),
    [
        (None, ResultFormat.JSON, ResultFormat.TURTLE),
        ("*/*", ResultFormat.JSON, ResultFormat.TURTLE),
        ("application/sparql-results+xml", ResultFormat.XML, None),
        ("text/csv", ResultFormat.CSV, None),
        ("text/tab-separated-values", ResultFormat.TSV, None),
        ("application/json", ResultFormat.JSON, ResultFormat.JSON_LD),
        ("application/n-triples", None, ResultFormat.N_TRIPLES),
        ("application/ld+json", None, ResultFormat.JSON_LD),
        ("application/rdf+xml", None, ResultFormat.RDF_XML),
        ("text/csv;q=0.4, application/sparql-results+json;q=0.9", ResultFormat.JSON, None),
        ("application/sparql-results+json;q=0, text/*", ResultFormat.CSV, ResultFormat.TURTLE),
        ("image/png", None, None),
    ],
)
def test_accept_header_picks_the_format(
    accept: str | None, solutions: ResultFormat | None, graph: ResultFormat | None
) -> None:
    chosen = negotiate(accept, None)
    assert (chosen.solutions, chosen.graph) == (solutions, graph)


@pytest.mark.parametrize(
    ("parameter", "solutions", "graph"),
    [
        ("json", ResultFormat.JSON, ResultFormat.JSON_LD),
        ("xml", ResultFormat.XML, ResultFormat.RDF_XML),
        ("csv", ResultFormat.CSV, None),
        ("tsv", ResultFormat.TSV, None),
        ("ttl", None, ResultFormat.TURTLE),
        ("nt", None, ResultFormat.N_TRIPLES),
        ("jsonld", None, ResultFormat.JSON_LD),
        ("text/csv", ResultFormat.CSV, None),
        ("application/rdf+xml", None, ResultFormat.RDF_XML),
    ],
)
def test_format_parameter_wins_over_accept(
    parameter: str, solutions: ResultFormat | None, graph: ResultFormat | None
) -> None:
    chosen = negotiate("application/sparql-results+json", parameter)
    assert (chosen.solutions, chosen.graph) == (solutions, graph)


def test_unknown_format_parameter_is_a_400() -> None:
    with pytest.raises(EndpointError) as caught:
        negotiate(None, "yaml")
    assert caught.value.status == 400


def test_nothing_acceptable_is_a_406() -> None:
    with pytest.raises(EndpointError) as caught:
        negotiate("image/png", None).for_graph()
    assert caught.value.status == 406


def test_a_client_that_accepts_only_the_other_kind_gets_the_default() -> None:
    assert negotiate("application/sparql-results+json", None).for_graph() is ResultFormat.TURTLE
    assert negotiate("text/turtle", None).for_solutions() is ResultFormat.JSON


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://example.org/> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE?endpoint{ ?s ?p ?o } VALUES ?endpoint { <http://example.org/> } }",
        "SELECT * WHERE { ?s ?p ?o FILTER(?o<3)SERVICE<http://example.org/>{ ?s ?p ?o } }",
        'SELECT * WHERE { ?s ?p "a" . SERVICE <http://example.org/> { ?s ?p ?o } }',
        "LOAD <http://example.org/data.ttl>",
        "PREFIX ex: <http://example.org/>\nload silent ex:data into graph ex:g",
    ],
)
def test_service_and_load_are_found(text: str) -> None:
    assert refused_operation(text) in ("SERVICE", "LOAD")


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://example.org/>" }',
        "SELECT * WHERE { ?s ?p '''LOAD\n<http://example.org/>''' }",
        "SELECT * WHERE { ?s <http://example.org/service> ?o } # SERVICE <http://example.org/>",
        "PREFIX service: <http://example.org/>\nSELECT ?load WHERE { ?load service:load ?x . _:load ?p ?x }",
        "SELECT * WHERE { ?s <http://example.org/LOAD> ?o }",
    ],
)
def test_the_words_in_strings_iris_comments_and_names_are_not(text: str) -> None:
    assert refused_operation(text) is None
