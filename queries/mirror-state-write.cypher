MERGE (s:MirrorState {key: $key})
SET s += $state
