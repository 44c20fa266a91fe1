namespace EtfData.Api.Endpoints;

/// <summary>
/// An ETF's AUM series in one statement: whether the ETF exists (no row: 404), the source the series is
/// from (<c>@source</c>, else the one with the latest observation) and its observations in date order
/// (one row with a null as_of when there are none).
/// </summary>
internal static class AumSql
{
    public const string Series = """
        SELECT s.source, m.as_of, m.total_assets_usd
        FROM etf e
        CROSS JOIN LATERAL (
            SELECT coalesce(@source, (SELECT source FROM fund_metric_daily
                                      WHERE symbol = e.symbol AND total_assets_usd IS NOT NULL
                                      ORDER BY as_of DESC, source LIMIT 1)) AS source
        ) s
        LEFT JOIN LATERAL (
            SELECT as_of, total_assets_usd FROM fund_metric_daily
            WHERE symbol = e.symbol AND source = s.source AND total_assets_usd IS NOT NULL
            ORDER BY as_of
        ) m ON true
        WHERE e.symbol = @symbol
        ORDER BY m.as_of
        """;
}
