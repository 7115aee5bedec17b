// Empty the whole database, whoever wrote it (benchmarks and tests; auto-commit transaction).
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
