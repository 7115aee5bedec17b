"""Data files shipped with the package: title words, organization and place suffixes,
named regions, abbreviations, surnames.

Each file is UTF-8 text; ``#`` starts a comment line. Word lists have one entry a line;
tables (``.tsv``) have tab-separated columns.

>>> "书记" in read_words("title_roles.txt")
True
"""

from __future__ import annotations

from functools import cache
from importlib import resources

_PACKAGE = "kg.data"


def read_text(name: str) -> str:
    """The text of the data file ``name``."""
    return resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def _lines(name: str) -> list[str]:
    return [
        line.rstrip("\n") for line in read_text(name).splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]


@cache
def read_words(name: str) -> tuple[str, ...]:
    """The entries of a one-word-a-line list, in file order, without duplicates."""
    return tuple(dict.fromkeys(line.strip() for line in _lines(name)))


@cache
def read_table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a tab-separated table (trailing empty columns kept)."""
    return tuple(tuple(col.strip() for col in line.split("\t")) for line in _lines(name))
