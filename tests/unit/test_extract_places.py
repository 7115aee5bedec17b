"""The place gazetteer (modood layout, a tiny table written for the tests) and place linking."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.gazetteer import PlaceGazetteer, PlaceLevel, short_forms
from kg.extract.lexicon import Lexicon
from kg.extract.places import PlaceRecognizer
from kg.extract.tagger import LexiconTagger, align

DIVISIONS = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "divisions"


@pytest.fixture(scope="module")
def gazetteer() -> PlaceGazetteer:
    return PlaceGazetteer.load(DIVISIONS)


def test_short_forms_fold_autonomous_names() -> None:
    ethnic = Lexicon.load().ethnic_groups
    assert short_forms("果洛藏族自治州", PlaceLevel.CITY, ethnic) == ["果洛州", "果洛"]
    assert short_forms("新疆维吾尔自治区", PlaceLevel.PROVINCE, ethnic) == ["新疆自治区", "新疆"]
    assert short_forms("玛沁县", PlaceLevel.COUNTY, ethnic) == ["玛沁"]
    assert short_forms("大武镇", PlaceLevel.TOWNSHIP, ethnic) == []


def test_lookup_by_alias_gives_code_level_and_parent(gazetteer: PlaceGazetteer) -> None:
    [golog] = gazetteer.lookup("果洛")
    assert gazetteer.lookup("果洛州") == [golog] == gazetteer.lookup("果洛藏族自治州")
    assert (golog.code, golog.level, golog.parent) == ("6326", PlaceLevel.CITY, "63")
    [maqin] = gazetteer.lookup("玛沁")
    assert [p.name for p in gazetteer.ancestors(maqin)] == ["果洛藏族自治州", "青海省"]
    # a district of a municipality hangs under the province, not the 市辖区 placeholder
    [hongkou] = gazetteer.lookup("虹口区")
    assert hongkou.parent == "31"


def test_named_regions_without_codes(gazetteer: PlaceGazetteer) -> None:
    [region] = gazetteer.lookup("三江源")
    assert region.code is None and region.level is PlaceLevel.REGION
    assert gazetteer.lookup("中华水塔") == [region]


def test_best_candidate_uses_the_document_context(gazetteer: PlaceGazetteer) -> None:
    xining_district = gazetteer.best("城中区", ["63"])
    assert xining_district is not None and xining_district.code == "630103"


WORDS = {
    "果洛州": "LOC",
    "玛沁": "LOC",
    "长治": "LOC",
    "久安": "n",
    "果洛州大武民族中学": "ORG",
    "在": "p",
    "沪": "LOC",
    "学习": "v",
    "沪青": "n",
    "合作": "vn",
    "天山南北": "n",
}


def places(gazetteer: PlaceGazetteer, text: str) -> dict[str, str | None]:
    recognizer = PlaceRecognizer(gazetteer, Lexicon.load())
    tokens = align(LexiconTagger(WORDS).tag([text])[0], text, 0)
    orgs = []
    for tok in tokens:
        if tok.tag == "ORG":
            from kg.models import EntityType, Mention

            orgs.append(Mention(EntityType.ORGANIZATION, tok.text, tok.start, tok.end))
    found = recognizer.resolve(recognizer.candidates(tokens, orgs))
    return {m.text: m.canonical for m in found}


def test_short_forms_need_a_related_place(gazetteer: PlaceGazetteer) -> None:
    assert places(gazetteer, "玛沁调研，长治久安。") == {}
    assert places(gazetteer, "果洛州玛沁调研，长治久安。") == {"果洛州": "果洛藏族自治州", "玛沁": "玛沁县"}


def test_a_short_form_after_a_locative_verb_or_in_a_list_of_places(gazetteer: PlaceGazetteer) -> None:
    assert places(gazetteer, "赴玛沁调研，长治久安。") == {"玛沁": "玛沁县"}
    assert places(gazetteer, "在长治、玛沁。") == {"长治": "长治市", "玛沁": "玛沁县"}


def test_places_inside_organization_names(gazetteer: PlaceGazetteer) -> None:
    # 大武 is 大武镇 of 果洛州, written without 镇 inside the school's name
    assert places(gazetteer, "果洛州大武民族中学。") == {"果洛州": "果洛藏族自治州", "大武": "大武镇"}


def test_one_character_abbreviation_only_on_its_own(gazetteer: PlaceGazetteer) -> None:
    assert places(gazetteer, "在沪学习。") == {"沪": "上海市"}
    assert places(gazetteer, "沪青合作。") == {}


def test_full_names_found_by_scanning(gazetteer: PlaceGazetteer) -> None:
    assert places(gazetteer, "雪山乡和青海省。") == {"雪山乡": "雪山乡", "青海省": "青海省"}


TAGGED = {
    "维拉诺瓦半岛": "LOC",
    "访问": "v",
    "中美": "LOC",
    "关系": "n",
    "大美": "LOC",
    "青海": "LOC",
    "学纪知纪": "LOC",
    "东倾寺": "LOC",
    "南北疆": "LOC",
    "卡洛塔": "LOC",
    "和": "c",
    "叙利亚": "n",
}


def tagged_places(gazetteer: PlaceGazetteer, text: str) -> set[str]:
    recognizer = PlaceRecognizer(gazetteer, Lexicon.load())
    tokens = align(LexiconTagger(TAGGED).tag([text])[0], text, 0)
    return {m.text for m in recognizer.resolve(recognizer.candidates(tokens, []))}


def test_a_tagged_place_the_tables_do_not_hold_is_kept_whole(gazetteer: PlaceGazetteer) -> None:
    assert tagged_places(gazetteer, "访问维拉诺瓦半岛。") == {"维拉诺瓦半岛"}
    assert tagged_places(gazetteer, "访问卡洛塔和叙利亚。") == {"卡洛塔", "叙利亚"}


def test_tagged_words_that_are_not_one_place(gazetteer: PlaceGazetteer) -> None:
    assert tagged_places(gazetteer, "中美关系。") == set()
    assert tagged_places(gazetteer, "大美青海。") == {"青海"}
    assert tagged_places(gazetteer, "学纪知纪。") == set()
    assert tagged_places(gazetteer, "访问东倾寺。") == set()
    assert tagged_places(gazetteer, "南北疆。") == {"北疆"}  # the region the tables hold, not the pair
