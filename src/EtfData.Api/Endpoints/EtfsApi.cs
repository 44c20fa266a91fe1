using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Endpoints;

/// <summary>One page of the ETF universe.</summary>
/// <param name="Items">ETFs of this page, ordered by symbol.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Rows per page.</param>
/// <param name="Total">ETFs matching the query, over all pages.</param>
public sealed record EtfPage(IReadOnlyList<EtfListItem> Items, int Page, int PageSize, int Total);

/// <summary>An ETF with its latest close and AUM.</summary>
/// <param name="Symbol">Ticker, share classes with a dot (<c>BRK.B</c>).</param>
/// <param name="Name">Fund name.</param>
/// <param name="Issuer">Fund family.</param>
/// <param name="Category">Category as the source names it.</param>
/// <param name="AssetClass">Broad asset class.</param>
/// <param name="ExpenseRatio">Annual net expense ratio as a fraction (0.0009 = 0.09 %).</param>
/// <param name="Exchange">Listing exchange.</param>
/// <param name="IsActive">False once the symbol left the listing directory.</param>
/// <param name="LatestClose">Close of the latest stored trading day, USD (split-adjusted as served by the source).</param>
/// <param name="LatestCloseDate">Trading day of <paramref name="LatestClose"/>.</param>
/// <param name="AumUsd">Latest reported total net assets, USD.</param>
/// <param name="AumDate">The date <paramref name="AumUsd"/> refers to.</param>
public sealed record EtfListItem(
    string Symbol,
    string Name,
    string? Issuer,
    string? Category,
    string? AssetClass,
    decimal? ExpenseRatio,
    string? Exchange,
    bool IsActive,
    decimal? LatestClose,
    DateOnly? LatestCloseDate,
    decimal? AumUsd,
    DateOnly? AumDate);

/// <summary>The latest stored daily bar.</summary>
public sealed record LatestBar(DateOnly TradeDate, decimal Open, decimal High, decimal Low, decimal Close, decimal? AdjClose, long? Volume);

/// <summary>A reported figure with the date it refers to and who reported it.</summary>
public sealed record ReportedValue<T>(T Value, DateOnly AsOf, string Source);

/// <summary>Profile of one ETF with its latest price and fund figures.</summary>
/// <param name="Symbol">Ticker, share classes with a dot (<c>BRK.B</c>).</param>
/// <param name="Name">Fund name.</param>
/// <param name="Issuer">Fund family.</param>
/// <param name="Category">Category as the source names it.</param>
/// <param name="AssetClass">Broad asset class.</param>
/// <param name="InceptionDate">Fund inception date.</param>
/// <param name="Exchange">Listing exchange.</param>
/// <param name="SecCik">SEC Central Index Key of the registrant.</param>
/// <param name="SecSeriesId">SEC series id; null for unit investment trusts.</param>
/// <param name="SecClassId">SEC class id.</param>
/// <param name="IsActive">False once the symbol left the listing directory.</param>
/// <param name="FirstSeenAt">When EtfData first saw the symbol.</param>
/// <param name="UpdatedAt">When the profile last changed.</param>
/// <param name="ExpenseRatio">Annual net expense ratio as a fraction (0.0009 = 0.09 %).</param>
/// <param name="LatestPrice">Latest stored daily bar, USD.</param>
/// <param name="AumUsd">Latest reported total net assets, USD.</param>
/// <param name="NavPerShare">Latest reported net asset value per share, USD.</param>
/// <param name="SharesOutstanding">Latest reported shares outstanding.</param>
public sealed record EtfDetail(
    string Symbol,
    string Name,
    string? Issuer,
    string? Category,
    string? AssetClass,
    decimal? ExpenseRatio,
    DateOnly? InceptionDate,
    string? Exchange,
    long? SecCik,
    string? SecSeriesId,
    string? SecClassId,
    bool IsActive,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset UpdatedAt,
    LatestBar? LatestPrice,
    ReportedValue<decimal>? AumUsd,
    ReportedValue<decimal>? NavPerShare,
    ReportedValue<long>? SharesOutstanding);

