// Events at a place or at places within it.
MATCH (:Place {name: $place})<-[:CONTAINED_IN_PLACE*0..]-(loc:Place)<-[:LOCATION]-(e:Event)
WHERE e.startDate IS NOT NULL AND e.eventKind IS NOT NULL
RETURN DISTINCT e.startDate AS date, e.eventKind AS kind, e.name AS event, loc.name AS location
ORDER BY date, kind, event, location
