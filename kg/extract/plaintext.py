"""A minimal ParsedDocument for plain text: one sentence per 。！？ or line.

Used by tests and by ``evaluate``-style runs on texts whose reader is not at hand; the
pipeline itself uses the ``loaders`` package.

>>> doc = parsed_from_text("甲。乙！\\n丙", "t.txt")
>>> [s.text for s in doc.sentences]
['甲。', '乙！', '丙']
"""

from __future__ import annotations

import datetime as dt
import re

from kg.models import Document, DocumentKind, ParsedDocument, Sentence

_SENTENCE = re.compile(r"[^。！？\n]+[。！？]*|[。！？]+")
_HEADER = re.compile(r"^([A-Z]+):\s?(.*)$")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences ending at 。！？ or a line end, offsets into ``text``."""
    out: list[Sentence] = []
    for m in _SENTENCE.finditer(text):
        if m.group(0).strip():
            out.append(Sentence(len(out), m.start(), m.end(), m.group(0)))
    return out


def parsed_from_text(
    text: str, file_name: str, date: dt.date | None = None, kind: DocumentKind = DocumentKind.TEXT
) -> ParsedDocument:
    """A ParsedDocument with sentences only (no sections or articles)."""
    doc = Document(doc_id=file_name.rsplit(".", 1)[0], source=file_name, text=text, file_name=file_name)
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ParsedDocument(
        document=doc,
        kind=kind,
        text=text,
        title=first.strip(),
        date=date,
        header=None,
        sections=[],
        articles=[],
        sentences=split_sentences(text),
        distribution=[],
    )


def parsed_from_file_text(raw: str, file_name: str) -> ParsedDocument:
    """Like :func:`parsed_from_text`, after moving a ``KEY: value`` header (TITLE, DATE …)
    into metadata; the TITLE stays as the first line of the text, as the loaders keep it.
    Without a DATE the first 2024年4月10日-style date of the text is the document's date."""
    lines = raw.replace("\r\n", "\n").split("\n")
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and (m := _HEADER.match(lines[i])):
        meta[m.group(1)] = m.group(2)
        i += 1
    body = "\n".join(lines[i:]).lstrip("\n")
    text = (meta["TITLE"] + "\n" + body) if "TITLE" in meta else body
    date = None
    if "DATE" in meta:
        date = dt.date.fromisoformat(meta["DATE"][:10])
    else:
        d = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
        if d:
            date = dt.date(int(d.group(1)), int(d.group(2)), int(d.group(3)))
    kind = DocumentKind.NEWS if "TITLE" in meta else DocumentKind.TEXT
    return parsed_from_text(text, file_name, date, kind)
