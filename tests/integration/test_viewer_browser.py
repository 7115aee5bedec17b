"""The relationship viewer in real headless Chromium, offline, on the hand-written graph in
tests/fixtures/viewer. These tests fail (never skip) when Chromium cannot start. A screenshot
of the page, 赵勇 chosen and his details open, is saved as test-output/viewer.png."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.store import RdfStore
from kg.viewer.app import NEIGHBOURS_PATH, neighbours_or_http_error, render_page, render_view
from kg.viewer.graph import ViewRequest
from kg.viewer.selection import select
from tests.fixtures.viewer import open_graph
from tests.integration.browser import BrowserError, Chromium, Page

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output"
ID = "https://w3id.org/jianbao/id/"
ZHAO = ID + "person/赵勇"
PAYLOAD_PERSON = ID + "person/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E"
READY = "window.jianbaoViewer && window.jianbaoViewer.timing.firstDraw !== null"


@pytest.fixture(scope="module")
def store() -> Iterator[RdfStore]:
    yield from open_graph()


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    try:
        started = Chromium().start()
    except BrowserError as exc:
        pytest.fail(f"headless Chromium cannot start: {exc}", pytrace=False)
    yield started
    started.stop()


def open_page(browser: Chromium, html: str, directory: Path) -> Page:
    path = directory / "view.html"
    path.write_text(html, encoding="utf-8")
    page = browser.page()
    page.goto(path.as_uri())
    page.wait_for(READY)
    return page


@pytest.fixture
def page(browser: Chromium, store: RdfStore, tmp_path: Path) -> Iterator[Page]:
    text, _ = render_view(store, ViewRequest())
    opened = open_page(browser, text, tmp_path)
    yield opened
    opened.close()


def drawn(page: Page) -> list[str]:
    ids: list[str] = page.evaluate("window.jianbaoViewer.network.body.nodeIndices.slice()")
    return ids


def test_loads_offline_with_no_console_errors(page: Page) -> None:
    page.pump(0.5)
    assert page.console_errors == []
    assert page.outside_requests == []
    assert all(url.startswith(("file:", "data:")) for url in page.requests), page.requests


def test_drawn_nodes_equal_the_query(page: Page, store: RdfStore) -> None:
    selected = select(store, ViewRequest())
    assert len(selected.nodes) == 21
    assert sorted(drawn(page)) == sorted(selected.nodes)
    assert page.evaluate("window.jianbaoViewer.edges.length") == len(selected.edges)


@pytest.mark.parametrize("query", ["赵勇", "zhaoyong", "zy", "赵组长", "ZhaoY"])
def test_search_finds_zhao_yong(page: Page, query: str) -> None:
    page.evaluate("document.getElementById('search').focus()")
    page.type_text(query)
    first = page.wait_for("document.querySelector('#results li') && document.querySelector('#results li').dataset.id")
    assert first == ZHAO
    page.press("Enter")
    assert page.wait_for("document.querySelector('#details h2') && document.querySelector('#details h2').textContent")
    assert page.evaluate("document.querySelector('#details h2').textContent") == "赵勇"
    assert page.evaluate("window.jianbaoViewer.network.getSelectedNodes()") == [ZHAO]


def test_a_type_filter_hides_that_type(page: Page) -> None:
    page.evaluate("document.querySelector('#legend input[data-type=Person]').click()")
    ids = drawn(page)
    assert len(ids) == 21 - 3 and ZHAO not in ids and PAYLOAD_PERSON not in ids
    assert page.evaluate("document.querySelector('#legend li[data-type=Person] .count').textContent") == "0 / 3"
    page.evaluate("document.querySelector('#legend input[data-type=Person]').click()")
    assert len(drawn(page)) == 21


def test_the_date_filter_hides_events_outside_the_range(page: Page) -> None:
    page.evaluate(
        "(() => { const f = document.getElementById('date-from'); f.value = '2024-01-01';"
        " f.dispatchEvent(new Event('change')); })()"
    )
    ids = set(drawn(page))
    assert ID + "doc/bulletin-2024-06/event/0" in ids and ID + "doc/bulletin-2024-06/event/1" in ids
    for old in ("bulletin-2023-05/event/0", "bulletin-2023-05/event/1", "news-2022-11/event/0"):
        assert ID + "doc/" + old not in ids
    assert ID + "post/赵勇/a1" not in ids and ID + "post/赵勇/a2" in ids
    page.evaluate(
        "(() => { const t = document.getElementById('date-to'); t.value = '2024-06-05';"
        " t.dispatchEvent(new Event('change')); })()"
    )
    ids = set(drawn(page))
    assert ID + "doc/bulletin-2024-06/event/0" in ids and ID + "doc/bulletin-2024-06/event/1" not in ids


def test_the_script_payload_stays_inert(page: Page) -> None:
    page.evaluate(f"window.jianbaoViewer.choose({json.dumps(PAYLOAD_PERSON)})")
    page.evaluate("document.getElementById('search').focus()")
    page.type_text("<img")
    page.wait_for("document.querySelector('#results li') !== null")
    # hover the node so its tooltip is built and shown
    position = page.evaluate(
        f"(() => {{ const n = window.jianbaoViewer.network; const id = {json.dumps(PAYLOAD_PERSON)};"
        " const p = n.canvasToDOM(n.getPosition(id)); const r = n.body.container.getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; })()"
    )
    page.hover(position[0], position[1])
    page.pump(0.6)
    assert page.evaluate("document.querySelector('#details h2').textContent") == "<img src=x onerror=alert(1)>"
    assert (
        page.evaluate("document.querySelector('#results li').firstChild.textContent") == "<img src=x onerror=alert(1)>"
    )
    body_text = page.evaluate("document.getElementById('details').textContent")
    assert "<img src=x onerror=alert(1)>在会上作了发言。" in body_text and "<script>alert(2)</script>" in body_text
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    assert page.dialogs == [] and page.console_errors == []


def test_details_show_posts_over_time_and_source_sentences(page: Page) -> None:
    page.evaluate(f"window.jianbaoViewer.choose({json.dumps(ZHAO)})")
    posts = page.evaluate("[...document.querySelectorAll('#details ol.posts li')].map(li => li.textContent)")
    assert posts == [
        "2023-05-20　上海市援青干部联络组组长（上海市援青干部联络组）",
        "2024-06-15　上海市人民政府副秘书长（上海市人民政府）",
    ]
    sources = page.evaluate("[...document.querySelectorAll('#details .source')].map(p => p.textContent)")
    assert sources[0].startswith("上海援青工作简报 2023年第5期 · 《赵勇赴果洛州调研》 · 2023-05-20")
    assert "西宁援青项目推进会召开 <b>要闻</b>" in sources[1]  # markup in a title stays text
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(OUTPUT / "viewer.png")
    assert (OUTPUT / "viewer.png").stat().st_size > 10_000


def test_physics_can_be_switched_on_and_stops_when_settled(page: Page) -> None:
    assert page.evaluate("window.jianbaoViewer.network.physics.physicsEnabled") is False
    page.evaluate("document.getElementById('physics').click()")
    assert page.evaluate("document.getElementById('physics').getAttribute('aria-pressed')") == "true"
    page.wait_for("window.jianbaoViewer.timing.physicsSettled !== null", timeout=60)
    assert page.evaluate("document.getElementById('physics').getAttribute('aria-pressed')") == "false"
    assert page.evaluate("window.jianbaoViewer.network.physics.physicsEnabled") is False


def test_a_request_over_the_limit_shows_a_warning(browser: Chromium, store: RdfStore, tmp_path: Path) -> None:
    text, graph = render_view(store, ViewRequest(max_nodes=8))
    opened = open_page(browser, text, tmp_path)
    try:
        assert len(drawn(opened)) == len(graph.nodes) <= 8
        assert opened.evaluate("document.getElementById('warnings').hidden") is False
        assert "超过上限 8" in opened.evaluate("document.getElementById('warnings').textContent")
    finally:
        opened.close()


class _ViewerHandler(http.server.BaseHTTPRequestHandler):
    """What the endpoint mounts, reduced to the two calls of kg.viewer.app."""

    store: RdfStore

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query)
        if url.path == "/view":
            body = render_page(self.store, focus="李明", depth=0).encode("utf-8")
            kind = "text/html; charset=utf-8"
        elif url.path == NEIGHBOURS_PATH:
            body = json.dumps(neighbours_or_http_error(self.store, params), ensure_ascii=False).encode("utf-8")
            kind = "application/json"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_double_click_on_a_served_page_adds_the_neighbours(browser: Chromium, store: RdfStore) -> None:
    handler = type("Handler", (_ViewerHandler,), {"store": store})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    opened = browser.page(allowed_origins=(origin,))
    try:
        opened.goto(origin + "/view")
        opened.wait_for(READY)
        assert drawn(opened) == [ID + "person/李明"]
        x, y = opened.evaluate(
            "(() => { const n = window.jianbaoViewer.network; const id = n.body.nodeIndices[0];"
            " const p = n.canvasToDOM(n.getPosition(id)); const r = n.body.container.getBoundingClientRect();"
            " return [p.x + r.left, p.y + r.top]; })()"
        )
        opened.click_at(x, y, clicks=2)
        opened.wait_for("window.jianbaoViewer.network.body.nodeIndices.length > 1", timeout=20)
        assert set(drawn(opened)) == {ID + "person/李明", ID + "post/李明/b1", ID + "doc/bulletin-2023-05/event/1"}
        assert opened.console_errors == [] and opened.outside_requests == []
    finally:
        opened.close()
        server.shutdown()
        server.server_close()
