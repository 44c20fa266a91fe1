namespace EtfData.Domain;

/// <summary>One published list of a fund's positions (table <c>holding_snapshot</c>).</summary>
public sealed record HoldingSnapshot
{
    public long Id { get; init; }
    public required string Symbol { get; init; }
    /// <summary>The date the positions are as of (for N-PORT: <c>repPdDate</c>, not the filing date).</summary>
    public required DateOnly AsOf { get; init; }
    public required string Source { get; init; }
    public int PositionCount { get; init; }
    /// <summary>Version of the parser that produced the rows, so a fixed parser can re-process old ones.</summary>
    public int ParserVersion { get; init; } = 1;
    public DateTimeOffset FetchedAt { get; init; }
}

/// <summary>A position inside a <see cref="HoldingSnapshot"/> (table <c>holding</c>).</summary>
public sealed record Holding
{
    public required long SnapshotId { get; init; }
    /// <summary>1-based order as published.</summary>
    public required int Position { get; init; }
    public string? Ticker { get; init; }
    public required string Name { get; init; }
    public string? Cusip { get; init; }
    public string? Isin { get; init; }
    public string? AssetClass { get; init; }
    public string? Sector { get; init; }
    public string? Country { get; init; }
    /// <summary>Share of the fund's net assets as a fraction (0.07 = 7 %); negative for shorts.</summary>
    public decimal? Weight { get; init; }
    public decimal? Shares { get; init; }
    public decimal? MarketValueUsd { get; init; }
}

/// <summary>
/// An SEC Form N-PORT filing (table <c>nport_filing</c>) with its three months of flows.
/// Month 3 is the month that ends on <see cref="ReportPeriod"/>; month 1 is two months earlier.
/// Redemptions are stored as positive magnitudes.
/// </summary>
public sealed record NportFiling
{
    public required string Accession { get; init; }
    public required long Cik { get; init; }
    public string? SeriesId { get; init; }
    public string? Symbol { get; init; }
    /// <summary><c>repPdDate</c>: the date the report is as of.</summary>
    public required DateOnly ReportPeriod { get; init; }
    /// <summary><c>repPdEnd</c>: the fund's fiscal year end.</summary>
    public DateOnly? FiscalYearEnd { get; init; }
    public required DateOnly FiledDate { get; init; }
    public decimal? TotalAssetsUsd { get; init; }
    public decimal? NetAssetsUsd { get; init; }
    public decimal? Month1SalesUsd { get; init; }
    public decimal? Month1ReinvestmentUsd { get; init; }
    public decimal? Month1RedemptionUsd { get; init; }
    public decimal? Month1Return { get; init; }
    public decimal? Month2SalesUsd { get; init; }
    public decimal? Month2ReinvestmentUsd { get; init; }
    public decimal? Month2RedemptionUsd { get; init; }
    public decimal? Month2Return { get; init; }
    public decimal? Month3SalesUsd { get; init; }
    public decimal? Month3ReinvestmentUsd { get; init; }
    public decimal? Month3RedemptionUsd { get; init; }
    public decimal? Month3Return { get; init; }
    /// <summary>False for a filing fetched and found irrelevant, remembered so it is never fetched again.</summary>
    public bool IsRelevant { get; init; } = true;
    public int ParserVersion { get; init; } = 1;
    public DateTimeOffset ParsedAt { get; init; }
}
