// Pairs of persons who took part in at least $min_events events together.
MATCH (a:Person)<-[:PARTICIPANT]-(e:Event)-[:PARTICIPANT]->(b:Person)
WHERE a.name < b.name
WITH a.name AS person_a, b.name AS person_b, count(DISTINCT e) AS events
WHERE events >= $min_events
RETURN person_a, person_b, events
ORDER BY events DESC, person_a, person_b
