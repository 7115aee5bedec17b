"""The structure parser on the real seed bulletin, read from ../shared (never copied here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import parse, read_path

pytestmark = pytest.mark.shared


def test_seed_bulletin_structure(shared: Path) -> None:
    [document] = list(read_path(shared / "seeds" / "000_bf3d12ace6fa9c75.txt"))
    parsed = parse(document)
    header = parsed.header
    assert header is not None
    assert (header.series, header.batch, header.issue, header.total_issue) == ("上海援青工作简报", 5, 17, 63)
    assert header.issuer == "上海市援青干部联络组"
    assert str(header.date) == "2024-04-10"
    assert [s.title for s in parsed.sections] == ["援青要闻", "工作动态", "学习生活", "其他信息"]
    articles = [a for a in parsed.articles if not a.is_item]
    items = [a for a in parsed.articles if a.is_item]
    assert len(articles) == 4  # the contents page lists four
    assert len(items) == 27 and all(a.section == "其他信息" for a in items)
    assert {r.kind.value for r in parsed.distribution} == {"报", "送", "发"}
    assert any(r.canonical == "果洛州发改委" for r in parsed.distribution)
    # sentences broken across page breaks are whole again: no paragraph of running text is
    # left stopping mid-sentence (the raw seed has several)
    def broken(text: str) -> list[str]:
        paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
        return [p for p in paragraphs if "，" in p and p[-1] not in "。！？；：”）" and p[1] not in "：:"]

    assert len(broken(document.text)) >= 3
    assert broken(parsed.text) == []
    for sentence in parsed.sentences:
        assert parsed.text[sentence.start : sentence.end] == sentence.text


def test_seed_news_page_drops_related_news(shared: Path) -> None:
    [document] = list(read_path(shared / "seeds" / "001_ee417470cc9176d8.txt"))
    parsed = parse(document)
    assert parsed.kind.value == "news"
    assert str(parsed.date) == "2023-09-16"
    assert "相关新闻" not in parsed.text and "免责声明" not in parsed.text and "欢迎访问" not in parsed.text
    assert parsed.text.rstrip().endswith("看望慰问上海市援青干部人才。")
