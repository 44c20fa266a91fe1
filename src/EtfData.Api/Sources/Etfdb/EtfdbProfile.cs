namespace EtfData.Api.Sources.Etfdb;

/// <summary>How etfdb files a fund's legal form.</summary>
public enum EtfdbStructure
{
    Etf,
    Uit,
}

/// <summary>
/// The facts an etfdb.com fund page states. <see cref="ExpenseRatio"/> is a fraction (0.0008 = 0.08 %);
/// <see cref="AumAsOf"/> is the page's own "Last Updated" date, which can be years stale — callers judge freshness.
/// <see cref="IndexTracked"/> is null where the page shows a placeholder (active funds).
/// </summary>
public sealed record EtfdbProfile(
    string Issuer,
    string Category,
    decimal ExpenseRatio,
    DateOnly Inception,
    EtfdbStructure Structure,
    string? IndexTracked,
    decimal AumUsd,
    DateOnly AumAsOf,
    IReadOnlyList<EtfdbNetFlow> NetFlows);

/// <summary>Net flow over one trailing window as the page reports it ("5-day", "1-month", … "10-year").</summary>
public sealed record EtfdbNetFlow(string Window, decimal NetFlowUsd);
