"""The generated vocabulary stays in step with the ontology, and misspellings raise."""

from __future__ import annotations

import pytest

from kg import vocab, vocabgen


def test_generated_vocabulary_matches_the_ontology() -> None:
    assert vocabgen.render() == vocabgen.GENERATED.read_text(encoding="utf-8"), "run `make vocab`"


def test_a_misspelled_term_raises_instead_of_minting_an_iri() -> None:
    assert vocab.FOAF.Person == "http://xmlns.com/foaf/0.1/Person"
    with pytest.raises(AttributeError):
        _ = vocab.FOAF.Persn  # type: ignore[attr-defined]


def test_neo4j_names_follow_the_generation_rules() -> None:
    assert vocab.CLASSES[vocab.ORG.Post].label == "Post"
    assert vocab.OBJECT_PROPERTIES[vocab.ORG.holds].rel_type == "HOLDS"
    assert vocab.OBJECT_PROPERTIES[vocab.PROV.wasDerivedFrom].rel_type == "WAS_DERIVED_FROM"
    assert vocab.DATATYPE_PROPERTIES[vocab.SCHEMA.name].functional
    assert not vocab.DATATYPE_PROPERTIES[vocab.SKOS.altLabel].functional  # aliases are lists
    assert vocab.CLASSES[vocab.JB.Visit].parent == vocab.SCHEMA.Event


def test_ontology_ships_inside_the_package() -> None:
    import ontology

    assert ontology.ONTOLOGY_FILE.is_file() and ontology.SHAPES_FILE.is_file()
    assert ontology.ONTOLOGY_FILE.parent.name == "ontology"
