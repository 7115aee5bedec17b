"""RdfMapper: a resolved document into triples in the ontology's terms.

Everything one document contributes goes into that document's named graph (see
:mod:`kg.iris`); canonical entities have the same IRI in every graph, so the union of the
graphs is the knowledge graph. Every fact (post, event, project, partnership) points to
the sentence it came from (``prov:wasDerivedFrom``), every entity to the sentences that
name it (``jb:mentionedIn``), and every sentence to its article or document with its
character offsets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Triple

from kg import iris
from kg.models import (
    DocumentKind,
    Entity,
    EntityType,
    EventKind,
    ParsedDocument,
    ParticipantRole,
    ResolvedDocument,
)
from kg.vocab import CLASSES, DCTERMS, FOAF, JB, ORG, PROV, RDF_TYPE, SCHEMA, SKOS, XSD

_ENTITY_CLASS = {
    EntityType.PERSON: FOAF.Person,
    EntityType.ORGANIZATION: ORG.Organization,
    EntityType.PLACE: SCHEMA.Place,
}
_ENTITY_PATH = {EntityType.PERSON: "person", EntityType.ORGANIZATION: "org", EntityType.PLACE: "place"}
_EVENT_CLASS = {
    EventKind.MEETING: JB.Meeting,
    EventKind.VISIT: JB.Visit,
    EventKind.TRAINING: JB.Training,
    EventKind.SIGNING: JB.Signing,
    EventKind.AID: JB.AidDelivery,
}
_ROLE_PROPERTY = {
    ParticipantRole.LED: JB.ledBy,
    ParticipantRole.CHAIRED: JB.chairedBy,
    ParticipantRole.ATTENDED: JB.attendedBy,
    ParticipantRole.SPOKE: JB.speaker,
    ParticipantRole.VISITED: JB.visitor,
    ParticipantRole.SIGNED: JB.signatory,
    ParticipantRole.ORGANIZED: JB.organizer,
}
_RECIPIENT_PROPERTY = {"报": JB.reportedTo, "送": JB.sentTo, "发": JB.issuedTo}
Evidence = Callable[[int], str]  # character offset → IRI of the sentence holding it


def entity_iri(entity_type: EntityType, key: str) -> str:
    return iris.entity(_ENTITY_PATH[entity_type], key)


def _classes_with_ancestors(class_iri: str) -> list[str]:
    out = [class_iri]
    parent = CLASSES[class_iri].parent
    while parent is not None and parent in CLASSES:
        out.append(parent)
        parent = CLASSES[parent].parent
    return out


class _Triples:
    """Collects triples without duplicates, typed literals made in one place."""

    def __init__(self) -> None:
        self.items: dict[Triple, None] = {}

    def add(self, subject: str, predicate: str, obj: str | NamedNode | Literal) -> None:
        value = obj if isinstance(obj, NamedNode | Literal) else NamedNode(obj)
        self.items[Triple(NamedNode(subject), NamedNode(predicate), value)] = None

    def types(self, subject: str, class_iri: str) -> None:
        for cls in _classes_with_ancestors(class_iri):
            self.add(subject, RDF_TYPE, cls)

    def text(self, subject: str, predicate: str, value: str) -> None:
        self.add(subject, predicate, Literal(value))

    def integer(self, subject: str, predicate: str, value: int) -> None:
        self.add(subject, predicate, Literal(str(value), datatype=NamedNode(XSD + "integer")))

    def date(self, subject: str, predicate: str, value: dt.date) -> None:
        self.add(subject, predicate, Literal(value.isoformat(), datatype=NamedNode(XSD + "date")))

    def decimal(self, subject: str, predicate: str, value: Decimal) -> None:
        text = format(value.normalize(), "f")
        self.add(subject, predicate, Literal(text, datatype=NamedNode(XSD + "decimal")))


class RdfMapper:
    """Map a :class:`ResolvedDocument` to the triples of its named graph."""

    def map(self, resolved: ResolvedDocument, content_hash: str) -> list[Triple]:
        parsed = resolved.extraction.parsed
        out = _Triples()
        doc = iris.document(parsed.document.doc_id)
        self._document(out, parsed, doc, content_hash, resolved)
        sentence_iris = self._sentences(out, parsed, doc)

        def evidence(start: int) -> str:
            sentence = parsed.sentence_at(start)
            return sentence_iris(sentence.index)

        for entity in resolved.entities.values():
            self._entity(out, entity, evidence)
        self._posts(out, resolved, evidence)
        self._events(out, resolved, evidence, doc)
        self._projects(out, resolved, evidence)
        self._partnerships(out, resolved, evidence)
        return list(out.items)

    # ------------------------------------------------------------------ documents

    def _document(
        self, out: _Triples, parsed: ParsedDocument, doc: str, content_hash: str, resolved: ResolvedDocument
    ) -> None:
        kind_class = {
            DocumentKind.BULLETIN: JB.BulletinIssue,
            DocumentKind.NEWS: JB.NewsPage,
            DocumentKind.TEXT: FOAF.Document,
        }[parsed.kind]
        out.types(doc, kind_class)
        out.text(doc, DCTERMS.title, parsed.title or parsed.document.doc_id)
        out.text(doc, DCTERMS.source, parsed.document.source)
        out.text(doc, JB.contentHash, content_hash)
        if parsed.date is not None:
            out.date(doc, DCTERMS.date, parsed.date)
        header = parsed.header
        if header is not None:
            out.text(doc, JB.series, header.series or parsed.title)
            if header.batch is not None:
                out.integer(doc, JB.batch, header.batch)
            if header.issue is not None:
                out.integer(doc, JB.issueNumber, header.issue)
            if header.total_issue is not None:
                out.integer(doc, JB.totalIssueNumber, header.total_issue)
            if header.issuer:
                key = resolved.by_surface.get((EntityType.ORGANIZATION, header.issuer))
                if key is not None:
                    out.add(doc, DCTERMS.publisher, entity_iri(EntityType.ORGANIZATION, key))
        for recipient in parsed.distribution:
            key = resolved.by_surface.get((EntityType.ORGANIZATION, recipient.name))
            if key is not None:
                out.add(doc, _RECIPIENT_PROPERTY[recipient.kind.value], entity_iri(EntityType.ORGANIZATION, key))
        doc_id = parsed.document.doc_id
        for index, section in enumerate(parsed.sections):
            node = iris.document_part(doc_id, "section", index)
            out.types(node, JB.Section)
            out.text(node, DCTERMS.title, section.title)
            out.add(node, DCTERMS.isPartOf, doc)
            out.integer(node, JB.position, index)
        for article in parsed.articles:
            if parsed.kind is not DocumentKind.BULLETIN:
                continue
            node = iris.document_part(doc_id, "article", article.index)
            out.types(node, JB.Article)
            title = article.headline or parsed.text[article.start : article.end][:40]
            out.text(node, DCTERMS.title, title)
            section_index = next((i for i, s in enumerate(parsed.sections) if s.start <= article.start < s.end), None)
            parent = iris.document_part(doc_id, "section", section_index) if section_index is not None else doc
            out.add(node, DCTERMS.isPartOf, parent)
            out.integer(node, JB.position, article.index)
            out.integer(node, JB.startOffset, article.start)
            out.integer(node, JB.endOffset, article.end)
            if parsed.date is not None:
                out.date(node, DCTERMS.date, parsed.date)

    def _sentences(self, out: _Triples, parsed: ParsedDocument, doc: str) -> Evidence:
        """Sentence nodes are made on first use: only sentences that are evidence appear."""
        made: dict[int, str] = {}
        doc_id = parsed.document.doc_id
        bulletin = parsed.kind is DocumentKind.BULLETIN

        def sentence_iri(index: int) -> str:
            if index in made:
                return made[index]
            sentence = parsed.sentences[index]
            node = iris.document_part(doc_id, "sentence", index)
            out.types(node, JB.Sentence)
            out.text(node, JB.text, sentence.text)
            out.integer(node, JB.startOffset, sentence.start)
            out.integer(node, JB.endOffset, sentence.end)
            parent = doc
            if bulletin:
                article = next((a for a in parsed.articles if a.start <= sentence.start < a.end), None)
                if article is not None:
                    parent = iris.document_part(doc_id, "article", article.index)
            out.add(node, DCTERMS.isPartOf, parent)
            made[index] = node
            return node

        return sentence_iri

    # ------------------------------------------------------------------ entities and facts

    def _entity(self, out: _Triples, entity: Entity, evidence: Evidence) -> None:
        node = entity_iri(entity.type, entity.key)
        out.types(node, _ENTITY_CLASS[entity.type])
        out.text(node, SCHEMA.name, entity.name)
        for alias in sorted(entity.aliases - {entity.name}):
            out.text(node, SKOS.altLabel, alias)
        if entity.division_code:
            out.text(node, JB.divisionCode, entity.division_code)
        if entity.place_level:
            out.text(node, JB.placeLevel, entity.place_level)
        if entity.parent is not None:
            if entity.type is EntityType.PLACE:
                out.add(node, SCHEMA.containedInPlace, entity_iri(EntityType.PLACE, entity.parent))
            elif entity.type is EntityType.ORGANIZATION:
                out.add(node, ORG.subOrganizationOf, entity_iri(EntityType.ORGANIZATION, entity.parent))
        if entity.based_in is not None:
            out.add(node, JB.basedIn, entity_iri(EntityType.PLACE, entity.based_in))
        for start, _end in entity.mentions:
            out.add(node, JB.mentionedIn, evidence(start))

    def _posts(self, out: _Triples, resolved: ResolvedDocument, evidence: Evidence) -> None:
        parsed = resolved.extraction.parsed
        for person in resolved.extraction.persons:
            key = resolved.by_surface.get((EntityType.PERSON, person.name))
            if key is None:
                continue
            person_node = entity_iri(EntityType.PERSON, key)
            for title in person.titles:
                org_key = (
                    resolved.by_surface.get((EntityType.ORGANIZATION, title.organization))
                    if title.organization
                    else None
                )
                post = iris.entity("post", f"{key}/{iris.short_hash(title.text, org_key or '')}")
                out.types(post, ORG.Post)
                out.text(post, JB.title, title.text)
                if title.role:
                    out.text(post, JB.roleName, title.role)
                if org_key is not None:
                    out.add(post, ORG.postIn, entity_iri(EntityType.ORGANIZATION, org_key))
                if parsed.date is not None:
                    out.date(post, JB.statedOn, parsed.date)
                out.add(post, PROV.wasDerivedFrom, evidence(title.start))
                out.add(person_node, ORG.holds, post)

    def _events(self, out: _Triples, resolved: ResolvedDocument, evidence: Evidence, doc: str) -> None:
        doc_id = resolved.extraction.parsed.document.doc_id
        for index, event in enumerate(resolved.extraction.events):
            node = iris.document_part(doc_id, "event", index)
            out.types(node, _EVENT_CLASS[event.kind])
            out.text(node, JB.eventKind, event.kind.value)
            if event.label:
                out.text(node, SCHEMA.name, event.label)
            if event.date is not None:
                out.date(node, SCHEMA.startDate, event.date.start)
                out.date(node, SCHEMA.endDate, event.date.end)
                out.text(node, JB.dateText, event.date.text)
            for place in event.places:
                key = resolved.by_surface.get((EntityType.PLACE, place))
                if key is not None:
                    out.add(node, SCHEMA.location, entity_iri(EntityType.PLACE, key))
            for participant in event.participants:
                key = resolved.by_surface.get((participant.type, participant.name))
                if key is None:
                    continue
                agent = entity_iri(participant.type, key)
                out.add(node, _ROLE_PROPERTY[participant.role], agent)
                out.add(node, JB.participant, agent)
            out.add(node, PROV.wasDerivedFrom, evidence(event.start))

    def _projects(self, out: _Triples, resolved: ResolvedDocument, evidence: Evidence) -> None:
        for project in resolved.extraction.projects:
            node = iris.entity("project", project.name)
            out.types(node, JB.Project)
            out.text(node, SCHEMA.name, project.name)
            if project.amount is not None:
                out.decimal(node, JB.amountYuan, project.amount.yuan)
                out.text(node, JB.amountText, project.amount.text)
            if project.place:
                key = resolved.by_surface.get((EntityType.PLACE, project.place))
                if key is not None:
                    out.add(node, JB.locatedIn, entity_iri(EntityType.PLACE, key))
            if project.funder:
                for entity_type in (EntityType.ORGANIZATION, EntityType.PLACE):
                    key = resolved.by_surface.get((entity_type, project.funder))
                    if key is not None:
                        out.add(node, JB.fundedBy, entity_iri(entity_type, key))
                        break
            out.add(node, PROV.wasDerivedFrom, evidence(project.start))

    def _partnerships(self, out: _Triples, resolved: ResolvedDocument, evidence: Evidence) -> None:
        for partnership in resolved.extraction.partnerships:
            partners: list[str] = []
            for name in partnership.partners:
                for entity_type in (EntityType.ORGANIZATION, EntityType.PLACE, EntityType.PERSON):
                    key = resolved.by_surface.get((entity_type, name))
                    if key is not None:
                        partners.append(entity_iri(entity_type, key))
                        break
            if len(set(partners)) < 2:
                continue
            node = iris.entity("partnership", iris.short_hash(partnership.kind, *sorted(set(partners))))
            out.types(node, JB.Partnership)
            out.text(node, JB.partnershipKind, partnership.kind)
            for partner in partners:
                out.add(node, JB.partner, partner)
            out.add(node, PROV.wasDerivedFrom, evidence(partnership.start))
