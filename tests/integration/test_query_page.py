"""The query page in headless Chromium: served whole by the endpoint, runs a query, shows its rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import queries
from tests.integration.browser import BrowserError, Chromium, Page
from tests.integration.endpoint_server import EndpointProcess, build_store, query, start_endpoint

pytestmark = [pytest.mark.endpoint, pytest.mark.browser]
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EndpointProcess]:
    store = build_store(tmp_path_factory.mktemp("page") / "store")
    try:
        process = start_endpoint(store)
    except (RuntimeError, OSError) as exc:
        pytest.fail(f"the endpoint cannot start: {exc}", pytrace=False)
    yield process
    process.stop()


@pytest.fixture
def page(server: EndpointProcess) -> Iterator[Page]:
    browser = Chromium()  # a fresh profile for each test
    try:
        opened = browser.start().page(allowed_origins=(server.url,))
    except BrowserError as exc:
        browser.stop()
        pytest.fail(f"headless Chromium cannot start: {exc}", pytrace=False)
    yield opened
    try:
        opened.close()
    finally:
        browser.stop()


def open_page(page: Page, server: EndpointProcess) -> None:
    page.goto(server.url)
    page.wait_for_selector("body[data-ready=true]")


def test_page_runs_a_query_and_shows_its_rows_with_no_outside_request(page: Page, server: EndpointProcess) -> None:
    open_page(page, server)
    editor = page.evaluate("kgPage.yasqe.getValue()")
    assert "PREFIX jb: <https://w3id.org/jianbao/ontology#>" in editor  # the ontology's prefixes, filled in
    page.evaluate(f"kgPage.yasqe.setValue({json.dumps(query('people'))})")
    page.click("#run")
    page.wait_for_selector("#results table tbody tr td .nonIri")
    cells = page.texts("#results table tbody tr td .nonIri")
    assert cells == ["李明", "赵勇"]
    assert page.texts("#status")[0].startswith("2 rows")
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(OUTPUT / "query-page.png")
    page.pump(1.0)
    assert page.outside_requests == []
    assert page.console_errors == []
    assert any(url.endswith("/static/vendor/yasgui/yasgui.min.js") for url in page.requests)


def test_menu_lists_the_named_queries_and_loads_one(page: Page, server: EndpointProcess) -> None:
    open_page(page, server)
    options = page.evaluate("Array.from(document.querySelectorAll('#named-queries option'), o => o.value)")
    names = queries.names("sparql")
    assert options == ["", *names]
    if names:
        chosen = names[-1]
        page.evaluate(
            f"(() => {{ const m = document.querySelector('#named-queries'); m.value = {json.dumps(chosen)};"
            " m.dispatchEvent(new Event('change')); })()"
        )
        editor = page.evaluate("kgPage.yasqe.getValue()")
        assert queries.load(chosen, "sparql").strip() in editor


def test_download_links_fetch_the_results_in_each_format(page: Page, server: EndpointProcess) -> None:
    open_page(page, server)
    page.evaluate(f"kgPage.yasqe.setValue({json.dumps(query('people'))})")
    page.wait_for("(document.querySelector('#downloads a[data-format=csv]') || {}).href?.includes('DISTINCT')")
    assert page.texts("#downloads a") == ["JSON", "XML", "CSV", "TSV"]
    csv = page.evaluate("fetch(document.querySelector('#downloads a[data-format=csv]').href).then(r => r.text())")
    assert csv.splitlines()[1:] == [
        "https://w3id.org/jianbao/id/person/李明,李明",
        "https://w3id.org/jianbao/id/person/赵勇,赵勇",
    ]
    page.evaluate(f"kgPage.yasqe.setValue({json.dumps(query('posts'))})")
    page.wait_for("document.querySelector('#downloads a').textContent === 'Turtle'")
    assert page.texts("#downloads a") == ["Turtle", "N-Triples", "JSON-LD", "RDF/XML"]


def test_a_refused_query_shows_the_servers_message(page: Page, server: EndpointProcess) -> None:
    open_page(page, server)
    page.evaluate(f"kgPage.yasqe.setValue({json.dumps(query('service', CANARY='http://127.0.0.1:9/'))})")
    page.click("#run")
    page.wait_for("!document.querySelector('#notice').hidden")
    assert "SERVICE is refused" in page.texts("#notice")[0]
    page.pump(0.5)
    assert page.outside_requests == []
