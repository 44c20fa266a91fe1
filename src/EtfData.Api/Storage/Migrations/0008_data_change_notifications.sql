-- Data version for conditional GETs: every statement that really changes a data table notifies
-- channel etfdata_data_changed with the table's name. The API's listener counts notifications and
-- derives its ETags from that count, so a 304 needs no query. NOTIFY is transactional (heard after
-- COMMIT, never on ROLLBACK) and PostgreSQL folds identical notifications of one transaction.
--
-- "Really changes": the tuple counters PostgreSQL keeps for the table in this backend, read before
-- and after the statement. A BulkWriter re-load of identical rows inserts, updates and deletes
-- nothing, so it notifies nothing and no ETag changes. (The counters alone are not enough: they
-- accumulate until the backend flushes its statistics, up to a second later, so a pooled
-- connection's previous write would still show.) Counters of a partitioned table live on its
-- partitions, hence the sum over the partition tree. TRUNCATE resets the counters, so it always
-- notifies; so does every statement when track_counts is off (the counters would read zero).
CREATE FUNCTION etfdata_partition_tree_changes(target oid) RETURNS bigint
    LANGUAGE sql VOLATILE AS
$$
    SELECT coalesce(sum(pg_stat_get_xact_tuples_inserted(t.relid)
                        + pg_stat_get_xact_tuples_updated(t.relid)
                        + pg_stat_get_xact_tuples_deleted(t.relid)), 0)::bigint
    FROM pg_partition_tree(target) t
    WHERE t.isleaf
$$;

-- The trigger functions are on every write path (the nightly run makes thousands of small calls):
-- plain tables read their counters in simple expressions, without a catalogue look-up
-- (pg_partition_tree costs about a millisecond); TG_ARGV[0] says which kind the table is.
CREATE FUNCTION etfdata_count_before_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM set_config('etfdata.changes_' || TG_RELID,
        CASE WHEN TG_ARGV[0] = 'partitioned' THEN etfdata_partition_tree_changes(TG_RELID)
             ELSE pg_stat_get_xact_tuples_inserted(TG_RELID) + pg_stat_get_xact_tuples_updated(TG_RELID)
                  + pg_stat_get_xact_tuples_deleted(TG_RELID) END::text,
        true);
    RETURN NULL;
END
$$;

CREATE FUNCTION etfdata_notify_data_changed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    changes bigint := 0;
BEGIN
    IF TG_OP <> 'TRUNCATE' THEN
        changes := CASE WHEN TG_ARGV[0] = 'partitioned' THEN etfdata_partition_tree_changes(TG_RELID)
                        ELSE pg_stat_get_xact_tuples_inserted(TG_RELID) + pg_stat_get_xact_tuples_updated(TG_RELID)
                             + pg_stat_get_xact_tuples_deleted(TG_RELID) END;
    END IF;

    IF TG_OP = 'TRUNCATE'
       OR current_setting('track_counts') <> 'on'
       OR changes > coalesce(nullif(current_setting('etfdata.changes_' || TG_RELID, true), '')::bigint, -1)
    THEN
        PERFORM pg_notify('etfdata_data_changed', TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END
$$;

-- Puts the trigger on a table and on each of its partitions (a statement on a partition fires only
-- the partition's statement triggers). A later migration that adds or replaces a data table calls
-- it: SELECT etfdata_track_data_changes('new_table');
CREATE FUNCTION etfdata_track_data_changes(target regclass) RETURNS void
    LANGUAGE plpgsql AS
$$
DECLARE
    rel regclass;
    kind text;
BEGIN
    FOR rel IN SELECT target UNION SELECT relid FROM pg_partition_tree(target)
    LOOP
        kind := CASE WHEN (SELECT relkind FROM pg_class WHERE oid = rel) = 'p' THEN 'partitioned' ELSE 'plain' END;
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER etfdata_data_counted BEFORE INSERT OR UPDATE OR DELETE ON %s '
            'FOR EACH STATEMENT EXECUTE FUNCTION etfdata_count_before_change(%L)', rel, kind);
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER etfdata_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s '
            'FOR EACH STATEMENT EXECUTE FUNCTION etfdata_notify_data_changed(%L)', rel, kind);
    END LOOP;
END
$$;

-- Tables of this schema that hold data but carry no enabled change trigger. The listener checks
-- this on every connect and, while it names any table, keeps ETags on the hash of the body: a
-- forgotten trigger must cost speed, never a wrong 304. Not data: the migration history, Quartz's
-- own tables, and the run log (read only by health and admin answers, which are never cached; a
-- re-run that stores nothing new must not invalidate every ETag by logging itself).
CREATE FUNCTION etfdata_untracked_data_tables() RETURNS SETOF text
    LANGUAGE sql STABLE AS
$$
    SELECT c.relname::text
    FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace
      AND c.relkind IN ('r', 'p')
      AND c.relpersistence = 'p'
      AND c.relname NOT LIKE 'qrtz\_%'
      AND c.relname NOT IN ('schema_migration', 'ingestion_run', 'ingestion_item')
      AND NOT EXISTS (SELECT 1 FROM pg_trigger t
                      WHERE t.tgrelid = c.oid AND t.tgname = 'etfdata_data_changed' AND t.tgenabled <> 'D')
    ORDER BY 1
$$;

SELECT etfdata_track_data_changes(c.oid::regclass)
FROM pg_class c
WHERE c.relname IN (SELECT etfdata_untracked_data_tables())
  AND c.relnamespace = current_schema()::regnamespace
  AND NOT c.relispartition;
