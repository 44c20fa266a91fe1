-- Holdings from issuer files, Schwab and etfdb; one identity per security across sources.

-- One row per security, whatever source named it. Identity: CUSIP, else ISIN, else ticker + exchange,
-- else the normalised name. A source that knows two identifiers (SPDR: ticker and CUSIP) links them, so a
-- ticker-only position (iShares, Schwab) finds the security an N-PORT position named by CUSIP.
CREATE TABLE security (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cusip           text        UNIQUE CHECK (cusip ~ '^[0-9A-Z*@#]{9}$'),
    isin            text        UNIQUE CHECK (isin ~ '^[A-Z]{2}[0-9A-Z]{9}[0-9]$'),
    -- upper-cased, share-class separators '.', '/' and ' ' written as '-' (BRK.B, BRK/B → BRK-B)
    ticker          text        CHECK (ticker ~ '^[A-Z0-9][A-Z0-9-]{0,19}$'),
    exchange        text,
    name            text        NOT NULL,
    -- upper-cased letters and digits, one space between words, legal suffixes kept
    name_key        text        NOT NULL,
    sector          text,
    -- the holdings source the sector was taken from
    sector_source   text,
    country         text        CHECK (country ~ '^[A-Z]{2}$'),
    asset_class     text,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX security_ticker_idx ON security (ticker) WHERE ticker IS NOT NULL;
CREATE INDEX security_name_key_idx ON security (name_key);

ALTER TABLE holding
    ADD COLUMN security_id bigint REFERENCES security (id),
    ADD COLUMN exchange    text,
    ADD COLUMN sedol       text CHECK (sedol ~ '^[0-9A-Z]{7}$');
-- The reverse look-up (which ETFs hold a security) reads this index, not the table.
CREATE INDEX holding_security_idx ON holding (security_id, snapshot_id) INCLUDE (weight, shares, market_value_usd)
    WHERE security_id IS NOT NULL;

ALTER TABLE holding_snapshot
    -- 'full' = every position; 'top' = only the largest ones (Yahoo's top 10): concentration and
    -- overlap on a top list would be wrong and are refused or labelled.
    ADD COLUMN coverage      text    NOT NULL DEFAULT 'full' CHECK (coverage IN ('full', 'top')),
    -- SHA-256 (hex) of the positions as stored, to store a snapshot only when its content changed
    ADD COLUMN content_hash  text    CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    -- Σ weight over every line (cash and derivatives included), and whether it is about 1
    ADD COLUMN weight_sum    numeric(20,14),
    ADD COLUMN weight_check  text    CHECK (weight_check IN ('ok', 'off')),
    -- the newest snapshot of its (symbol, source), kept by a trigger for every writer
    ADD COLUMN is_latest     boolean NOT NULL DEFAULT false;
UPDATE holding_snapshot SET coverage = 'top' WHERE source = 'yahoo';
CREATE INDEX holding_snapshot_latest_idx ON holding_snapshot (symbol, source) WHERE is_latest;

CREATE FUNCTION holding_snapshot_mark_latest() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    keys record;
BEGIN
    FOR keys IN
        SELECT NEW.symbol AS symbol, NEW.source AS source WHERE TG_OP <> 'DELETE'
        UNION
        SELECT OLD.symbol, OLD.source WHERE TG_OP <> 'INSERT'
    LOOP
        UPDATE holding_snapshot s
           SET is_latest = (s.id = newest.id)
          FROM (SELECT id FROM holding_snapshot
                 WHERE symbol = keys.symbol AND source = keys.source
                 ORDER BY as_of DESC, id DESC LIMIT 1) AS newest
         WHERE s.symbol = keys.symbol AND s.source = keys.source
           AND s.is_latest IS DISTINCT FROM (s.id = newest.id);
    END LOOP;
    RETURN NULL;
END
$$;
CREATE TRIGGER holding_snapshot_latest
    AFTER INSERT OR DELETE OR UPDATE OF symbol, source, as_of ON holding_snapshot
    FOR EACH ROW EXECUTE FUNCTION holding_snapshot_mark_latest();
UPDATE holding_snapshot s SET is_latest = true
  FROM (SELECT DISTINCT ON (symbol, source) id FROM holding_snapshot ORDER BY symbol, source, as_of DESC, id DESC) AS newest
 WHERE s.id = newest.id;

-- Fund facts as an outside source states them (etfdb), kept apart from the etf row so a user can see
-- where they agree; merged into etf only where no better source has a value (see README, precedence).
CREATE TABLE etf_source_profile (
    symbol          text          NOT NULL REFERENCES etf (symbol) ON UPDATE CASCADE ON DELETE CASCADE,
    source          text          NOT NULL CHECK (source ~ '^[a-z][a-z0-9_-]{0,31}$'),
    issuer          text,
    category        text,
    expense_ratio   numeric(9,6)  CHECK (expense_ratio >= 0 AND expense_ratio < 0.2),
    inception_date  date,
    structure       text          CHECK (structure IN ('ETF', 'UIT')),
    index_tracked   text,
    aum_usd         numeric(20,2) CHECK (aum_usd >= 0),
    -- the page's own date for its AUM figure, which can be years stale
    aum_as_of       date,
    fetched_at      timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (symbol, source)
);

-- Net flows an outside source reports over trailing windows ending on as_of (etfdb: 5-day … 10-year).
CREATE TABLE reported_flow (
    symbol          text          NOT NULL REFERENCES etf (symbol) ON UPDATE CASCADE ON DELETE CASCADE,
    source          text          NOT NULL CHECK (source ~ '^[a-z][a-z0-9_-]{0,31}$'),
    as_of           date          NOT NULL,
    -- '5-day', '1-month', '3-month', 'ytd', '1-year', '3-year', '5-year', '10-year'
    window_name     text          NOT NULL,
    net_flow_usd    numeric(22,2) NOT NULL,
    fetched_at      timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (symbol, source, as_of, window_name)
);

-- Which source set each descriptive field of etf (issuer, category, expense_ratio, inception_date,
-- structure, index_tracked): {"category": "yahoo", "index_tracked": "etfdb"}.
ALTER TABLE etf
    ADD COLUMN structure      text  CHECK (structure IN ('ETF', 'UIT')),
    ADD COLUMN index_tracked  text,
    ADD COLUMN field_sources  jsonb NOT NULL DEFAULT '{}'::jsonb;
