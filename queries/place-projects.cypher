// Projects located at a place or within it, with their amounts.
MATCH (:Place {name: $place})<-[:CONTAINED_IN_PLACE*0..]-(loc:Place)<-[:LOCATED_IN]-(pr:Project)
WHERE pr.name IS NOT NULL
RETURN DISTINCT pr.name AS project, loc.name AS located, pr.amountYuan AS amount, pr.amountText AS amount_text
ORDER BY project, located
