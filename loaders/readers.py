"""Readers: files in, :class:`kg.models.Document` out.

One reader per format, chosen by the file name: plain text (encoding detected), HTML
pages (article kept, page furniture dropped), ``.docx``, ``.pdf`` with a text layer, and
JSON lines (one document per line, gzip accepted). A ``KEY: value`` block at the top of
a text file is metadata.

Every failure raises :class:`kg.errors.ReaderError` naming the file and the reason.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

from kg.errors import ReaderError
from kg.models import Document
from loaders.webpage import strip_page_furniture

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}

_HEADER_LINE = re.compile(r"^([A-Z][A-Z_]{1,30}):[ \t]*(.*)$")
_MAX_BYTES = 200 * 1024 * 1024


def read_path(path: Path) -> Iterator[Document]:
    """Yield the documents of one file (JSON lines give one per line).

    >>> from pathlib import Path; import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "a.txt"; _ = p.write_text("TITLE: 标题\\n\\n正文。")
    >>> [d.metadata["TITLE"] for d in read_path(p)]
    ['标题']
    """
    name = path.name.lower()
    suffix = path.suffix.lower()
    if name.endswith((".jsonl.gz", ".ndjson.gz", ".json.gz")) or suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path)
    elif suffix in HTML_SUFFIXES:
        yield read_html(path)
    elif suffix == ".docx":
        yield read_docx(path)
    elif suffix == ".pdf":
        yield read_pdf(path)
    else:
        yield read_text(path)


def iter_input_files(inputs: list[Path]) -> list[Path]:
    """Expand folders into their files (sorted, hidden files skipped); keep files as given."""
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files.extend(
                p
                for p in sorted(item.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(item).parts)
            )
        elif item.exists():
            files.append(item)
        else:
            raise ReaderError(str(item), "no such file or folder")
    return files


def _raw_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > _MAX_BYTES:
            raise ReaderError(str(path), f"file is too large ({size} bytes)")
        return path.read_bytes()
    except OSError as exc:
        raise ReaderError(str(path), f"cannot read: {exc.strerror or exc}") from exc


def decode_text(data: bytes, path: str) -> str:
    """Decode bytes whose encoding is not declared: BOMs first, then UTF-8, UTF-16, GB18030."""
    if not data.strip():
        raise ReaderError(path, "file is empty")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReaderError(path, f"invalid {encoding} text at byte {exc.start}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if len(data) % 2 == 0:
        # UTF-16 without a BOM: CJK text has no NUL bytes, so decode and judge the result
        best_text, best_score = "", 0.0
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                candidate = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            score = _plausibility(candidate)
            if score > best_score:
                best_text, best_score = candidate, score
        if best_score >= 0.95:
            return best_text
    if b"\x00" in data[:4096]:
        raise ReaderError(path, "binary file (not text in a known encoding)")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_like_text(text) and _plausibility(text) >= 0.9:
        return text
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception as exc:  # charset-normalizer raises assorted errors on odd input
        raise ReaderError(path, f"cannot detect the encoding: {exc}") from exc
    if best is None or not _looks_like_text(str(best)):
        raise ReaderError(path, "binary file (not text in a known encoding)")
    return str(best)


def _plausibility(text: str) -> float:
    """Share of characters that Chinese documents are made of (CJK, ASCII, CJK punctuation)."""
    sample = text[:4096]
    if not sample:
        return 0.0
    good = sum(
        1
        for ch in sample
        if "\u4e00" <= ch <= "\u9fff"
        or " " <= ch <= "~"
        or ch in "\n\t"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or ch in "“”‘’—…·•"
    )
    return good / len(sample)


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls <= len(text[:4096]) // 100


# Spaces of every width become a plain space; zero-width characters and stray BOMs go.
_SPACES: dict[int, str | None] = {ord(ch): " " for ch in "\u00a0\u1680\u202f\u205f\u3000"}
_SPACES.update({code: " " for code in range(0x2000, 0x200B)})
_SPACES.update({ord(ch): None for ch in "\u200b\u200c\u200d\u2060\ufeff"})


def _normalise(text: str) -> str:
    """Newlines as ``\\n``, every kind of space as a plain space, no zero-width characters."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_SPACES)


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split a leading ``KEY: value`` block (ending at a blank line) from the body."""
    metadata: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    start = i
    while i < len(lines):
        match = _HEADER_LINE.match(lines[i].strip())
        if not match:
            break
        metadata[match.group(1)] = match.group(2).strip()
        i += 1
    if not metadata or (i < len(lines) and lines[i].strip()):
        return {}, text  # not a header block: the next line is not blank
    del start
    return metadata, "\n".join(lines[i:]).lstrip("\n")


def _with_title(metadata: dict[str, str], body: str) -> str:
    """News texts carry their title in metadata; the title is part of what is read."""
    title = metadata.get("TITLE", "").strip()
    return f"{title}\n\n{body}" if title else body


def _document(path: Path, text: str, metadata: dict[str, str], doc_id: str | None = None) -> Document:
    if not text.strip():
        raise ReaderError(str(path), "no text in the document")
    return Document(
        doc_id=doc_id or path.stem,
        source=str(path),
        text=text,
        metadata=metadata,
        file_name=path.name,
    )


def read_text(path: Path) -> Document:
    """A plain-text file, in whatever encoding it was saved."""
    text = _normalise(decode_text(_raw_bytes(path), str(path)))
    metadata, body = split_header(text)
    body, page_metadata = strip_page_furniture(body)
    for key, value in page_metadata.items():
        metadata.setdefault(key, value)
    return _document(path, _with_title(metadata, body), metadata)


def read_html(path: Path) -> Document:
    """An HTML page: the article's text, without navigation, sidebars and related lists."""
    from loaders.webpage import html_to_text

    data = _raw_bytes(path)
    if not data.strip():
        raise ReaderError(str(path), "file is empty")
    title, body = html_to_text(_decode_html(data, str(path)), str(path))
    body, page_metadata = strip_page_furniture(_normalise(body), is_page=True)
    metadata = dict(page_metadata)
    metadata.setdefault("URL", path.name)
    if title:
        metadata.setdefault("TITLE", title)
    if title and body.lstrip().startswith(title):
        return _document(path, body, metadata)
    return _document(path, _with_title(metadata, body), metadata)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)


