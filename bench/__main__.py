"""`make bench`: run the benchmarks (all, or those named: python -m bench extraction endpoint).

Each module in this folder has ``run(shared: Path) -> str`` returning a report; the method
of each is written in bench/README.md. Benchmarks never run inside the test suite.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

SUITES = ["extraction", "ner", "store", "mirror", "endpoint", "viewer"]
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def main(argv: list[str]) -> int:
    chosen = argv or SUITES
    for name in chosen:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError:
            print(f"== {name}: not written yet")
            continue
        started = time.perf_counter()
        print(f"== {name}")
        print(module.run(SHARED))
        print(f"   ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
