// What the mirror holds from some documents: their nodes and the relationships they state.
MATCH (n:Resource)
WHERE any(d IN n.docs WHERE d IN $docs)
OPTIONAL MATCH (n)-[r]->(m:Resource)
WHERE any(d IN r.docs WHERE d IN $docs)
RETURN n.iri AS iri, collect(CASE WHEN r IS NULL THEN null ELSE {type: type(r), end: m.iri} END) AS rels
