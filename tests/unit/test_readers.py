"""Readers: each format, each encoding, page furniture, and bad files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kg.errors import ReaderError
from loaders import read_path
from loaders.readers import split_header

TEXT = "果洛州召开对口支援工作推进会。\n\n示范市援建工作组组长孙立平出席会议。"


@pytest.mark.parametrize(
    "encoding,bom",
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("gb18030", b""),
        ("gbk", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),
    ],
)
def test_text_reader_detects_the_encoding(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / f"doc-{encoding}.txt"
    path.write_bytes(bom + TEXT.encode(encoding))
    [document] = list(read_path(path))
    assert document.text == TEXT
    assert document.doc_id == path.stem
    assert document.file_name == path.name


def test_crlf_and_header_block_become_metadata(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_bytes("TITLE: 示范新闻标题\r\nDATE: 2024-03-01 19:00:00\r\n\r\n正文第一句。\r\n".encode())
    [document] = list(read_path(path))
    assert document.metadata == {"TITLE": "示范新闻标题", "DATE": "2024-03-01 19:00:00"}
    assert document.text.startswith("示范新闻标题\n\n正文第一句。")
    assert "\r" not in document.text


def test_a_colon_line_inside_the_text_is_not_a_header() -> None:
    text = "NOTE: 这不是头部\n紧接着的正文。"
    assert split_header(text) == ({}, text)


def test_html_keeps_the_article_and_drops_furniture(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        """<html><head><title>示范标题 - 某网</title></head><body>
        <div class="nav"><a href="/">首页</a><a href="/x">新闻中心</a></div>
        <div class="content"><h1>示范标题</h1>
        <p>时间：2024-05-01　来源：示范日报</p>
        <p>5月1日，示范县召开援建项目推进会。</p><p>会议部署了下一步工作。</p></div>
        <div class="related"><h3>相关新闻</h3><ul><li><a href="/y">别的新闻标题</a></li></ul></div>
        <div class="footer">免责声明：仅供参考。</div></body></html>""",
        encoding="utf-8",
    )
    [document] = list(read_path(path))
    assert document.text.startswith("示范标题")
    assert "示范县召开援建项目推进会" in document.text
    assert "会议部署了下一步工作" in document.text
    for furniture in ("首页", "新闻中心", "别的新闻标题", "免责声明"):
        assert furniture not in document.text
    assert document.metadata["DATE"] == "2024-05-01"
    assert document.metadata["SOURCE"] == "示范日报"


def test_page_saved_as_text_loses_related_list_and_disclaimer(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(
        "欢迎访问 示范网!\n\n当前位置:网站首页> 动态\n示范标题\n  • 时间:2024-01-02\n  • 文章来源:示范委员会\n"
        "  正文一句。\n\n原文链接:https://example.org/a.html\n[免责声明] 本文仅供学习。\n\n相关新闻\n"
        "  • 另一位书记李某某到某地调研\n",
        encoding="utf-8",
    )
    [document] = list(read_path(path))
    assert "李某某" not in document.text
    assert "免责声明" not in document.text and "欢迎访问" not in document.text
    assert "文章来源:示范委员会" in document.text  # the source organization stays readable
    assert document.metadata["URL"] == "https://example.org/a.html"
    assert document.metadata["DATE"] == "2024-01-02"


def test_docx_reader(tmp_path: Path) -> None:
    import docx

    word = docx.Document()
    word.add_paragraph("示范援建工作简报")
    word.add_paragraph("5月6日，示范市援建工作组组长孙立平赴某某县调研。")
    path = tmp_path / "bulletin.docx"
    word.save(str(path))
    [document] = list(read_path(path))
    assert "孙立平赴某某县调研" in document.text
    assert document.text.startswith("示范援建工作简报")


def test_pdf_reader_reads_the_text_layer(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "bulletin.pdf"
    page = canvas.Canvas(str(path))
    page.setFont("STSong-Light", 12)
    page.drawString(50, 800, "果洛州召开援青工作会议。")
    page.save()
    [document] = list(read_path(path))
    assert "果洛州召开援青工作会议" in document.text


def test_pdf_without_text_layer_is_reported(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    page.rect(10, 10, 100, 100)
    page.save()
    with pytest.raises(ReaderError, match="no text layer") as info:
        list(read_path(path))
    assert info.value.path == str(path)


def test_jsonl_plain_and_gzip(tmp_path: Path) -> None:
    records = [
        {"id": "a-1", "date": "2016-07-19 19:00:00", "title": "标题一", "text": "第一条正文。"},
        {"id": "a-2", "date": "2016-07-20 19:00:00", "title": "标题二", "text": "第二条正文。"},
    ]
    raw = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
    plain = tmp_path / "news.jsonl"
    plain.write_bytes(raw)
    packed = tmp_path / "news.jsonl.gz"
    packed.write_bytes(gzip.compress(raw))
    for path in (plain, packed):
        documents = list(read_path(path))
        assert [d.doc_id for d in documents] == ["a-1", "a-2"]
        assert documents[0].metadata["DATE"] == "2016-07-19 19:00:00"
        assert documents[1].text == "标题二\n\n第二条正文。"
        assert documents[0].source.endswith("#1")


def test_jsonl_bad_line_is_reported_after_the_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"id": "ok", "text": "好的一条。"}\n{not json\n{"id": "x", "title": "no text"}\n', encoding="utf-8"
    )
    good = []
    with pytest.raises(ReaderError) as info:
        for document in read_path(path):
            good.append(document.doc_id)
    assert good == ["ok"]
    assert "line 2: not JSON" in str(info.value) and "line 3: no 'text' field" in str(info.value)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\n ", "file is empty"),
        ("binary.txt", bytes(range(256)) * 8, "binary file"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary file"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a valid .docx"),
        ("broken.pdf", b"%PDF-1.4\n garbage", "not a readable PDF"),
        ("broken.jsonl.gz", b"\x1f\x8b\x08\x00garbage", "broken gzip"),
    ],
)
def test_bad_files_name_the_file_and_the_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReaderError, match=reason) as info:
        list(read_path(path))
    assert info.value.path.startswith(str(path))


def test_odd_spaces_become_plain_and_zero_width_characters_go(tmp_path: Path) -> None:
    path = tmp_path / "spaces.txt"
    path.write_text("全国人大代表\u00a0示范省供销联社\u3000主任\u200b孙立平。", encoding="utf-8")
    [document] = list(read_path(path))
    assert document.text == "全国人大代表 示范省供销联社 主任孙立平。"
