"""Viewer benchmark: time to first draw and to a settled layout, 500 and 2,000 nodes, in headless
Chromium (method in bench/viewer.md).

>>> len(synthetic_documents(40)) > 0
True
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from kg import iris
from kg.store import RdfStore
from kg.viewer.app import render_view
from kg.viewer.graph import ViewRequest
from kg.vocab import DCTERMS, FOAF, JB, ORG, PROV, RDF_TYPE, SCHEMA, XSD
from tests.integration.browser import BrowserError, Chromium

SIZES = (500, 2000)
PHYSICS_LIMIT = 65.0  # the page stops physics after 60 s whether or not it settled
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "勇明华强军平刚伟芳娟敏静丽涛超鹏杰磊洋艳霞峰波辉宁"


def _t(s: str, p: str, o: str | Literal) -> Triple:
    return Triple(NamedNode(s), NamedNode(p), o if isinstance(o, Literal) else NamedNode(o))


def synthetic_documents(nodes: int, seed: int = 1) -> dict[str, list[Triple]]:
    """A bulletin-shaped graph of about ``nodes`` drawable nodes, split into documents of 20
    events each: persons with posts in organizations, places, and events with participants."""
    rng = random.Random(seed)
    n_people, n_orgs, n_places = nodes // 4, nodes // 10, nodes // 20
    n_events = nodes - 2 * n_people - n_orgs - n_places  # every person holds one post
    places = [iris.entity("place", f"地{i}县") for i in range(n_places)]
    orgs = [iris.entity("org", f"第{i}工作组") for i in range(n_orgs)]
    people = [
        iris.entity("person", f"{SURNAMES[i % len(SURNAMES)]}{GIVEN[i // len(SURNAMES) % len(GIVEN)]}{i}")
        for i in range(n_people)
    ]
    docs: dict[str, list[Triple]] = {}
    for d in range(max(1, n_events // 20)):
        doc_id = f"bench-{d:04d}"
        doc = iris.document(doc_id)
        day = f"2023-{1 + d % 12:02d}-{1 + d % 28:02d}"
        out = [
            _t(doc, RDF_TYPE, FOAF.Document),
            _t(doc, DCTERMS.title, Literal(f"简报第{d}期")),
            _t(doc, DCTERMS.date, Literal(day, datatype=NamedNode(XSD + "date"))),
        ]
        for e in range(20):
            index = d * 20 + e
            if index >= n_events:
                break
            sentence = iris.document_part(doc_id, "sentence", e)
            event = iris.document_part(doc_id, "event", e)
            out += [
                _t(sentence, RDF_TYPE, JB.Sentence),
                _t(sentence, JB.text, Literal(f"第{index}次活动的句子。")),
                _t(sentence, DCTERMS.isPartOf, doc),
                _t(event, RDF_TYPE, JB.Meeting if index % 2 else JB.Visit),
                _t(event, RDF_TYPE, SCHEMA.Event),
                _t(event, SCHEMA.name, Literal(f"活动{index}")),
                _t(event, SCHEMA.startDate, Literal(day, datatype=NamedNode(XSD + "date"))),
                _t(event, PROV.wasDerivedFrom, sentence),
                _t(event, SCHEMA.location, rng.choice(places)),
            ]
            for person in rng.sample(people, 3):
                out += [_t(event, JB.attendedBy, person), _t(person, JB.mentionedIn, sentence)]
        docs[doc_id] = out
    common = []
    for i, place in enumerate(places):
        common += [_t(place, RDF_TYPE, SCHEMA.Place), _t(place, SCHEMA.name, Literal(f"地{i}县"))]
        if i:
            common.append(_t(place, SCHEMA.containedInPlace, places[(i - 1) // 4]))
    for i, org in enumerate(orgs):
        common += [_t(org, RDF_TYPE, ORG.Organization), _t(org, SCHEMA.name, Literal(f"第{i}工作组"))]
        common.append(_t(org, JB.basedIn, rng.choice(places)))
    for i, person in enumerate(people):
        post = iris.entity("post", f"p{i}")
        common += [
            _t(person, RDF_TYPE, FOAF.Person),
            _t(person, SCHEMA.name, Literal(person.rsplit("/", 1)[-1])),
            _t(person, ORG.holds, post),
            _t(post, RDF_TYPE, ORG.Post),
            _t(post, JB.title, Literal(f"第{i % n_orgs}工作组组长")),
            _t(post, ORG.postIn, orgs[i % n_orgs]),
        ]
    docs["bench-entities"] = common
    return docs


def _measure(browser: Chromium, html: str, work: Path, name: str) -> dict[str, float | None]:
    path = work / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    page = browser.page()
    try:
        page.goto(path.as_uri(), timeout=120)
        page.wait_for("window.jianbaoViewer && window.jianbaoViewer.timing.firstDraw !== null", timeout=120)
        first = float(page.evaluate("window.jianbaoViewer.timing.firstDraw"))
        settled = float(page.evaluate("window.jianbaoViewer.timing.settled"))
        drawn = int(page.evaluate("window.jianbaoViewer.drawnNodeCount()"))
        # one interaction: hide a type and draw again
        toggle = float(
            page.evaluate(
                "new Promise(done => { const v = window.jianbaoViewer; const t0 = performance.now();"
                " v.network.once('afterDrawing', () => done(performance.now() - t0));"
                " document.querySelector('#legend input[data-type=Post]').click(); v.network.redraw(); })"
            )
        )
        page.evaluate("document.querySelector('#legend input[data-type=Post]').click()")
        page.evaluate("window.jianbaoViewer.setPhysics(true)")
        try:
            page.wait_for(
                "window.jianbaoViewer.timing.physicsSettled !== null || window.jianbaoViewer.timing.physicsCapped",
                timeout=PHYSICS_LIMIT,
                interval=0.5,
            )
            settled_after = page.evaluate("window.jianbaoViewer.timing.physicsSettled")
            physics: float | None = float(settled_after) if settled_after is not None else None
        except BrowserError:  # not settled in time is a figure, not a failure
            physics = None
        return {"first": first, "settled": settled, "drawn": drawn, "toggle": toggle, "physics": physics}
    finally:
        page.close()


def run(shared: Path) -> str:
    """Build synthetic graphs, write their pages and time them in headless Chromium."""
    lines = [
        f"{'nodes':>6} {'edges':>6} {'python s':>9} {'page KiB':>9} {'first draw ms':>14} {'settled ms':>11} "
        f"{'filter redraw ms':>17} {'physics on→settled s':>21}"
    ]
    browser = Chromium().start()
    try:
        with tempfile.TemporaryDirectory(prefix="kg-bench-viewer-") as tmp:
            for size in SIZES:
                with RdfStore(None) as store:
                    for doc_id, triples in synthetic_documents(size).items():
                        store.replace_document(doc_id, triples)
                    started = time.perf_counter()
                    html, graph = render_view(store, ViewRequest())
                    python_s = time.perf_counter() - started
                figures = _measure(browser, html, Path(tmp), f"view-{size}")
                physics = figures["physics"]
                lines.append(
                    f"{len(graph.nodes):>6} {len(graph.edges):>6} {python_s:>9.2f} {len(html.encode()) // 1024:>9} "
                    f"{figures['first']:>14.0f} {figures['settled']:>11.0f} {figures['toggle']:>17.0f} "
                    + (f"{physics / 1000:>21.1f}" if physics is not None else f"{'stopped at 60':>21}")
                )
                if figures["drawn"] != len(graph.nodes):
                    lines.append(f"   drawn {figures['drawn']} of {len(graph.nodes)} nodes")
    finally:
        browser.stop()
    return "\n".join(lines)
