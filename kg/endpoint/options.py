"""The endpoint's options: flags of ``kg serve``, each falling back to an environment variable.

=========================  ==========================================  ==================
variable                   meaning                                     default
=========================  ==========================================  ==================
KG_ENDPOINT_TOKEN          bearer token for updates (``--allow-updates``) none
KG_ENDPOINT_TIME_LIMIT     seconds a query may run                      10
KG_ENDPOINT_MAX_ROWS       rows (or triples) a result may hold          10000
KG_ENDPOINT_MAX_REQUEST    bytes a request body may hold                1048576
KG_ENDPOINT_WORKERS        query worker processes                       the number of cores
KG_ENDPOINT_CORS           allowed origins, comma-separated (``*``)     none: CORS off
=========================  ==========================================  ==================

The token is read from the environment or a file, never from a flag: a flag shows in ``ps``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ConfigError

MIN_TOKEN_LENGTH = 16


@dataclass(frozen=True)
class EndpointOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    time_limit: float = 10.0
    max_rows: int = 10_000
    max_request_bytes: int = 1 << 20
    workers: int = 2
    max_connections: int = 64
    allow_updates: bool = False
    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    access_log: bool = True

    def __post_init__(self) -> None:
        if self.time_limit <= 0:
            raise ConfigError(f"the time limit must be positive, not {self.time_limit}")
        if self.max_rows < 1 or self.max_request_bytes < 1 or self.workers < 1 or self.max_connections < 1:
            raise ConfigError("--max-rows, --max-request-bytes, --workers and --max-connections must be at least 1")
        if self.allow_updates and (not self.token or len(self.token) < MIN_TOKEN_LENGTH):
            raise ConfigError(
                f"--allow-updates needs a bearer token of at least {MIN_TOKEN_LENGTH} characters "
                "in KG_ENDPOINT_TOKEN or --token-file"
            )

    @property
    def updates_enabled(self) -> bool:
        return self.allow_updates and self.token is not None


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None


def options_from(
    env: Mapping[str, str] | None = None,
    *,
    host: str | None = None,
    port: int | None = None,
    time_limit: float | None = None,
    max_rows: int | None = None,
    max_request_bytes: int | None = None,
    workers: int | None = None,
    max_connections: int | None = None,
    allow_updates: bool = False,
    token_file: Path | None = None,
    cors: str | None = None,
    access_log: bool = True,
) -> EndpointOptions:
    """Options from flags (given) and the environment (otherwise)."""
    env = os.environ if env is None else env
    token = env.get("KG_ENDPOINT_TOKEN") or None
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{token_file}: cannot read the token: {exc.strerror}") from exc
    origins = cors if cors is not None else env.get("KG_ENDPOINT_CORS", "")
    return EndpointOptions(
        host=host or "127.0.0.1",
        port=8000 if port is None else port,
        time_limit=time_limit if time_limit is not None else _number(env, "KG_ENDPOINT_TIME_LIMIT", 10.0),
        max_rows=max_rows if max_rows is not None else int(_number(env, "KG_ENDPOINT_MAX_ROWS", 10_000)),
        max_request_bytes=max_request_bytes
        if max_request_bytes is not None
        else int(_number(env, "KG_ENDPOINT_MAX_REQUEST", 1 << 20)),
        workers=workers if workers is not None else int(_number(env, "KG_ENDPOINT_WORKERS", os.cpu_count() or 2)),
        max_connections=max_connections
        if max_connections is not None
        else int(_number(env, "KG_ENDPOINT_MAX_CONNECTIONS", 64)),
        allow_updates=allow_updates,
        token=token if allow_updates else None,
        cors_origins=tuple(o.strip() for o in origins.split(",") if o.strip()),
        access_log=access_log,
    )
