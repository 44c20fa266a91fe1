-- When a source was last read and found to state exactly a stored snapshot's positions. An unchanged list is
-- not stored again (content_hash), so without this the history could not tell a source confirmed this morning
-- from one not read for weeks. The snapshot store sets it on the kept snapshot; null means "only when fetched".
ALTER TABLE holding_snapshot ADD COLUMN checked_at timestamptz;
