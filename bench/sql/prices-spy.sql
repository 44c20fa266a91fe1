-- GET /api/etfs/SPY/prices: the year up to SPY's latest bar (PricesReference's statement).
SELECT l.as_of, p.trade_date, p.open, p.high, p.low, p.close, p.adj_close, p.volume
FROM etf e
CROSS JOIN LATERAL (SELECT max(trade_date) AS as_of FROM price_daily WHERE symbol = e.symbol) l
LEFT JOIN price_daily p ON p.symbol = e.symbol
     AND p.trade_date >= (l.as_of - interval '1 year')::date AND p.trade_date <= l.as_of
WHERE e.symbol = 'SPY'
ORDER BY p.trade_date;
