-- GET /api/holdings/AAPL/etfs: one batch (SecurityHoldersApi): the matched securities, then the holders' best latest snapshots.
SELECT id, ticker, cusip, isin, exchange, name, sector FROM security WHERE ticker = 'AAPL' ORDER BY id;
WITH positions AS (
    SELECT s.id, s.symbol, p.security_id, p.weight, p.shares, p.market_value_usd
      FROM holding_snapshot s
     CROSS JOIN LATERAL (
           SELECT h.security_id, sum(h.weight) AS weight, sum(h.shares) AS shares, sum(h.market_value_usd) AS market_value_usd
             FROM holding h
            WHERE h.security_id = ANY(ARRAY(SELECT id FROM (
                  SELECT id, ticker, cusip, isin, exchange, name, sector FROM security WHERE ticker = 'AAPL') m)) AND h.snapshot_id = s.id
            GROUP BY h.security_id) p
     WHERE s.is_latest),
best AS (
    SELECT DISTINCT ON (c.symbol) c.id, c.symbol, c.source, c.as_of, c.coverage
      FROM holding_snapshot c
     WHERE c.is_latest AND c.symbol IN (SELECT symbol FROM positions) AND (NULL::text IS NULL OR c.source = NULL::text)
     ORDER BY c.symbol, c.coverage = 'top', greatest(c.as_of, c.confirmed_as_of) DESC,
              coalesce(array_position(ARRAY['ishares','spdr','invesco','sec-nport','schwab','yahoo']::text[], c.source), 2147483647), c.source COLLATE "C")
SELECT b.symbol, coalesce(e.name, b.symbol), b.source, b.as_of, b.coverage, p.security_id, p.weight, p.shares, p.market_value_usd
  FROM best b
  JOIN positions p ON p.id = b.id
  LEFT JOIN etf e ON e.symbol = b.symbol;
