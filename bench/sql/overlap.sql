-- GET /api/overlap?symbols=SPY,IVV,VOO: each fund's best latest snapshot and its positions in published order (HoldingSnapshots.Sql(asOf: false, byWeight: false)).
SELECT r.ord, e.symbol IS NOT NULL AS known,
       b.id, b.as_of, b.source, b.position_count, b.fetched_at, b.nport_accession, b.coverage, b.weight_sum, b.weight_check,
       b.is_latest, b.checked_at, b.confirmed_as_of,
       p.*
  FROM unnest(ARRAY['SPY','IVV','VOO']::text[]) WITH ORDINALITY AS r(symbol, ord)
  LEFT JOIN etf e ON e.symbol = r.symbol
  LEFT JOIN LATERAL (
        SELECT c.* FROM (SELECT * FROM holding_snapshot WHERE symbol = r.symbol AND is_latest) c
         WHERE NULL::text IS NULL OR c.source = NULL::text
         ORDER BY c.coverage = 'top',
                  least(greatest(c.as_of, c.confirmed_as_of), greatest(coalesce(NULL::date, 'infinity'::date), c.as_of)) DESC,
                  coalesce(array_position(ARRAY['ishares','spdr','invesco','sec-nport','schwab','yahoo']::text[], c.source), 2147483647),
                  c.source COLLATE "C"
         LIMIT 1) b ON e.symbol IS NOT NULL
  LEFT JOIN LATERAL (
        SELECT h.position, coalesce(h.ticker, sec.ticker) AS ticker, h.name, coalesce(h.cusip, sec.cusip) AS cusip, coalesce(h.isin, sec.isin) AS isin,
               coalesce(h.asset_class, sec.asset_class) AS asset_class, coalesce(h.sector, sec.sector) AS sector, coalesce(h.country, sec.country) AS country,
               h.weight, h.shares, h.market_value_usd, h.lei, h.title, h.other_identifiers, h.balance, h.units, h.units_description, h.currency,
               h.exchange_rate, h.payoff_profile, h.asset_category, h.asset_category_description, h.issuer_category, h.issuer_category_description,
               h.fair_value_level, h.is_restricted, h.instrument_kind, h.derivative_category, h.security_id, h.exchange, h.sedol
          FROM holding h LEFT JOIN security sec ON sec.id = h.security_id
         WHERE h.snapshot_id = b.id
         ORDER BY h.position
         LIMIT NULL::integer) p ON true
 ORDER BY r.ord, p.position;
