-- Runs that say what happened, and funds a user adds by hand.
--
-- suspect: every item looked fine but the outcome cannot be true (a prices run after an NYSE session
--   in which no active symbol received that session's bar).
ALTER TABLE ingestion_run DROP CONSTRAINT ingestion_run_status_check;
ALTER TABLE ingestion_run ADD CONSTRAINT ingestion_run_status_check
    CHECK (status IN ('queued', 'running', 'succeeded', 'partial', 'failed', 'abandoned', 'suspect'));

-- One run of a job at a time across the cluster, whatever started it (scheduler, admin API, CLI).
-- Runs left open by an older version (several running at once) are closed first, keeping the latest.
UPDATE ingestion_run r
   SET status = 'abandoned', finished_at = greatest(now(), r.started_at),
       error = 'abandoned: another run of the same job was running (closed by migration 0004)'
 WHERE r.status = 'running'
   AND EXISTS (SELECT 1 FROM ingestion_run newer
                WHERE newer.job = r.job AND newer.status = 'running' AND newer.id > r.id);
CREATE UNIQUE INDEX ingestion_run_one_running_per_job ON ingestion_run (job) WHERE status = 'running';

-- How a fund entered the universe: discovery ('nasdaq') or a user ('manual', verified upstream
-- first). Discovery never deactivates a manual fund because the directory lacks it.
ALTER TABLE etf ADD COLUMN source text NOT NULL DEFAULT 'nasdaq' CHECK (source IN ('nasdaq', 'manual'));
