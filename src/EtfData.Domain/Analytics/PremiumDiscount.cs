namespace EtfData.Domain.Analytics;

/// <summary>
/// Premium or discount of a fund's market price to its net asset value per share, and the runs of
/// days beyond a threshold that SEC Rule 6c-11 asks a fund to disclose (beyond 2 % for more than
/// seven consecutive trading days).
/// </summary>
public static class PremiumDiscount
{
    /// <summary>
    /// <c>(close − nav) / nav</c> as a fraction: positive = premium (0.01 = the price is 1 % above
    /// NAV), negative = discount. Null when <paramref name="nav"/> is zero or negative.
    /// </summary>
    /// <param name="close">Market closing price per share in USD.</param>
    /// <param name="nav">Net asset value per share in USD, for the same day.</param>
    public static decimal? Of(decimal close, decimal nav) => nav <= 0 ? null : (close - nav) / nav;

    /// <summary>
    /// Runs of consecutive observed days (consecutive entries once sorted by date) whose premium
    /// <see cref="Of"/> has <c>|premium| &gt; threshold</c> with the same sign, kept when they last MORE
    /// than <paramref name="minDays"/> days (Rule 6c-11: threshold 0.02, minDays 7). A day with no
    /// usable NAV, within the threshold or of the other sign ends a run. Sorted by start date.
    /// </summary>
    /// <param name="days">Daily closing price and NAV per share (USD), in any order, one per date.</param>
    /// <param name="threshold">Absolute premium/discount as a fraction (0.02 = 2 %); must not be negative.</param>
    /// <param name="minDays">A run must last more than this many days; must not be negative.</param>
    /// <exception cref="ArgumentException">Two days share a date.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> or <paramref name="minDays"/> is negative.</exception>
    public static IReadOnlyList<PremiumRun> RunsBeyond(
        IEnumerable<(DateOnly Date, decimal Close, decimal Nav)> days, decimal threshold, int minDays) =>
        RunsWithTrigger(days, threshold, minDays).Select(r => r.Run).ToList();

    /// <summary>The runs of <see cref="RunsBeyond"/>, each with the day it exceeded <paramref name="minDays"/> (its day <c>minDays + 1</c>).</summary>
    internal static List<(PremiumRun Run, DateOnly Triggered)> RunsWithTrigger(
        IEnumerable<(DateOnly Date, decimal Close, decimal Nav)> days, decimal threshold, int minDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        ArgumentOutOfRangeException.ThrowIfNegative(minDays);
        var sorted = DatedSeries.SortedByDate(days, d => d.Date, nameof(days));
        var runs = new List<(PremiumRun, DateOnly)>();

        var start = -1;
        var isPremium = false;
        var maxAbs = 0m;

        void Close(int endExclusive)
        {
            var length = endExclusive - start;
            if (start >= 0 && length > minDays)
            {
                runs.Add((
                    new PremiumRun(sorted[start].Date, sorted[endExclusive - 1].Date, length, maxAbs, isPremium),
                    sorted[start + minDays].Date));
            }

            start = -1;
        }

        for (var i = 0; i < sorted.Count; i++)
        {
            var premium = Of(sorted[i].Close, sorted[i].Nav);
            if (premium is not { } p || Math.Abs(p) <= threshold)
            {
                Close(i);
                continue;
            }

            if (start >= 0 && (p > 0) != isPremium)
            {
                Close(i);
            }

            if (start < 0)
            {
                start = i;
                isPremium = p > 0;
                maxAbs = 0m;
            }

            maxAbs = Math.Max(maxAbs, Math.Abs(p));
        }

        Close(sorted.Count);
        return runs;
    }
}

/// <summary>A run of consecutive observed days with the premium (or discount) beyond a threshold.</summary>
/// <param name="From">First day of the run.</param>
/// <param name="To">Last day of the run (the latest observation when the run is still going).</param>
/// <param name="Days">Number of observed days in the run.</param>
/// <param name="MaxAbsPremium">Largest <c>|(close − nav) / nav|</c> of the run, as a fraction.</param>
/// <param name="IsPremium">True for a premium run (price above NAV), false for a discount run.</param>
public sealed record PremiumRun(DateOnly From, DateOnly To, int Days, decimal MaxAbsPremium, bool IsPremium);
