"""Extraction speed on real news transcripts (../shared/corpora/xwlb), per core, with a profile.

Method: the first N documents of one year (default 2016, N=1000) are read with the project's
JSON-lines reader and parsed; the extractor (LAC tagger + rules + gazetteers) is loaded and
warmed on 5 documents; then ``extract_many`` runs over all of them in batches of 32, pinned
to one CPU core (``sched_setaffinity``) with paddle's thread pools set to one thread.
Characters per second = characters of the documents' text / wall time of extraction only
(reading and parsing are timed separately). The profile (cProfile, a second pass over a
quarter of the documents) shows where the time goes, grouped by stage.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

STAGES = {
    "tagger (LAC/paddle)": ("LAC", "paddle", "kg/extract/tagger.py"),
    "title chains + persons": ("kg/extract/titles.py", "kg/extract/persons.py"),
    "organizations": ("kg/extract/organizations.py",),
    "places + gazetteer": ("kg/extract/places.py", "kg/extract/gazetteer.py"),
    "events, projects, partnerships": (
        "kg/extract/events.py",
        "kg/extract/roles.py",
        "kg/extract/facts.py",
        "kg/extract/projects.py",
        "kg/extract/partnerships.py",
        "kg/extract/dates.py",
        "kg/extract/amounts.py",
    ),
    "token repair": ("kg/extract/repair.py",),
    "document glue (extractor)": ("kg/extract/extractor.py",),
}


def run(shared: Path, year: int = 2016, limit: int = 1000) -> str:
    from kg.extract import Extractor
    from kg.settings import Settings
    from loaders import parse
    from loaders.readers import read_jsonl

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    started = time.perf_counter()
    documents = []
    for document in read_jsonl(shared / "corpora" / "xwlb" / f"xwlb-{year}.jsonl.gz"):
        documents.append(document)
        if len(documents) >= limit:
            break
    parsed = [parse(d) for d in documents]
    read_parse = time.perf_counter() - started
    chars = sum(len(p.text) for p in parsed)
    extractor = Extractor(Settings.from_env())
    extractor.load()
    extractor.extract_many(parsed[:5])
    started = time.perf_counter()
    for i in range(0, len(parsed), 32):
        extractor.extract_many(parsed[i : i + 32])
    seconds = time.perf_counter() - started

    profiler = cProfile.Profile()
    sample = parsed[: max(1, len(parsed) // 4)]
    profiler.enable()
    for i in range(0, len(sample), 32):
        extractor.extract_many(sample[i : i + 32])
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    by_stage = dict.fromkeys(STAGES, 0.0)
    for (filename, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{filename}:{function}"
        for stage, needles in STAGES.items():
            if any(n in where for n in needles):
                by_stage[stage] += row[2]  # own time (tottime)
                break
    lines = [
        f"xwlb-{year}: {len(parsed)} documents, {chars:,} characters",
        f"read + parse: {chars / read_parse:,.0f} chars/s",
        f"extraction on one core: {seconds:.2f} s = {chars / seconds:,.0f} chars/s "
        f"({len(parsed) / seconds:.1f} documents/s)",
        "profile (own time by stage, share of the profiled run):",
    ]
    for stage, spent in sorted(by_stage.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {stage:<32} {100 * spent / total:5.1f} %")
    lines.append(f"  {'other (python, glue)':<32} {100 * (total - sum(by_stage.values())) / total:5.1f} %")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(run(Path(__file__).resolve().parents[2] / "shared", limit=int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
