"""Organization names: extension, enumerations, title organizations, abbreviation expansion."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kg.extract.gazetteer import PlaceGazetteer
from kg.extract.lexicon import Lexicon
from kg.extract.organizations import AbbreviationExpander, OrganizationRecognizer
from kg.extract.tagger import LexiconTagger, align
from kg.models import Title

DIVISIONS = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "divisions"

WORDS = {
    "中央组织部": "ORG",
    "办公厅": "n",
    "青海省委组织部": "ORG",
    "宣传部": "n",
    "海峰期货": "ORG",
    "远山": "nz",
    "期货": "n",
    "明湖期货": "ORG",
    "援青玛沁小组协调远帆": "ORG",
    "省": "n",
    "发改委": "ORG",
    "果洛州上海援青保障基地": "ORG",
    "召开": "v",
    "会议": "n",
    "座谈会": "n",
    "邀请": "v",
    "果洛州消防救援支队": "ORG",
    "上海援青干部联络组": "ORG",
}


@pytest.fixture(scope="module")
def recognizer() -> OrganizationRecognizer:
    return OrganizationRecognizer(Lexicon.load(), PlaceGazetteer.load(DIVISIONS))


def orgs(recognizer: OrganizationRecognizer, text: str, words: dict[str, str] = WORDS) -> list[str]:
    tokens = align(LexiconTagger(words).tag([text])[0], text, 0)
    return [m.text for m in recognizer.find(tokens, [])]


def test_org_extended_over_a_sub_unit(recognizer: OrganizationRecognizer) -> None:
    assert orgs(recognizer, "中央组织部办公厅召开会议。") == ["中央组织部办公厅"]


def test_elliptical_department_in_a_list(recognizer: OrganizationRecognizer) -> None:
    assert orgs(recognizer, "报：青海省委组织部、宣传部。") == ["青海省委组织部", "宣传部"]


def test_enumeration_with_a_shared_ending(recognizer: OrganizationRecognizer) -> None:
    found = orgs(recognizer, "海峰期货、远山期货、明湖期货。")
    assert found == ["海峰期货", "远山期货", "明湖期货"]


def test_glued_verb_is_split_off(recognizer: OrganizationRecognizer) -> None:
    assert orgs(recognizer, "援青玛沁小组协调远帆期货、明湖期货。")[0] == "援青玛沁小组"


def test_verb_between_two_names_stops_the_name(recognizer: OrganizationRecognizer) -> None:
    assert orgs(recognizer, "上海援青干部联络组邀请果洛州消防救援支队。") == [
        "上海援青干部联络组",
        "果洛州消防救援支队",
    ]


def test_level_prefix_names(recognizer: OrganizationRecognizer) -> None:
    assert orgs(recognizer, "，省发改委召开座谈会。") == ["省发改委"]


def test_a_higher_place_starts_a_new_name(recognizer: OrganizationRecognizer) -> None:
    assert orgs(recognizer, "果洛州上海援青保障基地召开会议。") == ["上海援青保障基地"]


def test_organization_inside_a_title(recognizer: OrganizationRecognizer) -> None:
    title = Title("青海省委组织部常务副部长", "常务副部长", "青海省委组织部", 0, 12)
    assert recognizer.from_title(title) == "青海省委组织部"
    assert recognizer.from_title(Title("副州长", "副州长", None, 0, 3)) is None


def test_abbreviation_expansion() -> None:
    written = ["青海省教育厅", "省教育厅", "市委组织部"]
    levels = {"省": Counter({"青海省": 3}), "市": Counter({"上海市": 5, "西宁市": 1})}
    assert AbbreviationExpander.full_form("省教育厅", written, levels) == "青海省教育厅"
    assert AbbreviationExpander.full_form("市委组织部", written, levels) == "上海市委组织部"
    assert AbbreviationExpander.full_form("省发改委", written, levels) == "青海省发改委"
    assert AbbreviationExpander.full_form("州发改委", written, levels) is None
    assert AbbreviationExpander.full_form("青海省教育厅", written, levels) is None


def test_a_region_before_a_place_does_not_start_a_new_name(recognizer: OrganizationRecognizer) -> None:
    # 亚洲 is a region without a rank: the bank's name keeps it before the county 玛沁
    assert recognizer.trim("亚洲玛沁发展银行") == "亚洲玛沁发展银行"


BARE = {
    "星河社": "ORG",
    "报道": "v",
    "中泰": "ORG",
    "欧方": "ORG",
    "中埃合作": "ORG",
    "十三世达拉喇嘛": "ORG",
    "中央青海": "ORG",
    "工作": "vn",
    "挂号长队": "ORG",
}


def test_a_tagged_organization_without_a_suffix(recognizer: OrganizationRecognizer) -> None:
    assert orgs(recognizer, "星河社报道。", BARE) == ["星河社"]


def test_tagged_words_that_are_not_an_organization(recognizer: OrganizationRecognizer) -> None:
    assert orgs(recognizer, "中泰、欧方、中埃合作。", BARE) == []
    assert orgs(recognizer, "十三世达拉喇嘛报道。", BARE) == []
    assert orgs(recognizer, "中央青海工作。", BARE) == []
    assert orgs(recognizer, "挂号长队。", BARE) == []
