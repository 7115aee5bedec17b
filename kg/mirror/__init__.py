"""Neo4j mirror of the RDF graph (labels, types and properties derived from the ontology).

See kg/mirror/README.md for the mapping and the shape Cypher users see.
"""
