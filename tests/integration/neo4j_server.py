"""A scratch Neo4j server for the tests marked ``neo4j`` (and ``make bench``).

Tests empty the database they use, so they never touch the development server of
``make neo4j-up`` (port 7687, data in .cache/neo4j): they use a second embedded server on
``KG_TEST_NEO4J_PORT`` (default 7688) with its data in .cache/neo4j-test, started with the
same script, scripts/neo4j-up.sh. When it cannot start, the tests fail (never skip).
"""

from __future__ import annotations

import os
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_PORT = 7688


@dataclass(frozen=True)
class ScratchServer:
    port: int
    home: Path
    password: str

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(NEO4J_BOLT_PORT=str(self.port), JIANBAO_NEO4J_HOME=str(self.home), NEO4J_PASSWORD=self.password)
        return env


def scratch_server() -> ScratchServer:
    port = int(os.environ.get("KG_TEST_NEO4J_PORT", DEFAULT_PORT))
    home = Path(os.environ.get("KG_TEST_NEO4J_HOME", REPO / ".cache" / "neo4j-test"))
    return ScratchServer(port, home, os.environ.get("KG_TEST_NEO4J_PASSWORD", "jianbao-test-password"))


def bolt_answers(port: int, host: str = "127.0.0.1") -> bool:
    """Does a Bolt server answer the handshake on ``host:port``?"""
    handshake = b"\x60\x60\xb0\x17" + b"\x00\x08\x08\x05" + b"\x00\x00\x04\x04" + b"\x00" * 8
    try:
        with socket.create_connection((host, port), timeout=3) as sock:
            sock.sendall(handshake)
            reply = sock.recv(4)
    except OSError:
        return False
    return len(reply) == 4 and reply != b"\x00\x00\x00\x00"


def start(server: ScratchServer, **extra_env: str) -> str:
    """Start the server with scripts/neo4j-up.sh; raises RuntimeError with its output on failure."""
    server.home.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [str(REPO / "scripts" / "neo4j-up.sh")],
        env={**server.env(), **extra_env},
        capture_output=True,
        text=True,
        timeout=900,  # a first start builds the launcher with Maven
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"scripts/neo4j-up.sh failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def stop(server: ScratchServer) -> None:
    subprocess.run(
        [str(REPO / "scripts" / "neo4j-down.sh")], env=server.env(), capture_output=True, timeout=120, check=False
    )
