"""Validation of a built graph against the SHACL shapes in ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import ontology
from kg.store import RdfStore

if TYPE_CHECKING:
    import rdflib


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    summary: str


def validate_graph(graph: rdflib.Graph) -> ValidationResult:
    """Validate an :class:`rdflib.Graph` with pySHACL (RDFS inference on, ontology mixed in)."""
    import pyshacl
    import rdflib

    shapes = rdflib.Graph().parse(ontology.SHAPES_FILE, format="turtle")
    onto = rdflib.Graph().parse(ontology.ONTOLOGY_FILE, format="turtle")
    conforms, _report, text = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=onto, inference="rdfs")
    if conforms:
        return ValidationResult(True, "the graph conforms to the SHACL shapes")
    return ValidationResult(False, str(text))


def validate(store_dir: Path) -> ValidationResult:
    with RdfStore(store_dir, read_only=True) as store:
        graph = store.rdflib_graph()
    return validate_graph(graph)
