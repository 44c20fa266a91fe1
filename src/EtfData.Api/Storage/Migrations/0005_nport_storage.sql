-- SEC N-PORT storage: filings with their amendments, filings found irrelevant, full holdings with
-- their identifiers, per-class returns, and whether a filing's figures are the ETF's own.

-- Share classes of the ETF's SEC series (company_tickers_mf.json, mutual-fund classes included).
-- Above 1, N-PORT's net assets and flows belong to the whole series, not to the ETF.
ALTER TABLE etf ADD COLUMN sec_series_class_count integer CHECK (sec_series_class_count >= 1);

-- A filing belongs to a series (or, for a unit investment trust, to a CIK), never to one symbol:
-- several ETFs can be classes of one series. The ETF link is etf.sec_series_id / etf.sec_cik.
ALTER TABLE nport_filing DROP COLUMN symbol;
-- Returns are per share class (nport_class_return); the series has none of its own.
ALTER TABLE nport_filing DROP COLUMN month1_return, DROP COLUMN month2_return, DROP COLUMN month3_return;

ALTER TABLE nport_filing
    ADD COLUMN submission_type       text CHECK (submission_type IN ('NPORT-P', 'NPORT-P/A')),
    ADD COLUMN is_amendment          boolean NOT NULL GENERATED ALWAYS AS (coalesce(submission_type = 'NPORT-P/A', false)) STORED,
    -- The filing of the same series (or CIK) and report period that replaces this one: the one filed
    -- last. Null on the filing whose figures are served.
    ADD COLUMN superseded_by         text REFERENCES nport_filing (accession) ON DELETE SET NULL,
    ADD COLUMN total_liabilities_usd numeric(22,2),
    ADD COLUMN holding_count         integer CHECK (holding_count >= 0),
    -- Share classes the series has: the most of the report's class ids and the ticker map's count.
    ADD COLUMN class_count           integer CHECK (class_count >= 0),
    -- 'series': net assets and flows of a multi-class series (not any one ETF's own);
    -- 'fund': a single-class series or a unit investment trust.
    ADD COLUMN figures_scope         text CHECK (figures_scope IN ('series', 'fund')),
    -- One source whether read one filing at a time or from the quarterly data set; where from is source_path.
    ADD COLUMN source                text NOT NULL DEFAULT 'sec-nport' CHECK (source ~ '^[a-z][a-z0-9_-]{0,31}$'),
    ADD COLUMN source_path           text,
    ADD CONSTRAINT nport_filing_not_superseded_by_itself CHECK (superseded_by <> accession);

-- Filings stored by an earlier version (none were written before this migration) are originals.
UPDATE nport_filing SET submission_type = 'NPORT-P', figures_scope = 'series', holding_count = 0
 WHERE is_relevant AND submission_type IS NULL;
-- A relevant filing says what it is; an irrelevant one only needs its identity.
ALTER TABLE nport_filing ADD CONSTRAINT nport_filing_relevant_is_complete
    CHECK (NOT is_relevant OR (submission_type IS NOT NULL AND figures_scope IS NOT NULL AND holding_count IS NOT NULL));

CREATE INDEX nport_filing_cik_period_idx ON nport_filing (cik, report_period) WHERE series_id IS NULL;
CREATE INDEX nport_filing_superseded_by_idx ON nport_filing (superseded_by) WHERE superseded_by IS NOT NULL;

-- Monthly total returns per share class, in percent as filed (1.25 = 1.25 %).
CREATE TABLE nport_class_return (
    accession          text          NOT NULL REFERENCES nport_filing (accession) ON DELETE CASCADE,
    position           integer       NOT NULL CHECK (position >= 1),
    -- null for a unit investment trust, which reports one return without a class
    class_id           text          CHECK (class_id ~ '^C[0-9]{9}$'),
    month1_return_pct  numeric(14,8),
    month2_return_pct  numeric(14,8),
    month3_return_pct  numeric(14,8),
    PRIMARY KEY (accession, position)
);

-- A sec-nport snapshot names the filing its positions come from.
ALTER TABLE holding_snapshot ADD COLUMN nport_accession text REFERENCES nport_filing (accession);
ALTER TABLE holding_snapshot ADD CONSTRAINT holding_snapshot_nport_has_filing
    CHECK (source <> 'sec-nport' OR nport_accession IS NOT NULL);
CREATE INDEX holding_snapshot_nport_accession_idx ON holding_snapshot (nport_accession) WHERE nport_accession IS NOT NULL;

-- N-PORT's pctVal carries up to 12 decimals (8.373807487551 %): as a fraction that is 14.
ALTER TABLE holding ALTER COLUMN weight TYPE numeric(18,14);
ALTER TABLE holding
    ADD COLUMN lei                         text,
    ADD COLUMN title                       text,
    ADD COLUMN other_identifiers           text,
    -- shares, principal amount, contracts or other units, per units; negative for shorts
    ADD COLUMN balance                     numeric(30,10),
    ADD COLUMN units                       text CHECK (units IN ('NS', 'PA', 'NC', 'OU')),
    ADD COLUMN units_description           text,
    ADD COLUMN currency                    text CHECK (currency ~ '^[A-Z]{3}$'),
    -- units of currency per USD
    ADD COLUMN exchange_rate               numeric(24,10) CHECK (exchange_rate > 0),
    ADD COLUMN payoff_profile              text,
    ADD COLUMN asset_category              text,
    ADD COLUMN asset_category_description  text,
    ADD COLUMN issuer_category             text,
    ADD COLUMN issuer_category_description text,
    ADD COLUMN fair_value_level            text CHECK (fair_value_level IN ('1', '2', '3')),
    ADD COLUMN is_restricted               boolean,
    ADD COLUMN instrument_kind             text CHECK (instrument_kind IN ('security', 'derivative', 'repo')),
    ADD COLUMN derivative_category         text,
    ADD COLUMN parser_version              integer NOT NULL DEFAULT 1 CHECK (parser_version >= 1);
