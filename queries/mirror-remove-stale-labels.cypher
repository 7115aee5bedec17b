// Before an incremental upsert: drop the class labels a node no longer has.
UNWIND $rows AS row
MATCH (n:Resource {iri: row.iri})
WITH n, [l IN labels(n) WHERE l <> $keyLabel AND NOT l IN row.labels] AS stale
WHERE size(stale) > 0
REMOVE n:$(stale)
