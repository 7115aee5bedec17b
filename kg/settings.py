"""One settings object, read from flags and environment variables and passed explicitly.

Environment variables (flags override them):

=====================  =========================================  ==========================
variable               meaning                                    default
=====================  =========================================  ==========================
KG_STORE               directory of the embedded RDF store        ``.kg/store``
KG_DIVISIONS_DIR       administrative divisions (modood layout)   ``../shared/divisions`` if
                       for township-level place codes             present, else county level
KG_RESOLUTIONS         file of human merge/split decisions        ``resolutions.tsv`` if present
KG_TAGGER              statistical tagger: ``lac`` or ``none``    ``lac`` when installed
NEO4J_URI              Bolt address of a Neo4j 5.x server         ``bolt://127.0.0.1:7687``
NEO4J_USER             Neo4j user                                 ``neo4j``
NEO4J_PASSWORD         Neo4j password                             ``jianbao-dev-password``
NEO4J_DATABASE         Neo4j database                             ``neo4j``
=====================  =========================================  ==========================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import ConfigError

_REPO_ROOT = Path(__file__).resolve().parent.parent


def _default_divisions() -> Path | None:
    candidate = _REPO_ROOT.parent / "shared" / "divisions"
    return candidate if (candidate / "streets.json").is_file() else None


@dataclass(frozen=True)
class Settings:
    store_dir: Path = Path(".kg/store")
    divisions_dir: Path | None = None
    resolutions_file: Path | None = None
    tagger: str = "lac"
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = "jianbao-dev-password"
    neo4j_database: str = "neo4j"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Settings from environment variables, with the defaults above."""
        env = os.environ if env is None else env
        divisions = env.get("KG_DIVISIONS_DIR")
        resolutions = env.get("KG_RESOLUTIONS")
        tagger = env.get("KG_TAGGER", "lac")
        if tagger not in ("lac", "none"):
            raise ConfigError(f"KG_TAGGER must be 'lac' or 'none', not {tagger!r}")
        return cls(
            store_dir=Path(env.get("KG_STORE", ".kg/store")),
            divisions_dir=Path(divisions) if divisions else _default_divisions(),
            resolutions_file=Path(resolutions)
            if resolutions
            else (Path("resolutions.tsv") if Path("resolutions.tsv").is_file() else None),
            tagger=tagger,
            neo4j_uri=env.get("NEO4J_URI", cls.neo4j_uri),
            neo4j_user=env.get("NEO4J_USER", cls.neo4j_user),
            neo4j_password=env.get("NEO4J_PASSWORD", cls.neo4j_password),
            neo4j_database=env.get("NEO4J_DATABASE", cls.neo4j_database),
        )

    def with_store(self, store_dir: Path | None) -> Settings:
        return self if store_dir is None else replace(self, store_dir=store_dir)
