"""BulletinParser on a bulletin-shaped fixture written here, and on small cases."""

from __future__ import annotations

import json
from pathlib import Path

from kg.models import Document, DocumentKind
from loaders import parse, read_path
from loaders.bulletin import cn_number, parse_date, repair_page_breaks, split_sentences


def _parsed(fixtures: Path):  # type: ignore[no-untyped-def]
    [document] = list(read_path(fixtures / "bulletins" / "small_bulletin.txt"))
    return parse(document)


def test_fixture_structure_matches_expected(fixtures: Path) -> None:
    expected = json.loads((fixtures / "bulletins" / "small_bulletin.expected.json").read_text(encoding="utf-8"))
    parsed = _parsed(fixtures)
    header = parsed.header
    assert header is not None
    assert parsed.kind.value == expected["kind"]
    assert (header.series, header.batch, header.issue, header.total_issue, header.issuer) == (
        expected["series"],
        expected["batch"],
        expected["issue"],
        expected["total_issue"],
        expected["issuer"],
    )
    assert str(parsed.date) == expected["date"]
    assert [s.title for s in parsed.sections] == expected["sections"]
    assert [{"section": a.section, "headline": a.headline, "is_item": a.is_item} for a in parsed.articles] == expected[
        "articles"
    ]
    assert [[r.kind.value, r.name, r.canonical] for r in parsed.distribution] == expected["distribution"]
    assert expected["repaired"] in parsed.text


def test_offsets_point_into_the_text(fixtures: Path) -> None:
    parsed = _parsed(fixtures)
    for sentence in parsed.sentences:
        assert parsed.text[sentence.start : sentence.end] == sentence.text
    for recipient in parsed.distribution:
        assert parsed.text[recipient.start : recipient.end] == recipient.name
    item = parsed.articles[-1]
    assert parsed.text[item.start : item.end] == item.headline
    assert parsed.sentence_at(item.start + 3).text.startswith("11月3日至5日")


def test_table_of_contents_is_not_an_article(fixtures: Path) -> None:
    parsed = _parsed(fixtures)
    meeting = [a for a in parsed.articles if a.headline == "示范市援建工作组召开季度工作会议"]
    assert len(meeting) == 1
    body = parsed.text[meeting[0].start : meeting[0].end]
    assert "孙立平主持召开季度工作会议" in body and "会议还通报了援建资金使用情况" in body


def test_news_text_is_one_article_dated_by_metadata() -> None:
    document = Document(
        "n",
        "n.txt",
        "示范标题\n\n3月1日，某县召开会议。会议强调，要抓好落实。",
        {"TITLE": "示范标题", "DATE": "2016-03-02 19:00:00"},
    )
    parsed = parse(document)
    assert parsed.kind is DocumentKind.NEWS
    assert str(parsed.date) == "2016-03-02"
    assert parsed.title == "示范标题"
    assert len(parsed.articles) == 1
    assert [s.text for s in parsed.sentences] == ["示范标题", "3月1日，某县召开会议。", "会议强调，要抓好落实。"]


def test_page_break_repair_keeps_headlines_apart() -> None:
    text = (
        "示范县召开援建工作会议\n\n"
        "会议指出，要把援建项目建好管好用好，让援建成果更多惠及各族群\n\n众。会议要求抓好落实。"
    )
    assert repair_page_breaks(text).split("\n\n") == [
        "示范县召开援建工作会议",
        "会议指出，要把援建项目建好管好用好，让援建成果更多惠及各族群众。会议要求抓好落实。",
    ]


def test_sentences_keep_closing_quotes() -> None:
    text = "他说：“要抓好落实。”随后散会。"
    assert [s.text for s in split_sentences(text, 0, len(text), 0)] == ["他说：“要抓好落实。”", "随后散会。"]


def test_numbers_and_dates() -> None:
    assert [cn_number(x) for x in ("五", "十七", "二十一", "63", "一百零五")] == [5, 17, 21, 63, 105]
    assert str(parse_date("2024年4月10日印发")) == "2024-04-10"
    assert str(parse_date("DATE 2012-09-05 19:16:34")) == "2012-09-05"
    assert parse_date("3月11日") is None
