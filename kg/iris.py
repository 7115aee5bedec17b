"""How the graph names things: entity IRIs and the named graph of each document.

Entity IRIs are built from resolution keys, so the same person, organization or place gets
the same IRI from every document, and the union of the documents' named graphs is the
knowledge graph. IRIs keep Chinese characters readable (they are IRIs, RFC 3987); ASCII
characters that IRIs reserve are percent-encoded.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

BASE = "https://w3id.org/jianbao/id/"
GRAPH_BASE = "https://w3id.org/jianbao/graph/"


def segment(value: str) -> str:
    """One IRI path segment: non-ASCII kept, reserved ASCII percent-encoded."""
    return "".join(ch if ord(ch) > 127 else quote(ch, safe="-._~") for ch in value.strip())


def short_hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def entity(kind: str, key: str) -> str:
    """``entity("person", "赵勇")`` → ``https://w3id.org/jianbao/id/person/赵勇``."""
    return f"{BASE}{kind}/{segment(key)}"


def document(doc_id: str) -> str:
    return f"{BASE}doc/{segment(doc_id)}"


def document_part(doc_id: str, part: str, index: int) -> str:
    return f"{document(doc_id)}/{part}/{index}"


def graph(doc_id: str) -> str:
    """The named graph holding everything one document contributed."""
    return f"{GRAPH_BASE}{segment(doc_id)}"


def doc_id_of_graph(graph_iri: str) -> str | None:
    if not graph_iri.startswith(GRAPH_BASE):
        return None
    from urllib.parse import unquote

    return unquote(graph_iri[len(GRAPH_BASE) :])
