// The posts of a person over time: one row per post and date a document states it.
MATCH (:Person {name: $person})-[:HOLDS]->(post:Post)
UNWIND post.statedOn AS date
OPTIONAL MATCH (post)-[:POST_IN]->(org:Organization)
RETURN DISTINCT date, post.title AS title, post.roleName AS role, org.name AS organization
ORDER BY date, title, organization
