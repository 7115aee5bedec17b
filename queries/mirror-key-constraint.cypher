// The mirror's node key: every mirrored node has the label Resource and a unique iri.
CREATE CONSTRAINT resource_iri IF NOT EXISTS FOR (n:Resource) REQUIRE n.iri IS UNIQUE
