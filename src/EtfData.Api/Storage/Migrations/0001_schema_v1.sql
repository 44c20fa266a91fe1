-- EtfData schema v1.
-- Money is numeric (never float); trading days are exchange-local dates; instants are timestamptz.
-- CHECK constraints reject values that cannot be true, so a parser bug fails loudly instead of
-- storing a lie.

CREATE TABLE etf (
    symbol          text        PRIMARY KEY
                                CHECK (symbol ~ '^[A-Z0-9]{1,10}(\.[A-Z0-9]{1,4})?$'),
    name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    issuer          text,
    category        text,
    asset_class     text,
    -- annual net expense ratio as a fraction (0.0009 = 0.09 %); no ETF charges 20 % a year
    expense_ratio   numeric(9,6) CHECK (expense_ratio >= 0 AND expense_ratio < 0.2),
    inception_date  date        CHECK (inception_date >= DATE '1990-01-01'),
    exchange        text,
    sec_cik         bigint      CHECK (sec_cik > 0 AND sec_cik < 10000000000),
    sec_series_id   text        CHECK (sec_series_id ~ '^S[0-9]{9}$'),
    sec_class_id    text        CHECK (sec_class_id ~ '^C[0-9]{9}$'),
    is_active       boolean     NOT NULL DEFAULT true,
    first_seen_at   timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX etf_category_idx ON etf (category) WHERE category IS NOT NULL;
CREATE INDEX etf_issuer_idx ON etf (issuer) WHERE issuer IS NOT NULL;
CREATE INDEX etf_sec_series_idx ON etf (sec_series_id) WHERE sec_series_id IS NOT NULL;
CREATE INDEX etf_sec_cik_idx ON etf (sec_cik) WHERE sec_cik IS NOT NULL;

CREATE TABLE price_daily (
    symbol      text          NOT NULL REFERENCES etf (symbol) ON UPDATE CASCADE,
    trade_date  date          NOT NULL,
    open        numeric(18,6) NOT NULL CHECK (open > 0),
    high        numeric(18,6) NOT NULL CHECK (high > 0),
    low         numeric(18,6) NOT NULL CHECK (low > 0),
    close       numeric(18,6) NOT NULL CHECK (close > 0),
    adj_close   numeric(18,6)          CHECK (adj_close > 0),
    volume      bigint                 CHECK (volume >= 0),
    PRIMARY KEY (symbol, trade_date),
    CHECK (high >= low)
);
-- Cross-sectional questions ("every ETF on its latest day", "1-day change") scan by date.
CREATE INDEX price_daily_trade_date_idx ON price_daily (trade_date);

CREATE TABLE fund_metric_daily (
    symbol              text          NOT NULL REFERENCES etf (symbol) ON UPDATE CASCADE,
    as_of               date          NOT NULL,
    source              text          NOT NULL CHECK (source ~ '^[a-z][a-z0-9_-]{0,31}$'),
    total_assets_usd    numeric(20,2)          CHECK (total_assets_usd >= 0),
    nav_per_share       numeric(18,6)          CHECK (nav_per_share > 0),
    shares_outstanding  bigint                 CHECK (shares_outstanding >= 0),
    PRIMARY KEY (symbol, as_of, source),
    -- an observation with nothing observed is not an observation
    CHECK (total_assets_usd IS NOT NULL OR nav_per_share IS NOT NULL OR shares_outstanding IS NOT NULL)
);
CREATE INDEX fund_metric_daily_as_of_idx ON fund_metric_daily (as_of);

CREATE TABLE dividend (
    symbol       text          NOT NULL REFERENCES etf (symbol) ON UPDATE CASCADE,
    ex_date      date          NOT NULL,
    cash_amount  numeric(18,8) NOT NULL CHECK (cash_amount > 0),
    PRIMARY KEY (symbol, ex_date)
);

CREATE TABLE split (
    symbol       text          NOT NULL REFERENCES etf (symbol) ON UPDATE CASCADE,
    split_date   date          NOT NULL,
    numerator    numeric(18,6) NOT NULL CHECK (numerator > 0),
    denominator  numeric(18,6) NOT NULL CHECK (denominator > 0),
    PRIMARY KEY (symbol, split_date),
    CHECK (numerator <> denominator)
);

CREATE TABLE holding_snapshot (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    symbol          text        NOT NULL REFERENCES etf (symbol) ON UPDATE CASCADE,
    as_of           date        NOT NULL,
    source          text        NOT NULL CHECK (source ~ '^[a-z][a-z0-9_-]{0,31}$'),
    position_count  integer     NOT NULL DEFAULT 0 CHECK (position_count >= 0),
    parser_version  integer     NOT NULL DEFAULT 1 CHECK (parser_version >= 1),
    fetched_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (symbol, as_of, source)
);

CREATE TABLE holding (
    snapshot_id       bigint        NOT NULL REFERENCES holding_snapshot (id) ON DELETE CASCADE,
    position          integer       NOT NULL CHECK (position >= 1),
    ticker            text,
    name              text          NOT NULL,
    cusip             text          CHECK (cusip ~ '^[0-9A-Z*@#]{9}$'),
    isin              text          CHECK (isin ~ '^[A-Z]{2}[0-9A-Z]{9}[0-9]$'),
    asset_class       text,
    sector            text,
    country           text,
    -- fraction of net assets; shorts are negative. Beyond ±2 (200 %) is a unit mistake
    -- (a percent stored as a fraction), not a position.
    weight            numeric(12,10) CHECK (weight BETWEEN -2 AND 2),
    shares            numeric(24,6),
    market_value_usd  numeric(22,2),
    PRIMARY KEY (snapshot_id, position)
);
-- "Which ETFs hold X" and overlap joins go by security identifier.
CREATE INDEX holding_ticker_idx ON holding (ticker) WHERE ticker IS NOT NULL;
CREATE INDEX holding_cusip_idx ON holding (cusip) WHERE cusip IS NOT NULL;

CREATE TABLE nport_filing (
    accession                text          PRIMARY KEY CHECK (accession ~ '^[0-9]{10}-[0-9]{2}-[0-9]{6}$'),
    cik                      bigint        NOT NULL CHECK (cik > 0),
    series_id                text          CHECK (series_id ~ '^S[0-9]{9}$'),
    symbol                   text          REFERENCES etf (symbol) ON UPDATE CASCADE,
    report_period            date          NOT NULL,
    fiscal_year_end          date,
    filed_date               date          NOT NULL,
    total_assets_usd         numeric(22,2) CHECK (total_assets_usd >= 0),
    net_assets_usd           numeric(22,2),
    -- Month 3 is the month ending on report_period; month 1 is two months earlier.
    -- Sales exclude reinvested distributions; redemptions are stored as magnitudes.
    month1_sales_usd         numeric(22,2) CHECK (month1_sales_usd >= 0),
    month1_reinvestment_usd  numeric(22,2) CHECK (month1_reinvestment_usd >= 0),
    month1_redemption_usd    numeric(22,2) CHECK (month1_redemption_usd >= 0),
    month1_return            numeric(12,8),
    month2_sales_usd         numeric(22,2) CHECK (month2_sales_usd >= 0),
    month2_reinvestment_usd  numeric(22,2) CHECK (month2_reinvestment_usd >= 0),
    month2_redemption_usd    numeric(22,2) CHECK (month2_redemption_usd >= 0),
    month2_return            numeric(12,8),
    month3_sales_usd         numeric(22,2) CHECK (month3_sales_usd >= 0),
    month3_reinvestment_usd  numeric(22,2) CHECK (month3_reinvestment_usd >= 0),
    month3_redemption_usd    numeric(22,2) CHECK (month3_redemption_usd >= 0),
    month3_return            numeric(12,8),
    is_relevant              boolean       NOT NULL DEFAULT true,
    parser_version           integer       NOT NULL DEFAULT 1 CHECK (parser_version >= 1),
    parsed_at                timestamptz   NOT NULL DEFAULT now(),
    CHECK (filed_date >= report_period)
);
CREATE INDEX nport_filing_symbol_period_idx ON nport_filing (symbol, report_period) WHERE symbol IS NOT NULL;
CREATE INDEX nport_filing_series_period_idx ON nport_filing (series_id, report_period) WHERE series_id IS NOT NULL;

CREATE TABLE fund_flow_daily (
    symbol                     text          NOT NULL REFERENCES etf (symbol) ON UPDATE CASCADE,
    trade_date                 date          NOT NULL,
    method                     text          NOT NULL CHECK (method IN ('aum', 'shares')),
    net_flow_usd               numeric(22,2) NOT NULL,
    previous_date              date          NOT NULL,
    aum_usd                    numeric(20,2),
    previous_aum_usd           numeric(20,2),
    nav_per_share              numeric(18,6),
    previous_nav_per_share     numeric(18,6),
    shares_outstanding         bigint,
    previous_shares_outstanding bigint,
    source                     text          NOT NULL,
    PRIMARY KEY (symbol, trade_date, method),
    CHECK (previous_date < trade_date)
);
-- "Top flows over the last N days" ranks across all ETFs by date window.
CREATE INDEX fund_flow_daily_trade_date_idx ON fund_flow_daily (trade_date, method);

CREATE TABLE ingestion_run (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job              text        NOT NULL,
    trigger          text        NOT NULL,
    started_at       timestamptz NOT NULL,
    finished_at      timestamptz,
    status           text        NOT NULL
                                 CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'abandoned')),
    items_total      integer     NOT NULL DEFAULT 0 CHECK (items_total >= 0),
    items_succeeded  integer     NOT NULL DEFAULT 0 CHECK (items_succeeded >= 0),
    items_failed     integer     NOT NULL DEFAULT 0 CHECK (items_failed >= 0),
    rows_inserted    bigint      NOT NULL DEFAULT 0 CHECK (rows_inserted >= 0),
    rows_updated     bigint      NOT NULL DEFAULT 0 CHECK (rows_updated >= 0),
    rows_unchanged   bigint      NOT NULL DEFAULT 0 CHECK (rows_unchanged >= 0),
    error            text,
    instance         text,
    CHECK (finished_at IS NULL OR finished_at >= started_at),
    CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX ingestion_run_job_started_idx ON ingestion_run (job, started_at DESC);
CREATE INDEX ingestion_run_running_idx ON ingestion_run (status) WHERE status = 'running';

CREATE TABLE ingestion_item (
    run_id          bigint      NOT NULL REFERENCES ingestion_run (id) ON DELETE CASCADE,
    item            text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('succeeded', 'failed', 'skipped')),
    rows_inserted   bigint      NOT NULL DEFAULT 0 CHECK (rows_inserted >= 0),
    rows_updated    bigint      NOT NULL DEFAULT 0 CHECK (rows_updated >= 0),
    rows_unchanged  bigint      NOT NULL DEFAULT 0 CHECK (rows_unchanged >= 0),
    error           text,
    duration_ms     integer     NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
    started_at      timestamptz NOT NULL,
    PRIMARY KEY (run_id, item)
);
