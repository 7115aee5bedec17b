// Upsert nodes that share one set of labels; properties are replaced as a whole.
// The runner puts the labels in place of the __LABELS__ token, from kg.vocab.CLASSES only
// (static labels plan much faster than dynamic ones); nodes without a class get :Resource.
UNWIND $rows AS row
MERGE (n:Resource {iri: row.iri})
SET n = row.props
SET n__LABELS__
