# Replace one document's contribution in a single transaction.
# Each document's triples live in its own named graph; the default graph holds the merge of
# all documents (a set: a triple stated by two documents is there once). So: remove from the
# default graph what only this document stated, drop its named graph, then insert the new
# triples into both. The triples are written out by pyoxigraph, never pasted from input.
DELETE { ?s ?p ?o }
WHERE {
  GRAPH $graph { ?s ?p ?o }
  FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } FILTER (?other != $graph) }
} ;
DROP SILENT GRAPH $graph ;
INSERT DATA { GRAPH $graph {
$triples
} } ;
INSERT DATA {
$triples
}
