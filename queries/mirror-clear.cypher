// Remove everything the mirror wrote (run in an auto-commit transaction).
MATCH (n)
WHERE n:Resource OR n:MirrorState
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
