using EtfData.Api.Hosting;
using EtfData.Api.Ingestion.Sec;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Endpoints;

/// <summary>One month of an N-PORT filing's flows and the ETF's return, USD.</summary>
/// <param name="Month">1 to 3; month 3 ends on the report date, month 1 two months earlier.</param>
/// <param name="MonthEnd">Last day of the month.</param>
/// <param name="SalesUsd">Shares sold (creations), excluding reinvested distributions.</param>
/// <param name="ReinvestmentUsd">Shares sold through reinvested distributions.</param>
/// <param name="RedemptionUsd">Shares redeemed, as a positive magnitude.</param>
/// <param name="NetNewCashUsd">Net new cash: sales − redemption.</param>
/// <param name="NetIncludingReinvestmentUsd">Sales + reinvestment − redemption.</param>
/// <param name="ReturnPct">Total return of the ETF's share class in the month, percent as filed (1.25 = 1.25 %); null when the filing has none for it.</param>
public sealed record NportMonth(
    int Month, DateOnly MonthEnd, decimal? SalesUsd, decimal? ReinvestmentUsd, decimal? RedemptionUsd, decimal? NetNewCashUsd,
    decimal? NetIncludingReinvestmentUsd, decimal? ReturnPct);

/// <summary>An N-PORT filing of the ETF's series (or, for a unit investment trust, of its CIK).</summary>
/// <param name="Accession">EDGAR accession number.</param>
/// <param name="Form"><c>NPORT-P</c> or <c>NPORT-P/A</c>.</param>
/// <param name="IsAmendment">True for an NPORT-P/A.</param>
/// <param name="SupersededBy">The later filing of the same period whose figures are served instead; null for the one served.</param>
/// <param name="ReportDate">The date the report is as of (<c>repPdDate</c>).</param>
/// <param name="FiledDate">The date EDGAR accepted it.</param>
/// <param name="FiscalYearEnd">The fund's fiscal year end (<c>repPdEnd</c>), not the report date.</param>
/// <param name="Scope">
/// <c>series</c>: net assets and flows of the whole series, which has several share classes (e.g. an
/// ETF class and mutual-fund classes), so they are not the ETF's own; <c>fund</c>: a single-class
/// series or a unit investment trust, whose figures are the ETF's own.
/// </param>
/// <param name="SeriesId">The SEC series the figures belong to; null for a unit investment trust.</param>
/// <param name="ClassCount">Share classes of the series.</param>
/// <param name="TotalAssetsUsd">Total assets, USD (of the series when Scope is series).</param>
/// <param name="TotalLiabilitiesUsd">Total liabilities, USD.</param>
/// <param name="NetAssetsUsd">Net assets, USD (of the series when Scope is series: not the ETF's AUM).</param>
/// <param name="HoldingCount">Positions reported.</param>
/// <param name="ParserVersion">Version of the parser that read it.</param>
/// <param name="ReturnClassId">The share class whose returns Months shows.</param>
/// <param name="Months">The three months, oldest first.</param>
public sealed record NportFilingItem(
    string Accession, string? Form, bool IsAmendment, string? SupersededBy, DateOnly ReportDate, DateOnly FiledDate, DateOnly? FiscalYearEnd,
    string? Scope, string? SeriesId, int? ClassCount, decimal? TotalAssetsUsd, decimal? TotalLiabilitiesUsd, decimal? NetAssetsUsd,
    int? HoldingCount, int ParserVersion, string? ReturnClassId, IReadOnlyList<NportMonth> Months);

/// <summary>A filing's month, one CSV row each.</summary>
public sealed record NportFilingMonthRow(NportFilingItem Filing, NportMonth Month);

/// <summary>The N-PORT filings of one ETF, latest report first.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="SecCik">Registrant CIK.</param>
/// <param name="SecSeriesId">Series id; null for a unit investment trust.</param>
/// <param name="SecClassId">The ETF's share class.</param>
/// <param name="AsOf">The latest report date listed; null without filings.</param>
/// <param name="Items">Filings, superseded ones included (see SupersededBy).</param>
public sealed record NportFilingList(
    string Symbol, long? SecCik, string? SecSeriesId, string? SecClassId, DateOnly? AsOf, IReadOnlyList<NportFilingItem> Items) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Items.SelectMany(f => f.Months.Select(m => new NportFilingMonthRow(f, m)));
}

