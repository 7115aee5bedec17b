# Remove everything one document contributed.
DROP SILENT GRAPH $graph
