-- Universe-sized holdings history for bench/parts/holdings.sh, generated inside PostgreSQL.
-- psql variables: etfs (ETF count, 4000), quarters (quarter-end snapshots per fund, 28 = seven years),
-- securities (security universe, 30000). Deterministic: the same variables give the same rows.
--
-- Shape (issue 11 point 4): fund sizes follow the real ETF universe's long tail — 2 % huge funds
-- (total-market and bond index funds, 3,000–15,000 lines), 18 % broad funds (500–3,000), 80 % with 30–500
-- — which is ≈ 707 lines a fund and ≈ 2.83 M holding rows a quarter (79 M over 28 quarters). Securities
-- are shared: a third of the funds hold the large-cap core (security ids 1…~3,000, so the first ids are
-- held by ~1,500 funds, like AAPL), the rest hold a window of the universe that is denser at low ids.
-- Every fund has one full snapshot a quarter from its own source (an issuer file for half the funds,
-- N-PORT for the rest, each with its filing) and a Yahoo top-10 snapshot at the newest quarter; is_latest
-- is set on the newest of each (symbol, source) as the trigger would.
--
-- Loading: the bulk insert runs without the holding table's indexes and with triggers off
-- (session_replication_role = replica: the rows are consistent by construction); the indexes are
-- recreated from their own definitions afterwards, so whatever the migrations define is what is measured.
\set ON_ERROR_STOP on
SET session_replication_role = replica;
SET synchronous_commit = off;
SET maintenance_work_mem = '512MB';
SET max_parallel_maintenance_workers = 1;

CREATE TEMP TABLE fund AS
SELECT i AS fund_no,
       'H' || lpad(i::text, 4, '0') AS symbol,
       CASE WHEN i % 50 = 0 THEN 3000 + (hashint4(i) & 2147483647) % 12000
            WHEN i % 50 < 10 THEN 500 + (hashint4(i) & 2147483647) % 2500
            ELSE 30 + (hashint4(i) & 2147483647) % 470 END AS lines,
       CASE WHEN i % 3 = 0 THEN 0
            ELSE ((((hashint4(i + 7919) & 2147483647) % 1000000) / 1000000.0) ^ 2 * :securities)::int END AS base,
       CASE i % 6 WHEN 0 THEN 'ishares' WHEN 1 THEN 'spdr' WHEN 2 THEN 'invesco' ELSE 'sec-nport' END AS source
  FROM generate_series(1, :etfs) i;

INSERT INTO etf (symbol, name, sec_cik, sec_series_id, source)
SELECT symbol, 'Generated Holdings Fund ' || fund_no, 1000000 + fund_no, 'S' || lpad(fund_no::text, 9, '0'), 'manual'
  FROM fund;

INSERT INTO security (id, cusip, isin, ticker, exchange, name, name_key, sector, country, asset_class)
OVERRIDING SYSTEM VALUE
SELECT id, 'Z' || lpad(id::text, 8, '0'), 'USZ' || lpad(id::text, 8, '0') || (id % 10), 'T' || id, 'NYSE',
       'Generated Security ' || id || ' Inc', 'GENERATED SECURITY ' || id || ' INC',
       (ARRAY['Information Technology','Financials','Health Care','Industrials','Energy','Utilities'])[1 + id % 6], 'US', 'Equity'
  FROM generate_series(1, :securities) id;
SELECT setval(pg_get_serial_sequence('security', 'id'), :securities);

CREATE TEMP TABLE quarter AS
SELECT q, (date_trunc('quarter', date '2026-10-01') - make_interval(months => 3 * (:quarters - q)) - interval '1 day')::date AS as_of
  FROM generate_series(1, :quarters) q;

INSERT INTO nport_filing (accession, cik, series_id, report_period, filed_date, submission_type, figures_scope, holding_count, class_count)
SELECT lpad((1000000 + f.fund_no)::text, 10, '0') || '-' || lpad(q.q::text, 2, '0') || '-' || lpad(f.fund_no::text, 6, '0'),
       1000000 + f.fund_no, 'S' || lpad(f.fund_no::text, 9, '0'), q.as_of, q.as_of + 55, 'NPORT-P', 'fund', f.lines, 1
  FROM fund f CROSS JOIN quarter q
 WHERE f.source = 'sec-nport';

-- Snapshot ids: quarter-major, so the newest quarter's snapshots are the highest ids (as in a live database).
INSERT INTO holding_snapshot (id, symbol, as_of, source, position_count, coverage, weight_sum, weight_check, is_latest,
                              nport_accession, checked_at, confirmed_as_of)
