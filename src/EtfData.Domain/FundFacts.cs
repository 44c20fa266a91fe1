namespace EtfData.Domain;

/// <summary>
/// Fund facts as an outside source states them (table <c>etf_source_profile</c>), kept apart from
/// <see cref="Etf"/> so a user can compare them with EtfData's own.
/// </summary>
public sealed record EtfSourceProfile
{
    public required string Symbol { get; init; }
    /// <summary>E.g. <see cref="FundFacts.Etfdb"/>.</summary>
    public required string Source { get; init; }
    public string? Issuer { get; init; }
    public string? Category { get; init; }
    /// <summary>A fraction (0.0008 = 0.08 %).</summary>
    public decimal? ExpenseRatio { get; init; }
    public DateOnly? InceptionDate { get; init; }
    /// <summary><c>ETF</c> or <c>UIT</c>.</summary>
    public string? Structure { get; init; }
    public string? IndexTracked { get; init; }
    public decimal? AumUsd { get; init; }
    /// <summary>The date the source gives its AUM figure (etfdb's "Last Updated", which can be years stale).</summary>
    public DateOnly? AumAsOf { get; init; }
    public DateTimeOffset FetchedAt { get; init; }
}

/// <summary>A net flow an outside source reports over a trailing window ending on <see cref="AsOf"/> (table <c>reported_flow</c>).</summary>
public sealed record ReportedFlow
{
    public required string Symbol { get; init; }
    public required string Source { get; init; }
    /// <summary>
    /// The day the windows end on. etfdb's flows block states no date, and its "Last Updated" stamp dates only the AUM
    /// (and can be years stale), so etfdb flows are dated by the last NYSE session completed when the page was read.
    /// </summary>
    public required DateOnly AsOf { get; init; }
    /// <summary><c>5-day</c>, <c>1-month</c>, <c>3-month</c>, <c>ytd</c>, <c>1-year</c>, <c>3-year</c>, <c>5-year</c>, <c>10-year</c>.</summary>
    public required string WindowName { get; init; }
    public required decimal NetFlowUsd { get; init; }
    public DateTimeOffset FetchedAt { get; init; }
}

/// <summary>
/// Precedence of the sources of a fund's descriptive fields (<see cref="Etf.Issuer"/>, <see cref="Etf.Category"/>,
/// <see cref="Etf.ExpenseRatio"/>, <see cref="Etf.InceptionDate"/>, <see cref="Etf.Structure"/>, <see cref="Etf.IndexTracked"/>):
/// the regulator and the issuer state their own fund's facts; Yahoo relays them; etfdb is an editor's summary
/// whose dates can be years stale. A source writes a field only when the field is empty or was written by a
/// source of the same or lower rank.
/// </summary>
public static class FundFacts
{
    public const string Sec = "sec";
    public const string Issuer = "issuer";
    public const string Yahoo = "yahoo";
    public const string Etfdb = "etfdb";

    /// <summary>Highest first.</summary>
    public static IReadOnlyList<string> Precedence { get; } = [Sec, Issuer, Yahoo, Etfdb];

    /// <summary>True when <paramref name="candidate"/> may overwrite a field last written by <paramref name="current"/> (null = never written).</summary>
    public static bool MayOverwrite(string candidate, string? current)
    {
        if (current is null)
        {
            return true;
        }

        var candidateRank = Rank(candidate);
        var currentRank = Rank(current);
        return candidateRank <= currentRank;
    }

    private static int Rank(string source)
    {
        for (var i = 0; i < Precedence.Count; i++)
        {
            if (Precedence[i] == source)
            {
                return i;
            }
        }

        return Precedence.Count;
    }
}
