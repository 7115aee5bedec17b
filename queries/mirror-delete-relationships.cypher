// Delete relationships that no document states any more.
UNWIND $rows AS row
MATCH (a:Resource {iri: row.start})-[r]->(b:Resource {iri: row.end})
WHERE type(r) = row.type
DELETE r
