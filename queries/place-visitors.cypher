// Who visited a place, or a place within it, between two dates (by the visit's start date).
MATCH (:Place {name: $place})<-[:CONTAINED_IN_PLACE*0..]-(loc:Place)<-[:LOCATION]-(visit:Visit)
WHERE visit.startDate >= $from AND visit.startDate <= $to
MATCH (visit)-[:PARTICIPANT]->(who)
WHERE who.name IS NOT NULL
RETURN DISTINCT visit.startDate AS date, who.name AS visitor, loc.name AS visited, visit.name AS event
ORDER BY date, visitor, visited, event
