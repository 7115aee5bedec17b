"""Resolver: mentions into canonical entities with keys that are stable across documents.

Keys decide identity: two mentions with the same key, in one document or in many, are one
node in the graph. Places known to the gazetteer are keyed by their division code (so
果洛, 果洛州 and 果洛藏族自治州 are one place, with its containing places added); other
places and organizations by their canonical (expanded) name; persons by name. Human
decisions in the resolutions file (``merge`` and ``split`` lines, see
:class:`ResolutionRules`) are replayed on every build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from kg.errors import ConfigError
from kg.models import Entity, EntityType, Extraction, PlaceInfo, ResolvedDocument


class PlaceLookup(Protocol):
    """What the resolver needs from a gazetteer."""

    def lookup(self, name: str) -> PlaceInfo | None: ...

    def by_code(self, code: str) -> PlaceInfo | None: ...


_NOT_AN_ORGANIZATION = re.compile(r"各|有关|人才$|干部$|同志$")


@dataclass
class ResolutionRules:
    """Human merge/split decisions, one per line of a TSV file::

        # kind   type          from            to / context
        merge    person        赵永            赵勇
        merge    organization  省委组织部        青海省委组织部
        split    person        王勇            青海省委组织部

    ``merge`` makes every mention of *from* one entity with *to*. ``split`` gives a person
    whose titles mention *context* an entity of their own (``王勇@青海省委组织部``), so
    namesakes stay apart.
    """

    merges: dict[tuple[EntityType, str], str] = field(default_factory=dict)
    splits: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> ResolutionRules:
        rules = cls()
        if path is None:
            return rules
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the resolutions file: {exc}") from exc
        for number, line in enumerate(lines, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = [p.strip() for p in line.split("\t") if p.strip()]
            if len(parts) != 4 or parts[0] not in ("merge", "split"):
                raise ConfigError(f"{path}:{number}: expected 'merge|split<TAB>type<TAB>name<TAB>target'")
            try:
                entity_type = EntityType(parts[1])
            except ValueError:
                raise ConfigError(f"{path}:{number}: unknown type {parts[1]!r}") from None
            if parts[0] == "merge":
                rules.merges[(entity_type, parts[2])] = parts[3]
            else:
                rules.splits.setdefault(parts[2], []).append(parts[3])
        return rules


class Resolver:
    """Resolve one document's mentions (no I/O: the gazetteer and rules are passed in)."""

    def __init__(self, places: PlaceLookup | None = None, rules: ResolutionRules | None = None) -> None:
        self.places = places
        self.rules = rules or ResolutionRules()

    def resolve(self, extraction: Extraction) -> ResolvedDocument:
        entities: dict[str, Entity] = {}
        by_surface: dict[tuple[EntityType, str], str] = {}

        def add(entity_type: EntityType, surface: str, canonical: str, span: tuple[int, int] | None) -> str:
            key, name = self._key(entity_type, canonical)
            entity = entities.get(key)
            if entity is None:
                entity = entities[key] = Entity(key=key, type=entity_type, name=name)
                if entity_type is EntityType.PLACE:
                    self._place_details(entity, entities)
            entity.aliases.update(a for a in (surface, canonical) if a != entity.name and "@" not in a)
            if span is not None:
                entity.mentions.append(span)
            by_surface[(entity_type, surface)] = key
            by_surface.setdefault((entity_type, canonical), key)
            return key

        for person in extraction.persons:
            context = " ".join(t.text for t in person.titles)
            marker = next((m for m in self.rules.splits.get(person.name, []) if m in context), None)
            canonical = f"{person.name}@{marker}" if marker else person.name
            add(EntityType.PERSON, person.name, canonical, (person.start, person.end))
            entities[by_surface[(EntityType.PERSON, person.name)]].name = person.name
        for mention in extraction.places:
            add(EntityType.PLACE, mention.text, mention.canonical or mention.text, (mention.start, mention.end))
        for mention in extraction.organizations:
            add(EntityType.ORGANIZATION, mention.text, mention.canonical or mention.text, (mention.start, mention.end))
        for person in extraction.persons:
            for title in person.titles:
                if title.organization and (EntityType.ORGANIZATION, title.organization) not in by_surface:
                    add(EntityType.ORGANIZATION, title.organization, title.organization, (title.start, title.end))
        parsed = extraction.parsed
        if parsed.header is not None and parsed.header.issuer:
            add(EntityType.ORGANIZATION, parsed.header.issuer, parsed.header.issuer, None)
        for recipient in parsed.distribution:
            canonical = recipient.canonical or recipient.name
            if not _NOT_AN_ORGANIZATION.search(canonical):
                add(EntityType.ORGANIZATION, recipient.name, canonical, (recipient.start, recipient.end))
        self._drop_unmentioned_persons(entities)
        return ResolvedDocument(extraction=extraction, entities=entities, by_surface=by_surface)

    def _key(self, entity_type: EntityType, canonical: str) -> tuple[str, str]:
        target = self.rules.merges.get((entity_type, canonical), canonical)
        if entity_type is EntityType.PLACE and self.places is not None:
            info = self.places.lookup(target)
            if info is not None and info.code:
                return info.code, info.name
            if info is not None:
                return info.name, info.name
        return target, target

    def _place_details(self, entity: Entity, entities: dict[str, Entity]) -> None:
        """Code, level and the chain of containing places (added as entities too)."""
        if self.places is None:
            return
        info = self.places.lookup(entity.name)
        if info is None:
            return
        entity.division_code = info.code
        entity.place_level = info.level
        child = entity
        parent_code = info.parent_code
        while parent_code:
            parent = self.places.by_code(parent_code)
            if parent is None or parent.code is None:
                break
            child.parent = parent.code
            if parent.code in entities:
                break
            child = entities[parent.code] = Entity(
                key=parent.code,
                type=EntityType.PLACE,
                name=parent.name,
                division_code=parent.code,
                place_level=parent.level,
            )
            parent_code = parent.parent_code

    @staticmethod
    def _drop_unmentioned_persons(entities: dict[str, Entity]) -> None:
        for key in [k for k, e in entities.items() if e.type is EntityType.PERSON and not e.mentions]:
            del entities[key]
