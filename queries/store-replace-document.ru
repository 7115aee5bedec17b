# Replace one document's named graph in a single transaction. $graph is the graph's IRI;
# the triples are written out by pyoxigraph, never pasted from input.
DROP SILENT GRAPH $graph ;
INSERT DATA { GRAPH $graph {
$triples
} }
