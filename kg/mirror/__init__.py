"""Neo4j mirror of the RDF graph (labels, types and properties derived from the ontology)."""
