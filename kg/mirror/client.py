"""Neo4jClient: the one place that talks to a Neo4j server through the official driver.

Every driver error is converted here into :class:`~kg.errors.Neo4jError` (server down,
credentials refused, server-side failure) or :class:`~kg.errors.QueryError` (malformed
Cypher, a write attempted in a read-only transaction). Writes go through managed
transactions, which the driver retries on transient errors (deadlocks, leader switches,
dropped connections) for up to ``retry_seconds``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from kg.errors import Neo4jError, QueryError
from kg.settings import Settings

if TYPE_CHECKING:
    import neo4j

T = TypeVar("T")
Row = dict[str, Any]


@dataclass(frozen=True)
class ServerInfo:
    address: str
    agent: str
    protocol: str


class Neo4jClient:
    """A connection to one database of a Neo4j 5.x server.

    No I/O happens before :meth:`connect`. Use as a context manager::

        with Neo4jClient.from_settings(settings) as client:
            rows = client.read(queries.load("mirror-label-counts", "cypher"))
    """

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j", retry_seconds: float = 30.0):
        self.uri = uri
        self.user = user
        self.database = database
        self._password = password
        self._retry_seconds = retry_seconds
        self._driver: neo4j.Driver | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jClient:
        return cls(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password, settings.neo4j_database)

    # ------------------------------------------------------------------ lifecycle

    def connect(self) -> Neo4jClient:
        """Open the driver and check that the server answers and accepts the credentials."""
        import neo4j

        try:
            self._driver = neo4j.GraphDatabase.driver(
                self.uri,
                auth=(self.user, self._password),
                max_transaction_retry_time=self._retry_seconds,
                connection_acquisition_timeout=self._retry_seconds,
                notifications_min_severity="OFF",  # schema hints on first use are noise here
            )
            self._driver.verify_connectivity()
        except Exception as exc:
            self._close_quietly()
            raise self.convert(exc) from exc
        return self

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def _close_quietly(self) -> None:
        try:
            self.close()
        except Exception:
            self._driver = None

    def __enter__(self) -> Neo4jClient:
        if self._driver is None:
            self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def driver(self) -> neo4j.Driver:
        if self._driver is None:
            raise Neo4jError(f"not connected to {self.uri} (call connect() first)")
        return self._driver

    # ------------------------------------------------------------------ error conversion

    def convert(self, exc: BaseException, query: str = "cypher") -> Exception:
        """The :mod:`kg.errors` exception for a driver exception ``exc`` (to ``raise … from exc``)."""
        import neo4j.exceptions as ne

        where = f"Neo4j at {self.uri}"
        detail = " ".join(str(exc).split())  # driver messages span lines; ours are one line
        if isinstance(exc, Neo4jError | QueryError):
            return exc
        if isinstance(exc, ne.AuthError):
            return Neo4jError(
                f"{where} refused the credentials of user {self.user!r} (check NEO4J_USER / NEO4J_PASSWORD)"
            )
        if isinstance(exc, ne.ServiceUnavailable | ne.SessionExpired | ConnectionError | OSError):
            return Neo4jError(
                f"no Neo4j server answers at {self.uri} (start one with `make neo4j-up` or set NEO4J_URI): {detail}"
            )
        if isinstance(exc, ne.ConfigurationError | ValueError):
            return Neo4jError(f"bad Neo4j address or setting {self.uri!r}: {detail}")
        if isinstance(exc, ne.Neo4jError):  # an error the server reported, with its status code
            code = exc.code or ""
            message = " ".join((exc.message or detail).split())
            if code.endswith(("AccessMode", "ForbiddenOnReadOnlyDatabase")):
                return QueryError(query, f"refused: a read-only transaction cannot write ({message})")
            if isinstance(exc, ne.CypherSyntaxError | ne.CypherTypeError) or ".Statement." in code:
                return QueryError(query, message)
            return Neo4jError(f"{where}: {code + ': ' if code else ''}{message}")
        if isinstance(exc, ne.DriverError):
            return Neo4jError(f"{where}: {type(exc).__name__}: {detail}")
        return Neo4jError(f"{where}: unexpected {type(exc).__name__}: {detail}")

    @contextmanager
    def _converted(self, query: str) -> Iterator[None]:
        import neo4j.exceptions as ne

        try:
            yield
        except (ne.Neo4jError, ne.DriverError, OSError, ValueError) as exc:
            raise self.convert(exc, query) from exc

    # ------------------------------------------------------------------ running queries

    def read(self, cypher: str, params: Mapping[str, Any] | None = None, query: str = "cypher") -> list[Row]:
        """Run ``cypher`` in a READ transaction (the server refuses writes) and return its rows."""
        with self._converted(query), self.driver.session(database=self.database) as session:
            return session.execute_read(_fetch, cypher, dict(params or {}))

    def write(self, cypher: str, params: Mapping[str, Any] | None = None, query: str = "cypher") -> list[Row]:
        """Run ``cypher`` in a managed WRITE transaction, retried on transient errors."""
        with self._converted(query), self.driver.session(database=self.database) as session:
            return session.execute_write(_fetch, cypher, dict(params or {}))

    def write_each(self, work: Callable[[neo4j.ManagedTransaction], T], query: str = "cypher") -> T:
        """Run ``work(tx)`` in one managed write transaction (retried as a whole)."""
        with self._converted(query), self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def auto_commit(self, cypher: str, params: Mapping[str, Any] | None = None, query: str = "cypher") -> None:
        """Run ``cypher`` outside a managed transaction (schema commands, ``CALL … IN TRANSACTIONS``)."""
        import neo4j

        with self._converted(query), self.driver.session(database=self.database) as session:
            session.run(neo4j.Query(cypher), dict(params or {})).consume()

    def server_info(self) -> ServerInfo:
        with self._converted("server-info"):
            info = self.driver.get_server_info()
        return ServerInfo(str(info.address), str(info.agent), ".".join(map(str, info.protocol_version)))


def _fetch(tx: neo4j.ManagedTransaction, cypher: str, params: dict[str, Any]) -> list[Row]:
    result = tx.run(cypher, params)
    return [dict(record) for record in result]


def to_python(value: Any) -> Any:
    """A driver value as plain Python: Neo4j dates as :class:`datetime.date`, lists recursively."""
    if isinstance(value, list):
        return [to_python(v) for v in value]
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value
