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
    /// <summary>The N-PORT filing whose positions these are (source <c>sec-nport</c> only): the one that won among the original and its amendments.</summary>
    public string? NportAccession { get; init; }
    /// <summary><see cref="HoldingCoverage.Full"/> (every position) or <see cref="HoldingCoverage.Top"/> (only the largest, Yahoo's top 10).</summary>
    public string Coverage { get; init; } = HoldingCoverage.Full;
    /// <summary>SHA-256 (lower-case hex) of the positions as stored; a new snapshot equal to the last one of its source is not stored.</summary>
    public string? ContentHash { get; init; }
    /// <summary>Σ <see cref="Holding.Weight"/> over every line, cash and derivatives included.</summary>
    public decimal? WeightSum { get; init; }
    /// <summary><c>ok</c> when <see cref="WeightSum"/> is within the configured tolerance of 1, <c>off</c> when not; null when not checked.</summary>
    public string? WeightCheck { get; init; }
    /// <summary>The newest snapshot of its symbol and source; kept by the database for every writer.</summary>
    public bool IsLatest { get; init; }
    /// <summary>When the source was last read and found to publish this content (set when stored, and each time an equal list is read).</summary>
    public DateTimeOffset? CheckedAt { get; init; }
    /// <summary>The newest as-of date the source published this same content on (at least <see cref="AsOf"/>).</summary>
    public DateOnly? ConfirmedAsOf { get; init; }
}

/// <summary>Values of <see cref="HoldingSnapshot.Coverage"/>.</summary>
public static class HoldingCoverage
{
    public const string Full = "full";
    public const string Top = "top";
}

/// <summary>
/// Names of the holdings sources (<see cref="HoldingSnapshot.Source"/>) and the order in which one is
/// preferred when several have a full portfolio of the same date.
/// </summary>
public static class HoldingSources
{
    /// <summary>iShares' daily holdings CSV.</summary>
    public const string IShares = "ishares";
    /// <summary>SPDR's (State Street) daily holdings xlsx.</summary>
    public const string Spdr = "spdr";
    /// <summary>Invesco's daily holdings CSV.</summary>
    public const string Invesco = "invesco";
    /// <summary>Schwab's research portal holdings pages.</summary>
    public const string Schwab = "schwab";
    /// <summary>Yahoo's top-10 list (coverage <c>top</c>).</summary>
    public const string Yahoo = "yahoo";

    /// <summary>The issuers' own files: their shares outstanding and sectors are the fund's own statements.</summary>
    public static IReadOnlyList<string> Issuers { get; } = [IShares, Spdr, Invesco];

    /// <summary>True for a source in <see cref="Issuers"/>.</summary>
    public static bool IsIssuer(string? source) => source is IShares or Spdr or Invesco;

    /// <summary>The fund's own issuer first, then the regulator's filing, then a broker's page; Yahoo's top list last.</summary>
    public static IReadOnlyList<string> Preference { get; } = [IShares, Spdr, Invesco, NportSource.Name, Schwab, Yahoo];

    /// <summary>Rank in <see cref="Preference"/>; unknown sources after the known ones.</summary>
    public static int Rank(string source)
    {
        for (var i = 0; i < Preference.Count; i++)
        {
            if (Preference[i] == source)
            {
                return i;
            }
        }

        return Preference.Count;
    }
}

/// <summary>
/// One security, whatever source named it (table <c>security</c>). Identity: CUSIP, else ISIN, else
/// ticker + exchange, else the normalised name; a source that states two identifiers links them.
/// </summary>
public sealed record Security
{
    public long Id { get; init; }
    public string? Cusip { get; init; }
    public string? Isin { get; init; }
    /// <summary>Upper-cased, with share-class separators written as <c>-</c> (<c>BRK-B</c>).</summary>
    public string? Ticker { get; init; }
    public string? Exchange { get; init; }
    public required string Name { get; init; }
    /// <summary>Upper-cased letters and digits with single spaces: what two spellings of one name share.</summary>
    public required string NameKey { get; init; }
    /// <summary>Sector from any source that states one (N-PORT does not; issuer files do).</summary>
    public string? Sector { get; init; }
    /// <summary>The holdings source <see cref="Sector"/> came from.</summary>
    public string? SectorSource { get; init; }
    /// <summary>ISO 3166 alpha-2.</summary>
    public string? Country { get; init; }
    public string? AssetClass { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
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
    /// <summary>Issuer LEI (N-PORT).</summary>
    public string? Lei { get; init; }
    /// <summary>Title of the issue, e.g. a bond's coupon and maturity (N-PORT).</summary>
    public string? Title { get; init; }
    /// <summary>Further identifiers as <c>desc: value</c>, joined with <c>; </c> (N-PORT).</summary>
    public string? OtherIdentifiers { get; init; }
    /// <summary>Shares, principal amount, contracts or other units, per <see cref="Units"/> (N-PORT <c>balance</c>).</summary>
    public decimal? Balance { get; init; }
    /// <summary>NS (shares), PA (principal amount), NC (contracts), OU (other, see <see cref="UnitsDescription"/>).</summary>
    public string? Units { get; init; }
    public string? UnitsDescription { get; init; }
    /// <summary>ISO 4217 currency of the position.</summary>
    public string? Currency { get; init; }
    /// <summary>Units of <see cref="Currency"/> per USD; null for USD positions.</summary>
    public decimal? ExchangeRate { get; init; }
    /// <summary>Long, Short, or null.</summary>
    public string? PayoffProfile { get; init; }
    /// <summary>N-PORT <c>assetCat</c> (EC, DBT, DFE…, OTHER); <see cref="AssetClass"/> is its readable class.</summary>
    public string? AssetCategory { get; init; }
    public string? AssetCategoryDescription { get; init; }
    /// <summary>N-PORT <c>issuerCat</c> (CORP, UST…, OTHER).</summary>
    public string? IssuerCategory { get; init; }
    public string? IssuerCategoryDescription { get; init; }
    /// <summary>1, 2 or 3.</summary>
    public string? FairValueLevel { get; init; }
    public bool? IsRestricted { get; init; }
    /// <summary>See <see cref="NportInstrumentKind"/>; null for sources that do not say.</summary>
    public string? InstrumentKind { get; init; }
    /// <summary>FWD, FUT, SWP, OPT, SWO, WAR, OTH for derivatives.</summary>
    public string? DerivativeCategory { get; init; }
    /// <summary>Version of the parser that produced the row.</summary>
    public int ParserVersion { get; init; } = 1;
    /// <summary>The <see cref="Security"/> this position is, resolved across sources when the snapshot is stored.</summary>
    public long? SecurityId { get; init; }
    /// <summary>Exchange the source names for the position (iShares' <c>Exchange</c> column).</summary>
    public string? Exchange { get; init; }
    public string? Sedol { get; init; }
}

/// <summary>Where N-PORT figures are stored from, and how they are labelled.</summary>
public static class NportSource
{
    /// <summary>
    /// Source name of N-PORT rows (<c>holding_snapshot</c>, <c>fund_metric_daily</c>, <c>nport_filing</c>),
    /// whether read one filing at a time or from the quarterly data set.
    /// </summary>
    public const string Name = "sec-nport";

