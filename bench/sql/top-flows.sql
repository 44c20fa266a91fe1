-- GET /api/flows/top: FlowsSql.Top with method aum, 5 days and no category (the API ranks and cuts to 20 rows).
WITH days AS (
    SELECT DISTINCT trade_date FROM fund_flow_daily WHERE method = 'aum' ORDER BY trade_date DESC LIMIT 5
), w AS (SELECT min(trade_date) AS from_date, max(trade_date) AS to_date FROM days)
SELECT w.from_date, w.to_date, s.symbol, s.name, s.category, s.issuer, s.net, s.start_aum, s.flow_days
FROM w
LEFT JOIN LATERAL (
    SELECT f.symbol, e.name, e.category, e.issuer,
           sum(f.net_flow_usd) AS net,
           (array_agg(coalesce(f.previous_aum_usd, f.previous_shares_outstanding * f.previous_nav_per_share) ORDER BY f.trade_date))[1] AS start_aum,
           count(*) AS flow_days
    FROM fund_flow_daily f
    JOIN etf e ON e.symbol = f.symbol
    WHERE f.method = 'aum' AND f.trade_date BETWEEN w.from_date AND w.to_date
      AND (NULL::text IS NULL OR e.category = NULL::text)
    GROUP BY f.symbol, e.name, e.category, e.issuer
) s ON true;
