"""Title chains next to person names, on tokens from a dictionary tagger (no LAC)."""

from __future__ import annotations

import pytest

from kg.extract.lexicon import Lexicon
from kg.extract.persons import PersonRecognizer
from kg.extract.tagger import LexiconTagger, align
from kg.extract.titles import TitleChainParser
from kg.models import PersonMention

WORDS = {
    "林海峰": "PER",
    "周明远": "PER",
    "许文涛": "PER",
    "陈思雨": "PER",
    "上海市援青干部联络组": "ORG",
    "组长": "n",
    "果洛州委": "ORG",
    "副书记": "n",
    "副州长": "n",
    "中共中央政治局": "ORG",
    "常委": "n",
    "虹口区": "LOC",
    "组织部": "n",
    "部长": "n",
    "教授": "n",
    "现任": "v",
    "出席": "v",
    "会议": "n",
    "陪同": "v",
    "和": "c",
    "青海省委组织部": "ORG",
    "常务": "n",
    "副部长": "n",
    "二级": "m",
    "巡视员": "n",
    "省委书记": "n",
    "青海": "LOC",
    "一行": "m",
    "自治区": "n",
    "副主席": "n",
    "阿依古丽·吐尔逊": "PER",
    "阿依古丽•吐尔逊": "PER",
}


@pytest.fixture(scope="module")
def recognizer() -> PersonRecognizer:
    lexicon = Lexicon.load()
    return PersonRecognizer(lexicon, TitleChainParser(lexicon))


def persons(recognizer: PersonRecognizer, text: str) -> list[PersonMention]:
    tagged = LexiconTagger(WORDS).tag([text])[0]
    return recognizer.find(align(tagged, text, 0))


def test_chain_of_three_segments_with_completed_organizations(recognizer: PersonRecognizer) -> None:
    text = "上海市援青干部联络组组长、果洛州委副书记、副州长林海峰出席会议。"
    [p] = persons(recognizer, text)
    assert p.name == "林海峰"
    assert [t.text for t in p.titles] == ["上海市援青干部联络组组长", "果洛州委副书记", "副州长"]
    assert [t.role for t in p.titles] == ["组长", "副书记", "副州长"]
    # 副州长 is written bare; its organization is completed from 果洛州委
    assert [t.organization for t in p.titles] == ["上海市援青干部联络组", "果洛州委", "果洛州政府"]
    first = p.titles[0]
    assert text[first.start : first.end] == first.text


def test_one_title_shared_by_several_names(recognizer: PersonRecognizer) -> None:
    found = persons(recognizer, "中共中央政治局常委林海峰、周明远、许文涛出席会议。")
    assert [p.name for p in found] == ["林海峰", "周明远", "许文涛"]
    assert all([t.text for t in p.titles] == ["中共中央政治局常委"] for p in found)


def test_names_after_a_comma_do_not_inherit(recognizer: PersonRecognizer) -> None:
    found = persons(recognizer, "中共中央政治局常委林海峰出席会议，周明远陪同。")
    assert {p.name: len(p.titles) for p in found} == {"林海峰": 1, "周明远": 0}


def test_modifiers_stay_with_the_role(recognizer: PersonRecognizer) -> None:
    [p] = persons(recognizer, "青海省委组织部常务副部长林海峰陪同。")
    [title] = p.titles
    assert (title.role, title.organization) == ("常务副部长", "青海省委组织部")


def test_bare_department_after_a_district_title(recognizer: PersonRecognizer) -> None:
    [p] = persons(recognizer, "虹口区常委、组织部部长陈思雨陪同。")
    assert [t.text for t in p.titles] == ["虹口区常委", "组织部部长"]
    assert [t.organization for t in p.titles] == ["虹口区委", "虹口区委组织部"]


def test_appositive_and_post_name_titles(recognizer: PersonRecognizer) -> None:
    [p] = persons(recognizer, "林海峰，现任果洛州委副书记、副州长。")
    assert [t.text for t in p.titles] == ["果洛州委副书记", "副州长"]
    [q] = persons(recognizer, "周明远教授一行陪同。")
    assert [t.text for t in q.titles] == ["教授"]


def test_separate_chains_joined_by_a_conjunction(recognizer: PersonRecognizer) -> None:
    found = persons(recognizer, "青海省委书记林海峰和副州长周明远陪同。")
    assert {p.name: [t.text for t in p.titles] for p in found} == {
        "林海峰": ["青海省委书记"],
        "周明远": ["副州长"],
    }


def test_split_title_on_the_lexicon() -> None:
    parts = Lexicon.load().split_title("中央组织部办公厅二级巡视员")
    assert parts is not None
    assert (parts.organization, parts.role) == ("中央组织部办公厅", "二级巡视员")
    assert Lexicon.load().split_title("援青工作") is None


@pytest.mark.parametrize("name", ["阿依古丽·吐尔逊", "阿依古丽•吐尔逊"])
def test_names_with_a_middle_dot(recognizer: PersonRecognizer, name: str) -> None:
    [p] = persons(recognizer, f"自治区副主席{name}出席会议。")
    assert p.name == name
    assert [t.text for t in p.titles] == ["自治区副主席"]
