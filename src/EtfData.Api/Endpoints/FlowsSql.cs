namespace EtfData.Api.Endpoints;

/// <summary>The flow endpoints' statements, one per answer (bench/sql/etf-flows.sql and top-flows.sql run the same text).</summary>
internal static class FlowsSql
{
    /// <summary>
    /// One ETF's daily flows of a method up to <c>@to</c>: no row when the ETF is unknown (404), one row with a
    /// null trade_date when it has none. Rolling sums need the flows before the asked range too.
    /// </summary>
    public const string EtfFlows = """
        SELECT f.trade_date, f.net_flow_usd, f.previous_date, f.aum_usd, f.previous_aum_usd, f.nav_per_share, f.previous_nav_per_share,
               f.shares_outstanding, f.previous_shares_outstanding, f.source
        FROM etf e
        LEFT JOIN LATERAL (
            SELECT * FROM fund_flow_daily
            WHERE symbol = e.symbol AND method = @method AND trade_date <= @to
            ORDER BY trade_date
        ) f ON true
        WHERE e.symbol = @symbol
        ORDER BY f.trade_date
        """;

    /// <summary>
    /// Every ETF's net flow over the latest <c>@days</c> days with flow estimates, and the AUM the window's
    /// flow is measured against: the AUM before its first flow day (previous_aum_usd, or previous shares ×
    /// previous NAV for the shares method). One row with null from/to when there are no flows at all.
    /// </summary>
    public const string Top = """
        WITH days AS (
            SELECT DISTINCT trade_date FROM fund_flow_daily WHERE method = @method ORDER BY trade_date DESC LIMIT @days
        ), w AS (SELECT min(trade_date) AS from_date, max(trade_date) AS to_date FROM days)
        SELECT w.from_date, w.to_date, s.symbol, s.name, s.category, s.issuer, s.net, s.start_aum, s.flow_days
        FROM w
        LEFT JOIN LATERAL (
            SELECT f.symbol, e.name, e.category, e.issuer,
                   sum(f.net_flow_usd) AS net,
                   (array_agg(coalesce(f.previous_aum_usd, f.previous_shares_outstanding * f.previous_nav_per_share) ORDER BY f.trade_date))[1] AS start_aum,
                   count(*) AS flow_days
            FROM fund_flow_daily f
            JOIN etf e ON e.symbol = f.symbol
            WHERE f.method = @method AND f.trade_date BETWEEN w.from_date AND w.to_date
              AND (@category::text IS NULL OR e.category = @category)
            GROUP BY f.symbol, e.name, e.category, e.issuer
        ) s ON true
        """;
}
