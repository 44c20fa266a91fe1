-- Run log for scheduled, admin and CLI runs.
-- queued: an admin request accepted but not yet picked up by a worker.
-- heartbeat_at: refreshed while a run works; a run whose heartbeat went stale (its process died) is
--   marked abandoned by the next host that starts or runs a job.
-- scheduled_for: the trigger's scheduled fire time, so one fire can be seen to produce one run.
-- ingestion_item.note: what a succeeded or skipped item is worth knowing (rows skipped upstream,
--   modules missing); error stays for failures only.
ALTER TABLE ingestion_run DROP CONSTRAINT ingestion_run_status_check;
ALTER TABLE ingestion_run ADD CONSTRAINT ingestion_run_status_check
    CHECK (status IN ('queued', 'running', 'succeeded', 'partial', 'failed', 'abandoned'));
ALTER TABLE ingestion_run DROP CONSTRAINT ingestion_run_check1;
ALTER TABLE ingestion_run ADD CONSTRAINT ingestion_run_finished_when_done
    CHECK ((status IN ('queued', 'running')) = (finished_at IS NULL));

ALTER TABLE ingestion_run ADD COLUMN heartbeat_at timestamptz;
ALTER TABLE ingestion_run ADD COLUMN symbols text;
ALTER TABLE ingestion_run ADD COLUMN backfill boolean NOT NULL DEFAULT false;
ALTER TABLE ingestion_run ADD COLUMN scheduled_for timestamptz;

DROP INDEX ingestion_run_running_idx;
CREATE INDEX ingestion_run_open_idx ON ingestion_run (status) WHERE status IN ('queued', 'running');
-- A scheduled fire is one run, whichever node of a cluster picks it up.
CREATE UNIQUE INDEX ingestion_run_one_run_per_fire ON ingestion_run (job, scheduled_for) WHERE scheduled_for IS NOT NULL;

ALTER TABLE ingestion_item ADD COLUMN note text;
