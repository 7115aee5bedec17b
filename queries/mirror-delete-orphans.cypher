// Delete nodes that no document states anything about and nothing points to.
UNWIND $iris AS iri
MATCH (n:Resource {iri: iri})
WHERE size(n.docs) = 0 AND NOT EXISTS { (n)--() }
DELETE n
RETURN count(*) AS deleted
