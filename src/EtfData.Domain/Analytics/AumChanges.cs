namespace EtfData.Domain.Analytics;

/// <summary>
/// Changes of a fund's assets under management between <b>real</b> observations: a change is only
/// ever measured against a value some source reported for that date, never against an interpolated
/// or carried-forward one, and only across the span its name promises. Changes include market moves
/// and flows alike (see <see cref="FlowEstimator"/> for flows alone).
/// </summary>
public static class AumChanges
{
    /// <summary>
    /// How far an observation may lie from the day a change needs and still stand in for it:
    /// <see cref="FlowEstimator.MaxGapDays"/>, the flow rule's gap, so "daily" means the same thing for
    /// AUM changes, alerts and flows.
    /// </summary>
    public const int ToleranceDays = FlowEstimator.MaxGapDays;

    /// <summary>
    /// One <see cref="AumChange"/> per observation, sorted by date:
    /// <list type="bullet">
    /// <item>day over day = against the previous observation, only when it is at most
    /// <see cref="ToleranceDays"/> calendar days earlier (adjacent sessions, a weekend or a holiday in
    /// between); across a longer gap there is no daily change;</item>
    /// <item>seven-day / thirty-day = against the latest observation on or before <c>Date − 7</c> /
    /// <c>Date − 30</c> calendar days, only when it is dated no more than <see cref="ToleranceDays"/>
    /// days before that day (so a 7-day change spans 7 to 12 days and a 30-day change 30 to 35);
    /// otherwise none.</item>
    /// </list>
    /// Each change is <c>AbsoluteUsd = AumUsd − FromAumUsd</c> and <c>Fraction = AbsoluteUsd / FromAumUsd</c>;
    /// a change is null when no earlier observation qualifies, its fraction null when <c>FromAumUsd</c> is 0.
    /// </summary>
    /// <param name="observations">AUM observations of one fund in USD, in any order, one per date.</param>
    /// <exception cref="ArgumentException">Two observations share a date.</exception>
    public static IReadOnlyList<AumChange> Series(IEnumerable<(DateOnly Date, decimal AumUsd)> observations)
    {
        var sorted = DatedSeries.SortedByDate(observations, o => o.Date, nameof(observations));
        var result = new List<AumChange>(sorted.Count);
        for (var i = 0; i < sorted.Count; i++)
        {
            var (date, aum) = sorted[i];
            result.Add(new AumChange(
                date,
                aum,
                DayOverDay: i > 0 && date.DayNumber - sorted[i - 1].Date.DayNumber <= ToleranceDays ? Between(sorted[i - 1], aum) : null,
                SevenDay: Before(sorted, date.AddDays(-7), aum),
                ThirtyDay: Before(sorted, date.AddDays(-30), aum)));
        }

        return result;
    }

    /// <summary>
    /// Index of the observation that stands in for <paramref name="day"/> as the base of a change over a
    /// span: the latest on or before it, only when dated at most <see cref="ToleranceDays"/> days before
    /// it; −1 when none qualifies.
    /// </summary>
    internal static int BaseOnOrBefore(IReadOnlyList<(DateOnly Date, decimal AumUsd)> sorted, DateOnly day)
    {
        var index = DatedSeries.LastOnOrBefore(sorted, o => o.Date, day);
        return index < 0 || day.DayNumber - sorted[index].Date.DayNumber > ToleranceDays ? -1 : index;
    }

    private static Change? Before(List<(DateOnly Date, decimal AumUsd)> sorted, DateOnly onOrBefore, decimal aum)
    {
        var index = BaseOnOrBefore(sorted, onOrBefore);
        return index < 0 ? null : Between(sorted[index], aum);
    }

    private static Change Between((DateOnly Date, decimal AumUsd) from, decimal aum)
    {
        var absolute = aum - from.AumUsd;
        return new Change(from.Date, from.AumUsd, absolute, from.AumUsd == 0 ? null : absolute / from.AumUsd);
    }
}

/// <summary>A fund's AUM on one observed date with its changes against earlier observations; see <see cref="AumChanges.Series"/>.</summary>
/// <param name="Date">Date of the observation.</param>
/// <param name="AumUsd">Assets under management in USD.</param>
/// <param name="DayOverDay">Against the previous observation when it is at most <see cref="AumChanges.ToleranceDays"/> days earlier; else null.</param>
/// <param name="SevenDay">Against the latest observation on or before <c>Date − 7</c> when it is at most <see cref="AumChanges.ToleranceDays"/> days before that day; else null.</param>
/// <param name="ThirtyDay">Against the latest observation on or before <c>Date − 30</c> when it is at most <see cref="AumChanges.ToleranceDays"/> days before that day; else null.</param>
public sealed record AumChange(DateOnly Date, decimal AumUsd, Change? DayOverDay, Change? SevenDay, Change? ThirtyDay);

/// <summary>A change of AUM from an earlier observation.</summary>
/// <param name="FromDate">Date of the earlier observation the change is measured from.</param>
/// <param name="FromAumUsd">AUM of that observation in USD.</param>
/// <param name="AbsoluteUsd"><c>AumUsd − FromAumUsd</c>, in USD.</param>
/// <param name="Fraction"><c>AbsoluteUsd / FromAumUsd</c> as a fraction (0.07 = +7 %); null when <c>FromAumUsd</c> is 0.</param>
public sealed record Change(DateOnly FromDate, decimal FromAumUsd, decimal AbsoluteUsd, decimal? Fraction);
