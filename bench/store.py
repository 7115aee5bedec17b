"""The embedded store: build throughput, and Oxigraph against rdflib on the same triples.

Method: the first N documents (default 1,000) of one year of ../shared/corpora/xwlb are built
with ``kg build`` (the whole pipeline: read, parse, extract, resolve, map, store) into a fresh
temporary store; documents per second and triples per second are wall time over the build.
Then the built graph is exported as N-Triples and loaded, in the same run, (a) into a new
on-disk ``pyoxigraph.Store`` (``bulk_load``) and (b) into rdflib's in-memory ``Graph``; and one
query (count of persons with a post) runs on both. Peak memory is not measured here (both run
in one process); the figures are wall time only.
"""

from __future__ import annotations

import gzip
import io
import json
import tempfile
import time
from pathlib import Path


def run(shared: Path, year: int = 2016, limit: int = 1000) -> str:
    import pyoxigraph
    import rdflib

    from kg.pipeline import build
    from kg.settings import Settings
    from kg.store import RdfStore

    lines = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-store-") as tmp:
        sample = Path(tmp) / f"xwlb-{year}-{limit}.jsonl"
        with gzip.open(shared / "corpora" / "xwlb" / f"xwlb-{year}.jsonl.gz", "rt", encoding="utf-8") as source:
            records = [json.loads(line) for _, line in zip(range(limit), source, strict=False)]
        sample.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
        settings = Settings.from_env().with_store(Path(tmp) / "store")
        started = time.perf_counter()
        report = build([sample], settings)
        seconds = time.perf_counter() - started
        lines.append(
            f"kg build, {len(report.added)} documents of xwlb-{year}: {seconds:.1f} s = "
            f"{len(report.added) / seconds:.1f} documents/s, {report.triples:,} triples "
            f"({report.triples / seconds:,.0f} triples/s, extraction included)"
        )
        with RdfStore(settings.store_dir, read_only=True) as store:
            buffer = io.BytesIO()
            pyoxigraph.serialize(store.triples(), buffer, format=pyoxigraph.RdfFormat.N_TRIPLES)
        data = buffer.getvalue()
        query = (
            "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> ; "
            "<http://www.w3.org/ns/org#holds> ?post }"
        )
        started = time.perf_counter()
        oxi = pyoxigraph.Store(str(Path(tmp) / "oxi"))
        oxi.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
        oxi.flush()
        oxi_load = time.perf_counter() - started
        started = time.perf_counter()
        oxi_answer = next(iter(oxi.query(query)))[0].value
        oxi_query = time.perf_counter() - started
        started = time.perf_counter()
        graph = rdflib.Graph()
        graph.parse(data=data.decode("utf-8"), format="nt")
        rdflib_load = time.perf_counter() - started
        started = time.perf_counter()
        rdflib_answer = next(iter(graph.query(query)))[0]
        rdflib_query = time.perf_counter() - started
        triples = len(graph)
        lines.append(
            f"load {triples:,} triples: Oxigraph (on disk) {oxi_load:.2f} s · rdflib (memory) {rdflib_load:.2f} s"
            f" → Oxigraph {rdflib_load / oxi_load:.1f}× faster"
        )
        lines.append(
            f"query (persons with a post = {oxi_answer} / {rdflib_answer}): Oxigraph {1000 * oxi_query:.1f} ms"
            f" · rdflib {1000 * rdflib_query:.1f} ms → {rdflib_query / oxi_query:.0f}×"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(run(Path(__file__).resolve().parents[2] / "shared"))
