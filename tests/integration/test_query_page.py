"""The query page in headless Chromium: served whole by the endpoint, runs a query, shows its rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import queries
from tests.integration.browser import Browser, BrowserError
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
def browser() -> Iterator[Browser]:
    try:
        started = Browser().start()
    except (BrowserError, OSError) as exc:
        pytest.fail(f"headless Chromium cannot start: {exc}", pytrace=False)
    yield started
    started.close()


def open_page(browser: Browser, server: EndpointProcess) -> None:
    browser.open(server.url)
    browser.wait_for("body[data-ready=true]")


def test_page_runs_a_query_and_shows_its_rows_with_no_outside_request(
    browser: Browser, server: EndpointProcess
) -> None:
    open_page(browser, server)
    editor = browser.evaluate("kgPage.yasqe.getValue()")
    assert "PREFIX jb: <https://w3id.org/jianbao/ontology#>" in editor  # the ontology's prefixes, filled in
    browser.evaluate(f"kgPage.yasqe.setValue({json.dumps(query('people'))})")
    browser.click("#run")
    browser.wait_for("#results table tbody tr td .nonIri")
    cells = browser.texts("#results table tbody tr td .nonIri")
    assert cells == ["李明", "赵勇"]
    assert browser.texts("#status")[0].startswith("2 rows")
    OUTPUT.mkdir(exist_ok=True)
    browser.screenshot(OUTPUT / "query-page.png")
    browser.drain(1.0)
    assert browser.outside_requests(server.url) == []
    assert browser.console_errors == []
    assert any(r.url.endswith("/static/vendor/yasgui/yasgui.min.js") for r in browser.requests)


def test_menu_lists_the_named_queries_and_loads_one(browser: Browser, server: EndpointProcess) -> None:
    open_page(browser, server)
    options = browser.evaluate("Array.from(document.querySelectorAll('#named-queries option'), o => o.value)")
    names = queries.names("sparql")
    assert options == ["", *names]
    if names:
        chosen = names[-1]
        browser.evaluate(
            f"(() => {{ const m = document.querySelector('#named-queries'); m.value = {json.dumps(chosen)};"
            " m.dispatchEvent(new Event('change')); })()"
        )
        editor = browser.evaluate("kgPage.yasqe.getValue()")
        assert queries.load(chosen, "sparql").strip() in editor


def test_download_links_fetch_the_results_in_each_format(browser: Browser, server: EndpointProcess) -> None:
    open_page(browser, server)
    browser.evaluate(f"kgPage.yasqe.setValue({json.dumps(query('people'))})")
    browser.wait_until("(document.querySelector('#downloads a[data-format=csv]') || {}).href?.includes('DISTINCT')")
    assert browser.texts("#downloads a") == ["JSON", "XML", "CSV", "TSV"]
    csv = browser.evaluate("fetch(document.querySelector('#downloads a[data-format=csv]').href).then(r => r.text())")
    assert csv.splitlines()[1:] == [
        "https://w3id.org/jianbao/id/person/李明,李明",
        "https://w3id.org/jianbao/id/person/赵勇,赵勇",
    ]
    browser.evaluate(f"kgPage.yasqe.setValue({json.dumps(query('posts'))})")
    browser.wait_until("document.querySelector('#downloads a').textContent === 'Turtle'")
    assert browser.texts("#downloads a") == ["Turtle", "N-Triples", "JSON-LD", "RDF/XML"]


def test_a_refused_query_shows_the_servers_message(browser: Browser, server: EndpointProcess) -> None:
    open_page(browser, server)
    browser.evaluate(f"kgPage.yasqe.setValue({json.dumps(query('service', CANARY='http://127.0.0.1:9/'))})")
    browser.click("#run")
    browser.wait_until("!document.querySelector('#notice').hidden")
    assert "SERVICE is refused" in browser.texts("#notice")[0]
    browser.drain(0.5)
    assert browser.outside_requests(server.url) == []
