// The sentences that name an entity, with their document's title and date.
MATCH ({name: $entity})-[:MENTIONED_IN]->(s:Sentence)-[:IS_PART_OF*1..]->(doc:Document)
WHERE doc.contentHash IS NOT NULL AND doc.date IS NOT NULL AND s.text IS NOT NULL
RETURN DISTINCT doc.date AS date, doc.title AS document, s.text AS sentence
ORDER BY date, document, sentence
