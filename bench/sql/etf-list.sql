-- GET /api/etfs: EtfListSql.Build("symbol", ascending) with no filters, page 1 of 50.
WITH listed AS (
    SELECT e.symbol, e.name, e.issuer, e.category, e.asset_class, e.expense_ratio, e.exchange, e.is_active,
           p.close, p.trade_date AS close_date,
           CASE WHEN p.previous_close > 0 THEN (p.close / p.previous_close - 1) * 100 END AS change1d_pct,
           m.total_assets_usd AS aum_usd, m.as_of AS aum_date,
           f.flow5d_usd
    FROM etf e
    LEFT JOIN LATERAL (
        SELECT (array_agg(close ORDER BY trade_date DESC))[1] AS close,
               max(trade_date) AS trade_date,
               (array_agg(close ORDER BY trade_date DESC))[2] AS previous_close
        FROM (SELECT trade_date, close FROM price_daily WHERE symbol = e.symbol ORDER BY trade_date DESC LIMIT 2) last_two
    ) p ON true
    LEFT JOIN LATERAL (
        SELECT as_of, total_assets_usd FROM fund_metric_daily
        WHERE symbol = e.symbol AND total_assets_usd IS NOT NULL
        ORDER BY as_of DESC, source LIMIT 1
    ) m ON true
    LEFT JOIN LATERAL (
        SELECT sum(net_flow_usd) AS flow5d_usd FROM fund_flow_daily
        WHERE symbol = e.symbol AND method = 'aum'
          AND trade_date > coalesce(
              (SELECT trade_date FROM price_daily WHERE symbol = e.symbol ORDER BY trade_date DESC OFFSET 5 LIMIT 1),
              '-infinity'::date)
    ) f ON true
    WHERE (NULL::text IS NULL OR e.category = NULL::text)
      AND (NULL::text IS NULL OR e.issuer = NULL::text)
      AND (NULL::text IS NULL OR e.asset_class = NULL::text)
      AND (NULL::boolean IS NULL OR e.is_active = NULL::boolean)
      AND (NULL::text IS NULL OR e.symbol ILIKE NULL::text OR e.name ILIKE NULL::text)
)
SELECT symbol, name, issuer, category, asset_class, expense_ratio, exchange, is_active,
       close, close_date, change1d_pct, aum_usd, aum_date, flow5d_usd, count(*) OVER () AS total
FROM listed
WHERE (NULL::numeric IS NULL OR aum_usd >= NULL::numeric)
ORDER BY symbol ASC NULLS LAST, symbol
LIMIT 50 OFFSET 0;
