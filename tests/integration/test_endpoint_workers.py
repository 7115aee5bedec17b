"""The query workers as processes: which worker a job goes to.

A lone client's queries go to the worker that answered the last one: its caches are warm (taken
in turn, two workers spent up to 0.7 ms more CPU on queries of 7–14 ms; bench/endpoint.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.endpoint.execution import Job
from kg.endpoint.workers import WorkerPool
from kg.store import RdfStore
from tests.integration.endpoint_server import build_store

pytestmark = pytest.mark.endpoint


def worker_pid(store: RdfStore, params: dict[str, list[str]]) -> tuple[str, bytes]:
    """A page that names the process serving it (pickled to the workers by reference)."""
    return "text/plain", str(os.getpid()).encode()


def test_a_lone_clients_jobs_stay_on_the_last_worker(tmp_path: Path) -> None:
    store = build_store(tmp_path / "store")
    job = Job("page", page=worker_pid)
    with WorkerPool(store, size=2) as pool:
        served = [pool.run(job, time_limit=30).body for _ in range(4)]
    assert len(set(served)) == 1 and served[0] != str(os.getpid()).encode()
