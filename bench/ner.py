"""The recognizer alone on public NER test sets (People's Daily 1998, MSRA), read from ../shared/ner.

Method: every test sentence becomes one document; persons, places and organizations found
by the extractor (tagger + rules + gazetteers) are compared with the gold spans by exact
character offsets, per type (PER, LOC, ORG), micro-averaged. Dates are not scored. The sets
use their own conventions (People's Daily tags 中共中央 as ORG and splits 欧美 into two
LOC), so the figures measure the recognizer on text nobody here tuned for, not the
bulletin extractor's target (that is ../shared/eval).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

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


def score(sets: list[tuple[str, Path]], limit: int | None = None) -> str:
    from kg.extract import Extractor
    from kg.models import Document
    from kg.settings import Settings
    from loaders import parse

    extractor = Extractor(Settings.from_env())
    extractor.load()
    lines = []
    for name, path in sets:
        reader = read_bio if path.suffix != ".jsonl" else read_jsonl
        data = list(reader(path))[:limit]
        started = time.perf_counter()
        parsed = [parse(Document(f"s{i}", f"{name}#{i}", text)) for i, (text, _) in enumerate(data)]
        extractions = extractor.extract_many(parsed)
        seconds = time.perf_counter() - started
        tally = {t: [0, 0, 0] for t in TYPES}  # correct, predicted, gold
        for (text, gold), extraction in zip(data, extractions, strict=True):
            offset = extraction.parsed.text.find(text.strip()[:5]) if text.strip() else 0
            shift = text.find(text.strip()[:5]) - offset if text.strip() else 0
            predicted: set[Span] = {("PER", p.start + shift, p.end + shift) for p in extraction.persons}
            predicted |= {("LOC", m.start + shift, m.end + shift) for m in extraction.places}
            predicted |= {("ORG", m.start + shift, m.end + shift) for m in extraction.organizations}
            for kind in TYPES:
                g = {s for s in gold if s[0] == kind}
                p = {s for s in predicted if s[0] == kind}
                tally[kind][0] += len(g & p)
                tally[kind][1] += len(p)
                tally[kind][2] += len(g)
        chars = sum(len(t) for t, _ in data)
        lines.append(f"{name}: {len(data)} sentences, {chars} characters, {chars / seconds:,.0f} chars/s")
        for kind, (correct, predicted_n, gold_n) in tally.items():
            precision = correct / predicted_n if predicted_n else 0.0
            recall = correct / gold_n if gold_n else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            lines.append(
                f"  {kind}: P={precision:.3f} R={recall:.3f} F1={f1:.3f} (gold {gold_n}, predicted {predicted_n})"
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
