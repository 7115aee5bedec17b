"""The Extractor end to end on a bulletin written for the tests, with a dictionary tagger
standing in for LAC; the gold JSON format; and the evaluation figures."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from kg.evaluation import evaluate, score_document
from kg.extract.gold_format import to_gold_json
from kg.models import EventKind, Extraction, ParticipantRole
from tests.fixtures.extract import extract_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extract"

WORDS = {
    "3月11日": "TIME",
    "至": "p",
    "13日": "TIME",
    "上海市援青干部联络组": "ORG",
    "组长": "n",
    "果洛州委": "ORG",
    "副书记": "n",
    "副州长": "n",
    "林海峰": "PER",
    "一行": "m",
    "赴": "v",
    "玛沁县": "LOC",
    "调研": "v",
    "并": "c",
    "召开": "v",
    "座谈会": "n",
    "近日": "TIME",
    "省": "n",
    "教育厅": "n",
    "州": "n",
    "人社局": "n",
    "推进会": "n",
    "青海省教育厅": "ORG",
    "副厅长": "n",
    "周明远": "PER",
    "主持": "v",
    "会议": "n",
    "讲话": "v",
    "项目": "n",
    "估算": "v",
    "总投资": "n",
    "的": "u",
    "雪山乡卫生院": "ORG",
    "建设": "vn",
    "正式": "ad",
    "开工": "v",
    "甘德县人民医院": "ORG",
    "与": "p",
    "果洛州人民医院": "ORG",
    "签订": "v",
    "合作": "vn",
    "协议": "n",
}


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    return extract_file(WORDS, "bulletin_visit.txt")


def test_document_date_from_the_text(extraction: Extraction) -> None:
    assert extraction.parsed.date == dt.date(2024, 4, 10)


def test_persons_and_titles(extraction: Extraction) -> None:
    titles = {p.name: [t.text for t in p.titles] for p in extraction.persons}
    assert titles == {
        "林海峰": ["上海市援青干部联络组组长", "果洛州委副书记", "副州长"],
        "周明远": ["青海省教育厅副厅长"],
    }


def test_organizations_with_expanded_abbreviations(extraction: Extraction) -> None:
    canonical = {m.text: m.canonical for m in extraction.organizations}
    assert canonical["省教育厅"] == "青海省教育厅"
    assert canonical["州人社局"] == "果洛州人社局"
    assert {"上海市援青干部联络组", "果洛州委", "甘德县人民医院", "果洛州人民医院"} <= canonical.keys()


def test_places_linked_to_official_names(extraction: Extraction) -> None:
    canonical = {m.text: m.canonical for m in extraction.places}
    assert canonical["果洛州"] == "果洛藏族自治州"
    assert canonical["玛沁县"] == "玛沁县"
    assert canonical["雪山乡"] == "雪山乡"
    assert canonical["上海市"] == "上海市"


def test_visit_event_with_dates_places_and_leader(extraction: Extraction) -> None:
    visit = next(e for e in extraction.events if e.kind is EventKind.VISIT)
    assert visit.date is not None
    assert (visit.date.start, visit.date.end) == (dt.date(2024, 3, 11), dt.date(2024, 3, 13))
    assert "玛沁县" in visit.places
    roles = {p.role for p in visit.participants if p.name == "林海峰"}
    assert ParticipantRole.LED in roles


def test_meeting_roles(extraction: Extraction) -> None:
    meeting = next(e for e in extraction.events if any(p.name == "周明远" for p in e.participants))
    assert meeting.kind is EventKind.MEETING
    roles = {p.role for p in meeting.participants if p.name == "周明远"}
    assert roles == {ParticipantRole.CHAIRED, ParticipantRole.SPOKE}  # 主持会议并讲话


def test_project_with_amount(extraction: Extraction) -> None:
    [project] = extraction.projects
    assert project.name.endswith("建设项目")
    assert project.amount is not None and project.amount.yuan == Decimal(508130000)


def test_signing_partnership(extraction: Extraction) -> None:
    assert any(set(p.partners) >= {"甘德县人民医院", "果洛州人民医院"} for p in extraction.partnerships)
    assert any(e.kind is EventKind.SIGNING for e in extraction.events)


def test_gold_json_groups_forms_of_one_entity(extraction: Extraction) -> None:
    data = to_gold_json(extraction)
    json.dumps(data, ensure_ascii=False)  # serialisable
    assert data["document"] == "bulletin_visit.txt"
    [golog] = [p for p in data["places"] if p["name"] == "果洛州"]
    assert golog["aliases"] == []
    [edu] = [o for o in data["organizations"] if "省教育厅" in [o["name"], *o["aliases"]]]
    assert edu["name"] == "青海省教育厅"
    text = extraction.parsed.text
    strings = [
        s
        for kind in ("persons", "organizations", "places")
        for e in data[kind]
        for s in [e["name"], *e.get("aliases", [])]
    ]
    assert all(s in text for s in strings)


def test_evaluation_counts_like_the_reference_scorer(tmp_path: Path) -> None:
    gold = {
        "persons": [{"name": "林海峰", "positions": ["副州长", "果洛州委副书记"]}],
        "organizations": [{"name": "青海省教育厅", "aliases": ["省教育厅"]}, {"name": "中央组织部办公厅"}],
        "places": [{"name": "果洛州", "aliases": ["果洛"]}],
    }
    pred = {
        "persons": [{"name": "林海峰", "positions": ["副州长", "组长"]}, {"name": "周明远", "positions": []}],
        "organizations": [{"name": "省教育厅", "aliases": []}, {"name": "中央组织部", "aliases": []}],
        "places": [{"name": "果洛", "aliases": []}, {"name": "西宁", "aliases": []}],
    }
    (tmp_path / "gold").mkdir()
    (tmp_path / "pred").mkdir()
    (tmp_path / "gold" / "a.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "pred" / "a.json").write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    result = evaluate(tmp_path / "gold", tmp_path / "pred")
    persons, orgs, places, positions = (result.totals[k] for k in ("persons", "organizations", "places", "positions"))
    assert (persons.correct, persons.wrong, persons.recalled) == (1, 1, 1)
    assert (orgs.correct, orgs.ignored, orgs.recalled, orgs.misses) == (1, 1, 1, ["中央组织部办公厅"])
    assert (places.correct, places.wrong, places.false_positives) == (1, 1, ["西宁"])
    assert (positions.correct, positions.wrong, positions.recalled, positions.gold) == (1, 1, 1, 2)
    assert "missed: 中央组织部办公厅" in result.summary()
    assert score_document(gold, {})["persons"].recalled == 0