OVERRIDING SYSTEM VALUE
SELECT (q.q - 1) * :etfs + f.fund_no, f.symbol, q.as_of, f.source, f.lines, 'full', 1, 'ok', q.q = :quarters,
       CASE WHEN f.source = 'sec-nport'
            THEN lpad((1000000 + f.fund_no)::text, 10, '0') || '-' || lpad(q.q::text, 2, '0') || '-' || lpad(f.fund_no::text, 6, '0') END,
       q.as_of + 1, q.as_of
  FROM fund f CROSS JOIN quarter q
UNION ALL
SELECT :quarters * :etfs + f.fund_no, f.symbol, q.as_of, 'yahoo', 10, 'top', NULL, NULL, true, NULL, q.as_of + 1, q.as_of
  FROM fund f JOIN quarter q ON q.q = :quarters;
SELECT setval(pg_get_serial_sequence('holding_snapshot', 'id'), (:quarters + 1) * :etfs);

-- The holding table's indexes and primary key, dropped for the load and recreated from these definitions.
CREATE TEMP TABLE holding_index AS
SELECT i.indexrelid::regclass::text AS name, c.conname, pg_get_indexdef(i.indexrelid) AS index_def,
       pg_get_constraintdef(c.oid) AS constraint_def
  FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u')
 WHERE i.indrelid = 'holding'::regclass;
SELECT CASE WHEN conname IS NOT NULL THEN format('ALTER TABLE holding DROP CONSTRAINT %I', conname)
            ELSE format('DROP INDEX %s', name) END
  FROM holding_index
\gexec

-- Text columns come from a per-security table and per-fund constants, so the row loop does little arithmetic.
-- Position p of a fund of n lines weighs 2(n − p + 1)/(n(n + 1)): decreasing, summing to 1.
-- Every 17th line moves with the quarter (turnover); the rest stays put.
CREATE TEMP TABLE security_text AS
SELECT id, 'T' || id AS ticker, 'Generated Security ' || id || ' Inc' AS name, 'Z' || lpad(id::text, 8, '0') AS cusip,
       'USZ' || lpad(id::text, 8, '0') || (id % 10) AS isin
  FROM generate_series(1, :securities) id;
CREATE TEMP TABLE fund_load AS
SELECT f.*, f.source = 'sec-nport' AS nport, round(2.0 / (f.lines::numeric * (f.lines + 1)), 18) AS unit_weight,
       1e8 * (1 + f.fund_no % 100) AS aum
  FROM fund f;
ANALYZE security_text, fund_load;

INSERT INTO holding (snapshot_id, position, ticker, name, cusip, isin, asset_class, sector, country, weight, shares,
                     market_value_usd, security_id, balance, units, currency, asset_category, instrument_kind, parser_version)
SELECT l.snapshot_id, l.p, CASE WHEN NOT l.nport THEN t.ticker END, t.name, t.cusip, CASE WHEN l.nport THEN t.isin END,
       'Equity', CASE WHEN NOT l.nport THEN 'Industrials' END, 'US',
       l.weight, l.shares, l.weight * l.aum, t.id,
       CASE WHEN l.nport THEN l.shares END, CASE WHEN l.nport THEN 'NS' END, CASE WHEN l.nport THEN 'USD' END,
       CASE WHEN l.nport THEN 'EC' END, CASE WHEN l.nport THEN 'security' END, 1
  FROM (SELECT CASE WHEN y.top THEN :quarters * :etfs + f.fund_no ELSE (q.q - 1) * :etfs + f.fund_no END AS snapshot_id,
               p, f.nport AND NOT y.top AS nport, f.aum, ((f.lines - p + 1) * f.unit_weight)::numeric(18,14) AS weight,
               ((f.lines - p + 1) * 100)::numeric AS shares,
               1 + (f.base + p - 1 + CASE WHEN p % 17 = 0 THEN q.q ELSE 0 END) % :securities AS security_id
          FROM fund_load f
         CROSS JOIN quarter q
         CROSS JOIN (VALUES (false), (true)) y(top)
         CROSS JOIN LATERAL generate_series(1, CASE WHEN y.top THEN 10 ELSE f.lines END) p
         WHERE NOT y.top OR q.q = :quarters) l
  JOIN security_text t ON t.id = l.security_id;

SELECT CASE WHEN conname IS NOT NULL THEN format('ALTER TABLE holding ADD CONSTRAINT %I %s', conname, constraint_def)
            ELSE index_def END
  FROM holding_index
\gexec

SET session_replication_role = origin;
VACUUM (ANALYZE) holding;
VACUUM (ANALYZE) holding_snapshot;
ANALYZE security, etf, nport_filing;
