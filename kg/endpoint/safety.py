"""What the endpoint refuses before a request reaches the store.

pyoxigraph fetches the address of ``SERVICE <…>`` and ``LOAD <…>`` itself (measured: it opens an
HTTP connection), so an open endpoint would be a proxy into the machine's network. Both are
refused. The check masks comments, strings and IRIs, then looks for the keywords as tokens: a
keyword inside a literal, an IRI or a prefixed name never triggers it, and a real one always does
(it over-approximates, which is the safe side).

>>> refused_operation('{ SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
'SERVICE'
>>> refused_operation('{ ?s <http://example.org/service> "LOAD this" } # SERVICE')
"""

from __future__ import annotations

import re

_MASKED = re.compile(
    r'''
      \#[^\n\r]*                                   # comment
    | """(?:[^"\\]|\\.|"(?!""))*(?:"""|$)           # long strings
    | \'\'\'(?:[^'\\]|\\.|'(?!\'\'))*(?:\'\'\'|$)
    | "(?:[^"\\\n\r]|\\.)*"                         # short strings
    | '(?:[^'\\\n\r]|\\.)*'
    | <[^<>"{}|^`\\\x00-\x20]*>                      # IRIs
    ''',
    re.VERBOSE | re.DOTALL,
)
# A keyword, not part of a variable (?x, $x), a prefixed name (ex:load, load:x) or a blank node label.
_REFUSED = re.compile(r"(?<![\w:?$.\-])(SERVICE|LOAD)(?![\w:\-])", re.IGNORECASE)


def mask(text: str) -> str:
    """``text`` with comments, strings and IRIs blanked out (same length)."""
    return _MASKED.sub(lambda m: " " * len(m.group(0)), text)


def refused_operation(text: str) -> str | None:
    """The first refused keyword (``SERVICE`` or ``LOAD``) of a query or update, or ``None``."""
    found = _REFUSED.search(mask(text))
    return found.group(1).upper() if found else None
