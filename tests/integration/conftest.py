"""Fixtures of the tests marked ``neo4j``: a scratch server, started when it is not running.

Only Neo4j fixtures live here (see neo4j_server.py for why the tests use their own server).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kg.mirror.client import Neo4jClient
from tests.integration import neo4j_server


@pytest.fixture(scope="session")
def neo4j_scratch() -> Iterator[neo4j_server.ScratchServer]:
    """The scratch Neo4j server: reused when Bolt answers, else started (and stopped at the end)."""
    server = neo4j_server.scratch_server()
    started = False
    if not neo4j_server.bolt_answers(server.port):
        try:
            neo4j_server.start(server)
        except (RuntimeError, OSError) as exc:
            pytest.fail(f"the Neo4j test server cannot start on port {server.port}: {exc}", pytrace=False)
        started = True
    yield server
    if started:
        neo4j_server.stop(server)


@pytest.fixture(scope="session")
def neo4j_client(neo4j_scratch: neo4j_server.ScratchServer) -> Iterator[Neo4jClient]:
    client = Neo4jClient(neo4j_scratch.uri, "neo4j", neo4j_scratch.password)
    try:
        client.connect()
    except Exception as exc:
        pytest.fail(f"cannot connect to the Neo4j test server at {neo4j_scratch.uri}: {exc}", pytrace=False)
    yield client
    client.close()
