"""`kg build ../shared/seeds`: the real seeds give the graph issue 2 promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import build
from kg.settings import Settings
from kg.shapes import validate
from kg.store import RdfStore
from kg.vocab import FOAF, JB

pytestmark = pytest.mark.shared

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "bulletins"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    shared = Path(__file__).resolve().parents[3] / "shared"
    if not (shared / "seeds").is_dir():
        pytest.fail("../shared/seeds is missing")
    settings = Settings.from_env()
    settings = Settings(store_dir=tmp_path_factory.mktemp("seeds") / "store", divisions_dir=settings.divisions_dir)
    report = build([shared / "seeds"], settings)
    assert report.ok, report.failed
    assert sorted(report.added) == ["000_bf3d12ace6fa9c75", "001_ee417470cc9176d8"]
    return settings.store_dir


def _values(store_dir: Path, query: str) -> list[str]:
    with RdfStore(store_dir, read_only=True) as store:
        return [row[0].value for row in store.query(query)]


def test_the_fourteen_people_of_the_seeds(seed_store: Path) -> None:
    names = _values(seed_store, f"SELECT ?n WHERE {{ ?p a <{FOAF.Person}> ; schema:name ?n }}")
    assert len(names) == len(set(names)) == 14
    assert {"赵勇", "王勇", "习近平", "陈刚", "龚正", "吴晓军", "郭秀玲"} <= set(names)


def test_xi_jinping_is_one_person_named_in_both_documents(seed_store: Path) -> None:
    docs = _values(
        seed_store,
        """SELECT DISTINCT ?g WHERE { GRAPH ?g { ?p schema:name "习近平" ; jb:mentionedIn ?s } }""",
    )
    persons = _values(seed_store, """SELECT DISTINCT ?p WHERE { ?p schema:name "习近平" }""")
    assert len(docs) == 2 and len(persons) == 1


def test_bulletin_issue_metadata_sections_and_items(seed_store: Path) -> None:
    with RdfStore(seed_store, read_only=True) as store:
        [row] = list(
            store.query(
                f"""SELECT ?series ?batch ?issue ?total ?date WHERE {{
                ?d a <{JB.BulletinIssue}> ; jb:series ?series ; jb:batch ?batch ; jb:issueNumber ?issue ;
                   jb:totalIssueNumber ?total ; dcterms:date ?date }}"""
            )
        )
        assert [row[k].value for k in ("series", "batch", "issue", "total", "date")] == [
            "上海援青工作简报",
            "5",
            "17",
            "63",
            "2024-04-10",
        ]
        sections = [r[0].value for r in store.query(f"SELECT ?t WHERE {{ ?s a <{JB.Section}> ; dcterms:title ?t }}")]
        assert sorted(sections) == sorted(["援青要闻", "工作动态", "学习生活", "其他信息"])
        articles = list(store.query(f"SELECT ?a WHERE {{ ?a a <{JB.Article}> }}"))
        assert len(articles) == 31
        recipients = [r[0].value for r in store.query("SELECT ?n WHERE { ?d jb:reportedTo/schema:name ?n }")]
        assert "青海省委组织部" in recipients


def test_posts_are_dated_and_sourced(seed_store: Path) -> None:
    rows = _values(
        seed_store,
        """SELECT ?t WHERE { ?p schema:name "赵勇" ; org:holds ?post . ?post jb:title ?t ;
             jb:statedOn "2024-04-10"^^xsd:date ; prov:wasDerivedFrom/jb:text ?s }""",
    )
    assert {"上海市援青干部联络组组长", "果洛州委副书记", "副州长"} <= set(rows)


def test_seed_graph_passes_the_shacl_shapes(seed_store: Path) -> None:
    result = validate(seed_store)
    assert result.conforms, result.summary


def test_example_bulletins_build_and_conform(tmp_path: Path) -> None:
    settings = Settings(store_dir=tmp_path / "store", divisions_dir=Settings.from_env().divisions_dir)
    report = build([EXAMPLES], settings)
    assert report.ok and len(report.added) == 3
    result = validate(settings.store_dir)
    assert result.conforms, result.summary
    names = _values(settings.store_dir, f"SELECT ?n WHERE {{ ?p a <{FOAF.Person}> ; schema:name ?n }}")
    assert {"周立新", "马文斌", "林建华", "王海鹏"} <= set(names)
