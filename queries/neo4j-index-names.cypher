// Indexes that no constraint owns (those go with their constraint); token lookups stay.
SHOW INDEXES YIELD name, owningConstraint, type
WHERE owningConstraint IS NULL AND type <> 'LOOKUP'
RETURN name
