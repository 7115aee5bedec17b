"""Exceptions raised by Jianbao KG.

Every error the package raises derives from :class:`KgError`; third-party errors are
converted at the boundary with ``raise … from``::

    KgError
    ├── ConfigError            bad setting, flag or environment variable
    ├── ReaderError            a file cannot be read or decoded (carries ``path``)
    │   └── ParseError         the text is read but its structure is malformed
    ├── ExtractionError        an extractor failed on a document
    ├── MappingError           mentions cannot be mapped to the ontology
    ├── VocabularyError        a term that the ontology does not define
    ├── StoreError             the RDF store cannot be opened, read or written
    ├── Neo4jError             the Neo4j server is down, refuses credentials or a write
    ├── QueryError             a named query is unknown, malformed or failed (``query``)
    └── EndpointError          the HTTP endpoint refused a request (``status``)

The CLI prints ``kg: <message>`` and exits non-zero; the HTTP layer turns an error into a
status code and a JSON body.
"""

from __future__ import annotations


class KgError(Exception):
    """Root of every error raised by Jianbao KG."""

    exit_code = 1


class ConfigError(KgError):
    exit_code = 2


class ReaderError(KgError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ParseError(ReaderError):
    def __init__(self, path: str, reason: str, offset: int | None = None) -> None:
        where = f" (at character {offset})" if offset is not None else ""
        super().__init__(path, reason + where)
        self.offset = offset


class ExtractionError(KgError):
    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: extraction failed: {reason}")
        self.source = source


class MappingError(KgError):
    pass


class VocabularyError(KgError):
    pass


class StoreError(KgError):
    pass


class Neo4jError(KgError):
    pass


class QueryError(KgError):
    def __init__(self, query: str, reason: str) -> None:
        super().__init__(f"query {query}: {reason}")
        self.query = query
        self.reason = reason


class EndpointError(KgError):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
