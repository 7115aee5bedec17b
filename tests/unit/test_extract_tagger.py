"""The tagger interface: offsets of tagged words, the dictionary tagger, token repairs."""

from __future__ import annotations

from kg.extract.repair import join_minority_names, repair
from kg.extract.tagger import LexiconTagger, Token, align


def test_align_gives_document_offsets_and_survives_dropped_spaces() -> None:
    line = "在沪 跟岗学习"
    tokens = align([("在", "p"), ("沪", "LOC"), ("跟岗", "v"), ("学习", "v")], line, 100)
    assert [(t.text, t.start, t.end) for t in tokens] == [
        ("在", 100, 101),
        ("沪", 101, 102),
        ("跟岗", 103, 105),
        ("学习", 105, 107),
    ]


def test_lexicon_tagger_longest_match_and_numbers() -> None:
    tagged = LexiconTagger({"副州长": "n", "副州": "x", "赵": "x"}).tag(["副州长12人。"])[0]
    assert tagged == [("副州长", "n"), ("12", "m"), ("人", "x"), ("。", "w")]


def test_repair_splits_an_abbreviation_after_a_place_verb() -> None:
    tokens = [Token("在", "p", 0, 1), Token("沪跟岗", "n", 1, 4)]
    fixed = repair(tokens, {"沪", "青"}, {"上海"})
    assert [(t.text, t.tag) for t in fixed] == [("在", "p"), ("沪", "LOC"), ("跟岗", "n")]


def test_repair_joins_yuan_and_an_abbreviated_team_name() -> None:
    tokens = [Token("援", "v", 0, 1), Token("青达日", "ORG", 1, 4), Token("联络", "vn", 4, 6)]
    fixed = repair(tokens, {"青"}, set())
    assert [(t.text, t.tag) for t in fixed] == [("援青达日", "ORG"), ("联络", "vn")]


def test_repair_reads_an_office_after_zhu_as_one_name() -> None:
    tokens = [Token("省政府", "n", 0, 3), Token("驻", "v", 3, 4), Token("上海办事处", "ORG", 4, 9)]
    fixed = repair(tokens, {"沪"}, set())
    assert [(t.text, t.tag) for t in fixed] == [("省政府驻上海办事处", "ORG")]


PARTS = frozenset({"才让", "多杰", "扎西", "卓玛"})


def _ends_with_title(text: str) -> bool:
    return text.endswith(("主任", "书记"))


def test_tibetan_name_cut_by_the_tagger_is_joined_after_a_title() -> None:
    line = "副主任才让多杰出席活动"
    tokens = [Token("副主任", "n", 0, 3), Token("才", "d", 3, 4), Token("让", "v", 4, 5), Token("多杰出席", "n", 5, 9)]
    tokens.append(Token("活动", "n", 9, 11))
    joined = join_minority_names(tokens, PARTS, _ends_with_title, {"出席"})
    assert [(t.text, t.tag) for t in joined] == [("副主任", "n"), ("才让多杰", "PER"), ("出席", "v"), ("活动", "n")]
    assert all(line[t.start : t.end] == t.text for t in joined)


def test_parts_without_a_title_before_them_stay_as_they_are() -> None:
    tokens = [Token("这", "r", 0, 1), Token("才", "d", 1, 2), Token("让", "v", 2, 3), Token("多杰", "n", 3, 5)]
    assert join_minority_names(tokens, PARTS, _ends_with_title, set()) == tokens
