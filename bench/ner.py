"""Persons, places and organizations on public NER test sets (People's Daily 1998, MSRA),
read from ../shared/ner, with Baidu LAC alone as the peer in the same run.

Method: every test sentence becomes one document; persons, places and organizations found
by the extractor (tagger + rules + gazetteers) are compared with the gold spans by exact
character offsets, per type (PER, LOC, ORG), micro-averaged. Offsets into the parsed text
are mapped back to the sentence's own offsets character by character (:func:`offset_map`),
so white space that ``parse()`` strips or inserts cannot shift a span. A predicted span
whose text is not the mention as written (a pronoun standing for a named person) is
dropped, and so is a span inside a longer predicted one: the sets are flat (中国 inside
中国足协 is not annotated), while the extractor also reports places inside organization
names. Dates are not scored.

The peer is LAC alone (``LAC(mode='lac')``, the model the extractor's tagger loads, whatever
``KG_TAGGER`` says): the same test sentences as written, in batches of 16 lines, and its
own ``PER``/``LOC``/``ORG`` words taken as the spans (:func:`tagged_spans`), scored the same
way. Both sides are timed on their own (the extractor's time includes parsing and its own
LAC pass). ``only ours`` and ``only LAC`` count the gold spans one side finds and the other
misses: where the rules gain and where they lose.

The sets use their own conventions (People's Daily tags 中共中央 as ORG and splits 欧美
into two LOC), so the figures measure the recognizer on text nobody here tuned for, not
the bulletin extractor's target (that is ../shared/eval).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.extract.tagger import TaggedLine, align

Span = tuple[str, int, int]
TYPES = ("PER", "LOC", "ORG")
_JSON_TYPES = {"PERSON": "PER", "PER": "PER", "LOC": "LOC", "GPE": "LOC", "ORG": "ORG"}


def read_bio(path: Path) -> Iterator[tuple[str, set[Span]]]:
    chars: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split()
        if len(parts) >= 2:
            chars.append(parts[0])
            tags.append(parts[-1])
            continue
        if chars:
            yield "".join(chars), _bio_spans(tags)
        chars, tags = [], []


def _bio_spans(tags: list[str]) -> set[Span]:
    spans: set[Span] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("B-") or tag == "O" or (tag.startswith("I-") and tag[2:] != kind):
            if start >= 0 and kind in TYPES:
                spans.add((kind, start, i))
            start, kind = (i, tag[2:]) if tag[:2] in ("B-", "I-") else (-1, "")
    return spans


def read_jsonl(path: Path) -> Iterator[tuple[str, set[Span]]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        spans = {
            (_JSON_TYPES[e["entity_type"]], e["entity_index"]["begin"], e["entity_index"]["end"])
            for e in record["entity_list"]
            if e["entity_type"] in _JSON_TYPES
        }
        yield record["text"], spans


def offset_map(source: str, normalised: str) -> list[int]:
    """For each character of ``normalised`` (the text after ``parse()``: paragraphs stripped,
    line breaks inside a sentence joined, paragraphs re-joined by blank lines), its offset in
    ``source``. Characters are matched in order; white space that only one side has is
    skipped, so spans move back to the test set's own offsets.

    >>> offset_map("  甲 乙", "甲 乙")
    [2, 3, 4]
    """
    out: list[int] = []
    j = 0
    for ch in normalised:
        while j < len(source) and source[j] != ch and source[j].isspace():
            j += 1
        if j < len(source) and source[j] == ch:
            out.append(j)
            j += 1
        else:
            out.append(min(j, len(source) - 1) if source else 0)  # inserted white space
    return out


def outermost(spans: set[Span]) -> set[Span]:
    """The spans not inside a longer one: the test sets are flat (中国 inside 中国足协 is not
    annotated), while the extractor also reports the places inside organization names.

    >>> sorted(outermost({("LOC", 0, 2), ("ORG", 0, 4), ("PER", 5, 8)}))
    [('ORG', 0, 4), ('PER', 5, 8)]
    """
    return {
        s
        for s in spans
        if not any(o != s and o[1] <= s[1] and s[2] <= o[2] and o[2] - o[1] > s[2] - s[1] for o in spans)
    }


def tagged_spans(words: TaggedLine, line: str) -> set[Span]:
    """The tagger's own PER/LOC/ORG words as spans of ``line``.

    >>> sorted(tagged_spans([("李明", "PER"), ("到", "v"), ("北京", "LOC")], "李明到北京"))
    [('LOC', 3, 5), ('PER', 0, 2)]
    """
    return {(t.tag, t.start, t.end) for t in align(words, line, 0) if t.tag in TYPES}


@dataclass
class Tally:
    """Correct, predicted and gold counts per type; ``hits`` keeps the correct spans by
    sentence so two systems can be compared span by span."""

    counts: dict[str, list[int]] = field(default_factory=lambda: {t: [0, 0, 0] for t in TYPES})
    hits: list[set[Span]] = field(default_factory=list)

    def add(self, gold: set[Span], predicted: set[Span]) -> None:
        for kind in TYPES:
            g = {s for s in gold if s[0] == kind}
            p = {s for s in predicted if s[0] == kind}
            self.counts[kind][0] += len(g & p)
            self.counts[kind][1] += len(p)
            self.counts[kind][2] += len(g)
        self.hits.append(gold & predicted)

    def figures(self, kind: str) -> tuple[float, float, float]:
        correct, predicted, gold = self.counts[kind]
        precision = correct / predicted if predicted else 0.0
        recall = correct / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def only(self, other: Tally, kind: str) -> int:
        """Gold spans of ``kind`` this side finds and ``other`` misses."""
        return sum(
            len({s for s in mine - theirs if s[0] == kind}) for mine, theirs in zip(self.hits, other.hits, strict=True)
        )


def ours(data: Sequence[tuple[str, set[Span]]], name: str) -> tuple[Tally, float]:
    """The extractor's persons, places and organizations; the seconds it took."""
    from kg.extract import Extractor
    from kg.models import Document
    from kg.settings import Settings
    from loaders import parse

    extractor = Extractor(Settings.from_env())
    extractor.load()
    started = time.perf_counter()
    parsed = [parse(Document(f"s{i}", f"{name}#{i}", text)) for i, (text, _) in enumerate(data)]
    extractions = extractor.extract_many(parsed)
    seconds = time.perf_counter() - started
    tally = Tally()
    for (text, gold), extraction in zip(data, extractions, strict=True):
        to_source = offset_map(text, extraction.parsed.text)
        found = [("PER", p.start, p.end, p.name) for p in extraction.persons]
        found += [("LOC", m.start, m.end, m.text) for m in extraction.places]
        found += [("ORG", m.start, m.end, m.text) for m in extraction.organizations]
        spans: set[Span] = set()
        for kind, start, end, written in found:
            span = (kind, to_source[start], to_source[end - 1] + 1)
            if text[span[1] : span[2]] == written:  # not a pronoun standing for a name (他 → 林海峰)
                spans.add(span)
        tally.add(gold, outermost(spans))
    return tally, seconds


