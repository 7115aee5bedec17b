// One per ontology class: __LABEL__ is replaced by a label from kg.vocab.CLASSES only.
CREATE INDEX __LABEL___name IF NOT EXISTS FOR (n:__LABEL__) ON (n.name)
