"""Writers for query results, with the row cap.

pyoxigraph serializes a whole result; the endpoint caps the rows it sends, so it writes the four
SPARQL result formats itself (W3C SPARQL 1.1 Query Results JSON, XML, CSV and TSV) and leaves
graphs to pyoxigraph's serializers.

>>> import pyoxigraph, queries
>>> from kg.store import RdfStore
>>> store = RdfStore(None).open()
>>> store.oxigraph.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://example.org/甲"), pyoxigraph.NamedNode(
...     "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), pyoxigraph.NamedNode("http://example.org/C")))
>>> page = write_solutions(store.query(queries.load("store-class-counts", "sparql")), ResultFormat.CSV, max_rows=10)
>>> page.body.decode()
'c,n\\r\\nhttp://example.org/C,1\\r\\n'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from kg.endpoint.formats import ResultFormat

if TYPE_CHECKING:
    import pyoxigraph

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"


@dataclass(frozen=True)
class Page:
    """A serialized result: its bytes, how many rows (or triples) it holds, and whether the cap cut it."""

    body: bytes
    rows: int
    truncated: bool


def _capped(items: Iterable[Any], max_rows: int) -> tuple[list[Any], bool]:
    rows: list[Any] = []
    for item in items:
        if len(rows) == max_rows:
            return rows, True
        rows.append(item)
    return rows, False


# ---------------------------------------------------------------- terms


def _json_term(term: Any) -> dict[str, Any]:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            if term.direction is not None:
                out["its:dir"] = str(term.direction.value) if hasattr(term.direction, "value") else str(term.direction)
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    # an RDF 1.2 triple term
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _xml_term(term: Any) -> str:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, pyoxigraph.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


def _csv_term(term: Any) -> str:
    import pyoxigraph

    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.NamedNode | pyoxigraph.Literal):
        return str(term.value)
    return str(term)


# ---------------------------------------------------------------- solutions


def write_solutions(solutions: pyoxigraph.QuerySolutions, fmt: ResultFormat, max_rows: int) -> Page:
    """Serialize at most ``max_rows`` solutions of a SELECT query."""
    variables = [v.value for v in solutions.variables]
    rows, truncated = _capped(solutions, max_rows)
    if fmt is ResultFormat.JSON:
        body = _solutions_json(variables, rows, max_rows if truncated else None)
    elif fmt is ResultFormat.XML:
        body = _solutions_xml(variables, rows)
    elif fmt is ResultFormat.CSV:
        body = _solutions_delimited(variables, rows, tsv=False)
    elif fmt is ResultFormat.TSV:
        body = _solutions_delimited(variables, rows, tsv=True)
    else:
        raise ValueError(f"{fmt} does not hold query solutions")
    return Page(body, len(rows), truncated)


def _bindings(variables: list[str], rows: list[Any]) -> Iterator[dict[str, dict[str, Any]]]:
    for row in rows:
        binding = {}
        for index, name in enumerate(variables):
            term = row[index]
            if term is not None:
                binding[name] = _json_term(term)
        yield binding


def truncation_note(limit: int) -> dict[str, Any]:
    """The marker added to a JSON result cut at ``limit`` rows (the ``Kg-Truncated`` header says it too)."""
    return {"limit": limit, "message": f"results truncated at the server's limit of {limit} rows"}


def _solutions_json(variables: list[str], rows: list[Any], truncated_at: int | None) -> bytes:
    document: dict[str, Any] = {"head": {"vars": variables}, "results": {"bindings": list(_bindings(variables, rows))}}
    if truncated_at is not None:
        document["truncated"] = truncation_note(truncated_at)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _solutions_xml(variables: list[str], rows: list[Any]) -> bytes:
    out = io.StringIO()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n')
    out.write("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>\n<results>\n")
    for row in rows:
        out.write("<result>")
        for index, name in enumerate(variables):
            term = row[index]
            if term is not None:
                out.write(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
        out.write("</result>\n")
    out.write("</results>\n</sparql>\n")
    return out.getvalue().encode("utf-8")


def _solutions_delimited(variables: list[str], rows: list[Any], tsv: bool) -> bytes:
    out = io.StringIO()
    if tsv:
        # TSV writes terms in SPARQL syntax, which escapes tabs and newlines inside literals
        out.write("\t".join(f"?{v}" for v in variables) + "\n")
        for row in rows:
            out.write("\t".join("" if row[i] is None else str(row[i]) for i in range(len(variables))) + "\n")
    else:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if row[i] is None else _csv_term(row[i]) for i in range(len(variables))])
    return out.getvalue().encode("utf-8")


# ---------------------------------------------------------------- boolean and graphs


def write_boolean(value: bool, fmt: ResultFormat) -> Page:
    """The answer of an ASK query."""
    word = "true" if value else "false"
    if fmt is ResultFormat.JSON:
        body = json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    elif fmt is ResultFormat.XML:
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{word}</boolean></sparql>\n"
        ).encode()
    elif fmt in (ResultFormat.CSV, ResultFormat.TSV):
        body = f"{word}\n".encode()
    else:
        raise ValueError(f"{fmt} does not hold a boolean")
    return Page(body, 1, False)


_RDF_FORMATS = {
    ResultFormat.TURTLE: "TURTLE",
    ResultFormat.N_TRIPLES: "N_TRIPLES",
    ResultFormat.JSON_LD: "JSON_LD",
    ResultFormat.RDF_XML: "RDF_XML",
}


def write_graph(
    triples: Iterable[pyoxigraph.Triple], fmt: ResultFormat, max_rows: int, prefixes: Mapping[str, str]
) -> Page:
    """Serialize at most ``max_rows`` triples (CONSTRUCT, DESCRIBE, a graph of the store)."""
    import pyoxigraph

    rows, truncated = _capped(triples, max_rows)
    rdf_format = getattr(pyoxigraph.RdfFormat, _RDF_FORMATS[fmt])
    use_prefixes = dict(prefixes) if fmt in (ResultFormat.TURTLE, ResultFormat.JSON_LD, ResultFormat.RDF_XML) else None
    body = pyoxigraph.serialize(rows, format=rdf_format, prefixes=use_prefixes)
    return Page(body or b"", len(rows), truncated)