def _decode_html(data: bytes, path: str) -> str:
    """Decode a page by its declared charset (``<meta charset>``), else by detection."""
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        if name in ("gb2312", "gbk"):
            name = "gb18030"
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, path)


def read_docx(path: Path) -> Document:
    """A Word ``.docx`` file: paragraphs and table cells in document order."""
    import zipfile

    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - dependency declared in pyproject
        raise ReaderError(str(path), "python-docx is not installed") from exc
    data = _raw_bytes(path)
    if not data:
        raise ReaderError(str(path), "file is empty")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReaderError(str(path), f"not a valid .docx file ({exc})") from exc
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append(" ".join(cell.text for cell in row.cells))
    text = _normalise("\n\n".join(p for p in paragraphs if p.strip()))
    metadata, body = split_header(text)
    core = document.core_properties
    if core.title:
        metadata.setdefault("TITLE", core.title)
    return _document(path, body if not core.title else _with_title({}, body), metadata)


def read_pdf(path: Path) -> Document:
    """A PDF with a text layer (scanned pages without one are reported, not guessed)."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - dependency declared in pyproject
        raise ReaderError(str(path), "pypdf is not installed") from exc
    data = _raw_bytes(path)
    if not data:
        raise ReaderError(str(path), "file is empty")
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ReaderError(str(path), f"not a readable PDF ({exc})") from exc
    text = _normalise("\n\n".join(pages))
    if not text.strip():
        raise ReaderError(str(path), "PDF has no text layer (scanned pages need OCR first)")
    metadata, body = split_header(text)
    return _document(path, body, metadata)


def read_jsonl(path: Path) -> Iterator[Document]:
    """JSON lines, one document per line: ``text`` plus metadata (``title``, ``date``, ``id``…).

    A malformed line is reported with its line number; the file's other lines still load
    (the error is raised after the good lines have been yielded).
    """
    data = _raw_bytes(path)
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise ReaderError(str(path), f"broken gzip data ({exc})") from exc
    if not data.strip():
        raise ReaderError(str(path), "file is empty")
    bad: list[str] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            bad.append(f"line {number}: not JSON ({exc})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            bad.append(f"line {number}: no 'text' field")
            continue
        if not record["text"].strip():
            bad.append(f"line {number}: empty 'text'")
            continue
        metadata = {
            key.upper(): str(value)
            for key, value in record.items()
            if key != "text" and isinstance(value, str | int | float)
        }
        record_id = str(record.get("id") or "")
        doc_id = record_id or f"{path.stem}-{number}"
        if not record_id:
            doc_id += "-" + hashlib.sha1(raw).hexdigest()[:8]
        yield Document(
            doc_id=_safe_id(doc_id),
            source=f"{path}#{number}",
            text=_with_title(metadata, _normalise(record["text"])),
            metadata=metadata,
            file_name=f"{_safe_id(doc_id)}.txt",
        )
    if bad:
        shown = "; ".join(bad[:3]) + (f"; and {len(bad) - 3} more" if len(bad) > 3 else "")
        raise ReaderError(str(path), shown)


def _safe_id(value: str) -> str:
    return re.sub(r"[^0-9A-Za-z_.-]+", "_", value).strip("_") or "doc"
