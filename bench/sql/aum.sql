-- GET /api/etfs/SPY/aum: AumSql.Series with symbol SPY and no source (the one with the latest observation).
SELECT s.source, m.as_of, m.total_assets_usd
FROM etf e
CROSS JOIN LATERAL (
    SELECT coalesce(NULL::text, (SELECT source FROM fund_metric_daily
                                 WHERE symbol = e.symbol AND total_assets_usd IS NOT NULL
                                 ORDER BY as_of DESC, source LIMIT 1)) AS source
) s
LEFT JOIN LATERAL (
    SELECT as_of, total_assets_usd FROM fund_metric_daily
    WHERE symbol = e.symbol AND source = s.source AND total_assets_usd IS NOT NULL
    ORDER BY as_of
) m ON true
WHERE e.symbol = 'SPY'
ORDER BY m.as_of;
