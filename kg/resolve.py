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
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote

import queries
from kg import iris
from kg.data import read_table, read_words
from kg.errors import ConfigError
from kg.models import Entity, EntityType, Extraction, Mention, PersonMention, ResolvedDocument

if TYPE_CHECKING:
    from kg.store import RdfStore


class PlaceRecord(Protocol):
    """A gazetteer entry: an administrative division (with its code) or a named region."""

    @property
    def code(self) -> str | None: ...
    @property
    def name(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def parent(self) -> str | None: ...


class PlaceLookup(Protocol):
    """What the resolver needs from a gazetteer (:class:`kg.extract.PlaceGazetteer`)."""

    def best(self, form: str, context: Iterable[str] = ()) -> PlaceRecord | None: ...

    def get(self, code: str) -> PlaceRecord | None: ...


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


@dataclass
class PersonRegistry:
    """Persons seen so far (in the store and in this build) with where their posts place them.

    A person mention joins the known person of that name whose context (organizations and
    places of their posts) overlaps its own, or one with no context; when every known
    namesake is placed elsewhere, it becomes a new person ``name~2`` (``~3``…). Mentions
    without titles join the first person of that name.
    """

    known: dict[str, list[tuple[str, set[str]]]] = field(default_factory=dict)

    @classmethod
    def from_store(cls, store: RdfStore) -> PersonRegistry:
        """The persons a store already holds, so that later builds keep their keys."""
        registry = cls()
        person_base = iris.entity("person", "")
        place_base = iris.entity("place", "")
        org_base = iris.entity("org", "")
        for row in store.query(queries.load("resolve-person-contexts", "sparql")):
            key = unquote(row["person"].value.removeprefix(person_base))
            context: set[str] = set()
            if row["org"] is not None:
                context.add("org:" + unquote(row["org"].value.removeprefix(org_base)))
            if row["place"] is not None:
                context.add("place:" + unquote(row["place"].value.removeprefix(place_base)))
            registry.add(row["name"].value, key, context)
        return registry

    def add(self, name: str, key: str, context: set[str]) -> None:
        for known_key, known_context in self.known.setdefault(name, []):
            if known_key == key:
                known_context.update(context)
                return
        self.known[name].append((key, set(context)))

    def choose(self, name: str, context: frozenset[str]) -> str:
        candidates = self.known.get(name, [])
        if not candidates:
            key = name
        elif not context:
            key = candidates[0][0]
        else:
            overlapping = [k for k, c in candidates if c & context]
            unplaced = [k for k, c in candidates if not c]
            key = (overlapping or unplaced or [f"{name}~{len(candidates) + 1}"])[0]
        self.add(name, key, set(context))
        return key


class Resolver:
    """Resolve one document's mentions (no I/O: the gazetteer and rules are passed in)."""

    def __init__(
        self,
        places: PlaceLookup | None = None,
        rules: ResolutionRules | None = None,
        registry: PersonRegistry | None = None,
    ) -> None:
        self.places = places
        self.rules = rules or ResolutionRules()
        self.registry = registry or PersonRegistry()

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

        for mention in extraction.places:
            add(EntityType.PLACE, mention.text, mention.canonical or mention.text, (mention.start, mention.end))
        for mention in extraction.organizations:
            key = add(
                EntityType.ORGANIZATION, mention.text, mention.canonical or mention.text, (mention.start, mention.end)
            )
            place = _first_inside(extraction.places, mention.start, mention.end)
            if place is not None and entities[key].based_in is None:
                entities[key].based_in = by_surface[(EntityType.PLACE, place.text)]
        for person in extraction.persons:
            for title in person.titles:
                if title.organization and (EntityType.ORGANIZATION, title.organization) not in by_surface:
                    add(EntityType.ORGANIZATION, title.organization, title.organization, (title.start, title.end))
        parsed = extraction.parsed
        if parsed.header is not None and parsed.header.issuer:
            add(EntityType.ORGANIZATION, parsed.header.issuer, parsed.header.issuer, None)
        for recipient in parsed.distribution:
            if recipient.is_organization:
                canonical = recipient.canonical or recipient.name
                add(EntityType.ORGANIZATION, recipient.name, canonical, (recipient.start, recipient.end))
        for person in extraction.persons:
            context = self._person_context(person, extraction, entities, by_surface)
            titles = " ".join(t.text for t in person.titles)
            marker = next((m for m in self.rules.splits.get(person.name, []) if m in titles), None)
            # a human split decision wins over the automatic namesake rule
            canonical = f"{person.name}@{marker}" if marker else self.registry.choose(person.name, context)
            add(EntityType.PERSON, person.name, canonical, (person.start, person.end))
            entity = entities[by_surface[(EntityType.PERSON, person.name)]]
            entity.name = person.name
            entity.aliases.update(a for a in person.aliases if a != person.name)  # 王书记 for 王某某
        self._organization_parents(entities)
        self._drop_unmentioned_persons(entities)
        return ResolvedDocument(extraction=extraction, entities=entities, by_surface=by_surface)

    def _person_context(
        self,
        person: PersonMention,
        extraction: Extraction,
        entities: dict[str, Entity],
        by_surface: dict[tuple[EntityType, str], str],
    ) -> frozenset[str]:
        """Where a person's titles place them: organizations, their places and the places' parents."""
        context: set[str] = set()
        for title in person.titles:
            org_key = by_surface.get((EntityType.ORGANIZATION, title.organization or ""))
            place_keys = [
                by_surface[(EntityType.PLACE, m.text)]
                for m in extraction.places
                if title.start <= m.start and m.end <= title.end
            ]
            if org_key is not None:
                context.add(f"org:{org_key}")
                if entities[org_key].based_in:
                    place_keys.append(entities[org_key].based_in or "")
            for key in place_keys:
                while key and f"place:{key}" not in context:
                    context.add(f"place:{key}")
                    key = entities[key].parent or "" if key in entities else ""
        return frozenset(context)

    def _key(self, entity_type: EntityType, canonical: str) -> tuple[str, str]:
        target = self.rules.merges.get((entity_type, canonical), canonical)
        if entity_type is EntityType.ORGANIZATION:
            key = organization_key(target)
            return key, key
        if entity_type is EntityType.PLACE and self.places is not None:
            info = self.places.best(target)
            if info is not None:
                return info.code or info.name, info.name
        return target, target

    def _place_details(self, entity: Entity, entities: dict[str, Entity]) -> None:
        """Code, level and the chain of containing places (added as entities too)."""
        if self.places is None:
            return
        info = self.places.best(entity.name)
        if info is None:
            return
        entity.division_code = info.code
        entity.place_level = str(info.level)
        child = entity
        parent_code = info.parent
        while parent_code:
            parent = self.places.get(parent_code)
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
                place_level=str(parent.level),
            )
            parent_code = parent.parent

    @staticmethod
    def _organization_parents(entities: dict[str, Entity]) -> None:
        """An organization whose name starts with another's is part of it (上海市委组织部综合干部处
        ⊂ 上海市委组织部 ⊂ 上海市委); a parent body named only as such a prefix is added too."""
        todo = [e for e in entities.values() if e.type is EntityType.ORGANIZATION]
        while todo:
            entity = todo.pop()
            for cut in range(len(entity.key) - 2, 2, -1):
                prefix = entity.key[:cut]
                known = entities.get(prefix)
                if known is not None and known.type is not EntityType.ORGANIZATION:
                    continue
                if known is None and not _PARENT_BODY.search(prefix):
                    continue
                if known is None:
                    entities[prefix] = Entity(key=prefix, type=EntityType.ORGANIZATION, name=prefix)
                    todo.append(entities[prefix])
                entity.parent = prefix
                break

    @staticmethod
    def _drop_unmentioned_persons(entities: dict[str, Entity]) -> None:
        for key in [k for k, e in entities.items() if e.type is EntityType.PERSON and not e.mentions]:
            del entities[key]


