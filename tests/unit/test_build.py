"""Incremental build on the embedded store: skip, replace, keep, and survive bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.pipeline import build
from kg.settings import Settings
from kg.store import RdfStore
from kg.vocab import FOAF, ORG
from tests.unit.stub_extractor import StubExtractor

BULLETIN = """示范援建工作简报

第一期

2024年3月5日

【工作要闻】

示范会议召开

3月1日，示范市援建工作组组长孙立平赴某某县调研。示范市教育局参加。

【其他信息】

3月2日，郑海燕赴某某县开展调研。
"""


def _extractor() -> StubExtractor:
    return StubExtractor(
        persons={"孙立平": "示范市援建工作组组长", "郑海燕": "副组长", "钱文涛": "局长"},
        organizations=["示范市援建工作组", "示范市教育局"],
        places=["某某县"],
    )


def _names(store_dir: Path, cls: str) -> set[str]:
    with RdfStore(store_dir, read_only=True) as store:
        rows = store.query(f"SELECT ?n WHERE {{ ?p a <{cls}> ; <https://schema.org/name> ?n }}")
        return {row["n"].value for row in rows}


def _quads(store_dir: Path) -> set[str]:
    with RdfStore(store_dir, read_only=True) as store:
        return {str(q) for q in store.oxigraph.quads_for_pattern(None, None, None, None)}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(BULLETIN, encoding="utf-8")
    (folder / "b.txt").write_text("TITLE: 示范新闻\nDATE: 2024-03-09\n\n3月8日，钱文涛到某某县调研。", encoding="utf-8")
    return folder


def test_build_twice_gives_the_same_graph_and_skips_unchanged(tmp_path: Path, corpus: Path) -> None:
    settings = Settings(store_dir=tmp_path / "store")
    extractor = _extractor()
    first = build([corpus], settings, extractor=extractor)
    assert sorted(first.added) == ["a", "b"] and first.ok
    snapshot = _quads(settings.store_dir)
    second = build([corpus], settings, extractor=extractor)
    assert sorted(second.unchanged) == ["a", "b"] and not second.added and not second.replaced
    assert extractor.calls == 2  # nothing re-extracted
    assert _quads(settings.store_dir) == snapshot
    assert _names(settings.store_dir, FOAF.Person) == {"孙立平", "郑海燕", "钱文涛"}


def test_changed_document_replaces_only_its_own_contribution(tmp_path: Path, corpus: Path) -> None:
    settings = Settings(store_dir=tmp_path / "store")
    build([corpus], settings, extractor=_extractor())
    with RdfStore(settings.store_dir, read_only=True) as store:
        b_before = {
            str(q) for q in store.oxigraph.quads_for_pattern(None, None, None, None) if "/graph/b" in str(q.graph_name)
        }
    (corpus / "a.txt").write_text(BULLETIN.replace("郑海燕", "王晓梅"), encoding="utf-8")
    report = build([corpus], settings, extractor=_extractor())
    assert report.replaced == ["a"] and report.unchanged == ["b"]
    assert _names(settings.store_dir, FOAF.Person) == {"孙立平", "钱文涛"}  # 郑海燕 gone, 王晓梅 unknown to the stub
    with RdfStore(settings.store_dir, read_only=True) as store:
        b_after = {
            str(q) for q in store.oxigraph.quads_for_pattern(None, None, None, None) if "/graph/b" in str(q.graph_name)
        }
    assert b_after == b_before


def test_posts_point_to_their_sentence(tmp_path: Path, corpus: Path) -> None:
    settings = Settings(store_dir=tmp_path / "store")
    build([corpus], settings, extractor=_extractor())
    with RdfStore(settings.store_dir, read_only=True) as store:
        rows = list(
            store.query(
                f"""SELECT ?title ?text ?date WHERE {{
                  ?p <https://schema.org/name> "孙立平" ; <{ORG.holds}> ?post .
                  ?post <https://w3id.org/jianbao/ontology#title> ?title ;
                        <https://w3id.org/jianbao/ontology#statedOn> ?date ;
                        <http://www.w3.org/ns/prov#wasDerivedFrom> ?s .
                  ?s <https://w3id.org/jianbao/ontology#text> ?text }}"""
            )
        )
    assert [(r["title"].value, r["date"].value) for r in rows] == [("示范市援建工作组组长", "2024-03-05")]
    assert "孙立平赴某某县调研" in rows[0]["text"].value


