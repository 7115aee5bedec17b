// The timeline of a person, an organization or a place: dated events and stated posts.
MATCH (x:Person|Organization|Place {name: $entity})
CALL (x) {
  MATCH (x)<-[:PARTICIPANT]-(e:Event)
  RETURN e.startDate AS date, e.eventKind AS kind, e.name AS label
  UNION
  MATCH (x)<-[:LOCATION]-(e:Event)
  RETURN e.startDate AS date, e.eventKind AS kind, e.name AS label
  UNION
  MATCH (x)-[:HOLDS]->(post:Post)
  UNWIND post.statedOn AS date
  RETURN date, 'post' AS kind, post.title AS label
  UNION
  MATCH (x)<-[:POST_IN]-(post:Post)<-[:HOLDS]-(holder)
  UNWIND post.statedOn AS date
  RETURN date, 'post' AS kind, holder.name + ' ' + post.title AS label
}
WITH date, kind, label
WHERE date IS NOT NULL AND kind IS NOT NULL AND label IS NOT NULL
RETURN DISTINCT date, kind, label
ORDER BY date, kind, label
