-- GET /api/etfs/SPY: EtfDetailSql's statements in one pipeline (the endpoint sends them as one batch). Run with -M extended or prepared.
\startpipeline
SELECT symbol, name, issuer, category, asset_class, expense_ratio, inception_date, exchange, sec_cik, sec_series_id, sec_class_id,
       is_active, first_seen_at, updated_at, sec_series_class_count, structure, index_tracked, field_sources::text
FROM etf WHERE symbol = 'SPY';
SELECT p.trade_date, p.open, p.high, p.low, p.close, p.adj_close, p.volume
FROM (SELECT max(trade_date) AS last FROM price_daily WHERE symbol = 'SPY') l
JOIN price_daily p ON p.symbol = 'SPY' AND p.trade_date <= l.last AND p.trade_date >= (l.last - interval '13 months')::date
ORDER BY p.trade_date;
SELECT total_assets_usd, as_of, source FROM fund_metric_daily
WHERE symbol = 'SPY' AND total_assets_usd IS NOT NULL ORDER BY as_of DESC, source LIMIT 1;
SELECT nav_per_share, as_of, source FROM fund_metric_daily
WHERE symbol = 'SPY' AND nav_per_share IS NOT NULL ORDER BY as_of DESC, source LIMIT 1;
SELECT shares_outstanding, as_of, source FROM fund_metric_daily
WHERE symbol = 'SPY' AND shares_outstanding IS NOT NULL ORDER BY as_of DESC, source LIMIT 1;
SELECT m.as_of, m.source, p.close, m.nav_per_share
FROM fund_metric_daily m JOIN price_daily p ON p.symbol = m.symbol AND p.trade_date = m.as_of
WHERE m.symbol = 'SPY' AND m.nav_per_share IS NOT NULL ORDER BY m.as_of DESC, m.source LIMIT 1;
SELECT trade_date, net_flow_usd FROM fund_flow_daily
WHERE symbol = 'SPY' AND method = 'aum' AND trade_date <= (SELECT max(trade_date) FROM price_daily WHERE symbol = 'SPY')
ORDER BY trade_date DESC LIMIT 20;
SELECT id, as_of, confirmed_as_of, coverage, source, position_count
FROM holding_snapshot WHERE symbol = 'SPY' AND is_latest;
SELECT h.snapshot_id, h.position, coalesce(h.ticker, s.ticker), h.name, h.weight
FROM (SELECT snapshot_id, position, ticker, name, weight, security_id,
             row_number() OVER (PARTITION BY snapshot_id ORDER BY weight IS NOT NULL DESC, weight DESC, position) AS rank
      FROM holding WHERE snapshot_id IN (SELECT id FROM holding_snapshot WHERE symbol = 'SPY' AND is_latest)) h
LEFT JOIN security s ON s.id = h.security_id
WHERE h.rank <= 10
ORDER BY h.snapshot_id, h.rank;
SELECT source, issuer, category, expense_ratio, inception_date, structure, index_tracked, aum_usd, aum_as_of, fetched_at
FROM etf_source_profile WHERE symbol = 'SPY' ORDER BY source;
SELECT DISTINCT ON (source, window_name) source, window_name, as_of, net_flow_usd, fetched_at
FROM reported_flow WHERE symbol = 'SPY' ORDER BY source, window_name, as_of DESC;
SELECT n.accession, n.report_period, n.filed_date, n.figures_scope, n.series_id, n.net_assets_usd
FROM etf e
JOIN nport_filing n ON n.is_relevant AND n.superseded_by IS NULL
     AND (n.series_id = e.sec_series_id OR (e.sec_series_id IS NULL AND n.series_id IS NULL AND n.cik = e.sec_cik))
WHERE e.symbol = 'SPY'
ORDER BY n.report_period DESC, n.filed_date DESC LIMIT 1;
\endpipeline