def lac_alone(data: Sequence[tuple[str, set[Span]]]) -> tuple[Tally, float]:
    """LAC's own PER/LOC/ORG words on the sentences as written; the seconds it took."""
    from kg.extract.tagger import LacTagger

    lac = LacTagger()  # batches of 16 lines, as in the extractor
    lac.load()
    lines = [text for text, _ in data]
    started = time.perf_counter()
    tagged = lac.tag(lines)
    seconds = time.perf_counter() - started
    tally = Tally()
    for (text, gold), words in zip(data, tagged, strict=True):
        tally.add(gold, tagged_spans(words, text))
    return tally, seconds


def score(sets: list[tuple[str, Path]], limit: int | None = None) -> str:
    lines = []
    for name, path in sets:
        reader = read_bio if path.suffix != ".jsonl" else read_jsonl
        data = list(reader(path))[:limit]
        mine, mine_s = ours(data, name)
        peer, peer_s = lac_alone(data)
        chars = sum(len(t) for t, _ in data)
        lines.append(
            f"{name}: {len(data)} sentences, {chars} characters; "
            f"ours {chars / mine_s:,.0f} chars/s, LAC alone {chars / peer_s:,.0f} chars/s"
        )
        lines.append(f"  {'':4} {'gold':>5}   {'ours':<17}   {'LAC alone':<17}   {'only':>5} {'only':>5}")
        lines.append(f"  {'':4} {'':>5}   {'P     R     F1':<17}   {'P     R     F1':<17}   {'ours':>5} {'LAC':>5}")
        for kind in TYPES:
            a, b = mine.figures(kind), peer.figures(kind)
            lines.append(
                f"  {kind:4} {mine.counts[kind][2]:5}   "
                f"{a[0]:.3f} {a[1]:.3f} {a[2]:.3f}   {b[0]:.3f} {b[1]:.3f} {b[2]:.3f}   "
                f"{mine.only(peer, kind):5} {peer.only(mine, kind):5}"
            )
    return "\n".join(lines)


def run(shared: Path) -> str:
    ner = shared / "ner"
    return score(
        [
            ("peoples_daily_1998/example.test", ner / "peoples_daily_1998" / "example.test"),
            ("msra/msra_test_bio", ner / "msra" / "msra_test_bio"),
        ]
    )


if __name__ == "__main__":
    import sys

    print(run(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared"))
