// The officials of an organization and its sub-organizations.
MATCH (:Organization {name: $organization})<-[:SUB_ORGANIZATION_OF*0..]-(org:Organization)
MATCH (org)<-[:POST_IN]-(post:Post)<-[:HOLDS]-(holder:Person)
UNWIND coalesce(post.statedOn, [null]) AS stated
RETURN org.name AS organization, holder.name AS person, post.title AS title, max(stated) AS latest
ORDER BY organization, person, title
