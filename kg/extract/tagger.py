"""Word segmentation and tagging behind one small interface.

A :class:`Tagger` turns lines into ``(word, tag)`` pairs whose words, joined, give the line
back. Tags follow Baidu LAC: ``PER``/``LOC``/``ORG``/``TIME`` for names and times, and
part-of-speech tags (``n``, ``v``, ``p``, ``c``, ``u``, ``w``, …) otherwise.

- :class:`LacTagger` is the statistical tagger (Baidu LAC, model shipped in the package).
- :class:`LexiconTagger` is a dictionary tagger (forward maximum matching) for unit tests
  and for ``KG_TAGGER=none``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kg.errors import ConfigError, ExtractionError

TaggedLine = list[tuple[str, str]]


class Tagger(Protocol):
    """Segments and tags a batch of lines."""

    def tag(self, lines: Sequence[str]) -> list[TaggedLine]: ...


@dataclass(frozen=True, slots=True)
class Token:
    """One tagged word with offsets into the document text."""

    text: str
    tag: str
    start: int
    end: int


def align(tagged: TaggedLine, line: str, offset: int) -> list[Token]:
    """Tokens with document offsets; words the tagger changed or dropped are re-found."""
    tokens: list[Token] = []
    pos = 0
    for word, tag in tagged:
        if not word:
            continue
        at = line.find(word, pos)
        if at < 0:  # the tagger normalised the word: keep its length at the current place
            at = pos
        end = min(at + len(word), len(line))
        tokens.append(Token(line[at:end], tag, offset + at, offset + end))
        pos = end
    return tokens


_BATCH = 16
_MAX_LINE = 500  # LAC slows down sharply on very long inputs


class LacTagger:
    """Baidu LAC 2.1.2 (``mode='lac'``) on paddlepaddle; lines are fed in batches of 16."""

    def __init__(self) -> None:
        self._lac: Any = None

    def load(self) -> None:
        """Import paddle and LAC and load the model shipped inside the LAC package."""
        # paddle's C++ logging would print a deprecation warning on every start
        os.environ.setdefault("GLOG_minloglevel", "2")
        try:
            import paddle
            import paddle.base.core

            # LAC 2.1.2 imports the pre-2.5 name ``paddle.fluid``.
            sys.modules.setdefault("paddle.fluid", paddle.base)
            sys.modules.setdefault("paddle.fluid.core", paddle.base.core)
            from LAC import LAC
        except ImportError as exc:
            raise ConfigError(
                "KG_TAGGER=lac needs the packages LAC==2.1.2 and paddlepaddle; install them or set KG_TAGGER=none"
            ) from exc
        self._lac = LAC(mode="lac")

    def tag(self, lines: Sequence[str]) -> list[TaggedLine]:
        if self._lac is None:
            self.load()
        out: list[TaggedLine] = []
        pieces: list[str] = []
        owners: list[int] = []
        for i, line in enumerate(lines):
            for start in range(0, max(len(line), 1), _MAX_LINE):
                pieces.append(line[start : start + _MAX_LINE])
                owners.append(i)
        tagged_pieces: list[TaggedLine] = []
        for start in range(0, len(pieces), _BATCH):
            batch = [p if p.strip() else " " for p in pieces[start : start + _BATCH]]
            try:
                result = self._lac.run(batch)
            except Exception as exc:  # paddle raises bare exceptions of many kinds
                raise ExtractionError("LAC", str(exc)) from exc
            tagged_pieces.extend(list(zip(words, tags, strict=True)) for words, tags in result)
        out = [[] for _ in lines]
        for owner, tagged in zip(owners, tagged_pieces, strict=True):
            out[owner].extend(tagged)
        return out


class LexiconTagger:
    """Forward maximum matching over a word → tag dictionary; other characters become
    one-character words tagged ``x`` (``w`` for punctuation).

    >>> LexiconTagger({"赵勇": "PER", "副州长": "n"}).tag(["副州长赵勇。"])
    [[('副州长', 'n'), ('赵勇', 'PER'), ('。', 'w')]]
    """

    def __init__(self, words: Mapping[str, str], *, extra: Iterable[tuple[str, str]] = ()) -> None:
        self._words = dict(words)
        self._words.update(extra)
        self._longest = max((len(w) for w in self._words), default=1)

    def tag(self, lines: Sequence[str]) -> list[TaggedLine]:
        return [self._tag_line(line) for line in lines]

    def _tag_line(self, line: str) -> TaggedLine:
        out: TaggedLine = []
        i = 0
        while i < len(line):
            for n in range(min(self._longest, len(line) - i), 0, -1):
                tag = self._words.get(line[i : i + n])
                if tag is not None:
                    out.append((line[i : i + n], tag))
                    i += n
                    break
            else:
                ch = line[i]
                if ch.isdigit():
                    j = i
                    while j < len(line) and line[j].isdigit():
                        j += 1
                    out.append((line[i:j], "m"))
                    i = j
                    continue
                out.append((ch, "w" if _is_punct(ch) else "x"))
                i += 1
        return out


def _is_punct(ch: str) -> bool:
    return not (ch.isalnum() or "\u4e00" <= ch <= "\u9fff")
