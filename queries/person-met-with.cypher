// Whom a person met: the other persons of the events they took part in, and how often.
MATCH (person:Person {name: $person})<-[:PARTICIPANT]-(e:Event)-[:PARTICIPANT]->(met:Person)
WHERE met <> person
RETURN met.name AS other, count(DISTINCT e) AS events, min(e.startDate) AS first, max(e.startDate) AS last
ORDER BY events DESC, other
