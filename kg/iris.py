"""How the graph names things: entity IRIs and the named graph of each document.

Entity IRIs are built from resolution keys, so the same person, organization or place gets
the same IRI from every document, and the union of the documents' named graphs is the
knowledge graph. IRIs keep Chinese characters readable (they are IRIs, RFC 3987); ASCII
characters that IRIs reserve are percent-encoded.
"""

from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import quote

BASE = "https://w3id.org/jianbao/id/"
GRAPH_BASE = "https://w3id.org/jianbao/graph/"


def segment(value: str) -> str:
    """One IRI path segment: letters of any script kept; reserved ASCII, spaces of any kind and
    control or format characters percent-encoded (IRIs may not contain them).

    >>> segment("赵勇"), segment("a b/c"), segment("某\u00a0局")
    ('赵勇', 'a%20b%2Fc', '某%C2%A0局')
    """
    return "".join(
        ch if ord(ch) > 127 and unicodedata.category(ch)[0] not in "ZC" else quote(ch, safe="-._~")
        for ch in value.strip()
    )


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
