-- GET /api/etfs: the default page (no filters, by symbol, 50 rows; EtfListReference's statement).
SELECT e.symbol, e.name, e.issuer, e.category, e.asset_class, e.expense_ratio, e.exchange, e.is_active,
       p.close, p.trade_date,
       CASE WHEN p.previous_close > 0 THEN (p.close / p.previous_close - 1) * 100 END,
       m.total_assets_usd, m.as_of, f.flow5d_usd, count(*) OVER ()
FROM etf e
LEFT JOIN LATERAL (
    SELECT (array_agg(close ORDER BY trade_date DESC))[1] AS close, max(trade_date) AS trade_date,
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
ORDER BY e.symbol
LIMIT 50;
