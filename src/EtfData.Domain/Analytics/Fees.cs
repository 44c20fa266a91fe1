namespace EtfData.Domain.Analytics;

/// <summary>
/// Estimate of the management fees a fund charged over a period: <c>expense ratio × average AUM ×
/// year fraction</c>, with the average taken two ways (simple and time-weighted) so the effect of
/// flows during the period is visible.
/// </summary>
public static class Fees
{
    private const int DaysPerYear = 365;

    /// <summary>
    /// Fees charged from <paramref name="from"/> to <paramref name="to"/>:
    /// <list type="bullet">
    /// <item><c>BeginAumUsd</c> / <c>EndAumUsd</c> = AUM of the latest observation on or before <c>from</c> / <c>to</c>;</item>
    /// <item><c>SimpleAverageAumUsd = (BeginAumUsd + EndAumUsd) / 2</c>;</item>
    /// <item><c>TimeWeightedAverageAumUsd = Σ AUM_i × days_i / (to − from)</c>, each observation's AUM
    /// holding from its date (or <c>from</c>, whichever is later) until the next observation's date (or
    /// <c>to</c>, whichever is earlier), rounded to cents;</item>
    /// <item><c>YearFraction = whole calendar months from <c>from</c> to <c>to</c> / 12 + remaining days / 365</c>
    /// (a whole month ends on the same day of a later month, or that month's last day when shorter);</item>
    /// <item><c>fee = expenseRatio × average × YearFraction</c> in USD, computed exactly then rounded to cents
    /// (midpoints away from zero).</item>
    /// </list>
    /// Example: 100M on 2025-06-01, 105M on 2025-06-16, 107M on 2025-07-01, 1 % a year from 2025-06-01 to
    /// 2025-07-01: simple average 103.5M, time-weighted (100M × 15 + 105M × 15) / 30 = 102.5M, year fraction
    /// 1/12, fees 86,250.00 and 85,416.67.
    /// </summary>
    /// <param name="expenseRatio">Annual expense ratio as a fraction (0.0009 = 0.09 % a year).</param>
    /// <param name="observations">Real AUM observations in USD, in any order, one per date.</param>
    /// <param name="from">Start of the period.</param>
    /// <param name="to">End of the period; must be after <paramref name="from"/>.</param>
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
        var periodDays = to.DayNumber - from.DayNumber;

        // Σ AUM_i × days_i over the observations whose balance holds for part of [from, to).
        var weighted = 0m;
        for (var i = begin; i < sorted.Count && sorted[i].Date < to; i++)
        {
            var holdsFrom = sorted[i].Date > from ? sorted[i].Date : from;
            var holdsUntil = i + 1 < sorted.Count && sorted[i + 1].Date < to ? sorted[i + 1].Date : to;
            weighted += sorted[i].AumUsd * (holdsUntil.DayNumber - holdsFrom.DayNumber);
        }

        // YearFraction = months / 12 + days / 365 = (365 × months + 12 × days) / (12 × 365), kept exact.
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        if (from.AddMonths(months) > to)
        {
            months--;
        }

        var remainingDays = to.DayNumber - from.AddMonths(months).DayNumber;
        var yearNumerator = (DaysPerYear * (decimal)months) + (12m * remainingDays);
        const decimal YearDenominator = 12m * DaysPerYear;

        var beginAum = sorted[begin].AumUsd;
        var endAum = sorted[end].AumUsd;
        var simpleAverage = (beginAum + endAum) / 2m;

        return new FeeEstimate(
            from,
            to,
            yearNumerator / YearDenominator,
            beginAum,
            endAum,
            simpleAverage,
            Cents(weighted / periodDays),
            Cents(expenseRatio * simpleAverage * yearNumerator / YearDenominator),
            Cents(expenseRatio * weighted * yearNumerator / (periodDays * YearDenominator)));
    }

    private static decimal Cents(decimal usd) => Math.Round(usd, 2, MidpointRounding.AwayFromZero);
}

/// <summary>Estimated fees over a period, all amounts in USD; see <see cref="Fees.Estimate"/>.</summary>
/// <param name="From">Start of the period.</param>
/// <param name="To">End of the period.</param>
/// <param name="YearFraction">Whole calendar months / 12 + remaining days / 365 (one month = 1/12).</param>
/// <param name="BeginAumUsd">AUM of the latest observation on or before <paramref name="From"/>.</param>
/// <param name="EndAumUsd">AUM of the latest observation on or before <paramref name="To"/>.</param>
/// <param name="SimpleAverageAumUsd"><c>(BeginAumUsd + EndAumUsd) / 2</c>.</param>
/// <param name="TimeWeightedAverageAumUsd"><c>Σ AUM_i × days_i / (To − From)</c>, each observation holding until the next; rounded to cents.</param>
/// <param name="SimpleFeeUsd"><c>expenseRatio × SimpleAverageAumUsd × YearFraction</c>, rounded to cents.</param>
/// <param name="TimeWeightedFeeUsd"><c>expenseRatio × time-weighted average × YearFraction</c> (unrounded average), rounded to cents.</param>
public sealed record FeeEstimate(
    DateOnly From,
    DateOnly To,
    decimal YearFraction,
    decimal BeginAumUsd,
    decimal EndAumUsd,
    decimal SimpleAverageAumUsd,
    decimal TimeWeightedAverageAumUsd,
    decimal SimpleFeeUsd,
    decimal TimeWeightedFeeUsd);
