using System.Globalization;
using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.Domain.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Endpoints;

/// <summary>An ETF's monthly flows from every side: EtfData's daily estimates, N-PORT's exact figure, an outside source's.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="From">First month, <c>yyyy-MM</c>.</param>
/// <param name="To">Last month, <c>yyyy-MM</c>.</param>
/// <param name="AsOf">Latest day any figure of the answer refers to; null when there is none.</param>
/// <param name="Method">How the columns are computed, in words.</param>
/// <param name="Months">Oldest first.</param>
public sealed record FlowReconciliationResponse(
    string Symbol, string From, string To, DateOnly? AsOf, string Method, IReadOnlyList<MonthReconciliation> Months) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Months;
}

public static class FlowReconciliationApi
{
    public const int MaxMonths = 120;
    public const int DefaultMonths = 12;

    /// <summary>The months a request may name: from before the first US ETF to well past any data.</summary>
    public static readonly DateOnly FirstMonth = new(1990, 1, 1);

    public static readonly DateOnly LastMonth = new(2199, 12, 1);

    public const string MethodText =
        "Per calendar month: aum / shares = Σ of EtfData's daily estimates by that method (daysWithEstimate of tradingDays had one); " +
        "nport = the N-PORT filing's net new cash for the month, sales − redemption, the same figure /flows?method=nport-monthly serves (netIncludingReinvestmentUsd adds reinvestment; scope series = the whole multi-class series, not the ETF's own); " +
        "reported = the outside source's 1-month figure whose window ends in the month (a trailing window, not the calendar month); " +
        "differencePct = (figure − nport) / |nport| × 100, null when N-PORT is missing or 0.";

    public static IEndpointRouteBuilder MapFlowReconciliationApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/etfs/{symbol}").WithTags("Flows").WithCsv().ProducesProblem(StatusCodes.Status404NotFound)
            .MapGet("/flows/reconciliation", GetReconciliationAsync).WithName("GetFlowReconciliation");
        return routes;
    }

    /// <summary>
    /// Per calendar month: the sum of EtfData's daily flow estimates by each method (<c>aum</c>, <c>shares</c>) with the
    /// sources they rest on and how many of the month's trading days had one; N-PORT's exact net new cash of the month
    /// (sales − redemption of the filing served for it, the figure <c>method=nport-monthly</c> serves, labelled <c>scope: series</c> when it is the whole
    /// multi-class series', not the ETF's own); the outside source's (etfdb) <c>1-month</c> figure whose window ends in
    /// the month, with its window and date; and each figure's difference in percent relative to N-PORT. CSV: one row per month.
    /// </summary>
    /// <param name="symbol" example="IVV">Ticker, case-insensitive.</param>
    /// <param name="from" example="2025-04">First month, <c>yyyy-MM</c> (default: 11 months before <c>to</c>).</param>
    /// <param name="to" example="2026-03">Last month, <c>yyyy-MM</c> (default: the latest month with a daily estimate or an N-PORT figure, else this month).</param>
    /// <param name="db">Database.</param>
    /// <param name="timeProvider">Clock.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<FlowReconciliationResponse>, ProblemHttpResult, ValidationProblem>> GetReconciliationAsync(
        string symbol, string? from, string? to, EtfDataReadDbContext db, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var normalised = errors.Symbol(symbol);
        var fromMonth = Month(errors, "from", from);
        var toMonth = Month(errors, "to", to);
        if (errors.Any)
        {
            return errors.Problem();
        }

        if (await EtfLookup.FindAsync(db, normalised, cancellationToken) is not { } etf)
        {
            return EtfLookup.NotFound(normalised!);
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), NyseCalendar.TimeZone).DateTime);
        var filings = await Ingestion.Sec.NportStore.FilingsOf(db, etf).Where(x => x.SupersededBy == null).ToListAsync(cancellationToken);
        var nport = filings
            .SelectMany(x => FilingsApi.Months(x).Select(m => new NportMonthFigures(
                m.MonthEnd, m.Flow.SalesUsd, m.Flow.ReinvestmentUsd, m.Flow.RedemptionUsd, x.FiguresScope, x.SeriesId, x.Accession, x.ReportPeriod, x.FiledDate)))
            .ToList();

        if (toMonth is null)
        {
            var latestFlow = await db.FundFlows.AsNoTracking().Where(x => x.Symbol == etf.Symbol)
                .MaxAsync(x => (DateOnly?)x.TradeDate, cancellationToken);
            var latestNport = nport.Where(n => n.NetNewCashUsd is not null).Select(n => (DateOnly?)n.MonthEnd).DefaultIfEmpty(null).Max();
            toMonth = FirstOfMonth(Later(latestFlow, latestNport) ?? today);
        }

        // The order and span are checked once the defaults are filled: a from alone may lie after the default to.
        fromMonth ??= toMonth.Value.AddMonths(-(DefaultMonths - 1));
        if (fromMonth.Value > toMonth.Value)
        {
            errors.Add("from", $"from must not be after to ({Format(toMonth.Value)}).");
        }
        else if (fromMonth.Value.AddMonths(MaxMonths) <= toMonth.Value)
        {
            errors.Add("from", $"The range may span at most {MaxMonths} months.");
        }

        if (errors.Any)
        {
            return errors.Problem();
        }

        var first = fromMonth.Value;
        var last = toMonth.Value.AddMonths(1).AddDays(-1);
        var daily = await db.FundFlows.AsNoTracking()
            .Where(x => x.Symbol == etf.Symbol && x.TradeDate >= first && x.TradeDate <= last)
            .ToListAsync(cancellationToken);
        var reported = await db.ReportedFlows.AsNoTracking()
            .Where(x => x.Symbol == etf.Symbol && x.WindowName == FlowReconciliation.MonthWindow && x.AsOf >= first && x.AsOf <= last)
            .ToListAsync(cancellationToken);

        var months = FlowReconciliation.Monthly(first, last, daily, nport, reported, today);
        DateOnly?[] dated =
        [
            daily.Select(x => (DateOnly?)x.TradeDate).DefaultIfEmpty(null).Max(),
            months.Where(m => m.Nport is not null).Select(m => (DateOnly?)m.MonthEnd).DefaultIfEmpty(null).Max(),
            months.Where(m => m.Reported is not null).Select(m => (DateOnly?)m.Reported!.AsOf).DefaultIfEmpty(null).Max(),
        ];
        return TypedResults.Ok(new FlowReconciliationResponse(
            etf.Symbol, Format(first), Format(last), dated.Max(), MethodText, months));
    }

    private static DateOnly? Month(QueryErrors errors, string parameter, string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(raw, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            errors.Add(parameter, $"{parameter} is a month, yyyy-MM (e.g. 2025-03).");
            return null;
        }

        // Bounded so that month arithmetic (defaults, the month after to) cannot overflow DateOnly.
        if (month < FirstMonth || month > LastMonth)
        {
            errors.Add(parameter, $"{parameter} must lie between {Format(FirstMonth)} and {Format(LastMonth)}.");
            return null;
        }

        return month;
    }

    private static DateOnly? Later(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);

    private static string Format(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