public static class EtfsApi
{
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapEtfsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/etfs").WithTags("ETFs");
        group.MapGet("/", ListAsync).WithName("ListEtfs");
        group.MapGet("/{symbol}", GetAsync).WithName("GetEtf")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>Lists ETFs ordered by symbol, a page at a time, each with its latest close and AUM.</summary>
    /// <param name="db">Database.</param>
    /// <param name="page">1-based page number (default 1).</param>
    /// <param name="pageSize">Rows per page, 1 to 500 (default 50).</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<EtfPage>, ValidationProblem>> ListAsync(
        EtfDataDbContext db, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var pageNumber = page ?? 1;
        var size = pageSize ?? 50;
        var errors = new Dictionary<string, string[]>();
        if (pageNumber < 1)
        {
            errors["page"] = ["page must be 1 or more."];
        }

        if (size is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var total = await db.Etfs.CountAsync(cancellationToken);
        var items = await db.Etfs.AsNoTracking()
            .OrderBy(e => e.Symbol)
            .Skip((int)Math.Min((long)(pageNumber - 1) * size, int.MaxValue))
            .Take(size)
            .Select(e => new
            {
                Etf = e,
                Price = db.DailyPrices.Where(p => p.Symbol == e.Symbol).OrderByDescending(p => p.TradeDate)
                    .Select(p => new { p.Close, p.TradeDate }).FirstOrDefault(),
                Aum = db.FundMetrics.Where(m => m.Symbol == e.Symbol && m.TotalAssetsUsd != null).OrderByDescending(m => m.AsOf)
                    .Select(m => new { m.TotalAssetsUsd, m.AsOf }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);

        return TypedResults.Ok(new EtfPage(
            [.. items.Select(i => new EtfListItem(
                i.Etf.Symbol, i.Etf.Name, i.Etf.Issuer, i.Etf.Category, i.Etf.AssetClass, i.Etf.ExpenseRatio, i.Etf.Exchange, i.Etf.IsActive,
                i.Price?.Close, i.Price?.TradeDate, i.Aum?.TotalAssetsUsd, i.Aum?.AsOf))],
            pageNumber,
            size,
            total));
    }

    /// <summary>One ETF: profile, latest daily bar, and the latest AUM, NAV and shares outstanding with their dates and sources.</summary>
    /// <param name="symbol">Ticker, case-insensitive; <c>BRK-B</c> and <c>BRK.B</c> are the same.</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<EtfDetail>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string symbol, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        if (!EtfSymbol.TryNormalize(symbol, out var normalised))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["symbol"] = ["symbol must be 1-10 letters or digits, optionally a class suffix such as BRK.B."] });
        }

        var etf = await db.Etfs.AsNoTracking().SingleOrDefaultAsync(e => e.Symbol == normalised, cancellationToken);
        if (etf is null)
        {
            return TypedResults.Problem(
                title: "ETF not found",
                detail: $"No ETF with symbol {normalised} is known.",
                statusCode: StatusCodes.Status404NotFound);
        }

        var bar = await db.DailyPrices.AsNoTracking().Where(p => p.Symbol == normalised)
            .OrderByDescending(p => p.TradeDate).FirstOrDefaultAsync(cancellationToken);
        var metrics = db.FundMetrics.AsNoTracking().Where(m => m.Symbol == normalised);
        var aum = await metrics.Where(m => m.TotalAssetsUsd != null).OrderByDescending(m => m.AsOf)
            .Select(m => new ReportedValue<decimal>(m.TotalAssetsUsd!.Value, m.AsOf, m.Source)).FirstOrDefaultAsync(cancellationToken);
        var nav = await metrics.Where(m => m.NavPerShare != null).OrderByDescending(m => m.AsOf)
            .Select(m => new ReportedValue<decimal>(m.NavPerShare!.Value, m.AsOf, m.Source)).FirstOrDefaultAsync(cancellationToken);
        var shares = await metrics.Where(m => m.SharesOutstanding != null).OrderByDescending(m => m.AsOf)
            .Select(m => new ReportedValue<long>(m.SharesOutstanding!.Value, m.AsOf, m.Source)).FirstOrDefaultAsync(cancellationToken);

        return TypedResults.Ok(new EtfDetail(
            etf.Symbol, etf.Name, etf.Issuer, etf.Category, etf.AssetClass, etf.ExpenseRatio, etf.InceptionDate, etf.Exchange,
            etf.SecCik, etf.SecSeriesId, etf.SecClassId, etf.IsActive, etf.FirstSeenAt, etf.UpdatedAt,
            bar is null ? null : new LatestBar(bar.TradeDate, bar.Open, bar.High, bar.Low, bar.Close, bar.AdjClose, bar.Volume),
            aum, nav, shares));
    }
}