def _first_inside(places: list[Mention], start: int, end: int) -> Mention | None:
    """The first place mention lying inside ``start:end`` (青海 inside 青海省委组织部)."""
    inside = [m for m in places if start <= m.start and m.end <= end]
    return min(inside, key=lambda m: m.start) if inside else None


# A name that ends like a governing body can stand on its own as an organization.
_PARENT_BODY = re.compile(
    r"(?:省委|市委|州委|县委|区委|党委|政府|组织部|宣传部|统战部|人大常委会|政协|纪委|教育部|厅|局)$"
)


# Bodies whose names are written with and without the province's 市/省 (not companies, schools).
_GOVERNMENT_BODY = re.compile(r"(?:联络组|工作组|领导小组|委|办|厅|局|部|政府|办事处|指挥部)$")


@cache
def _name_forms() -> tuple[tuple[str, str], ...]:
    rows = [(row[0], row[1]) for row in read_table("org_name_forms.tsv") if len(row) >= 2]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


@cache
def _province_prefixes() -> tuple[tuple[str, str], ...]:
    names = read_words("municipalities.txt")
    return tuple((re.sub(r"(?:省|市|维吾尔自治区|自治区)$", "", n), n) for n in names)


def organization_key(name: str) -> str:
    """The identity of an organization name: one key for the forms of one name.

    >>> organization_key("上海援青干部联络组") == organization_key("上海市援青干部联络组")
    True
    >>> organization_key("上海市人民政府合作交流办公室")
    '上海市政府合作交流办'
    >>> organization_key("青海省发展改革委")
    '青海省发改委'
    """
    key = name
    for short, full in _province_prefixes():
        if not _GOVERNMENT_BODY.search(key):
            break  # a company's or a school's own name is kept as written
        if key.startswith(short) and not key.startswith(full):
            rest = key[len(short) :]
            if rest and rest[0] not in "省市":
                key = full + rest
            break
    for long_form, short_form in _name_forms():
        key = key.replace(long_form, short_form)
    return key
