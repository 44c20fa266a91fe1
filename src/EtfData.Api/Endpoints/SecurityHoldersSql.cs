using System.Collections.Frozen;

namespace EtfData.Api.Endpoints;

/// <summary>The reverse look-up's SQL (also linked into the benchmark's raw reference, so both run the same statements).</summary>
internal static class SecurityHoldersSql
{
    /// <summary>The securities an identifier names, by kind of identifier (parameter <c>@value</c>).</summary>
    public static readonly FrozenDictionary<string, string> SecurityMatch = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ticker"] = "SELECT id, ticker, cusip, isin, exchange, name, sector FROM security WHERE ticker = @value",
        ["cusip"] = "SELECT id, ticker, cusip, isin, exchange, name, sector FROM security WHERE cusip = @value",
        ["isin"] = "SELECT id, ticker, cusip, isin, exchange, name, sector FROM security WHERE isin = @value",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// <c>SecurityHoldersApi.HoldersSql</c> over the securities <c>{securities}</c> selects, joined to each holding ETF's best latest
    /// snapshot (of <c>@source</c> when given; the order of <c>HoldingSnapshots.Best</c>, preference <c>@preference</c>).
    /// Which snapshot speaks for an ETF is decided over all its latest snapshots, not only those naming the security: when its
    /// best snapshot does not hold it, an older or lesser one that still does is not the answer.
    /// </summary>
    private const string BestHoldersTemplate = """
        WITH positions AS (
            SELECT s.id, s.symbol, p.security_id, p.weight, p.shares, p.market_value_usd
              FROM holding_snapshot s
             CROSS JOIN LATERAL (
                   SELECT h.security_id, sum(h.weight) AS weight, sum(h.shares) AS shares, sum(h.market_value_usd) AS market_value_usd
                     FROM holding h
                    WHERE h.security_id = ANY(ARRAY(SELECT id FROM ({securities}) m)) AND h.snapshot_id = s.id
                    GROUP BY h.security_id) p
             WHERE s.is_latest),
        best AS (
            SELECT DISTINCT ON (c.symbol) c.id, c.symbol, c.source, c.as_of, c.coverage
              FROM holding_snapshot c
             WHERE c.is_latest AND c.symbol IN (SELECT symbol FROM positions) AND (@source::text IS NULL OR c.source = @source::text)
             ORDER BY c.symbol, c.coverage = 'top', greatest(c.as_of, c.confirmed_as_of) DESC,
                      coalesce(array_position(@preference::text[], c.source), 2147483647), c.source COLLATE "C")
        SELECT b.symbol, coalesce(e.name, b.symbol), b.source, b.as_of, b.coverage, p.security_id, p.weight, p.shares, p.market_value_usd
          FROM best b
          JOIN positions p ON p.id = b.id
          LEFT JOIN etf e ON e.symbol = b.symbol
        """;

    /// <summary><see cref="BestHoldersTemplate"/> over the securities <paramref name="securityMatch"/> selects.</summary>
    public static string BestHolders(string securityMatch) => BestHoldersTemplate.Replace("{securities}", securityMatch, StringComparison.Ordinal);
}
