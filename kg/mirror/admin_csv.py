"""Node and relationship CSVs in the layout ``neo4j-admin database import full`` reads.

The same mapping as the push (:mod:`kg.mirror.mapping`): ``nodes.csv`` has ``iri:ID``,
``:LABEL`` (``Resource`` plus the class labels) and one typed column per datatype property
of the ontology (``name:string``, ``startDate:date``, ``amountYuan:double``,
``statedOn:date[]`` …); ``relationships.csv`` has ``:START_ID``, ``:END_ID``, ``:TYPE`` and
``docs:string[]``. Array values are separated by U+001F, which bulletin text never holds.
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
_CSV_TYPES = {"date": "date", "integer": "long", "decimal": "double", "double": "double", "float": "double"}


@dataclass(frozen=True)
class ImportFiles:
    nodes: int
    relationships: int
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
    """Write ``nodes.csv`` and ``relationships.csv`` into ``out`` (made if missing)."""
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
    except OSError as exc:
        raise StoreError(f"{out}: cannot write the import CSVs: {exc}") from exc
    command = (
        f"neo4j-admin database import full neo4j --nodes={out / 'nodes.csv'} "
        f"--relationships={out / 'relationships.csv'} --array-delimiter=U+001F --ignore-empty-strings=true "
        "--overwrite-destination"
    )
    return ImportFiles(len(snap.nodes), len(rows), command)
