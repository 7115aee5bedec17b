"""Node and relationship CSVs in the layout ``neo4j-admin database import full`` reads.

The same mapping as the push (:mod:`kg.mirror.mapping`): ``nodes.csv`` has ``iri:ID``,
``:LABEL`` (``Resource`` plus the class labels) and one typed column per datatype property
of the ontology (``name:string``, ``startDate:date``, ``amountYuan:double``,
``statedOn:date[]`` …); ``relationships.csv`` has ``:START_ID``, ``:END_ID``, ``:TYPE`` and
``docs:string[]``. Array values are separated by U+001F, which bulletin text never holds.

``nodes-state.csv`` holds the mirror's state node (``:MirrorState``: the documents and their
content hashes), so that after the import ``kg neo4j push`` goes on incrementally instead of
pushing everything again.

``NEO4J_IMPORT_DIR=DIR make neo4j-up`` imports the files into the embedded server
(neo4j-launcher); the printed ``neo4j-admin`` command does it on a server of your own.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.mirror.mapping import DOCS_PROPERTY, KEY_LABEL, KEY_PROPERTY, SnapshotReader
from kg.store import RdfStore
from kg.vocab import DATATYPE_PROPERTIES, XSD

ARRAY_DELIMITER = "\x1f"
STATE_FILE = "nodes-state.csv"
_CSV_TYPES = {"date": "date", "integer": "long", "decimal": "double", "double": "double", "float": "double"}


@dataclass(frozen=True)
class ImportFiles:
    nodes: int
    relationships: int
    documents: int
    command: str


def property_columns() -> list[tuple[str, str]]:
    """``(property name, header)`` for every datatype property of the ontology, sorted by name."""
    columns: dict[str, str] = {}
    for term in DATATYPE_PROPERTIES.values():
        kind = _CSV_TYPES.get(term.datatype.removeprefix(XSD), "string")
        columns[term.name] = f"{term.name}:{kind}{'' if term.functional else '[]'}"
    return sorted(columns.items())


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(_cell(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return ""
    return str(value)


def write_import_csv(store: RdfStore, out: Path) -> ImportFiles:
    """Write ``nodes.csv``, ``relationships.csv`` and ``nodes-state.csv`` into ``out`` (made if missing)."""
    from kg.mirror.mirror import STATE_KEY, document_hashes

    hashes = document_hashes(store)
    snap = SnapshotReader(store).read(None)
    columns = property_columns()
    try:
        out.mkdir(parents=True, exist_ok=True)
        with (out / "nodes.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([f"{KEY_PROPERTY}:ID", ":LABEL", f"{DOCS_PROPERTY}:string[]"] + [h for _, h in columns])
            for iri in sorted(snap.nodes):
                record = snap.nodes[iri]
                props = record.properties()
                labels = ARRAY_DELIMITER.join([KEY_LABEL, *sorted(record.labels)])
                writer.writerow([iri, labels, _cell(props[DOCS_PROPERTY])] + [_cell(props.get(n)) for n, _ in columns])
        rows = snap.rel_rows()
        with (out / "relationships.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([":START_ID", ":END_ID", ":TYPE", f"{DOCS_PROPERTY}:string[]"])
            for row in rows:
                writer.writerow([row["start"], row["end"], row["type"], _cell(row["docs"])])
        summary = (
            f"imported from CSV files written by kg neo4j csv: {len(hashes)} documents, "
            f"{len(snap.nodes)} nodes and {len(rows)} relationships"
        )
        with (out / STATE_FILE).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                [
                    "key:string",
                    ":LABEL",
                    "docIds:string[]",
                    "hashes:string[]",
                    "store:string",
                    "lastPush:datetime",
                    "summary:string",
                ]
            )
            doc_ids = sorted(hashes)
            store_name = str(store.path) if store.path is not None else "(in memory)"
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            writer.writerow(
                [
                    STATE_KEY,
                    "MirrorState",
                    _cell(doc_ids),
                    _cell([hashes[d] for d in doc_ids]),
                    store_name,
                    now,
                    summary,
                ]
            )
    except OSError as exc:
        raise StoreError(f"{out}: cannot write the import CSVs: {exc}") from exc
    command = (
        f"neo4j-admin database import full neo4j --nodes={out / 'nodes.csv'} --nodes={out / STATE_FILE} "
        f"--relationships={out / 'relationships.csv'} --array-delimiter=U+001F --ignore-empty-strings=true "
        "--multiline-fields=true --overwrite-destination"
    )
    return ImportFiles(len(snap.nodes), len(rows), len(hashes), command)
