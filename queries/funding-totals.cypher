// Number of projects and total amount per funder (projects without an amount count as 0).
MATCH (pr:Project)-[:FUNDED_BY]->(f)
WHERE f.name IS NOT NULL
WITH DISTINCT f.name AS funder, pr
RETURN funder, count(pr) AS projects, sum(coalesce(pr.amountYuan, 0)) AS total
ORDER BY total DESC, funder
