namespace EtfData.Domain.Analytics;

/// <summary>
/// Point-to-point returns of one fund's daily bars, as <b>fractions</b> (0.07 = +7 %). The value of
/// a day <c>d</c> is read from the last bar on or before <c>d</c> (weekends and holidays take the
/// previous trading day's bar); bars may come in any order. Nothing is interpolated.
/// </summary>
public static class Returns
{
    /// <summary>
    /// Total return (distributions reinvested): <c>value(asOf) / value(baseDate) − 1</c>, where
    /// <c>value(d)</c> is the <see cref="DailyPrice.AdjClose"/> of the last bar on or before <c>d</c>,
    /// or its <see cref="DailyPrice.Close"/> when that bar has no adjusted close. A fraction.
    /// Null when no bar lies on or before <paramref name="baseDate"/>, when the base value is zero
    /// or negative, or when <paramref name="baseDate"/> is after <paramref name="asOf"/>.
    /// </summary>
    /// <param name="bars">Daily bars of one symbol, in any order, at most one per trading day.</param>
    /// <param name="asOf">End of the period (inclusive).</param>
    /// <param name="baseDate">Start of the period: the return is measured from the close of the last bar on or before it.</param>
    /// <exception cref="ArgumentException">The bars mix symbols or hold two bars for one day.</exception>
    public static decimal? Total(IReadOnlyList<DailyPrice> bars, DateOnly asOf, DateOnly baseDate) =>
        Between(Sorted(bars), asOf, baseDate, TotalValue);

    /// <summary>
    /// Price return (distributions not counted): <c>Close(asOf) / Close(baseDate) − 1</c> with the
    /// <see cref="DailyPrice.Close"/> of the last bar on or before each date (split-adjusted, as stored).
    /// A fraction. Null in the same cases as <see cref="Total"/>.
    /// </summary>
    /// <param name="bars">Daily bars of one symbol, in any order, at most one per trading day.</param>
    /// <param name="asOf">End of the period (inclusive).</param>
    /// <param name="baseDate">Start of the period: the return is measured from the close of the last bar on or before it.</param>
    /// <exception cref="ArgumentException">The bars mix symbols or hold two bars for one day.</exception>
    public static decimal? Price(IReadOnlyList<DailyPrice> bars, DateOnly asOf, DateOnly baseDate) =>
        Between(Sorted(bars), asOf, baseDate, b => b.Close);

    /// <summary>
    /// The usual set of <b>total</b> returns (fractions) as of <paramref name="asOf"/>, each
    /// <c>value(asOf) / value(base) − 1</c> as in <see cref="Total"/>. Bases: one day and five days =
    /// the bar 1 and 5 bars before the last bar on or before <paramref name="asOf"/>; one month, three
    /// months and one year = <c>asOf.AddMonths(−1 / −3 / −12)</c>; year to date = December 31 of the
    /// previous year (so the base is the last bar of the previous year). A member is null when its base
    /// bar does not exist; all are null when no bar lies on or before <paramref name="asOf"/>.
    /// </summary>
    /// <param name="bars">Daily bars of one symbol, in any order, at most one per trading day.</param>
    /// <param name="asOf">The day the returns are measured to (inclusive).</param>
    /// <exception cref="ArgumentException">The bars mix symbols or hold two bars for one day.</exception>
    public static ReturnSet Standard(IReadOnlyList<DailyPrice> bars, DateOnly asOf)
    {
        var sorted = Sorted(bars);
        var last = DatedSeries.LastOnOrBefore(sorted, b => b.TradeDate, asOf);
        if (last < 0)
        {
            return new ReturnSet(null, null, null, null, null, null);
        }

        decimal? BarsBack(int n) => last - n >= 0 ? Between(sorted, asOf, sorted[last - n].TradeDate, TotalValue) : null;
        decimal? Since(DateOnly baseDate) => Between(sorted, asOf, baseDate, TotalValue);

        // Year 1 has no previous year (and no 12 months before it): no calendar bases at all.
        var calendar = asOf.Year > 1;
        return new ReturnSet(
            OneDay: BarsBack(1),
            FiveDay: BarsBack(5),
            OneMonth: calendar ? Since(asOf.AddMonths(-1)) : null,
            ThreeMonth: calendar ? Since(asOf.AddMonths(-3)) : null,
            YearToDate: calendar ? Since(new DateOnly(asOf.Year - 1, 12, 31)) : null,
            OneYear: calendar ? Since(asOf.AddMonths(-12)) : null);
    }

    private static decimal TotalValue(DailyPrice bar) => bar.AdjClose ?? bar.Close;

    private static List<DailyPrice> Sorted(IReadOnlyList<DailyPrice> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        if (bars.Select(b => b.Symbol).Distinct(StringComparer.Ordinal).Skip(1).Any())
        {
            throw new ArgumentException("Returns are computed per symbol; the bars mix several.", nameof(bars));
        }

        return DatedSeries.SortedByDate(bars, b => b.TradeDate, nameof(bars));
    }

    private static decimal? Between(List<DailyPrice> sorted, DateOnly asOf, DateOnly baseDate, Func<DailyPrice, decimal> value)
    {
        if (baseDate > asOf)
        {
            return null;
        }

        var start = DatedSeries.LastOnOrBefore(sorted, b => b.TradeDate, baseDate);
        if (start < 0)
        {
            return null;
        }

        // baseDate <= asOf, so a bar on or before baseDate is also on or before asOf.
        var end = DatedSeries.LastOnOrBefore(sorted, b => b.TradeDate, asOf);
        var from = value(sorted[start]);
        return from <= 0 ? null : (value(sorted[end]) / from) - 1;
    }
}

/// <summary>Standard total returns of a fund, each a <b>fraction</b> (0.07 = +7 %); null when the base bar does not exist.</summary>
/// <param name="OneDay">Against the bar before the last bar on or before the as-of date.</param>
/// <param name="FiveDay">Against the bar five bars before the last bar on or before the as-of date.</param>
/// <param name="OneMonth">Against the last bar on or before the as-of date minus one calendar month.</param>
/// <param name="ThreeMonth">Against the last bar on or before the as-of date minus three calendar months.</param>
/// <param name="YearToDate">Against the last bar on or before December 31 of the previous year.</param>
/// <param name="OneYear">Against the last bar on or before the as-of date minus twelve calendar months.</param>
public sealed record ReturnSet(
    decimal? OneDay,
    decimal? FiveDay,
    decimal? OneMonth,
    decimal? ThreeMonth,
    decimal? YearToDate,
    decimal? OneYear);
