"""The Jianbao KG ontology and SHACL shapes, shipped with the package."""

from pathlib import Path

ONTOLOGY_DIR = Path(__file__).resolve().parent
ONTOLOGY_FILE = ONTOLOGY_DIR / "jianbao.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
