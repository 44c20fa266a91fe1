-- GET /api/etfs/SPY/prices: PricesSql.Prices with symbol SPY and no from/to (the last year up to the latest bar).
SELECT l.as_of, p.trade_date, p.open, p.high, p.low, p.close, p.adj_close, p.volume
FROM etf e
CROSS JOIN LATERAL (SELECT max(trade_date) AS as_of FROM price_daily WHERE symbol = e.symbol) l
LEFT JOIN LATERAL (
    SELECT trade_date, open, high, low, close, adj_close, volume FROM price_daily
    WHERE symbol = e.symbol
      AND trade_date >= coalesce(NULL::date, (coalesce(NULL::date, l.as_of) - interval '1 year')::date)
      AND trade_date <= coalesce(NULL::date, l.as_of)
    ORDER BY trade_date
) p ON true
WHERE e.symbol = 'SPY'
ORDER BY p.trade_date;
