// Upsert relationships of one type, keyed by (start, type, end); docs lists the documents
// stating them. The runner puts the type in place of the __TYPE__ token, from
// kg.vocab.OBJECT_PROPERTIES only (a static type plans about 7x faster than a dynamic one).
UNWIND $rows AS row
MATCH (a:Resource {iri: row.start})
MATCH (b:Resource {iri: row.end})
MERGE (a)-[r:__TYPE__]->(b)
SET r.docs = row.docs
