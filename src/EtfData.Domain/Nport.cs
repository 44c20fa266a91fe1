namespace EtfData.Domain;

/// <summary>
/// One month of a Form N-PORT report's flows (<c>mon1Flow</c>/<c>mon2Flow</c>/<c>mon3Flow</c>, or the
/// data set's <c>SALES_FLOW_MONn</c>… columns), USD. Redemptions are magnitudes: some filers report
/// them as negative numbers.
/// </summary>
/// <param name="SalesUsd">Shares sold (creations), excluding reinvested distributions.</param>
/// <param name="ReinvestmentUsd">Shares sold through reinvested distributions.</param>
/// <param name="RedemptionUsd">Shares redeemed, as a positive magnitude.</param>
public sealed record NportMonthFlow(decimal? SalesUsd, decimal? ReinvestmentUsd, decimal? RedemptionUsd)
{
    public static NportMonthFlow None { get; } = new(null, null, null);

    /// <summary>Net new cash: sales − redemption; null when either is unknown.</summary>
    public decimal? NetNewCashUsd => SalesUsd is { } s && RedemptionUsd is { } r ? s - r : null;

    /// <summary>Sales + reinvestment − redemption; null when sales or redemption is unknown (a missing reinvestment counts as 0).</summary>
    public decimal? NetIncludingReinvestmentUsd => SalesUsd is { } s && RedemptionUsd is { } r ? s + (ReinvestmentUsd ?? 0m) - r : null;
}

/// <summary>
/// The total returns one share class reported for the three months of the quarter
/// (<c>monthlyTotReturn @classId @rtn1 @rtn2 @rtn3</c>), in percent as filed (1.25 = 1.25 %).
/// </summary>
/// <param name="ClassId">The class (<c>C000024954</c>); null for a UIT, which reports one without a class.</param>
/// <param name="Month1Pct"><c>rtn1</c>: the first month of the quarter.</param>
/// <param name="Month2Pct"><c>rtn2</c>.</param>
/// <param name="Month3Pct"><c>rtn3</c>: the month ending on the report date.</param>
public sealed record NportClassReturn(string? ClassId, decimal? Month1Pct, decimal? Month2Pct, decimal? Month3Pct);

/// <summary>
/// Everything of a Form N-PORT report except its holdings: header, general information, fund totals,
/// returns and flows. The holdings are streamed separately (<see cref="NportHolding"/>), so a report
/// with tens of thousands of positions is never held as a document.
/// </summary>
public sealed record NportReport
{
    /// <summary><c>NPORT-P</c> or <c>NPORT-P/A</c> (an amendment replacing an earlier report of the same period).</summary>
    public required string SubmissionType { get; init; }

    public bool IsAmendment => SubmissionType.EndsWith("/A", StringComparison.Ordinal);

    /// <summary>Registrant (trust) CIK: <c>genInfo/regCik</c>, else the filer's CIK.</summary>
    public long? RegistrantCik { get; init; }

    public string? RegistrantName { get; init; }

    /// <summary>Series id (<c>S000002839</c>); null for a unit investment trust such as SPY, which has none.</summary>
    public string? SeriesId { get; init; }

    /// <summary><c>seriesName</c>; null when filed as <c>N/A</c> (UITs).</summary>
    public string? SeriesName { get; init; }

    /// <summary>Share classes the report covers (<c>headerData/filerInfo/seriesClassInfo/classId</c>).</summary>
    public IReadOnlyList<string> ClassIds { get; init; } = [];

    /// <summary><c>repPdDate</c>: the date every figure of the report is as of. Not <c>repPdEnd</c>.</summary>
    public required DateOnly ReportDate { get; init; }

    /// <summary><c>repPdEnd</c>: the fund's fiscal year end — a date, but not the report's as-of date.</summary>
    public DateOnly? FiscalYearEnd { get; init; }

    public bool IsFinalFiling { get; init; }

    /// <summary><c>fundInfo/totAssets</c>, USD, of the whole series.</summary>
    public decimal? TotalAssetsUsd { get; init; }

    /// <summary><c>fundInfo/totLiabs</c>, USD.</summary>
    public decimal? TotalLiabilitiesUsd { get; init; }

    /// <summary><c>fundInfo/netAssets</c>, USD, of the whole series.</summary>
    public decimal? NetAssetsUsd { get; init; }

    /// <summary>Monthly total returns per class.</summary>
    public IReadOnlyList<NportClassReturn> Returns { get; init; } = [];

    /// <summary>Flows of the first month of the quarter: the month ending two months before <see cref="ReportDate"/>'s month.</summary>
    public NportMonthFlow Month1Flow { get; init; } = NportMonthFlow.None;

    public NportMonthFlow Month2Flow { get; init; } = NportMonthFlow.None;

    /// <summary>Flows of the month that ends on <see cref="ReportDate"/>.</summary>
    public NportMonthFlow Month3Flow { get; init; } = NportMonthFlow.None;

    /// <summary>Holdings read (<c>invstOrSecs/invstOrSec</c> elements).</summary>
    public int HoldingCount { get; init; }

    /// <summary>The last day of month <paramref name="month"/> (1–3) of the quarter ending on <see cref="ReportDate"/>.</summary>
    public DateOnly MonthEnd(int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 3);
        var first = new DateOnly(ReportDate.Year, ReportDate.Month, 1).AddMonths(month - 3);
        return first.AddMonths(1).AddDays(-1);
    }
}

