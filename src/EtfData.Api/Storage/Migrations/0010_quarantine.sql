-- Values an upstream delivered that a check refused (a negative price, a close 1,000× the previous one with no
-- split between, a split of 0:1, weights summing to 300 %…): kept here with the reason a person reads instead of
-- being stored in the data tables or silently dropped. GET /api/admin/quarantine lists them.
--
-- One row per distinct refused value: the natural key is where it came from (job, source, symbol, kind, as_of)
-- and what it said (values_hash, an md5 of the canonical jsonb text), so re-running a run, or the next night's
-- run meeting the same bad bar again, updates last_seen_at / last_run_id / times_seen instead of piling up rows.
-- Not a data table readers cache (only the admin API reads it, never cached), so no change notification
-- (and left out of etfdata_untracked_data_tables below).
CREATE TABLE quarantine (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    quarantined_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    times_seen     integer     NOT NULL DEFAULT 1 CHECK (times_seen >= 1),
    -- The ingestion runs that first and last met the value; null when written outside a run (tests, tools).
    run_id         bigint REFERENCES ingestion_run (id) ON DELETE SET NULL,
    last_run_id    bigint REFERENCES ingestion_run (id) ON DELETE SET NULL,
    job            text        NOT NULL,
    source         text        NOT NULL,
    symbol         text,
    kind           text        NOT NULL CHECK (kind IN ('price', 'dividend', 'split', 'aum', 'nav', 'shares_outstanding',
                                                        'holdings_snapshot', 'holding', 'flow')),
    -- The date the value says it describes (trade date, ex-date, as-of date of a snapshot).
    as_of          date,
    reason         text        NOT NULL CHECK (reason <> ''),
    "values"       jsonb       NOT NULL,
    values_hash    text        NOT NULL GENERATED ALWAYS AS (md5("values"::text)) STORED
);

CREATE UNIQUE INDEX quarantine_natural_key ON quarantine (job, source, symbol, kind, as_of, values_hash) NULLS NOT DISTINCT;
CREATE INDEX quarantine_symbol_idx ON quarantine (symbol, last_seen_at DESC);
CREATE INDEX quarantine_last_seen_idx ON quarantine (last_seen_at DESC, id DESC);

-- Like the run log it refers to, the quarantine is not data readers cache: without this, the data-version
-- listener would see an untracked table and fall back to body-hash ETags for good.
CREATE OR REPLACE FUNCTION etfdata_untracked_data_tables() RETURNS SETOF text
    LANGUAGE sql STABLE AS
$$
    SELECT c.relname::text
    FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace
      AND c.relkind IN ('r', 'p')
      AND c.relpersistence = 'p'
      AND c.relname NOT LIKE 'qrtz\_%'
      AND c.relname NOT IN ('schema_migration', 'ingestion_run', 'ingestion_item', 'quarantine')
      AND NOT EXISTS (SELECT 1 FROM pg_trigger t
                      WHERE t.tgrelid = c.oid AND t.tgname = 'etfdata_data_changed' AND t.tgenabled <> 'D')
    ORDER BY 1
$$;
