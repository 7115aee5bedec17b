MATCH (s:MirrorState {key: $key})
RETURN s.docIds AS docIds, s.hashes AS hashes, s.pending AS pending, s.lastPush AS lastPush,
       s.store AS store, s.summary AS summary
