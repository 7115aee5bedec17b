"""Events, projects and partnerships read by formula, end to end on a bulletin written for
the tests (invented names), with a dictionary tagger standing in for LAC."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from kg.extract.gold_format import to_gold_json
from kg.extract.roles import RoleReader, mask
from kg.models import EntityType, EventKind, Extraction, ParticipantRole
from tests.fixtures.extract import extract_file, extract_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extract"

WORDS = {
    "上海市": "LOC",
    "虹口区": "LOC",
    "代表团": "n",
    "区长": "n",
    "孙立民": "PER",
    "率": "v",
    "赴": "v",
    "玛沁县": "LOC",
    "考察": "v",
    "果洛州": "LOC",
    "副州长": "n",
    "才": "d",
    "让": "v",
    "多杰": "n",
    "陪同": "v",
    "一行": "m",
    "来到": "v",
    "大武镇": "LOC",
    "雪山乡": "LOC",
    "看望": "v",
    "慰问": "v",
    "援青": "vn",
    "干部": "n",
    "孙区长": "PER",
    "表示": "v",
    "今年": "TIME",
    "1月底": "TIME",
    "与": "p",
    "签订": "v",
    "结对": "vn",
    "帮扶": "vn",
    "协议": "n",
    "甘德县人民医院": "ORG",
    "果洛州人民医院": "ORG",
    "举行": "v",
    "签约仪式": "n",
    "3月起": "TIME",
    "实施": "v",
    "项目": "n",
    "总投资": "n",
    "亿元": "m",
    "的": "u",
    "牧民": "n",
    "定居点": "n",
    "建设": "vn",
    "其中": "r",
    "上海": "LOC",
    "援建": "v",
    "资金": "n",
    "清洁": "a",
    "能源": "n",
    "和": "c",
    "稳步": "d",
    "推进": "v",
}


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    return extract_file(WORDS, "bulletin_events.txt")


def test_one_visit_from_the_sentences_that_tell_it(extraction: Extraction) -> None:
    visits = [e for e in extraction.events if e.kind is EventKind.VISIT]
    assert len(visits) == 1  # dated sentence, 陪同考察 and 代表团一行来到… are one visit
    [visit] = visits
    assert visit.date is not None
    assert (visit.date.start, visit.date.end) == (dt.date(2024, 3, 25), dt.date(2024, 3, 27))
    assert visit.places[0] == "玛沁县"
    assert {"大武镇", "雪山乡"} <= set(visit.places)
    roles = {(p.name, p.role) for p in visit.participants}
    assert ("孙立民", ParticipantRole.LED) in roles
    assert ("才让多杰", ParticipantRole.ATTENDED) in roles  # a Tibetan name cut by the tagger


def test_signing_with_a_relative_date_and_its_two_sides(extraction: Extraction) -> None:
    signings = [e for e in extraction.events if e.kind is EventKind.SIGNING]
    assert len(signings) == 2
    pairing = signings[0]
    assert pairing.date is not None
    assert (pairing.date.start, pairing.date.end) == (dt.date(2024, 1, 21), dt.date(2024, 1, 31))
    assert {(p.name, p.role) for p in pairing.participants} == {
        ("虹口区", ParticipantRole.SIGNED),
        ("玛沁县", ParticipantRole.SIGNED),
    }


def test_partnerships_name_only_the_sides(extraction: Extraction) -> None:
    found = {(p.kind, p.partners) for p in extraction.partnerships}
    assert found == {("结对", ("虹口区", "玛沁县")), ("签约", ("甘德县人民医院", "果洛州人民医院"))}


def test_specific_project_with_total_amount_place_and_funder(extraction: Extraction) -> None:
    [project] = extraction.projects  # 2024年上海援建项目 and 清洁能源项目 are kinds, not projects
    assert project.name == "雪山乡牧民定居点建设项目"
    assert project.amount is not None
    assert project.amount.yuan == Decimal(230_000_000)  # the total, not the 8000万元 share
    assert project.place == "雪山乡"
    assert project.funder == "上海市"


def test_honorific_alias_joins_the_named_person(extraction: Extraction) -> None:
    [sun] = [p for p in to_gold_json(extraction)["persons"] if p["name"] == "孙立民"]
    assert sun["aliases"] == ["孙区长"]
    assert all(p.name != "孙区长" for p in extraction.persons)
    assert all(p.type is not EntityType.PERSON or p.name != "孙区长" for e in extraction.events for p in e.participants)


def _roles(text: str, names: list[str], of: str) -> list[ParticipantRole]:
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    at = text.index(of) + len(of)
    return RoleReader().roles(text, mask(len(text), spans), at)


@pytest.mark.parametrize(
    ("text", "names", "of", "roles"),
    [
        ("州长韩立出席会议并讲话。", ["州长", "韩立"], "韩立", [ParticipantRole.ATTENDED, ParticipantRole.SPOKE]),
        ("书记马山，副州长刘川陪同考察。", ["书记", "马山", "副州长", "刘川"], "马山", [ParticipantRole.ATTENDED]),
        ("韩立、刘川出席。", ["韩立", "刘川"], "韩立", [ParticipantRole.ATTENDED]),
        ("韩立率代表团赴玛沁县。", ["韩立"], "韩立", [ParticipantRole.LED]),
        ("韩立一行来到大武镇。", ["韩立"], "韩立", [ParticipantRole.LED]),
        ("韩立主持会议，刘川讲话。", ["韩立", "刘川"], "韩立", [ParticipantRole.CHAIRED]),
        ("韩立提高效率。", ["韩立"], "韩立", []),  # 率 only right after the name
    ],
)
def test_roles_read_after_the_name(text: str, names: list[str], of: str, roles: list[ParticipantRole]) -> None:
    assert _roles(text, names, of) == roles


def test_plans_and_speech_make_no_event() -> None:
    text = "2024年4月10日\n会议要求，要加大援青干部培训力度，完善结对帮扶机制。\n"
    result = extract_text(WORDS, text, "plans.txt")
    assert result.events == []
