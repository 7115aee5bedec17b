# Add triples to one named graph and to the merged default graph (a set: a triple already
# there stays once). The triples are written out by pyoxigraph, never pasted from input.
INSERT DATA { GRAPH $graph {
$triples
} } ;
INSERT DATA {
$triples
}
