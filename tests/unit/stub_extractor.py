"""A stand-in extractor for unit tests: finds the names it is given, nothing else."""

from __future__ import annotations

from kg.models import EntityType, Extraction, Mention, ParsedDocument, PersonMention, Title


class StubExtractor:
    """Finds fixed person, organization and place names by string search."""

    gazetteer = None

    def __init__(self, persons: dict[str, str], organizations: list[str], places: list[str]) -> None:
        self.persons = persons  # name → a title written before it
        self.organizations = organizations
        self.place_names = places
        self.calls = 0

    def extract_many(self, docs: list[ParsedDocument]) -> list[Extraction]:
        return [self.extract(doc) for doc in docs]

    def extract(self, parsed: ParsedDocument) -> Extraction:
        self.calls += 1
        text = parsed.text
        persons = []
        for name, title in self.persons.items():
            at = text.find(name)
            if at >= 0:
                t_at = text.rfind(title, 0, at)
                org = next((o for o in self.organizations if o in title), None)
                titles = (Title(title, title[-3:], org, t_at, t_at + len(title)),) if t_at >= 0 else ()
                persons.append(PersonMention(name, at, at + len(name), titles))
        orgs = [
            Mention(EntityType.ORGANIZATION, o, text.find(o), text.find(o) + len(o))
            for o in self.organizations
            if o in text
        ]
        places = [
            Mention(EntityType.PLACE, p, text.find(p), text.find(p) + len(p)) for p in self.place_names if p in text
        ]
        return Extraction(parsed, persons, orgs, places)
