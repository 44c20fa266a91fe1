using System.Globalization;

namespace EtfData.Domain.Analytics;

/// <summary>
/// The staleness rule for fund figures a source reports without saying which day they describe
/// (Yahoo's <c>totalAssets</c>, <c>sharesOutstanding</c> and <c>navPrice</c>, dated only by the last
/// session of the quote). Such a snapshot is <b>stale</b> when, against the previous stored observation
/// of the same symbol and source, its NAV per share moved while its total assets or its shares
/// outstanding did not: the fund's assets cannot stand still to the dollar while its NAV moves, so that
/// figure still describes an earlier day. Unchanged shares are the one figure a real day can show
/// (no creations or redemptions), so they count as stale only when the snapshot's own AUM does not
/// confirm that day: AUM reported on both days and moved with NAV alone, to less than one share's
/// worth (<c>|AUM_t − AUM_prev × NAV_t / NAV_prev| &lt; NAV_t</c>). A stale snapshot is stored not at all (neither AUM nor NAV nor
/// shares for that day), so no flow, AUM change or alert is ever computed from it; the next fresh
/// snapshot is then measured against the last real observation. Every source of undated figures
/// applies this rule before storing.
/// </summary>
public static class StaleFigures
{
    /// <summary>
    /// Whether <paramref name="candidate"/> is stale against <paramref name="previous"/>: both report a
    /// NAV per share and the two differ, and either total assets are unchanged (both reported and
    /// equal) or shares outstanding are unchanged (both reported and equal) without the AUM confirming
    /// a day of no creations (see the class remarks). Null when it is not stale, when there is no
    /// previous observation, or when either lacks a NAV (a move cannot be seen then).
    /// </summary>
    /// <param name="previous">The latest stored observation of the same symbol and source dated before the candidate, or null.</param>
    /// <param name="candidate">The snapshot about to be stored.</param>
    /// <exception cref="ArgumentException">The two are of different symbols or sources, or <paramref name="previous"/> is not dated before <paramref name="candidate"/>.</exception>
    public static StaleSnapshot? Check(FundMetric? previous, FundMetric candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (previous is null)
        {
            return null;
        }

        if (!string.Equals(previous.Symbol, candidate.Symbol, StringComparison.Ordinal) || !string.Equals(previous.Source, candidate.Source, StringComparison.Ordinal))
        {
            throw new ArgumentException("The staleness rule compares observations of one symbol and one source.", nameof(previous));
        }

        if (previous.AsOf >= candidate.AsOf)
        {
            throw new ArgumentException("The previous observation must be dated before the candidate.", nameof(previous));
        }

        if (previous.NavPerShare is not { } previousNav || candidate.NavPerShare is not { } nav || previousNav == nav)
        {
            return null;
        }

        var assetsUnchanged = previous.TotalAssetsUsd is { } a && candidate.TotalAssetsUsd == a;
        var sharesUnchanged = previous.SharesOutstanding is { } s && candidate.SharesOutstanding == s
            && !(previous.TotalAssetsUsd is { } before && candidate.TotalAssetsUsd is { } after
                 && Math.Abs(FlowEstimator.AumMethodFlow(before, previousNav, after, nav)) < nav);
        return assetsUnchanged || sharesUnchanged
            ? new StaleSnapshot(
                candidate.AsOf,
                previous.AsOf,
                previousNav,
                nav,
                assetsUnchanged ? candidate.TotalAssetsUsd : null,
                sharesUnchanged ? candidate.SharesOutstanding : null)
            : null;
    }
}

/// <summary>A snapshot <see cref="StaleFigures.Check"/> found stale, with the figures that show it.</summary>
/// <param name="AsOf">The day the snapshot claimed to describe (not stored).</param>
/// <param name="PreviousAsOf">Date of the previous stored observation it was compared with.</param>
/// <param name="PreviousNav">NAV per share of that observation.</param>
/// <param name="Nav">NAV per share of the snapshot.</param>
/// <param name="UnchangedTotalAssetsUsd">Total assets when they were unchanged, else null.</param>
/// <param name="UnchangedSharesOutstanding">Shares outstanding when they were unchanged, else null.</param>
public sealed record StaleSnapshot(
    DateOnly AsOf,
    DateOnly PreviousAsOf,
    decimal PreviousNav,
    decimal Nav,
    decimal? UnchangedTotalAssetsUsd,
    long? UnchangedSharesOutstanding)
{
    /// <summary>One line for a run log, e.g. <c>stale snapshot for 2025-03-04 not stored: total assets $500 unchanged since 2025-03-03 while NAV moved 500 → 505</c>.</summary>
    public string Describe()
    {
        var unchanged = new List<string>(2);
        if (UnchangedTotalAssetsUsd is { } assets)
        {
            unchanged.Add("total assets " + DatedSeries.Usd(assets));
        }

        if (UnchangedSharesOutstanding is { } shares)
        {
            unchanged.Add("shares outstanding " + shares.ToString("#,0", CultureInfo.InvariantCulture));
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"stale snapshot for {DatedSeries.Iso(AsOf)} not stored: {string.Join(" and ", unchanged)} unchanged since {DatedSeries.Iso(PreviousAsOf)} while NAV moved {Plain(PreviousNav)} → {Plain(Nav)}");
    }

    // A value read back from the database carries its column's scale (591.580000); show it as reported.
    private static string Plain(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}
