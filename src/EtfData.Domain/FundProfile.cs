namespace EtfData.Domain;

/// <summary>
/// Descriptive facts about a fund as one source published them at one moment. Every ratio here is a
/// <b>fraction</b>, as Yahoo serves it: an expense ratio of 0.002 means 0.20 % a year, a weight of
/// 0.09 means 9 % of the fund. Fields a source did not report are null (or empty lists), never zero.
/// The figures that feed flow estimates (total assets, NAV, shares outstanding) live in
/// <see cref="FundMetric"/>, stored only for the date they refer to.
/// </summary>
public sealed record FundProfile
{
    /// <summary>Normalised ticker, see <see cref="EtfSymbol"/>.</summary>
    public required string Symbol { get; init; }
    /// <summary>Which upstream published the profile, e.g. <c>yahoo</c>.</summary>
    public required string Source { get; init; }
    /// <summary>When the profile was fetched.</summary>
    public required DateTimeOffset FetchedAt { get; init; }
    public string? Name { get; init; }
    /// <summary>The source's instrument type, e.g. <c>ETF</c>, <c>MUTUALFUND</c>, <c>EQUITY</c>.</summary>
    public string? InstrumentType { get; init; }
    /// <summary>Fund family / sponsor, e.g. "Invesco".</summary>
    public string? Issuer { get; init; }
    /// <summary>The source's category, e.g. "Large Growth".</summary>
    public string? Category { get; init; }
    /// <summary>Legal form, e.g. "Exchange Traded Fund".</summary>
    public string? LegalType { get; init; }
    /// <summary>Annual expense ratio as a fraction (0.002 = 0.20 % a year).</summary>
    public decimal? ExpenseRatio { get; init; }
    /// <summary>Annual holdings turnover as a fraction of the portfolio (0.08 = 8 % a year).</summary>
    public decimal? HoldingsTurnover { get; init; }
    public DateOnly? InceptionDate { get; init; }
    /// <summary>Distribution yield as a fraction of the price (0.0054 = 0.54 %).</summary>
    public decimal? Yield { get; init; }
    /// <summary>Split of the portfolio by asset type; null when the source gave none.</summary>
    public AssetMix? AssetMix { get; init; }
    /// <summary>The largest positions as published (Yahoo: the top 10 only), in published order.</summary>
    public IReadOnlyList<TopHolding> TopHoldings { get; init; } = [];
    /// <summary>Weights by sector as published, keys in the source's spelling (e.g. <c>technology</c>).</summary>
    public IReadOnlyList<SectorWeight> SectorWeights { get; init; } = [];
}

/// <summary>One of a fund's largest positions. <see cref="Weight"/> is a fraction of the fund (0.09 = 9 %).</summary>
public sealed record TopHolding(int Position, string? Ticker, string Name, decimal Weight);

/// <summary>Share of a fund in one sector, as a fraction (0.5083 = 50.83 %).</summary>
public sealed record SectorWeight(string Sector, decimal Weight);

/// <summary>Portfolio split by asset type, each a fraction of the fund; null where not reported.</summary>
public sealed record AssetMix(
    decimal? Stock,
    decimal? Bond,
    decimal? Cash,
    decimal? Preferred,
    decimal? Convertible,
    decimal? Other);
