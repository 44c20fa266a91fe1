namespace EtfData.Api.Endpoints;

/// <summary>
/// The ETF list in one statement. Each lateral reads one symbol's newest rows through its primary
/// key (backward index scans), so the cost grows with the number of ETFs, never with history length.
/// </summary>
internal static class EtfListSql
{
    private const string Filtered = """
        WITH listed AS (
            SELECT e.symbol, e.name, e.issuer, e.category, e.asset_class, e.expense_ratio, e.exchange, e.is_active,
                   p.close, p.trade_date AS close_date,
                   CASE WHEN p.previous_close > 0 THEN (p.close / p.previous_close - 1) * 100 END AS change1d_pct,
                   m.total_assets_usd AS aum_usd, m.as_of AS aum_date,
                   f.flow5d_usd
            FROM etf e
            LEFT JOIN LATERAL (
                SELECT (array_agg(close ORDER BY trade_date DESC))[1] AS close,
                       max(trade_date) AS trade_date,
                       (array_agg(close ORDER BY trade_date DESC))[2] AS previous_close
                FROM (SELECT trade_date, close FROM price_daily WHERE symbol = e.symbol ORDER BY trade_date DESC LIMIT 2) last_two
            ) p ON true
            LEFT JOIN LATERAL (
                SELECT as_of, total_assets_usd FROM fund_metric_daily
                WHERE symbol = e.symbol AND total_assets_usd IS NOT NULL
                ORDER BY as_of DESC, source LIMIT 1
            ) m ON true
            LEFT JOIN LATERAL (
                SELECT sum(net_flow_usd) AS flow5d_usd FROM fund_flow_daily
                WHERE symbol = e.symbol AND method = 'aum'
                  AND trade_date > coalesce(
                      (SELECT trade_date FROM price_daily WHERE symbol = e.symbol ORDER BY trade_date DESC OFFSET 5 LIMIT 1),
                      '-infinity'::date)
            ) f ON true
            WHERE (@category::text IS NULL OR e.category = @category)
              AND (@issuer::text IS NULL OR e.issuer = @issuer)
              AND (@asset_class::text IS NULL OR e.asset_class = @asset_class)
              AND (@active::boolean IS NULL OR e.is_active = @active)
              AND (@q::text IS NULL OR e.symbol ILIKE @q OR e.name ILIKE @q)
        )
        """;

    public const string Count = Filtered + " SELECT count(*) FROM listed WHERE (@min_aum::numeric IS NULL OR aum_usd >= @min_aum)";

    public static string Build(string sortColumn, bool descending) =>
        Filtered + $"""
         SELECT symbol, name, issuer, category, asset_class, expense_ratio, exchange, is_active,
                close, close_date, change1d_pct, aum_usd, aum_date, flow5d_usd, count(*) OVER () AS total
         FROM listed
         WHERE (@min_aum::numeric IS NULL OR aum_usd >= @min_aum)
         ORDER BY {sortColumn} {(descending ? "DESC" : "ASC")} NULLS LAST, symbol
         LIMIT @limit OFFSET @offset
        """;

    /// <summary>
    /// The filter values with their counts in one scan of <c>etf</c>: one grouping set per filter plus the empty set
    /// for the totals (<c>facet = 'total'</c>). In a grouping set the other columns are null, so the coalesce is the
    /// grouped value; groups without a value are left out.
    /// </summary>
    public const string Facets = """
        SELECT facet, value, etfs, active_etfs
        FROM (
            SELECT CASE WHEN GROUPING(category) = 0 THEN 'category'
                        WHEN GROUPING(issuer) = 0 THEN 'issuer'
                        WHEN GROUPING(asset_class) = 0 THEN 'assetClass'
                        ELSE 'total' END AS facet,
                   coalesce(category, issuer, asset_class) AS value,
                   count(*)::int AS etfs,
                   (count(*) FILTER (WHERE is_active))::int AS active_etfs
            FROM etf
            GROUP BY GROUPING SETS ((category), (issuer), (asset_class), ())
            HAVING GROUPING(category, issuer, asset_class) = 7 OR coalesce(category, issuer, asset_class) IS NOT NULL
        ) f
        ORDER BY facet, value COLLATE "C"
        """;

    /// <summary>A LIKE pattern matching <paramref name="text"/> anywhere, with its wildcards taken literally.</summary>
    public static string LikePattern(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