def test_bad_files_are_reported_and_the_rest_loads_without_loss(tmp_path: Path, corpus: Path) -> None:
    settings = Settings(store_dir=tmp_path / "store")
    build([corpus], settings, extractor=_extractor())
    before = _quads(settings.store_dir)
    bad = tmp_path / "bad"
    shutil.copytree(corpus, bad)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (bad / "c.txt").write_text("TITLE: 另一条\n\n3月9日，孙立平出席会议。", encoding="utf-8")
    report = build([bad, tmp_path / "missing"], settings, extractor=_extractor())
    failed = {Path(f.source).name: f.reason for f in report.failed}
    assert set(failed) == {"empty.txt", "blob.txt", "missing"}
    assert "empty" in failed["empty.txt"] and "binary" in failed["blob.txt"]
    assert report.added == ["c"] and not report.ok
    assert before <= _quads(settings.store_dir)  # nothing already stored is lost


def test_a_failing_document_leaves_its_previous_version(tmp_path: Path, corpus: Path) -> None:
    settings = Settings(store_dir=tmp_path / "store")
    build([corpus], settings, extractor=_extractor())
    before = _quads(settings.store_dir)

    class Broken(StubExtractor):
        def extract(self, parsed):  # type: ignore[no-untyped-def]
            from kg.errors import ExtractionError

            raise ExtractionError(parsed.document.source, "boom")

    (corpus / "a.txt").write_text(BULLETIN + "\n3月4日，新增一条。\n", encoding="utf-8")
    report = build([corpus], settings, extractor=Broken({}, [], []))
    assert [Path(f.source).name for f in report.failed] == ["a.txt"] and "boom" in report.failed[0].reason
    assert _quads(settings.store_dir) == before


def test_namesakes_stay_apart_across_builds(tmp_path: Path) -> None:
    settings = Settings(store_dir=tmp_path / "store")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("TITLE: 一\n\n示范省委组织部副部长李建军出席会议。", encoding="utf-8")
    stub = StubExtractor({"李建军": "示范省委组织部副部长"}, ["示范省委组织部"], [])
    build([folder], settings, extractor=stub)
    (folder / "b.txt").write_text("TITLE: 二\n\n远方市某某公司总经理李建军发言。", encoding="utf-8")
    other = StubExtractor({"李建军": "远方市某某公司总经理"}, ["远方市某某公司"], [])
    build([folder], settings, extractor=other)
    with RdfStore(settings.store_dir, read_only=True) as store:
        persons = sorted(
            r["p"].value.rsplit("/", 1)[1] for r in store.query('SELECT ?p WHERE { ?p schema:name "李建军" }')
        )
    assert persons == ["李建军", "李建军~2"]


def test_a_triple_two_documents_state_is_there_once_and_outlives_one_of_them(tmp_path: Path, corpus: Path) -> None:
    settings = Settings(store_dir=tmp_path / "store")
    build([corpus], settings, extractor=_extractor())
    count = 'SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://schema.org/Place> ; <https://schema.org/name> "某某县" }'
    with RdfStore(settings.store_dir, read_only=True) as store:
        assert int(next(iter(store.query(count)))["n"].value) == 1  # named by a and b, merged once
    (corpus / "a.txt").write_text(BULLETIN.replace("某某县", "别的地方"), encoding="utf-8")
    build([corpus], settings, extractor=_extractor())
    with RdfStore(settings.store_dir, read_only=True) as store:
        assert int(next(iter(store.query(count)))["n"].value) == 1  # b still states it
    (corpus / "b.txt").write_text("TITLE: 示范新闻\nDATE: 2024-03-09\n\n3月8日，钱文涛出席会议。", encoding="utf-8")
    build([corpus], settings, extractor=_extractor())
    with RdfStore(settings.store_dir, read_only=True) as store:
        assert int(next(iter(store.query(count)))["n"].value) == 0  # nobody states it any more


@pytest.mark.parametrize("fmt,rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_export_round_trips_the_merged_graph(tmp_path: Path, corpus: Path, fmt: str, rdflib_format: str) -> None:
    import rdflib

    settings = Settings(store_dir=tmp_path / "store")
    build([corpus], settings, extractor=_extractor())
    out = tmp_path / f"graph.{fmt}"
    with RdfStore(settings.store_dir, read_only=True) as store:
        count = store.export(fmt, out)
        assert count == store.triple_count()
    assert len(rdflib.Graph().parse(out, format=rdflib_format)) == count


def test_export_as_trig_keeps_one_graph_per_document(tmp_path: Path, corpus: Path) -> None:
    import rdflib

    settings = Settings(store_dir=tmp_path / "store")
    build([corpus], settings, extractor=_extractor())
    with RdfStore(settings.store_dir, read_only=True) as store:
        store.export("trig", tmp_path / "graph.trig")
    dataset = rdflib.Dataset().parse(tmp_path / "graph.trig", format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {"https://w3id.org/jianbao/graph/a", "https://w3id.org/jianbao/graph/b"}
