"""The tagger interface: offsets of tagged words, the dictionary tagger, token repairs."""

from __future__ import annotations

from kg.extract.repair import repair
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