public static class FilingsApi
{
    public static IEndpointRouteBuilder MapFilingsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/etfs/{symbol}").WithTags("Filings").WithCsv().ProducesProblem(StatusCodes.Status404NotFound)
            .MapGet("/filings", GetFilingsAsync).WithName("GetFilings");
        return routes;
    }

    /// <summary>
    /// The SEC Form N-PORT filings of the ETF's series (or, for a unit investment trust, of its CIK),
    /// latest report first: totals, and per month sales, reinvestment, redemption, net new cash
    /// (sales − redemption), the net including reinvestment, and the ETF's class return. Each filing
    /// says whether its figures are the whole multi-class series' (<c>scope: series</c>) or the fund's own.
    /// CSV: one row per filing and month.
    /// </summary>
    /// <param name="symbol" example="VOO">Ticker, case-insensitive.</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<NportFilingList>, ProblemHttpResult, ValidationProblem>> GetFilingsAsync(
        string symbol, EtfDataReadDbContext db, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var normalised = errors.Symbol(symbol);
        if (errors.Any)
        {
            return errors.Problem();
        }

        if (await EtfLookup.FindAsync(db, normalised, cancellationToken) is not { } etf)
        {
            return EtfLookup.NotFound(normalised!);
        }

        var filings = await NportStore.FilingsOf(db, etf)
            .OrderByDescending(f => f.ReportPeriod).ThenByDescending(f => f.FiledDate).ThenByDescending(f => f.Accession)
            .ToListAsync(cancellationToken);
        var accessions = filings.Select(f => f.Accession).ToList();
        var returns = await db.NportFilingReturns.AsNoTracking().Where(r => accessions.Contains(r.Accession)).ToListAsync(cancellationToken);
        var returnsByFiling = returns.ToLookup(r => r.Accession);
        var items = filings.Select(f => Item(f, ReturnOf(returnsByFiling[f.Accession].ToList(), etf.SecClassId))).ToList();
        return TypedResults.Ok(new NportFilingList(etf.Symbol, etf.SecCik, etf.SecSeriesId, etf.SecClassId, items.FirstOrDefault()?.ReportDate, items));
    }

    /// <summary>The ETF's class return: its class's row, or the only row (a unit investment trust, a single-class report).</summary>
    private static NportFilingReturn? ReturnOf(List<NportFilingReturn> returns, string? classId) =>
        returns.FirstOrDefault(r => classId is not null && r.ClassId == classId) ?? (returns.Count == 1 ? returns[0] : null);

    private static NportFilingItem Item(NportFiling f, NportFilingReturn? classReturn) => new(
        f.Accession, f.SubmissionType, f.IsAmendment, f.SupersededBy, f.ReportPeriod, f.FiledDate, f.FiscalYearEnd, f.FiguresScope, f.SeriesId,
        f.ClassCount, f.TotalAssetsUsd, f.TotalLiabilitiesUsd, f.NetAssetsUsd, f.HoldingCount ?? 0, f.ParserVersion, classReturn?.ClassId,
        [.. Months(f).Select(m => new NportMonth(
            m.Month, m.MonthEnd, m.Flow.SalesUsd, m.Flow.ReinvestmentUsd, m.Flow.RedemptionUsd, m.Flow.NetNewCashUsd, m.Flow.NetIncludingReinvestmentUsd,
            m.Month switch { 1 => classReturn?.Month1ReturnPct, 2 => classReturn?.Month2ReturnPct, _ => classReturn?.Month3ReturnPct }))]);

    /// <summary>The filing's three months, oldest first: month 3 is the month of the report date.</summary>
    internal static IEnumerable<(int Month, DateOnly MonthEnd, NportMonthFlow Flow)> Months(NportFiling f)
    {
        var quarterEnd = new DateOnly(f.ReportPeriod.Year, f.ReportPeriod.Month, 1).AddMonths(1).AddDays(-1);
        yield return (1, EndOfMonth(quarterEnd.AddMonths(-2)), new NportMonthFlow(f.Month1SalesUsd, f.Month1ReinvestmentUsd, f.Month1RedemptionUsd));
        yield return (2, EndOfMonth(quarterEnd.AddMonths(-1)), new NportMonthFlow(f.Month2SalesUsd, f.Month2ReinvestmentUsd, f.Month2RedemptionUsd));
        yield return (3, quarterEnd, new NportMonthFlow(f.Month3SalesUsd, f.Month3ReinvestmentUsd, f.Month3RedemptionUsd));
    }

    private static DateOnly EndOfMonth(DateOnly day) => new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1);
}
