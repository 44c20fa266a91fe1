namespace EtfData.Api.Endpoints;

/// <summary>
/// The ETF detail's statements, sent as one batch (one round trip); each takes only <c>@symbol</c>.
/// bench/sql/etf-detail.sql runs the same text. Order = the order the endpoint reads the results in.
/// </summary>
internal static class EtfDetailSql
{
    public const string Profile = """
        SELECT symbol, name, issuer, category, asset_class, expense_ratio, inception_date, exchange, sec_cik, sec_series_id, sec_class_id,
               is_active, first_seen_at, updated_at, sec_series_class_count, structure, index_tracked, field_sources::text
        FROM etf WHERE symbol = @symbol
        """;

    /// <summary>13 months of bars up to the latest (returns, flow windows); the last row is the latest bar.</summary>
    public const string History = """
        SELECT p.trade_date, p.open, p.high, p.low, p.close, p.adj_close, p.volume
        FROM (SELECT max(trade_date) AS last FROM price_daily WHERE symbol = @symbol) l
        JOIN price_daily p ON p.symbol = @symbol AND p.trade_date <= l.last AND p.trade_date >= (l.last - interval '13 months')::date
        ORDER BY p.trade_date
        """;

    public const string Aum = """
        SELECT total_assets_usd, as_of, source FROM fund_metric_daily
        WHERE symbol = @symbol AND total_assets_usd IS NOT NULL ORDER BY as_of DESC, source LIMIT 1
        """;

    public const string Nav = """
        SELECT nav_per_share, as_of, source FROM fund_metric_daily
        WHERE symbol = @symbol AND nav_per_share IS NOT NULL ORDER BY as_of DESC, source LIMIT 1
        """;

    public const string Shares = """
        SELECT shares_outstanding, as_of, source FROM fund_metric_daily
        WHERE symbol = @symbol AND shares_outstanding IS NOT NULL ORDER BY as_of DESC, source LIMIT 1
        """;

    /// <summary>Premium/discount needs a close and a NAV of the same day.</summary>
    public const string Premium = """
        SELECT m.as_of, m.source, p.close, m.nav_per_share
        FROM fund_metric_daily m JOIN price_daily p ON p.symbol = m.symbol AND p.trade_date = m.as_of
        WHERE m.symbol = @symbol AND m.nav_per_share IS NOT NULL ORDER BY m.as_of DESC, m.source LIMIT 1
        """;

    public const string RecentFlows = """
        SELECT trade_date, net_flow_usd FROM fund_flow_daily
        WHERE symbol = @symbol AND method = 'aum' AND trade_date <= (SELECT max(trade_date) FROM price_daily WHERE symbol = @symbol)
        ORDER BY trade_date DESC LIMIT 20
        """;

    /// <summary>Each source's latest snapshot (the endpoint picks the best with HoldingSnapshots.Best).</summary>
    public const string Snapshots = """
        SELECT id, as_of, confirmed_as_of, coverage, source, position_count
        FROM holding_snapshot WHERE symbol = @symbol AND is_latest
        """;

    /// <summary>The ten largest weights of each of those snapshots, ticker filled in from the security index.</summary>
    public const string TopPositions = """
        SELECT h.snapshot_id, h.position, coalesce(h.ticker, s.ticker), h.name, h.weight
        FROM (SELECT snapshot_id, position, ticker, name, weight, security_id,
                     row_number() OVER (PARTITION BY snapshot_id ORDER BY weight IS NOT NULL DESC, weight DESC, position) AS rank
              FROM holding WHERE snapshot_id IN (SELECT id FROM holding_snapshot WHERE symbol = @symbol AND is_latest)) h
        LEFT JOIN security s ON s.id = h.security_id
        WHERE h.rank <= 10
        ORDER BY h.snapshot_id, h.rank
        """;

    public const string OutsideProfiles = """
        SELECT source, issuer, category, expense_ratio, inception_date, structure, index_tracked, aum_usd, aum_as_of, fetched_at
        FROM etf_source_profile WHERE symbol = @symbol ORDER BY source
        """;

    /// <summary>Each source's latest figure per window.</summary>
    public const string ReportedFlows = """
        SELECT DISTINCT ON (source, window_name) source, window_name, as_of, net_flow_usd, fetched_at
        FROM reported_flow WHERE symbol = @symbol ORDER BY source, window_name, as_of DESC
        """;

    /// <summary>The latest N-PORT filing of the ETF's series, or for a unit investment trust (no series) of its CIK.</summary>
    public const string LatestNportFiling = """
        SELECT n.accession, n.report_period, n.filed_date, n.figures_scope, n.series_id, n.net_assets_usd
        FROM etf e
        JOIN nport_filing n ON n.is_relevant AND n.superseded_by IS NULL
             AND (n.series_id = e.sec_series_id OR (e.sec_series_id IS NULL AND n.series_id IS NULL AND n.cik = e.sec_cik))
        WHERE e.symbol = @symbol
        ORDER BY n.report_period DESC, n.filed_date DESC LIMIT 1
        """;

    public static readonly string[] All =
        [Profile, History, Aum, Nav, Shares, Premium, RecentFlows, Snapshots, TopPositions, OutsideProfiles, ReportedFlows, LatestNportFiling];
}
