using EtfData.Domain;

namespace EtfData.Api.Sources.Yahoo;

/// <summary>
/// One parsed quoteSummary response of a fund: the descriptive <see cref="Profile"/> and, when Yahoo
/// reported any of total assets, NAV or shares outstanding, the <see cref="Metric"/> for the date
/// they refer to (see <see cref="YahooQuoteSummaryParser"/> for how that date is chosen).
/// </summary>
public sealed record YahooFundSnapshot(FundProfile Profile, FundMetric? Metric, YahooFundDiagnostics Diagnostics);

/// <summary>What the quoteSummary response lacked.</summary>
public sealed record YahooFundDiagnostics
{
    /// <summary>Requested modules absent from the response (not an error: Yahoo omits modules that do not apply).</summary>
    public IReadOnlyList<string> MissingModules { get; init; } = [];
    /// <summary>True when <c>price.regularMarketTime</c> was missing and the metric is dated by the fetch time instead.</summary>
    public bool AsOfFromFetchTime { get; init; }
    /// <summary>Set when the fund reports in a currency other than USD; its total assets were then left out.</summary>
    public string? NonUsdCurrency { get; init; }
    /// <summary>Holdings or sector rows without a name or weight.</summary>
    public int SkippedRows { get; init; }
}
