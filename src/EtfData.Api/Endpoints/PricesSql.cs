namespace EtfData.Api.Endpoints;

/// <summary>
/// One year of prices in one statement (bench/sql/prices.sql runs the same text): whether the ETF exists,
/// its latest bar and the bars of the range. No row: unknown ETF (404); one row with a null trade_date: an
/// ETF without bars in the range. The range defaults as the endpoint documents: <c>to</c> = the latest bar,
/// <c>from</c> = one year before <c>to</c>.
/// </summary>
internal static class PricesSql
{
    public const string Prices = """
        SELECT l.as_of, p.trade_date, p.open, p.high, p.low, p.close, p.adj_close, p.volume
        FROM etf e
        CROSS JOIN LATERAL (SELECT max(trade_date) AS as_of FROM price_daily WHERE symbol = e.symbol) l
        LEFT JOIN LATERAL (
            SELECT trade_date, open, high, low, close, adj_close, volume FROM price_daily
            WHERE symbol = e.symbol
              AND trade_date >= coalesce(@from, (coalesce(@to, l.as_of) - interval '1 year')::date)
              AND trade_date <= coalesce(@to, l.as_of)
            ORDER BY trade_date
        ) p ON true
        WHERE e.symbol = @symbol
        ORDER BY p.trade_date
        """;
}
