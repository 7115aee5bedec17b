"""The relationship viewer without a browser: selection, filters, size limit, escaping, the CLI."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import ConfigError, EndpointError
from kg.store import RdfStore
from kg.viewer.app import neighbours, neighbours_or_http_error, render_page, view_arguments
from kg.viewer.graph import ViewRequest
from kg.viewer.layout import force_layout
from kg.viewer.page import json_for_html
from kg.viewer.selection import select, type_counts
from kg.viewer.terms import parse_types
from kg.vocab import JB
from tests.fixtures.viewer import load_graph, open_graph

ID = "https://w3id.org/jianbao/id/"
ZHAO = ID + "person/赵勇"
PAYLOAD = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def store() -> Iterator[RdfStore]:
    yield from open_graph()


def test_everything_is_drawn_once_with_its_type(store: RdfStore) -> None:
    graph = select(store, ViewRequest())
    assert len(graph.nodes) == graph.total == 21 and not graph.warnings
    assert type_counts(graph) == {
        "Person": 3, "Organization": 3, "Place": 5, "Post": 3, "Meeting": 2, "Visit": 1, "Training": 1,
        "AidDelivery": 1, "Project": 1, "Partnership": 1,
    }  # fmt: skip
    assert graph.nodes[ZHAO].aliases == ["赵组长"]
    assert graph.nodes[ID + "partnership/5d1f0c2a9b3e"].label == "结对：玛沁县—黄浦区"


def test_a_specific_role_replaces_the_generic_participant(store: RdfStore) -> None:
    graph = select(store, ViewRequest())
    props = {(e.source, e.property, e.target) for e in graph.edges}
    visit = ID + "doc/bulletin-2023-05/event/0"
    assert (visit, JB.ledBy, ZHAO) in props
    assert (visit, JB.participant, ZHAO) not in props


def test_a_person_has_posts_over_time_and_source_sentences_with_documents(store: RdfStore) -> None:
    graph = select(store, ViewRequest())
    posts = graph.posts[ZHAO]
    assert [(p.title, p.organization, p.dates) for p in posts] == [
        ("上海市援青干部联络组组长", "上海市援青干部联络组", ("2023-05-20",)),
        ("上海市人民政府副秘书长", "上海市人民政府", ("2024-06-15",)),
    ]
    sentences = [graph.sentences[s] for s in graph.evidence[ZHAO]]
    assert [graph.documents[s.document].title for s in sentences] == [
        "上海援青工作简报 2023年第5期",
        "上海援青工作简报 2024年第6期",
    ]
    assert sentences[0].article == "赵勇赴果洛州调研"
    assert "赵勇带队" in sentences[0].text


def test_focus_by_name_alias_or_iri_keeps_the_neighbourhood(store: RdfStore) -> None:
    by_name = select(store, ViewRequest(focus="赵勇", depth=1))
    assert by_name.focus == [ZHAO]
    assert set(by_name.nodes) == {
        ZHAO, ID + "post/赵勇/a1", ID + "post/赵勇/a2", ID + "doc/bulletin-2023-05/event/0",
        ID + "doc/bulletin-2023-05/event/1", ID + "doc/bulletin-2024-06/event/0",
    }  # fmt: skip
    assert select(store, ViewRequest(focus=ZHAO, depth=1)).nodes.keys() == by_name.nodes.keys()
    assert select(store, ViewRequest(focus="联络组", depth=0)).focus == [ID + "org/上海市援青干部联络组"]
    with pytest.raises(ConfigError, match="no node"):
        select(store, ViewRequest(focus="王五"))


def test_types_keep_only_those_types_and_event_means_every_event(store: RdfStore) -> None:
    graph = select(store, ViewRequest(types=parse_types(["Person"])))
    assert {n.type for n in graph.nodes.values()} == {"Person"} and len(graph.nodes) == 3
    assert parse_types(["event"]) == frozenset({"Event", "Meeting", "Visit", "Training", "Signing", "AidDelivery"})
    with pytest.raises(ConfigError, match="unknown type"):
        parse_types(["Dragon"])


def test_dates_leave_out_events_and_posts_outside_the_range(store: RdfStore) -> None:
    graph = select(store, ViewRequest(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31)))
    dated = {n.label.split("\n")[0] for n in graph.nodes.values() if n.start}
    assert dated == {"西宁援青项目推进会", "援青干部培训班", "上海市人民政府副秘书长"}
    assert ZHAO in graph.nodes  # undated nodes stay


def test_a_request_over_the_limit_becomes_a_focused_subgraph_with_a_warning(store: RdfStore) -> None:
    graph = select(store, ViewRequest(max_nodes=6))
    assert graph.total == 21 and len(graph.nodes) <= 6
    assert graph.focus == [ZHAO]  # the best-connected node
    assert ZHAO in graph.nodes and "超过上限 6" in graph.warnings[0]
    focused = select(store, ViewRequest(focus="玛沁县", depth=3, max_nodes=8))
    assert len(focused.nodes) <= 8 and ID + "place/玛沁县" in focused.nodes and focused.warnings


def test_layout_is_repeatable_and_spreads_nodes() -> None:
    names = [f"n{i}" for i in range(50)]
    links = [(f"n{i}", f"n{i + 1}") for i in range(49)]
    first = force_layout(names, links)
    assert first == force_layout(names, links)
    points = sorted(first.values())
    assert all(abs(a[0] - b[0]) + abs(a[1] - b[1]) > 1 for a, b in itertools.pairwise(points))


def test_json_in_the_page_cannot_close_its_script_element() -> None:
    text = json_for_html({"name": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script> & <!--"}


def test_the_page_is_self_contained_and_carries_no_raw_payload(store: RdfStore) -> None:
    page = render_page(store)
    assert PAYLOAD not in page and "<script>alert(2)" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    # nothing is loaded from anywhere: no src/href attributes, no CSS imports or remote urls
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b[^>]*\b(src|href)\s*=", page, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page, re.IGNORECASE)
    assert "sourceMappingURL" not in page
    assert re.search(r"Content-Security-Policy\" content=\"default-src &#x27;none&#x27;", page)
    assert len(re.findall(r"^<script", page, re.MULTILINE)) == 3  # the data, vis-network, the viewer


def test_view_arguments_for_the_endpoint() -> None:
    args = view_arguments({"focus": ["赵勇"], "types": ["Person,Meeting", "Post"], "from": "2023-01-01"})
    assert args == {
        "focus": "赵勇", "depth": 2, "types": ["Person", "Meeting", "Post"],
        "date_from": dt.date(2023, 1, 1), "date_to": None,
    }  # fmt: skip
    for bad in ({"from": "2023-13-01"}, {"depth": "x"}, {"depth": "99"}, {"types": "Dragon"}):
        with pytest.raises(EndpointError) as info:
            view_arguments(bad)
        assert info.value.status == 400


def test_neighbours_of_a_node_for_a_served_page(store: RdfStore) -> None:
    data = neighbours(store, ZHAO)
    ids = {n["id"] for n in data["nodes"]}
    assert ZHAO in ids and ID + "post/赵勇/a2" in ids and ID + "doc/bulletin-2024-06/event/0" in ids
    assert {"from": ZHAO, "to": ID + "post/赵勇/a1", "rel": "http://www.w3.org/ns/org#holds"} in data["edges"]
    assert data["relations"]["http://www.w3.org/ns/org#holds"] == "担任"
    zhao = next(n for n in data["nodes"] if n["id"] == ZHAO)
    assert zhao["py"] == "zhaoyong zhaozuzhang" and zhao["ini"] == "zy zzz"
    assert len(data["posts"][ZHAO]) == 2 and data["evidence"][ZHAO]
    json.dumps(data)  # JSON-ready
    for params, status in (({"iri": ID + "person/nobody"}, 404), ({"iri": "not an iri"}, 404), ({}, 400)):
        with pytest.raises(EndpointError) as info:
            neighbours_or_http_error(store, params)
        assert info.value.status == status


def test_kg_view_writes_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store_dir = tmp_path / "store"
    with RdfStore(store_dir) as on_disk:
        load_graph(on_disk)
    out = tmp_path / "view.html"
    code = main(["--store", str(store_dir), "view", "--focus", "赵勇", "--depth", "1", "--out", str(out)])
    assert code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "6 nodes" in capsys.readouterr().out
    assert main(["--store", str(store_dir), "view", "--focus", "王五", "--out", str(out)]) == 2
    assert main(["--store", str(store_dir), "view", "--max-nodes", "4", "--out", str(out)]) == 0
    assert "warning" in capsys.readouterr().err
