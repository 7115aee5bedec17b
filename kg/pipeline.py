"""The pipeline, composed in one place: read → parse → extract → resolve → map → store.

``build`` is incremental: each document's content hash (with the pipeline version, so an
upgraded extractor re-reads everything) is kept in its named graph; an unchanged document
is skipped, a changed one replaces only its own graph, and a document that fails leaves
the store as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError, ReaderError
from kg.mapping import RdfMapper
from kg.models import BuildReport, Document, DocumentFailure, Extraction, ParsedDocument
from kg.resolve import PersonRegistry, ResolutionRules, Resolver
from kg.settings import Settings
from kg.store import RdfStore

if TYPE_CHECKING:
    from kg.extract import Extractor

PIPELINE_VERSION = "1"
BATCH = 32

Progress = Callable[[int], None]


@dataclass(frozen=True)
class ReadResult:
    documents: list[Document]
    failures: list[DocumentFailure]


def read_inputs(inputs: list[Path]) -> ReadResult:
    """Read every file under ``inputs``; failures are collected, not raised."""
    from loaders import iter_input_files, read_path

    documents: list[Document] = []
    failures: list[DocumentFailure] = []
    files: list[Path] = []
    for item in inputs:
        try:
            files.extend(iter_input_files([item]))
        except ReaderError as exc:
            failures.append(DocumentFailure(exc.path, exc.reason))
    for path in files:
        try:
            for document in read_path(path):
                documents.append(document)
        except ReaderError as exc:
            failures.append(DocumentFailure(exc.path, exc.reason))
    return ReadResult(documents, failures)


def content_hash(document: Document) -> str:
    payload = json.dumps([PIPELINE_VERSION, document.text, sorted(document.metadata.items())], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _parse_all(documents: list[Document], failures: list[DocumentFailure]) -> list[ParsedDocument]:
    from loaders import parse

    parsed: list[ParsedDocument] = []
    for document in documents:
        try:
            parsed.append(parse(document))
        except KgError as exc:
            failures.append(DocumentFailure(document.source, str(exc)))
    return parsed


def _extract(
    extractor: Extractor, parsed: list[ParsedDocument], failures: list[DocumentFailure]
) -> Iterator[Extraction]:
    """Extract in batches; a batch that fails is retried one document at a time."""
    for i in range(0, len(parsed), BATCH):
        batch = parsed[i : i + BATCH]
        try:
            yield from extractor.extract_many(batch)
            continue
        except KgError:
            pass
        for one in batch:
            try:
                yield extractor.extract(one)
            except KgError as exc:
                failures.append(DocumentFailure(one.document.source, str(exc)))


def make_extractor(settings: Settings) -> Extractor:
    from kg.extract import Extractor

    extractor = Extractor(settings)
    extractor.load()
    return extractor


def make_resolver(settings: Settings, extractor: Extractor, store: RdfStore) -> Resolver:
    return Resolver(
        places=getattr(extractor, "gazetteer", None),
        rules=ResolutionRules.load(settings.resolutions_file),
        registry=PersonRegistry.from_store(store),
    )


def build(
    inputs: list[Path],
    settings: Settings,
    progress: Callable[[int], Progress] | None = None,
    extractor: Extractor | None = None,
) -> BuildReport:
    """Build (or update) the store at ``settings.store_dir`` from ``inputs``.

    ``progress(total)`` is called once with the number of documents to process and returns
    a callback that is called with 1 after each document. ``extractor`` defaults to the
    full one (loaded only when some document changed).
    """
    read = read_inputs(inputs)
    report = BuildReport(failed=list(read.failures))
    with RdfStore(settings.store_dir) as store:
        todo: list[tuple[Document, str, bool]] = []
        seen: set[str] = set()
        for document in read.documents:
            if document.doc_id in seen:
                report.failed.append(
                    DocumentFailure(document.source, f"duplicate document id {document.doc_id!r}: skipped")
                )
                continue
            seen.add(document.doc_id)
            digest = content_hash(document)
            stored = store.content_hash(document.doc_id)
            if stored == digest:
                report.unchanged.append(document.doc_id)
            else:
                todo.append((document, digest, stored is not None))
        if todo:
            tick = progress(len(todo)) if progress else (lambda _n: None)
            extractor = extractor or make_extractor(settings)
            resolver = make_resolver(settings, extractor, store)
            mapper = RdfMapper()
            parsed = _parse_all([d for d, _, _ in todo], report.failed)
            info = {d.doc_id: (digest, existed) for d, digest, existed in todo}
            for extraction in _extract(extractor, parsed, report.failed):
                doc_id = extraction.parsed.document.doc_id
                digest, existed = info[doc_id]
                try:
                    triples = mapper.map(resolver.resolve(extraction), digest)
                    store.replace_document(doc_id, triples)
                except KgError as exc:
                    report.failed.append(DocumentFailure(extraction.parsed.document.source, str(exc)))
                    continue
                finally:
                    tick(1)
                (report.replaced if existed else report.added).append(doc_id)
            tick(len(todo) - len(parsed))
        report.triples = store.triple_count()
    return report


def extract_to_json(
    inputs: list[Path],
    out_dir: Path,
    settings: Settings,
    progress: Callable[[int], Progress] | None = None,
) -> BuildReport:
    """Write one JSON file per document (gold format of ../shared/eval) into ``out_dir``."""
    from kg.extract.gold_format import to_gold_json

    read = read_inputs(inputs)
    report = BuildReport(failed=list(read.failures))
    if not read.documents:
        return report
    out_dir.mkdir(parents=True, exist_ok=True)
    tick = progress(len(read.documents)) if progress else (lambda _n: None)
    extractor = make_extractor(settings)
    parsed = _parse_all(read.documents, report.failed)
    for extraction in _extract(extractor, parsed, report.failed):
        document = extraction.parsed.document
        name = Path(document.file_name or f"{document.doc_id}.txt").with_suffix(".json").name
        target = out_dir / name
        tmp = target.with_name(target.name + ".part")
        tmp.write_text(json.dumps(to_gold_json(extraction), ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(target)
        report.added.append(document.doc_id)
        tick(1)
    return report
