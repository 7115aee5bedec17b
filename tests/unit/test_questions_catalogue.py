"""The question catalogue: every question has its SPARQL and Cypher, typed parameters, safe binding."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest

import queries
from kg.errors import ConfigError, QueryError
from kg.questions.backends import bind_sparql, rdf_term
from kg.questions.catalogue import Catalogue
from kg.vocab import CLASSES, OBJECT_PROPERTIES

ISSUE_7_QUESTIONS = {
    "person-posts",  # the posts of a person over time
    "organization-officials",  # officials of an organization and its sub-organizations
    "place-visitors",  # who visited a place between two dates
    "place-events",  # events at a place
    "person-met-with",  # who met whom (shared events) and how often
    "meeting-pairs",
    "place-partners",  # organizations paired with a place (结对/共建)
    "place-projects",  # projects by place …
    "funder-projects",  # … or by funder
    "funding-totals",  # … with total amounts
    "timeline",  # a person's or an organization's timeline
    "shortest-connection",  # the shortest connection between two entities
    "document-contribution",  # everything one bulletin issue contributed
}
MIRROR_LABELS = {"Resource", "MirrorState"}  # the mirror's own key and state labels


def test_the_catalogue_holds_the_issue_questions_with_both_texts() -> None:
    catalogue = Catalogue.load()
    assert set(catalogue.names()) >= ISSUE_7_QUESTIONS
    for question in catalogue:
        assert question.zh and question.en and question.columns
        assert queries.load(question.name, "sparql")
        assert queries.load(question.name, "cypher")


def test_unknown_question_is_a_query_error() -> None:
    with pytest.raises(QueryError, match="kg ask --list"):
        Catalogue.load()["no-such-question"]


def test_parameters_are_typed_with_defaults() -> None:
    question = Catalogue.load()["place-visitors"]
    values = question.bind({"place": "玛沁县", "from": "2013-02-01"})
    assert values["from"].isoformat() == "2013-02-01" and values["to"].isoformat() == "2999-12-31"
    assert Catalogue.load()["meeting-pairs"].bind({})["min_events"] == 2


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("place-visitors", {"place": "x", "from": "yesterday"}, "not a date"),
        ("meeting-pairs", {"min_events": "two"}, "not a int"),
        ("person-posts", {}, "missing --param person"),
        ("person-posts", {"person": "x", "persno": "y"}, "unknown parameter persno"),
    ],
)
def test_bad_parameters_are_config_errors(name: str, raw: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Catalogue.load()[name].bind(raw)


def test_every_sparql_text_parses_once_bound() -> None:
    store = pyoxigraph.Store()
    dummy = {
        "string": rdf_term("x"),
        "int": rdf_term(1),
        "date": rdf_term(__import__("datetime").date(2013, 1, 1)),
        "document": rdf_term("doc", "document"),
    }
    for name in queries.names("sparql"):
        text = queries.load(name, "sparql")
        terms = {p: dummy["string"] for p in re.findall(r"\$([A-Za-z_]\w*)", text)}
        for question in Catalogue.load():
            if question.name == name:
                terms.update({p.name: dummy[p.type] for p in question.params})
        if "node" in terms:
            terms["node"] = pyoxigraph.NamedNode("https://w3id.org/jianbao/id/x")
        list(store.query(bind_sparql(text, terms, name), prefixes=_prefixes()))


def _prefixes() -> dict[str, str]:
    from kg.vocab import NAMESPACES

    return dict(NAMESPACES)


def test_a_value_cannot_change_the_query() -> None:
    text = queries.load("person-posts", "sparql")
    hostile = '赵勇" } } ; DROP ALL ; SELECT * { ?s ?p "'
    bound = bind_sparql(text, {"person": rdf_term(hostile)}, "person-posts")
    assert '\\"' in bound  # the quote is escaped inside one literal
    store = pyoxigraph.Store()
    assert list(store.query(bound, prefixes=_prefixes())) == []


def test_a_parameter_without_value_is_refused() -> None:
    with pytest.raises(QueryError, match=r"\$person"):
        bind_sparql(queries.load("person-posts", "sparql"), {}, "person-posts")


def test_cypher_labels_and_types_are_the_generated_names() -> None:
    labels = {term.label for term in CLASSES.values()} | MIRROR_LABELS
    types = {term.rel_type for term in OBJECT_PROPERTIES.values()}
    node = re.compile(r"\(\s*\w*\s*:\s*([A-Za-z_][\w|:&]*)")
    rel = re.compile(r"\[\s*\w*\s*:\s*([A-Za-z_][\w|]*)")
    for name in queries.names("cypher"):
        text = "\n".join(
            line for line in queries.load(name, "cypher").splitlines() if not line.lstrip().startswith("//")
        )
        # the templates' tokens, which the mirror fills from the generated names only
        text = text.replace("__LABELS__", ":Person").replace("__LABEL__", "Person").replace("__TYPE__", "HOLDS")
        used_labels = {part for m in node.findall(text) for part in re.split(r"[|:&]", m) if part}
        used_types = {part for m in rel.findall(text) for part in m.split("|") if part}
        assert used_labels <= labels, f"{name}: labels {used_labels - labels} are not generated names"
        assert used_types <= types, f"{name}: types {used_types - types} are not generated names"


def test_cypher_takes_values_only_as_parameters() -> None:
    for question in Catalogue.load():
        text = queries.load(question.name, "cypher")
        for param in question.params:
            assert f"${param.name}" in text, f"{question.name}: ${param.name} unused"


def test_fixture_expected_rows_cover_every_question() -> None:
    import json

    expected = json.loads((Path(__file__).parents[1] / "fixtures/graph/expected.json").read_text(encoding="utf-8"))
    assert {case["question"] for case in expected} == set(Catalogue.load().names())
