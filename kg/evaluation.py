"""Scoring predicted entities against gold annotations (``../shared/eval/GUIDELINES.md``).

The figures are those of the reference scorer ``score.py``: per document and type, an
entity is the set of its name and aliases (NFKC, white space removed); a gold entity is
recalled when a predicted one shares a string with it; a predicted entity is right when it
shares a string with a gold one, ignored when each of its strings lies inside a longer
gold string of any type, wrong otherwise. Positions are (person, title) pairs for persons
present in both files. Totals are micro-averaged over documents.

    result = evaluate(Path("../shared/eval/gold"), Path("/tmp/pred"))
    print(result.summary())
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import ReaderError

TYPES = ("persons", "organizations", "places")
KINDS = (*TYPES, "positions")


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _strings(entity: dict[str, Any]) -> set[str]:
    values = [entity.get("name", ""), *entity.get("aliases", [])]
    return {norm(s) for s in values if norm(s)}


@dataclass
class Tally:
    """Counts for one entity type (in one document, or summed)."""

    gold: int = 0
    recalled: int = 0
    correct: int = 0
    wrong: int = 0
    ignored: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / (self.correct + self.wrong) if self.correct + self.wrong else 0.0

    @property
    def recall(self) -> float:
        return self.recalled / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Tally) -> None:
        self.gold += other.gold
        self.recalled += other.recalled
        self.correct += other.correct
        self.wrong += other.wrong
        self.ignored += other.ignored
        self.misses += other.misses
        self.false_positives += other.false_positives


@dataclass
class DocumentScore:
    document: str
    tallies: dict[str, Tally]


@dataclass
class EvaluationResult:
    totals: dict[str, Tally]
    documents: list[DocumentScore]

    def summary(self, *, details: bool = True) -> str:
        """A one-screen report: totals per type, then per document with misses and false
        positives."""
        lines = [f"{len(self.documents)} documents"]
        for kind in KINDS:
            t = self.totals[kind]
            lines.append(
                f"{kind:14s} P={t.precision:.3f} R={t.recall:.3f} F1={t.f1:.3f} "
                f"(gold {t.gold}, FP {t.wrong}, nested ignored {t.ignored})"
            )
        if details:
            for doc in self.documents:
                lines.append(f"\n== {doc.document}")
                for kind in KINDS:
                    t = doc.tallies[kind]
                    lines.append(f"  {kind:14s} P={t.precision:.3f} R={t.recall:.3f} F1={t.f1:.3f}")
                    if t.misses:
                        lines.append(f"    missed: {'、'.join(t.misses)}")
                    if t.false_positives:
                        lines.append(f"    false positives: {'、'.join(t.false_positives)}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            kind: {
                "precision": round(t.precision, 4),
                "recall": round(t.recall, 4),
                "f1": round(t.f1, 4),
                "gold": t.gold,
                "false_positives": t.wrong,
                "ignored_nested": t.ignored,
            }
            for kind, t in self.totals.items()
        }


def score_document(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, Tally]:
    """Tallies of one document (gold and prediction in the GUIDELINES format)."""
    tallies = {kind: Tally() for kind in KINDS}
    all_gold = {s for t in TYPES for e in gold.get(t, []) for s in _strings(e)}
    for t in TYPES:
        g = [(_strings(e), e.get("name", "")) for e in gold.get(t, [])]
        p = [_strings(e) for e in pred.get(t, []) if _strings(e)]
        c = tallies[t]
        c.gold += len(g)
        for ge, name in g:
            if any(ge & pe for pe in p):
                c.recalled += 1
            else:
                c.misses.append(name)
        for pe in p:
            if any(ge & pe for ge, _ in g):
                c.correct += 1
            elif all(any(s in gs and s != gs for gs in all_gold) for s in pe):
                c.ignored += 1
            else:
                c.wrong += 1
                c.false_positives.append(sorted(pe)[0])
    _score_positions(gold, pred, tallies["positions"])
    return tallies


def _score_positions(gold: dict[str, Any], pred: dict[str, Any], c: Tally) -> None:
    gold_pos: dict[str, tuple[str, set[str]]] = {}
    for e in gold.get("persons", []):
        for s in _strings(e):
            gold_pos[s] = (norm(e["name"]), {norm(x) for x in e.get("positions", [])})
    matched: dict[str, set[str]] = {}
    for e in pred.get("persons", []):
        hit = next((gold_pos[s] for s in _strings(e) if s in gold_pos), None)
        if hit is None or hit[0] in matched:
            continue
        predicted = {norm(x) for x in e.get("positions", [])}
        matched[hit[0]] = predicted
        c.correct += len(predicted & hit[1])
        c.wrong += len(predicted - hit[1])
        c.false_positives += [f"{hit[0]}:{x}" for x in sorted(predicted - hit[1])]
    for name, positions in {v[0]: v[1] for v in gold_pos.values()}.items():
        c.gold += len(positions)
        found = matched.get(name, set()) & positions
        c.recalled += len(found)
        c.misses += [f"{name}:{x}" for x in sorted(positions - found)]


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReaderError(str(path), f"cannot read annotation JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ReaderError(str(path), "annotation JSON is not an object")
    return data


def evaluate(gold_dir: Path, pred_dir: Path) -> EvaluationResult:
    """Score every ``*.json`` of ``gold_dir`` against the file of the same name in
    ``pred_dir`` (a missing prediction counts as empty)."""
    gold_dir, pred_dir = Path(gold_dir), Path(pred_dir)
    if not gold_dir.is_dir():
        raise ReaderError(str(gold_dir), "gold directory not found")
    totals = {kind: Tally() for kind in KINDS}
    documents: list[DocumentScore] = []
    for gold_file in sorted(gold_dir.glob("*.json")):
        pred_file = pred_dir / gold_file.name
        pred = _read(pred_file) if pred_file.exists() else {}
        tallies = score_document(_read(gold_file), pred)
        for kind, tally in tallies.items():
            totals[kind].add(tally)
        documents.append(DocumentScore(gold_file.name, tallies))
    return EvaluationResult(totals, documents)
