-- GET /api/etfs/SPY/flows: FlowsSql.EtfFlows with symbol SPY, method aum and no to (DateOnly.MaxValue, sent as infinity).
SELECT f.trade_date, f.net_flow_usd, f.previous_date, f.aum_usd, f.previous_aum_usd, f.nav_per_share, f.previous_nav_per_share,
       f.shares_outstanding, f.previous_shares_outstanding, f.source
FROM etf e
LEFT JOIN LATERAL (
    SELECT * FROM fund_flow_daily
    WHERE symbol = e.symbol AND method = 'aum' AND trade_date <= 'infinity'::date
    ORDER BY trade_date
) f ON true
WHERE e.symbol = 'SPY'
ORDER BY f.trade_date;
