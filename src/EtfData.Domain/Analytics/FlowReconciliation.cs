namespace EtfData.Domain.Analytics;

/// <summary>One month's flows as an N-PORT filing reports them, USD.</summary>
/// <param name="MonthEnd">Last day of the month.</param>
/// <param name="SalesUsd">Shares sold, excluding reinvested distributions.</param>
/// <param name="ReinvestmentUsd">Shares sold through reinvested distributions.</param>
/// <param name="RedemptionUsd">Shares redeemed, a positive magnitude.</param>
/// <param name="Scope"><see cref="NportSource.SeriesScope"/> (the whole multi-class series') or <see cref="NportSource.FundScope"/>.</param>
/// <param name="SeriesId">The SEC series; null for a unit investment trust.</param>
/// <param name="Accession">The filing.</param>
/// <param name="ReportDate">The filing's report date.</param>
/// <param name="FiledDate">When it was filed.</param>
public sealed record NportMonthFigures(
    DateOnly MonthEnd, decimal? SalesUsd, decimal? ReinvestmentUsd, decimal? RedemptionUsd, string? Scope, string? SeriesId, string Accession,
    DateOnly ReportDate, DateOnly FiledDate)
{
    /// <summary>The month's flow as <see cref="NportMonthFlow"/> defines it, the figure the <c>nport-monthly</c> flows serve.</summary>
    public NportMonthFlow Flow => new(SalesUsd, ReinvestmentUsd, RedemptionUsd);

    /// <summary>Net new cash: sales − redemption (<see cref="NportMonthFlow.NetNewCashUsd"/>); null when either is unknown.</summary>
    public decimal? NetNewCashUsd => Flow.NetNewCashUsd;

    /// <summary>Sales + reinvestment − redemption (<see cref="NportMonthFlow.NetIncludingReinvestmentUsd"/>).</summary>
    public decimal? NetIncludingReinvestmentUsd => Flow.NetIncludingReinvestmentUsd;
}

/// <summary>The sum of a month's daily flow estimates by one method.</summary>
/// <param name="Method"><c>aum</c> or <c>shares</c>.</param>
/// <param name="NetFlowUsd">Σ of the month's daily estimates, USD; null when no day had one.</param>
/// <param name="DaysWithEstimate">Days of the month with an estimate by this method.</param>
/// <param name="TradingDays">NYSE sessions of the month (up to the reconciliation's last day for the month in progress).</param>
/// <param name="Sources">Sources of the figures the estimates rest on (<c>yahoo</c>, an issuer…), in order.</param>
/// <param name="DifferencePct">(NetFlowUsd − N-PORT) / |N-PORT| × 100; null when either is missing or N-PORT is 0.</param>
public sealed record MethodMonthSum(string Method, decimal? NetFlowUsd, int DaysWithEstimate, int TradingDays, IReadOnlyList<string> Sources, decimal? DifferencePct);

/// <summary>An outside source's reported flow over a window ending in the month.</summary>
/// <param name="Source">E.g. <c>etfdb</c>.</param>
/// <param name="WindowName">The window the source reports (<c>1-month</c>): trailing, so it need not match the calendar month.</param>
/// <param name="AsOf">The window's last day.</param>
/// <param name="NetFlowUsd">The figure, USD.</param>
/// <param name="DifferencePct">(NetFlowUsd − N-PORT) / |N-PORT| × 100; null when N-PORT is missing or 0.</param>
public sealed record ReportedMonthFigure(string Source, string WindowName, DateOnly AsOf, decimal NetFlowUsd, decimal? DifferencePct);

/// <summary>N-PORT's exact figure of the month.</summary>
/// <param name="NetNewCashUsd">Net new cash: sales − redemption, USD — the figure the <c>nport-monthly</c> flows serve for the month; the differences are relative to it.</param>
/// <param name="NetIncludingReinvestmentUsd">Sales + reinvestment − redemption, USD (as <c>nport-monthly</c> names it).</param>
/// <param name="SalesUsd">Sales, USD.</param>
/// <param name="ReinvestmentUsd">Reinvestment, USD.</param>
/// <param name="RedemptionUsd">Redemption, USD (positive).</param>
/// <param name="Scope"><c>series</c> or <c>fund</c>.</param>
/// <param name="SeriesId">The SEC series.</param>
/// <param name="Accession">The filing served for the month (the latest report covering it).</param>
/// <param name="ReportDate">Its report date.</param>
/// <param name="Note">For a series figure: that it is not the ETF's own.</param>
public sealed record NportMonthFigure(
    decimal? NetNewCashUsd, decimal? NetIncludingReinvestmentUsd, decimal? SalesUsd, decimal? ReinvestmentUsd, decimal? RedemptionUsd, string? Scope, string? SeriesId, string Accession,
    DateOnly ReportDate, string? Note);

/// <summary>One calendar month reconciled.</summary>
/// <param name="Month"><c>yyyy-MM</c>.</param>
/// <param name="MonthStart">First day.</param>
/// <param name="MonthEnd">Last day.</param>
/// <param name="TradingDays">NYSE sessions of the month counted (up to the last day for the month in progress).</param>
/// <param name="Aum">Σ of the AUM-method daily estimates.</param>
/// <param name="Shares">Σ of the shares-method daily estimates.</param>
/// <param name="Nport">N-PORT's figure; null when no filing covers the month.</param>
/// <param name="Reported">The outside source's figure for a window ending in the month; null when none.</param>
public sealed record MonthReconciliation(
    string Month, DateOnly MonthStart, DateOnly MonthEnd, int TradingDays, MethodMonthSum Aum, MethodMonthSum Shares, NportMonthFigure? Nport,
    ReportedMonthFigure? Reported);

