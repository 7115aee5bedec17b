// Partnerships (结对, 共建 …) of a place, of places within it, or of bodies based there.
MATCH (:Place {name: $place})<-[:CONTAINED_IN_PLACE*0..]-(loc:Place)
MATCH (x)-[:BASED_IN*0..1]->(loc)
MATCH (x)<-[:PARTNER]-(p:Partnership)-[:PARTNER]->(y)
WHERE y <> x AND p.partnershipKind IS NOT NULL AND x.name IS NOT NULL AND y.name IS NOT NULL
RETURN DISTINCT p.partnershipKind AS kind, x.name AS local, y.name AS partner
ORDER BY kind, local, partner
