namespace EtfData.Domain.Analytics;

/// <summary>
/// Estimate of the management fees a fund charged over a period, accrued daily as funds accrue them:
/// each calendar day costs <c>AUM(d) × expense ratio / 365</c> (day count actual/365 fixed). The
/// time-weighted figure sums that over the days; the simple figure applies it to the average of the
/// balances at both ends, so the effect of flows during the period is visible.
/// </summary>
public static class Fees
{
    /// <summary>The day count convention of every fee figure: actual calendar days over a 365-day year.</summary>
    public const string DayCount = "actual/365";

    private const int DaysPerYear = 365;

    /// <summary>
    /// Fees charged from <paramref name="from"/> to <paramref name="to"/>, over the
    /// <c>Days = to − from</c> calendar days <c>d = from, from + 1, …, to − 1</c>:
    /// <list type="bullet">
    /// <item><c>AUM(d)</c> = AUM of the latest observation on or before <c>d</c> (an observation's balance
    /// holds until the next one);</item>
    /// <item><c>BeginAumUsd</c> / <c>EndAumUsd</c> = AUM of the latest observation on or before <c>from</c> / <c>to</c>;</item>
    /// <item><c>TimeWeightedFeeUsd = Σ_d AUM(d) × expenseRatio / 365</c>;</item>
    /// <item><c>SimpleFeeUsd = (BeginAumUsd + EndAumUsd) / 2 × expenseRatio × Days / 365</c>;</item>
    /// <item><c>TimeWeightedAverageAumUsd = Σ_d AUM(d) / Days</c> and <c>SimpleAverageAumUsd = (BeginAumUsd + EndAumUsd) / 2</c>,
    /// <c>YearFraction = Days / 365</c>;</item>
    /// <item>fees are computed exactly then rounded to cents (midpoints away from zero), as is the time-weighted average.</item>
    /// </list>
    /// Every day adds a non-negative amount, so the time-weighted fee never decreases as the period grows
    /// (and 30 days of January cost more than 28 days of February at the same AUM).
    /// Example: 100M on 2025-06-01, 105M on 2025-06-16, 107M on 2025-07-01, 1 % a year from 2025-06-01 to
    /// 2025-07-01 (30 days): simple 103.5M × 0.01 × 30 / 365 = 85,068.49; time-weighted
    /// (100M × 15 + 105M × 15) × 0.01 / 365 = 84,246.58.
    /// </summary>
    /// <param name="expenseRatio">Annual expense ratio as a fraction (0.0009 = 0.09 % a year).</param>
    /// <param name="observations">Real AUM observations in USD, in any order, one per date.</param>
    /// <param name="from">Start of the period (its first accrual day).</param>
    /// <param name="to">End of the period (the day after its last accrual day); must be after <paramref name="from"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="to"/> is not after <paramref name="from"/>, no observation lies on or before <paramref name="from"/>, or two observations share a date.</exception>
    public static FeeEstimate Estimate(
        decimal expenseRatio, IEnumerable<(DateOnly Date, decimal AumUsd)> observations, DateOnly from, DateOnly to)
    {
        if (to <= from)
        {
            throw new ArgumentException("The fee period must end after it starts.", nameof(to));
        }

        var sorted = DatedSeries.SortedByDate(observations, o => o.Date, nameof(observations));
        var begin = DatedSeries.LastOnOrBefore(sorted, o => o.Date, from);
        if (begin < 0)
        {
            throw new ArgumentException(
                "No AUM observation on or before the start of the fee period " + DatedSeries.Iso(from) + ".",
                nameof(observations));
        }

        var end = DatedSeries.LastOnOrBefore(sorted, o => o.Date, to);
        var days = to.DayNumber - from.DayNumber;

        // Σ_d AUM(d): each observation's balance counts once for every day from its date (or from,
        // whichever is later) until the next observation's date (or to, whichever is earlier).
        var aumDays = 0m;
        for (var i = begin; i < sorted.Count && sorted[i].Date < to; i++)
        {
            var holdsFrom = sorted[i].Date > from ? sorted[i].Date : from;
            var holdsUntil = i + 1 < sorted.Count && sorted[i + 1].Date < to ? sorted[i + 1].Date : to;
            aumDays += sorted[i].AumUsd * (holdsUntil.DayNumber - holdsFrom.DayNumber);
        }

        var beginAum = sorted[begin].AumUsd;
        var endAum = sorted[end].AumUsd;
        var simpleAverage = (beginAum + endAum) / 2m;

        return new FeeEstimate(
            from,
            to,
            days,
            DayCount,
            (decimal)days / DaysPerYear,
            beginAum,
            endAum,
            simpleAverage,
            Cents(aumDays / days),
            Cents(simpleAverage * expenseRatio * days / DaysPerYear),
            Cents(aumDays * expenseRatio / DaysPerYear));
    }

    private static decimal Cents(decimal usd) => Math.Round(usd, 2, MidpointRounding.AwayFromZero);
}

/// <summary>Estimated fees over a period, all amounts in USD; see <see cref="Fees.Estimate"/>.</summary>
/// <param name="From">Start of the period, its first accrual day.</param>
/// <param name="To">End of the period, the day after its last accrual day.</param>
/// <param name="Days">Calendar days accrued, <c>To − From</c>.</param>
/// <param name="DayCount">Day count convention, <see cref="Fees.DayCount"/> (<c>actual/365</c>).</param>
/// <param name="YearFraction"><c>Days / 365</c>.</param>
/// <param name="BeginAumUsd">AUM of the latest observation on or before <paramref name="From"/>.</param>
/// <param name="EndAumUsd">AUM of the latest observation on or before <paramref name="To"/>.</param>
/// <param name="SimpleAverageAumUsd"><c>(BeginAumUsd + EndAumUsd) / 2</c>.</param>
/// <param name="TimeWeightedAverageAumUsd"><c>Σ_d AUM(d) / Days</c>, AUM(d) the latest observation on or before day d; rounded to cents.</param>
/// <param name="SimpleFeeUsd"><c>SimpleAverageAumUsd × expenseRatio × Days / 365</c>, rounded to cents.</param>
/// <param name="TimeWeightedFeeUsd"><c>Σ_d AUM(d) × expenseRatio / 365</c> (daily accrual), rounded to cents.</param>
public sealed record FeeEstimate(
    DateOnly From,
    DateOnly To,
    int Days,
    string DayCount,
    decimal YearFraction,
    decimal BeginAumUsd,
    decimal EndAumUsd,
    decimal SimpleAverageAumUsd,
    decimal TimeWeightedAverageAumUsd,
    decimal SimpleFeeUsd,
    decimal TimeWeightedFeeUsd);
