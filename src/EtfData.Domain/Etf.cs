namespace EtfData.Domain;

/// <summary>An exchange-traded fund of the universe (table <c>etf</c>).</summary>
public sealed record Etf
{
    /// <summary>Normalised ticker, see <see cref="EtfSymbol"/>.</summary>
    public required string Symbol { get; init; }
    public required string Name { get; init; }
    /// <summary>Fund family / sponsor, e.g. "iShares".</summary>
    public string? Issuer { get; init; }
    public string? Category { get; init; }
    /// <summary>Broad asset class, e.g. "Equity", "Fixed Income", "Commodity".</summary>
    public string? AssetClass { get; init; }
    /// <summary>Annual net expense ratio as a fraction: 0.0009 means 0.09 % a year.</summary>
    public decimal? ExpenseRatio { get; init; }
    public DateOnly? InceptionDate { get; init; }
    /// <summary>Listing exchange as the symbol directory names it (e.g. "NYSE Arca", "Nasdaq").</summary>
    public string? Exchange { get; init; }
    /// <summary>SEC Central Index Key of the registrant (the trust; for unit investment trusts the fund itself).</summary>
    public long? SecCik { get; init; }
    /// <summary>SEC series id (<c>S000016548</c>); null for unit investment trusts such as SPY.</summary>
    public string? SecSeriesId { get; init; }
    /// <summary>SEC class/contract id (<c>C000045655</c>).</summary>
    public string? SecClassId { get; init; }
    /// <summary>
    /// Share classes of the fund's SEC series in <c>company_tickers_mf.json</c>, mutual-fund classes
    /// included. Above 1, N-PORT's net assets and flows are the series', not the ETF's own.
    /// </summary>
    public int? SecSeriesClassCount { get; init; }
    /// <summary><c>ETF</c> (open-end fund) or <c>UIT</c> (unit investment trust).</summary>
    public string? Structure { get; init; }
    /// <summary>The index the fund tracks; null for an active fund or when no source says.</summary>
    public string? IndexTracked { get; init; }
    /// <summary>
    /// Which source set each descriptive field, as JSON (<c>{"category":"yahoo","index_tracked":"etfdb"}</c>):
    /// a source fills a field only where no source it ranks below set it (see <see cref="FundFacts"/>).
    /// </summary>
    public string FieldSources { get; init; } = "{}";
    /// <summary>False once the symbol left the listing directory; history is kept.</summary>
    public bool IsActive { get; init; } = true;
    /// <summary>
    /// How the fund entered the universe: <see cref="EtfSource.Directory"/> (discovery) or
    /// <see cref="EtfSource.Manual"/> (added by a user; discovery never deactivates it).
    /// </summary>
    public string Source { get; init; } = EtfSource.Directory;
    public DateTimeOffset FirstSeenAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>Values of <see cref="Etf.Source"/>.</summary>
public static class EtfSource
{
    /// <summary>Found by discovery in the Nasdaq Trader symbol directory.</summary>
    public const string Directory = "nasdaq";

    /// <summary>Added by a user (<c>ingest add</c>, <c>POST /api/admin/etfs</c>) after the upstream confirmed it.</summary>
    public const string Manual = "manual";
}