/// <summary>
/// Per calendar month, EtfData's daily flow estimates (each method) beside N-PORT's exact net new cash and an
/// outside source's reported figure, with the differences in percent relative to N-PORT.
/// </summary>
public static class FlowReconciliation
{
    /// <summary>The outside source's window that is compared with a calendar month.</summary>
    public const string MonthWindow = "1-month";

    /// <summary>
    /// Reconciles every month from <paramref name="fromMonth"/>'s through <paramref name="toMonth"/>'s (oldest first).
    /// Per month and method: Σ daily <see cref="FundFlow.NetFlowUsd"/> with <c>TradeDate</c> in the month, the count of
    /// such days, and the month's NYSE sessions through <paramref name="through"/>. N-PORT: the month's figure from the
    /// latest report covering it (then the latest filed). Reported: the <see cref="MonthWindow"/> figure whose as-of lies
    /// in the month, the latest one. Difference = (x − N-PORT) / |N-PORT| × 100, rounded to 4 decimals, so a positive
    /// difference means above N-PORT whatever N-PORT's sign; null when N-PORT is missing or 0.
    /// </summary>
    /// <param name="fromMonth">Any day of the first month.</param>
    /// <param name="toMonth">Any day of the last month.</param>
    /// <param name="daily">The fund's daily estimates, both methods, any order.</param>
    /// <param name="nport">The fund's N-PORT months (several filings may cover one month).</param>
    /// <param name="reported">The fund's outside reported flows (any window).</param>
    /// <param name="through">Last day counted for trading days (today); later sessions are not yet due.</param>
    public static IReadOnlyList<MonthReconciliation> Monthly(
        DateOnly fromMonth, DateOnly toMonth, IEnumerable<FundFlow> daily, IEnumerable<NportMonthFigures> nport, IEnumerable<ReportedFlow> reported,
        DateOnly through)
    {
        var flows = daily.ToList();
        var nportMonths = nport.ToList();
        var reportedFlows = reported.Where(r => r.WindowName == MonthWindow).ToList();
        var result = new List<MonthReconciliation>();
        for (var start = FirstOfMonth(fromMonth); start <= FirstOfMonth(toMonth); start = start.AddMonths(1))
        {
            var end = start.AddMonths(1).AddDays(-1);
            var tradingDays = end < start || through < start ? 0 : NyseCalendar.TradingDays(start, end < through ? end : through).Count();

            var figures = nportMonths.Where(n => n.MonthEnd >= start && n.MonthEnd <= end)
                .OrderByDescending(n => n.ReportDate).ThenByDescending(n => n.FiledDate).ThenByDescending(n => n.Accession, StringComparer.Ordinal)
                .FirstOrDefault();
            var nportNet = figures?.NetNewCashUsd;
            var nportFigure = figures is null
                ? null
                : new NportMonthFigure(
                    nportNet, figures.NetIncludingReinvestmentUsd, figures.SalesUsd, figures.ReinvestmentUsd, figures.RedemptionUsd, figures.Scope, figures.SeriesId, figures.Accession,
                    figures.ReportDate,
                    figures.Scope == NportSource.SeriesScope
                        ? $"The whole series' flows ({figures.SeriesId}, every share class), not the ETF's own: the differences include the other classes."
                        : null);

            var report = reportedFlows.Where(r => r.AsOf >= start && r.AsOf <= end)
                .OrderByDescending(r => r.AsOf).ThenBy(r => r.Source, StringComparer.Ordinal).FirstOrDefault();

            result.Add(new MonthReconciliation(
                start.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), start, end, tradingDays,
                Sum(FlowMethod.Aum, "aum"), Sum(FlowMethod.Shares, "shares"), nportFigure,
                report is null ? null : new ReportedMonthFigure(report.Source, report.WindowName, report.AsOf, report.NetFlowUsd, DifferencePct(report.NetFlowUsd, nportNet))));

            MethodMonthSum Sum(FlowMethod method, string name)
            {
                var days = flows.Where(f => f.Method == method && f.TradeDate >= start && f.TradeDate <= end).ToList();
                decimal? net = days.Count == 0 ? null : days.Sum(f => f.NetFlowUsd);
                return new MethodMonthSum(
                    name, net, days.Select(f => f.TradeDate).Distinct().Count(), tradingDays,
                    [.. days.Select(f => f.Source).Distinct().Order(StringComparer.Ordinal)], DifferencePct(net, nportNet));
            }
        }

        return result;
    }

    /// <summary>(<paramref name="figure"/> − <paramref name="nport"/>) / |<paramref name="nport"/>| × 100, 4 decimals; null when either is missing or N-PORT is 0.</summary>
    public static decimal? DifferencePct(decimal? figure, decimal? nport) =>
        figure is { } f && nport is { } n && n != 0 ? Math.Round((f - n) / Math.Abs(n) * 100m, 4, MidpointRounding.AwayFromZero) : null;

    private static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);
}
