"""A reader learns that a writer closed the store since it opened it (what lets kg serve see a later kg build)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph

from kg.store import RdfStore

EX = "https://example.org/"
TRIPLE = pyoxigraph.Triple(pyoxigraph.NamedNode(EX + "a"), pyoxigraph.NamedNode(EX + "p"), pyoxigraph.Literal("x"))


def test_each_writer_close_changes_the_generation_and_reading_does_not(tmp_path: Path) -> None:
    path = tmp_path / "store"
    assert RdfStore.generation(path) == 0
    with RdfStore(path) as store:
        store.replace_document("d1", [TRIPLE])
    first = RdfStore.generation(path)
    assert first != 0
    with RdfStore(path, read_only=True) as reader:
        assert reader.triple_count() == 1
    assert RdfStore.generation(path) == first
    with RdfStore(path) as store:
        store.remove_document("d1")
    assert RdfStore.generation(path) not in (0, first)


def test_a_reader_reopened_after_a_new_generation_sees_the_write(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with RdfStore(path) as store:
        store.replace_document("d1", [TRIPLE])
    reader = RdfStore(path, read_only=True).open()
    seen = RdfStore.generation(path)
    with RdfStore(path) as store:
        store.remove_document("d1")
    assert reader.triple_count() == 1  # a read-only handle keeps what it opened
    assert RdfStore.generation(path) != seen
    reader.close()
    assert reader.open().triple_count() == 0
