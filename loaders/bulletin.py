"""BulletinParser: a Document's text into sections, articles, items and sentences.

A work bulletin (工作简报) has a masthead (series, 第五批第十七期, 总第63期, issuer …编印,
date), an optional table of contents (本期目录), sections headed 【援青要闻】, articles with
a headline and body, a 【其他信息】 section of dated one-line items, and a distribution
list (报：/送：/发：) before the printing date. News pages and plain texts are one article.

Sentences broken across page breaks (a paragraph that stops mid-sentence, a blank line,
and the rest of the sentence) are joined before anything else, so offsets point into the
repaired text (``ParsedDocument.text``).
"""

from __future__ import annotations

import datetime as dt
import re

from kg.errors import ParseError
from kg.models import (
    Article,
    BulletinHeader,
    DistributionKind,
    Document,
    DocumentKind,
    ParsedDocument,
    Recipient,
    Section,
    Sentence,
)

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SECTION = re.compile(r"^【([^】]{1,20})】$")
_ISSUE = re.compile(r"第([0-9一二三四五六七八九十百零〇]+)批第([0-9一二三四五六七八九十百零〇]+)期")
_ISSUE_ONLY = re.compile(r"^第([0-9一二三四五六七八九十百零〇]+)期$")
_TOTAL = re.compile(r"总第\s*([0-9]+)\s*期")
_ISSUER = re.compile(r"^(.{2,40}?)\s*编印$")
_CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DISTRIBUTION = re.compile(r"^(报|送|发|抄送|抄报)\s*[:：]\s*(.*)$")
_ITEM_START = re.compile(r"^\d{1,2}\s*月(?:\s*\d{1,2}\s*日|起|份|上旬|中旬|下旬|底|初)?")
_SENTENCE_END = "。！？!?；;"
_CLOSERS = "”’」』）)\"'"
_TERMINAL = "。！？!?；;：:" + _CLOSERS + "…"
_PRINTED = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$")


