// The shortest connections between two persons, organizations or places.
MATCH (a:Person|Organization|Place {name: $from}), (b:Person|Organization|Place {name: $to})
WHERE a <> b
MATCH p = allShortestPaths((a)-[:HOLDS|POST_IN|SUB_ORGANIZATION_OF|CONTAINED_IN_PLACE|BASED_IN|LOCATION|PARTICIPANT|FUNDED_BY|LOCATED_IN|PARTNER*..12]-(b))
WITH length(p) AS hops, [n IN nodes(p) | coalesce(n.name, n.title, n.iri)] AS names
WHERE hops <= $max_hops
WITH collect({hops: hops, names: names}) AS found, min(hops) AS best
UNWIND found AS f
WITH f
WHERE f.hops = best
RETURN DISTINCT f.hops AS hops, reduce(s = head(f.names), n IN tail(f.names) | s + ' → ' + n) AS path
ORDER BY hops, path
