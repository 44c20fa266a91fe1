-- A holdings source re-read and found to publish the content of a stored snapshot stores nothing new;
-- the snapshot records that it was confirmed: when it was last checked and the newest as-of date the
-- source published the same content on, so a job can skip refetching and the history can say
-- "confirmed unchanged on …".
ALTER TABLE holding_snapshot
    ADD COLUMN checked_at       timestamptz,
    ADD COLUMN confirmed_as_of  date,
    ADD CHECK (confirmed_as_of >= as_of);
