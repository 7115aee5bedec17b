"""Which of the tagger's names without a title are persons, end to end with a word-list
tagger standing in for LAC (sentences written for the tests)."""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract import Extractor
from kg.extract.plaintext import parsed_from_file_text
from kg.settings import Settings
from tests.fixtures.extract import FIXTURES, extract_text

WORDS = {
    "省长": "n",
    "会见": "v",
    "了": "u",
    "林晓川": "PER",
    "农民": "n",
    "苏青禾": "PER",
    "介绍": "v",
    "一是": "v",
    "抓落实": "v",
    "二": "m",
    "是": "v",
    "明远": "PER",
    "以": "p",
    "学": "v",
    "规知规": "PER",
    "守规": "v",
    "两国": "n",
    "见证": "v",
    "罗中": "PER",
    "合作": "vn",
    "考察": "v",
    "常宁": "PER",
    "扶贫": "v",
    "协作": "vn",
    "抵达": "v",
    "边境城市": "n",
    "卡洛塔": "PER",
    "哈萨克斯坦": "PER",
    "外长": "n",
}


def names(text: str) -> set[str]:
    return {p.name for p in extract_text(WORDS, text, "persons.txt").persons}


def test_a_name_in_the_middle_of_a_clause_is_a_person() -> None:
    assert names("省长会见了林晓川。") == {"林晓川"}
    assert names("农民苏青禾介绍。") == {"苏青禾"}


def test_an_item_of_an_enumeration_is_not_a_person() -> None:
    assert names("一是抓落实。二是明远。") == set()


def test_a_parallel_phrase_is_not_a_person() -> None:
    assert names("以学规知规守规。") == set()


def test_a_pair_of_places_is_not_a_person() -> None:
    assert names("两国见证罗中合作。") == set()
    assert names("考察了常宁扶贫协作。") == set()


def test_a_place_is_not_a_person() -> None:
    assert names("抵达边境城市卡洛塔。") == set()
    assert names("省长会见了哈萨克斯坦外长。") == set()


_SCRIPT = {
    "省长林晓川出席。": [("省长", "n"), ("林晓川", "PER"), ("出席", "v"), ("。", "w")],
    "林晓川讲话。": [("林晓川", "ORG"), ("讲话", "v"), ("。", "w")],
}


class _ScriptedTagger:
    """Tags each line as written in ``_SCRIPT``: one name tagged as a person in one sentence
    and as an organization in the next, which a word list cannot do."""

    def tag(self, lines: Sequence[str]) -> list[list[tuple[str, str]]]:
        return [_SCRIPT.get(line, [(line, "x")]) for line in lines]


def test_a_person_the_tagger_also_took_for_an_organization_is_only_a_person() -> None:
    extractor = Extractor(Settings(divisions_dir=FIXTURES / "divisions", tagger="none"), tagger=_ScriptedTagger())
    extractor.load()
    [result] = extractor.extract_many([parsed_from_file_text("省长林晓川出席。林晓川讲话。", "persons.txt")])
    assert [p.name for p in result.persons] == ["林晓川"]
    assert [o.text for o in result.organizations] == []