def cn_number(text: str) -> int | None:
    """Chinese or Arabic numerals to an int: 十七 → 17, 63 → 63, 一百零五 → 105."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def parse_date(text: str) -> dt.date | None:
    """The first full date in ``text``: 2024年4月10日, 2024-04-10, 2012-09-05 19:16:34."""
    for pattern in (_CN_DATE, _ISO_DATE):
        match = pattern.search(text)
        if match:
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


def repair_page_breaks(text: str, min_length: int = 60) -> str:
    """Join paragraphs that a page break split mid-sentence.

    A paragraph of running text (it has inner punctuation, or is at least ``min_length``
    characters long; headlines have neither) that does not end a sentence is joined to the
    next one, unless that one starts a section, an item or a list.

    >>> repair_page_breaks("会议强调，要把项目建好管好用好，惠及各族群\\n\\n众。")
    '会议强调，要把项目建好管好用好，惠及各族群众。'
    """
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", text)]
    paragraphs = [p for p in paragraphs if p]
    out: list[str] = []
    for paragraph in paragraphs:
        if out and _continues(out[-1], paragraph, min_length):
            out[-1] += paragraph
        else:
            out.append(paragraph)
    return "\n\n".join(out)


def _continues(previous: str, paragraph: str, min_length: int) -> bool:
    if previous[-1] in _TERMINAL:
        return False
    if len(previous) < min_length and not any(mark in previous for mark in "。，；！？："):
        return False
    if _SECTION.match(paragraph) or _DISTRIBUTION.match(paragraph) or _ITEM_START.match(paragraph):
        return False
    return not paragraph[0].isdigit()


def split_sentences(text: str, start: int, end: int, first_index: int) -> list[Sentence]:
    """Sentences of ``text[start:end]``: split after 。！？； (and their closing quotes)."""
    sentences: list[Sentence] = []
    i = start
    s = start
    while i < end:
        ch = text[i]
        if ch in _SENTENCE_END:
            j = i + 1
            while j < end and text[j] in _CLOSERS:
                j += 1
            _add_sentence(text, s, j, sentences, first_index)
            s = i = j
            continue
        if ch == "\n":
            _add_sentence(text, s, i, sentences, first_index)
            s = i + 1
        i += 1
    _add_sentence(text, s, end, sentences, first_index)
    return sentences


def _add_sentence(text: str, start: int, end: int, into: list[Sentence], first_index: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        into.append(Sentence(first_index + len(into), start, end, text[start:end]))


class BulletinParser:
    """Parse a :class:`Document` into a :class:`ParsedDocument`.

    >>> from kg.models import Document
    >>> text = "某某工作简报\\n\\n第1期\\n\\n2024年1月2日\\n\\n【要闻】\\n\\n标题\\n\\n正文。"
    >>> p = BulletinParser().parse(Document("d", "d.txt", text))
    >>> p.kind.value, p.header.issue, [s.title for s in p.sections], p.articles[0].headline
    ('bulletin', 1, ['要闻'], '标题')
    """

    def parse(self, document: Document) -> ParsedDocument:
        text = repair_page_breaks(document.text)
        if not text.strip():
            raise ParseError(document.source, "no text left after normalisation")
        lines = _lines(text)
        if self._is_bulletin(lines):
            return self._parse_bulletin(document, text, lines)
        return self._parse_single(document, text, lines)

    @staticmethod
    def _is_bulletin(lines: list[tuple[int, str]]) -> bool:
        head = [line for _, line in lines[:12]]
        has_series = any(line.endswith(("简报", "简讯", "工作通讯", "动态")) and len(line) <= 30 for line in head)
        has_issue = any(_ISSUE.search(line) or _ISSUE_ONLY.match(line) or _TOTAL.search(line) for line in head)
        return has_series and has_issue

    def _parse_single(self, document: Document, text: str, lines: list[tuple[int, str]]) -> ParsedDocument:
        title = document.metadata.get("TITLE") or lines[0][1]
        date = parse_date(document.metadata.get("DATE", "")) or parse_date(text[:300])
        kind = DocumentKind.NEWS if ("DATE" in document.metadata or "URL" in document.metadata) else DocumentKind.TEXT
        article = Article(0, title, 0, len(text), None)
        return ParsedDocument(
            document=document,
            kind=kind,
            text=text,
            title=title,
            date=date,
            header=None,
            sections=[],
            articles=[article],
            sentences=split_sentences(text, 0, len(text), 0),
            distribution=[],
        )

    def _parse_bulletin(self, document: Document, text: str, lines: list[tuple[int, str]]) -> ParsedDocument:
        header, body_from = self._header(lines)
        body_from = self._skip_contents(lines, body_from)
        sections: list[Section] = []
        articles: list[Article] = []
        distribution: list[Recipient] = []
        places_named: list[str] = []
        current_section: str | None = None
        section_start = 0
        pending: list[tuple[int, str]] = []  # lines of the current article
        end_of_body = len(text)

        def close_article() -> None:
            if not pending:
                return
            if current_section is not None and _is_item_section(current_section):
                for offset, line in pending:
                    articles.append(Article(len(articles), line, offset, offset + len(line), current_section, True))
            else:
                headline = pending[0][1] if _is_headline(pending[0][1]) and len(pending) > 1 else ""
                start = pending[0][0]
                last_offset, last_line = pending[-1]
                articles.append(Article(len(articles), headline, start, last_offset + len(last_line), current_section))
            pending.clear()

        for position in range(body_from, len(lines)):
            offset, line = lines[position]
            section = _SECTION.match(line)
            dist = _DISTRIBUTION.match(line)
            if section:
                close_article()
                if current_section is not None:
                    sections.append(Section(current_section, section_start, offset))
                current_section, section_start = section.group(1), offset
                continue
            if dist:
                close_article()
                if end_of_body == len(text):
                    end_of_body = offset
                kind = DistributionKind(
                    "报" if dist.group(1) in ("报", "抄报") else "送" if dist.group(1) in ("送", "抄送") else "发"
                )
                distribution.extend(_recipients(kind, dist.group(2), offset + dist.start(2), places_named))
                continue
            if _PRINTED.match(line) or end_of_body != len(text):
                continue
            if (
                pending
                and _is_headline(line)
                and not (current_section is not None and _is_item_section(current_section))
                and len(pending) > 1
            ):
                close_article()
            pending.append((offset, line))
        close_article()
        if current_section is not None:
            sections.append(Section(current_section, section_start, end_of_body))
        sentences = split_sentences(text, 0, len(text), 0)
        title = header.series + (f" {_issue_label(header)}" if _issue_label(header) else "")
        return ParsedDocument(
            document=document,
            kind=DocumentKind.BULLETIN,
            text=text,
            title=title,
            date=header.date,
            header=header,
            sections=sections,
            articles=articles,
            sentences=sentences,
            distribution=distribution,
        )

    @staticmethod
    def _header(lines: list[tuple[int, str]]) -> tuple[BulletinHeader, int]:
        series = ""
        batch = issue = total = None
        issuer = None
        date = None
        position = next(
            (i for i, (_, line) in enumerate(lines[:15]) if _SECTION.match(line) or line in ("本期目录", "目录")),
            min(len(lines), 15),
        )
        for _, line in lines[:position]:
            if not series and line.endswith(("简报", "简讯", "工作通讯", "动态")):
                series = line
            elif match := _ISSUE.search(line):
                batch, issue = cn_number(match.group(1)), cn_number(match.group(2))
                if total_match := _TOTAL.search(line):
                    total = int(total_match.group(1))
            elif match := _ISSUE_ONLY.match(line):
                issue = cn_number(match.group(1))
            elif match := _TOTAL.search(line):
                total = int(match.group(1))
            elif match := _ISSUER.match(line):
                issuer = match.group(1)
            elif date is None and (found := parse_date(line)):
                date = found
        return BulletinHeader(series, batch, issue, total, issuer, date), position

    @staticmethod
    def _skip_contents(lines: list[tuple[int, str]], start: int) -> int:
        """Skip 本期目录: the body starts where its first section heading comes again."""
        if start >= len(lines) or lines[start][1] not in ("本期目录", "目录"):
            return start
        first_section = next((line for _, line in lines[start + 1 :] if _SECTION.match(line)), None)
        if first_section is None:
            return start + 1
        seen = False
        for position in range(start + 1, len(lines)):
            if lines[position][1] == first_section:
                if seen:
                    return position
                seen = True
        return start + 1


def _lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            out.append((offset + raw.index(stripped[0]), stripped))
        offset += len(raw) + 1
    if not out:
        raise ParseError("<text>", "document has no lines")
    return out


def _is_item_section(title: str) -> bool:
    return title in ("其他信息", "简讯", "工作简讯", "动态简讯", "信息快递", "其他")


def _is_headline(line: str) -> bool:
    return len(line) <= 60 and line[-1] not in _TERMINAL and not _ITEM_START.match(line)


def _issue_label(header: BulletinHeader) -> str:
    parts = []
    if header.batch is not None:
        parts.append(f"第{header.batch}批")
    if header.issue is not None:
        parts.append(f"第{header.issue}期")
    if header.total_issue is not None:
        parts.append(f"(总第{header.total_issue}期)")
    return "".join(parts)


_PLACE_PREFIX = re.compile(r"^([\u4e00-\u9fff]{1,8}?(?:省|市|自治区|自治州|州|县|区))(?=[\u4e00-\u9fff])")
_BARE_DEPARTMENT = re.compile(r"^[\u4e00-\u9fff]{1,6}(?:部|办|厅|委|局)$")


def _recipients(kind: DistributionKind, listing: str, offset: int, places: list[str]) -> list[Recipient]:
    """Recipients of one 报/送/发 line, abbreviations completed from earlier names.

    ``places`` carries the places named so far in the list (上海市, 青海省, 果洛州), so that
    市委组织部 becomes 上海市委组织部 and a bare 宣传部 after 果洛州委组织部 becomes 果洛州委宣传部.
    """
    out: list[Recipient] = []
    previous: str | None = None
    for clause in re.finditer(r"[^；;]+", listing):
        previous = None
        for match in re.finditer(r"[^、，,]+", clause.group()):
            name = match.group().strip()
            if not name:
                continue
            start = offset + clause.start() + match.start() + (len(match.group()) - len(match.group().lstrip()))
            canonical = _complete(name, previous, places)
            prefix = _PLACE_PREFIX.match(canonical)
            if prefix and prefix.group(1) not in places:
                places.append(prefix.group(1))
            out.append(Recipient(kind, name, start, start + len(name), canonical if canonical != name else None))
            previous = canonical
    return out


def _complete(name: str, previous: str | None, places: list[str]) -> str:
    if name[0] in "省市州县区" and places:
        place = next((p for p in reversed(places) if p.endswith(name[0])), None)
        if place is not None:
            return place + name[1:]
    if previous is not None and _BARE_DEPARTMENT.match(name) and not _PLACE_PREFIX.match(name):
        owner = re.match(r"^(.*?(?:委|政府))(?=[\u4e00-\u9fff]+$)", previous)
        if owner and owner.group(1) != previous:
            return owner.group(1) + name
    return name


def parse(document: Document) -> ParsedDocument:
    """Parse one document with the default :class:`BulletinParser`."""
    return BulletinParser().parse(document)
