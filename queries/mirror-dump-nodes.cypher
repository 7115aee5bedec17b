MATCH (n:Resource)
RETURN n.iri AS iri, labels(n) AS labels, properties(n) AS props
ORDER BY iri
