"""An Extraction in the evaluation's JSON format (``../shared/eval/GUIDELINES.md``):
document-level persons with positions, organizations and places with aliases, plus the
keys ``events``, ``projects`` and ``partnerships``.

Mentions of one entity are grouped by their canonical form: the entry's ``name`` is the
longest written form and ``aliases`` the other written forms.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any

from kg.models import EntityType, Extraction, Mention

JsonDict = dict[str, Any]


def to_gold_json(extraction: Extraction) -> JsonDict:
    """The document's entities as a JSON-serialisable dict."""
    doc = extraction.parsed.document
    return {
        "document": doc.file_name or doc.doc_id,
        "persons": _persons(extraction),
        "organizations": _grouped([*extraction.organizations, *_recipients(extraction)]),
        "places": _grouped(extraction.places, extraction.parsed.text),
        "events": [_plain(e) for e in extraction.events],
        "projects": [_plain(p) for p in extraction.projects],
        "partnerships": [_plain(p) for p in extraction.partnerships],
    }


def _recipients(extraction: Extraction) -> list[Mention]:
    """The organizations of a bulletin's distribution list (报/送), as written."""
    return [
        Mention(EntityType.ORGANIZATION, r.name, r.start, r.end, r.canonical)
        for r in extraction.parsed.distribution
        if r.is_organization
    ]


def _persons(extraction: Extraction) -> list[JsonDict]:
    positions: dict[str, list[str]] = {}
    aliases: dict[str, list[str]] = {}
    for person in extraction.persons:
        titles = positions.setdefault(person.name, [])
        for title in person.titles:
            if title.text not in titles:
                titles.append(title.text)
        forms = aliases.setdefault(person.name, [])
        forms += [a for a in person.aliases if a not in forms]
    out: list[JsonDict] = []
    for name, titles in positions.items():
        entry: JsonDict = {"name": name, "positions": titles}
        if aliases[name]:
            entry["aliases"] = aliases[name]
        out.append(entry)
    return out


def _grouped(mentions: Iterable[Mention], text: str = "") -> list[JsonDict]:
    """Group written forms that share a canonical form (or are each other's canonical).
    When ``text`` is given, a canonical form written somewhere in it (天山 inside 天山南北)
    joins its group's forms."""
    groups: dict[str, list[str]] = {}
    key_of: dict[str, str] = {}
    for m in mentions:
        key = key_of.get(m.canonical or m.text) or key_of.get(m.text) or (m.canonical or m.text)
        forms = groups.setdefault(key, [])
        if m.text not in forms:
            forms.append(m.text)
        key_of.setdefault(m.text, key)
        key_of.setdefault(m.canonical or m.text, key)
    out: list[JsonDict] = []
    for key, forms in groups.items():
        if text and key not in forms and key in text:
            forms.append(key)
        name = max(forms, key=len)
        out.append({"name": name, "aliases": [f for f in forms if f != name]})
    return out


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
