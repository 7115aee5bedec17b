"""Resolution: one node per real person, namesakes apart, human decisions replayed."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import ConfigError
from kg.models import Document, EntityType, Extraction, Mention, PersonMention, Title
from kg.resolve import PersonRegistry, ResolutionRules, Resolver
from loaders import parse


def _extraction(text: str, person: str, title: str, org: str | None, place: str | None) -> Extraction:
    parsed = parse(Document("d", "d.txt", text))
    at = text.index(person)
    titles: tuple[Title, ...] = ()
    orgs: list[Mention] = []
    places: list[Mention] = []
    if title:
        t_at = text.index(title)
        titles = (Title(title, title[-3:], org, t_at, t_at + len(title)),)
    if org:
        o_at = text.index(org)
        orgs.append(Mention(EntityType.ORGANIZATION, org, o_at, o_at + len(org)))
    if place:
        p_at = text.index(place)
        places.append(Mention(EntityType.PLACE, place, p_at, p_at + len(place)))
    return Extraction(parsed, [PersonMention(person, at, at + len(person), titles)], orgs, places)


def _person_key(resolver: Resolver, extraction: Extraction, name: str) -> str:
    return resolver.resolve(extraction).by_surface[(EntityType.PERSON, name)]


def test_namesakes_with_unrelated_posts_stay_two_and_the_same_person_stays_one() -> None:
    resolver = Resolver()
    first = _person_key(
        resolver,
        _extraction("示范省委组织部副部长李建军出席。", "李建军", "示范省委组织部副部长", "示范省委组织部", "示范省"),
        "李建军",
    )
    other = _person_key(
        resolver,
        _extraction("远方市某某公司总经理李建军发言。", "李建军", "远方市某某公司总经理", "远方市某某公司", "远方市"),
        "李建军",
    )
    again = _person_key(
        resolver,
        _extraction("示范省委组织部副部长李建军调研。", "李建军", "示范省委组织部副部长", "示范省委组织部", "示范省"),
        "李建军",
    )
    untitled = _person_key(resolver, _extraction("李建军强调，要抓好落实。", "李建军", "", None, None), "李建军")
    assert first == "李建军" and other == "李建军~2"
    assert again == first and untitled == first


def test_a_person_named_without_posts_in_two_documents_is_one() -> None:
    resolver = Resolver()
    a = _person_key(resolver, _extraction("学习习近平总书记重要讲话。", "习近平", "", None, None), "习近平")
    b = _person_key(resolver, _extraction("深入贯彻习近平总书记指示。", "习近平", "", None, None), "习近平")
    assert a == b == "习近平"


def test_registry_prefers_the_overlapping_namesake() -> None:
    registry = PersonRegistry()
    registry.add("王伟", "王伟", {"place:630000"})
    registry.add("王伟", "王伟~2", {"place:310000"})
    assert registry.choose("王伟", frozenset({"place:310000", "org:某局"})) == "王伟~2"


def test_resolution_file_merges_and_splits(tmp_path: Path) -> None:
    rules_file = tmp_path / "resolutions.tsv"
    rules_file.write_text(
        "# kind\ttype\tname\ttarget\nmerge\torganization\t示范局\t示范省示范局\nsplit\tperson\t李建军\t远方市\n",
        encoding="utf-8",
    )
    resolver = Resolver(rules=ResolutionRules.load(rules_file))
    extraction = _extraction(
        "远方市某某公司总经理李建军到示范局调研。", "李建军", "远方市某某公司总经理", "示范局", None
    )
    resolved = resolver.resolve(extraction)
    assert resolved.by_surface[(EntityType.PERSON, "李建军")] == "李建军@远方市"
    assert resolved.entities["李建军@远方市"].name == "李建军"
    assert resolved.by_surface[(EntityType.ORGANIZATION, "示范局")] == "示范省示范局"


def test_a_bad_resolution_line_names_the_file_and_line(tmp_path: Path) -> None:
    rules_file = tmp_path / "resolutions.tsv"
    rules_file.write_text("merge\tperson\tonly-three\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"resolutions.tsv:1"):
        ResolutionRules.load(rules_file)


def test_organization_forms_share_a_key_and_parts_know_their_parent() -> None:
    text = "示范市援建工作组、示范市委组织部综合干部处和教育部示范工作司。"
    parsed = parse(Document("d", "d.txt", text))
    orgs = [
        Mention(EntityType.ORGANIZATION, name, text.index(name), text.index(name) + len(name))
        for name in ("示范市委组织部综合干部处", "教育部示范工作司")
    ]
    resolved = Resolver().resolve(Extraction(parsed, [], orgs, []))
    entities = resolved.entities
    assert entities["示范市委组织部综合干部处"].parent == "示范市委组织部"
    assert entities["示范市委组织部"].parent == "示范市委"  # parents named only as prefixes are added
    assert entities["教育部示范工作司"].parent == "教育部"


def test_organization_key_folds_written_forms() -> None:
    from kg.resolve import organization_key

    assert organization_key("上海援青干部联络组") == organization_key("上海市援青干部联络组") == "上海市援青干部联络组"
    assert organization_key("青海省发展和改革委员会") == organization_key("青海省发改委")
    assert organization_key("上海某某羊绒") == "上海某某羊绒"  # a company's own name is kept