    /// <summary>Figures of the whole multi-class series: not the ETF's own.</summary>
    public const string SeriesScope = "series";

    /// <summary>Figures of a single-class series or a unit investment trust: the ETF's own.</summary>
    public const string FundScope = "fund";
}

/// <summary>
/// An SEC Form N-PORT filing (table <c>nport_filing</c>) with its three months of flows. Month 3 is
/// the month that ends on <see cref="ReportPeriod"/>; month 1 is two months earlier. Redemptions are
/// stored as positive magnitudes. A filing read and found irrelevant (a sibling series') is kept with
/// <see cref="IsRelevant"/> false and only its identity, so it is never downloaded again.
/// </summary>
public sealed record NportFiling
{
    public required string Accession { get; init; }
    /// <summary>The filer's CIK (the trust; for a unit investment trust the fund itself).</summary>
    public required long Cik { get; init; }
    public string? SeriesId { get; init; }
    /// <summary><c>repPdDate</c>: the date the report is as of.</summary>
    public required DateOnly ReportPeriod { get; init; }
    /// <summary><c>repPdEnd</c>: the fund's fiscal year end.</summary>
    public DateOnly? FiscalYearEnd { get; init; }
    public required DateOnly FiledDate { get; init; }
    /// <summary><c>NPORT-P</c> or <c>NPORT-P/A</c>; may be null for an irrelevant filing.</summary>
    public string? SubmissionType { get; init; }
    /// <summary>Computed by the database from <see cref="SubmissionType"/>.</summary>
    public bool IsAmendment { get; init; }
    /// <summary>
    /// The filing of the same series (or CIK) and period that replaces this one: the one filed last,
    /// whatever order they were read in. Null for the filing whose figures are served.
    /// </summary>
    public string? SupersededBy { get; init; }
    public decimal? TotalAssetsUsd { get; init; }
    public decimal? TotalLiabilitiesUsd { get; init; }
    /// <summary>Net assets of the whole series (see <see cref="FiguresScope"/>).</summary>
    public decimal? NetAssetsUsd { get; init; }
    public decimal? Month1SalesUsd { get; init; }
    public decimal? Month1ReinvestmentUsd { get; init; }
    public decimal? Month1RedemptionUsd { get; init; }
    public decimal? Month2SalesUsd { get; init; }
    public decimal? Month2ReinvestmentUsd { get; init; }
    public decimal? Month2RedemptionUsd { get; init; }
    public decimal? Month3SalesUsd { get; init; }
    public decimal? Month3ReinvestmentUsd { get; init; }
    public decimal? Month3RedemptionUsd { get; init; }
    /// <summary>Positions stored from the filing.</summary>
    public int? HoldingCount { get; init; }
    /// <summary>Share classes the series has (the most of the report's class ids and the ticker map's count).</summary>
    public int? ClassCount { get; init; }
    /// <summary><see cref="NportSource.SeriesScope"/> or <see cref="NportSource.FundScope"/>.</summary>
    public string? FiguresScope { get; init; }
    /// <summary>False for a filing fetched and found irrelevant, remembered so it is never fetched again.</summary>
    public bool IsRelevant { get; init; } = true;
    public int ParserVersion { get; init; } = 1;
    public string Source { get; init; } = NportSource.Name;
    /// <summary>Where it was read: the document's URL or the data set's file name.</summary>
    public string? SourcePath { get; init; }
    public DateTimeOffset ParsedAt { get; init; }
}

/// <summary>
/// The monthly total returns one share class reported in a filing (table <c>nport_class_return</c>),
/// in percent as filed (1.25 = 1.25 %).
/// </summary>
public sealed record NportFilingReturn
{
    public required string Accession { get; init; }
    /// <summary>1-based order in the report.</summary>
    public required int Position { get; init; }
    /// <summary>Null for a unit investment trust, which reports one return without a class.</summary>
    public string? ClassId { get; init; }
    public decimal? Month1ReturnPct { get; init; }
    public decimal? Month2ReturnPct { get; init; }
    public decimal? Month3ReturnPct { get; init; }
}
