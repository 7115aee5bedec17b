"""Progress bars for long runs: one on standard error, hidden when it is not a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable

Tick = Callable[[int], None]


def progress_bar(label: str, unit: str = "doc") -> Callable[[int], Tick]:
    """A factory the pipeline calls with the total; it returns the per-item callback.

    >>> start = progress_bar("build"); tick = start(2); tick(1); tick(1)
    """

    def start(total: int) -> Tick:
        from tqdm import tqdm

        bar = tqdm(total=total, desc=label, unit=unit, file=sys.stderr, disable=None, leave=False)

        def tick(n: int) -> None:
            bar.update(n)
            if bar.n >= total:
                bar.close()

        return tick

    return start
