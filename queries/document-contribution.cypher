// Everything one document contributed: the entities and facts it states something about
// (sentences, sections and articles left out). $document is the document id.
MATCH (n)
WHERE $document IN n.docs
UNWIND labels(n) AS class
WITH n, class
WHERE NOT class IN ['Resource', 'Sentence', 'Section', 'Article']
RETURN DISTINCT class, coalesce(n.name, n.title, n.iri) AS label
ORDER BY class, label
