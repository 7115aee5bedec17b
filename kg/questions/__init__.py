"""The question catalogue, answered alike by SPARQL, Cypher and networkx (``kg ask``)."""
