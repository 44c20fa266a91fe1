-- The holding table keeps the indexes its reads use and no others (measured at universe scale by
-- bench/parts/holdings.sh; README "Past one box"). holding_ticker_idx and holding_cusip_idx (0001) predate the
-- security table: a reverse look-up now resolves a ticker, CUSIP or ISIN through security and reads
-- holding_security_idx, one ETF's holdings read the primary key, and nothing filters holding by ticker or CUSIP.
-- Under the read and load benchmarks they were never scanned, while every written holding row paid for both
-- (a third of a plain COPY into holding; ≈ 1 GB at 80 M rows). Dropping an index does not rewrite the table.
DROP INDEX IF EXISTS holding_ticker_idx;
DROP INDEX IF EXISTS holding_cusip_idx;
