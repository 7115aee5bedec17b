# Remove everything one document contributed: from the merged default graph the triples no
# other document states, then its named graph.
DELETE { ?s ?p ?o }
WHERE {
  GRAPH $graph { ?s ?p ?o }
  FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } FILTER (?other != $graph) }
} ;
DROP SILENT GRAPH $graph