/// <summary>What kind of instrument an N-PORT position is.</summary>
public static class NportInstrumentKind
{
    /// <summary>A security or other investment without derivative or repo details.</summary>
    public const string Security = "security";

    /// <summary>A position with <c>derivativeInfo</c> (forward, future, swap, option, warrant, other).</summary>
    public const string Derivative = "derivative";

    /// <summary>A repurchase or reverse repurchase agreement (<c>repurchaseAgrmt</c>, asset category RA).</summary>
    public const string Repo = "repo";
}

/// <summary>
/// One position of a Form N-PORT report (<c>invstOrSec</c>, or a row of the data set's
/// <c>FUND_REPORTED_HOLDING</c> with its identifiers). <c>N/A</c> and all-zero identifiers are null;
/// negative balances and values stay negative (shorts, derivatives with negative value).
/// </summary>
public sealed record NportHolding
{
    /// <summary>1-based order in the report.</summary>
    public required int Position { get; init; }

    /// <summary>Issuer name (<c>name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Issuer LEI (<c>lei</c>).</summary>
    public string? Lei { get; init; }

    /// <summary>Title of the issue (<c>title</c>), e.g. the bond's coupon and maturity.</summary>
    public string? Title { get; init; }

    public string? Cusip { get; init; }

    public string? Isin { get; init; }

    /// <summary><c>identifiers/ticker @value</c>.</summary>
    public string? Ticker { get; init; }

    /// <summary>Further identifiers (<c>identifiers/other @otherDesc @value</c>) as <c>desc: value</c>, joined with <c>; </c>.</summary>
    public string? OtherIdentifiers { get; init; }

    /// <summary><c>balance</c>: shares, principal amount, contracts or other units, per <see cref="Units"/>.</summary>
    public decimal? Balance { get; init; }

    /// <summary><c>units</c>: NS (shares), PA (principal amount), NC (contracts), OU (other; see <see cref="UnitsDescription"/>).</summary>
    public string? Units { get; init; }

    /// <summary><c>descOthUnits</c> when <see cref="Units"/> is OU.</summary>
    public string? UnitsDescription { get; init; }

    /// <summary>ISO 4217 currency of the position (<c>curCd</c> or <c>currencyConditional @curCd</c>).</summary>
    public string? Currency { get; init; }

    /// <summary>Units of <see cref="Currency"/> per USD (<c>currencyConditional @exchangeRt</c>); null for USD positions.</summary>
    public decimal? ExchangeRate { get; init; }

    /// <summary><c>valUSD</c>: value in USD; negative for liabilities and short positions.</summary>
    public decimal? ValueUsd { get; init; }

    /// <summary><c>pctVal</c> as filed: percent of net assets (0.36 = 0.36 %).</summary>
    public decimal? PercentOfNetAssets { get; init; }

    /// <summary><c>payoffProfile</c>: Long, Short, or null for N/A.</summary>
    public string? PayoffProfile { get; init; }

    /// <summary><c>assetCat</c> (EC, DBT, STIV, DFE…), or <c>OTHER</c> from <c>assetConditional</c>.</summary>
    public string? AssetCategory { get; init; }

    /// <summary><c>assetConditional @desc</c> when the category is OTHER.</summary>
    public string? AssetCategoryDescription { get; init; }

    /// <summary><c>issuerCat</c> (CORP, UST, USGA…), or <c>OTHER</c> from <c>issuerConditional</c>.</summary>
    public string? IssuerCategory { get; init; }

    /// <summary><c>issuerConditional @desc</c> when the category is OTHER.</summary>
    public string? IssuerCategoryDescription { get; init; }

    /// <summary><c>invCountry</c>, ISO 3166 alpha-2 (EDGAR also uses <c>XX</c>).</summary>
    public string? Country { get; init; }

    /// <summary><c>isRestrictedSec</c>.</summary>
    public bool? IsRestricted { get; init; }

    /// <summary><c>fairValLevel</c>: 1, 2 or 3; null for N/A.</summary>
    public string? FairValueLevel { get; init; }

    /// <summary>See <see cref="NportInstrumentKind"/>.</summary>
    public string InstrumentKind { get; init; } = NportInstrumentKind.Security;

    /// <summary><c>derivativeInfo/*/@derivCat</c>: FWD, FUT, SWP, OPT, SWO, WAR, OTH; null for non-derivatives.</summary>
    public string? DerivativeCategory { get; init; }
}

/// <summary>
/// A row of one of SEC's ticker maps: <c>company_tickers_mf.json</c> (one row per share class, with
/// series and class ids; mutual-fund classes included) or <c>company_tickers.json</c> (companies and
/// trusts without a series, such as UITs: SPY, DIA). Symbols are normalised (<c>BRK.B</c>).
/// </summary>
/// <param name="Symbol">Normalised ticker.</param>
/// <param name="Cik">Registrant CIK (the trust).</param>
/// <param name="SeriesId">Series (<c>S000002839</c>); null in <c>company_tickers.json</c>.</param>
/// <param name="ClassId">Share class (<c>C000007773</c>); null in <c>company_tickers.json</c>.</param>
/// <param name="Title">Company title (<c>company_tickers.json</c> only).</param>
public sealed record SecTickerEntry(string Symbol, long Cik, string? SeriesId, string? ClassId, string? Title = null);
