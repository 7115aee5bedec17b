MATCH (a:Resource)-[r]->(b:Resource)
RETURN a.iri AS start, type(r) AS type, b.iri AS end, r.docs AS docs
ORDER BY start, type, end
