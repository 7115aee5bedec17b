// Projects a funder paid for, with their amounts.
MATCH (funder {name: $funder})<-[:FUNDED_BY]-(pr:Project)
WHERE pr.name IS NOT NULL
OPTIONAL MATCH (pr)-[:LOCATED_IN]->(loc:Place)
RETURN DISTINCT pr.name AS project, loc.name AS located, pr.amountYuan AS amount
ORDER BY project, located
