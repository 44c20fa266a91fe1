using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.Domain.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Endpoints;

/// <summary>An ETF's AUM growth.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Name">Fund name.</param>
/// <param name="Category">Category.</param>
/// <param name="AsOf">Date of its latest AUM observation.</param>
/// <param name="AumUsd">Latest AUM, USD.</param>
/// <param name="Growth1dPct">Change since the previous observation when it is at most 5 calendar days earlier, percent; else null.</param>
/// <param name="Growth7dPct">Change against the latest observation on or before 7 days earlier, when dated at most 5 days before that, percent; else null.</param>
/// <param name="Growth30dPct">Change against the latest observation on or before 30 days earlier, when dated at most 5 days before that, percent; else null.</param>
public sealed record AumScreenItem(
    string Symbol, string Name, string? Category, DateOnly AsOf, decimal AumUsd, decimal? Growth1dPct, decimal? Growth7dPct, decimal? Growth30dPct);

/// <summary>ETFs passing the AUM growth screen.</summary>
/// <param name="AsOf">Latest AUM observation date among the results.</param>
/// <param name="Items">Matches, fastest 30-day growth first.</param>
public sealed record AumScreenResult(DateOnly? AsOf, IReadOnlyList<AumScreenItem> Items) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Items;
}

public static class ScreensApi
{
    public static IEndpointRouteBuilder MapScreensApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/screens").WithTags("Screens").WithCsv()
            .MapGet("/aum", GetAumScreenAsync).WithName("ScreenAum");
        return routes;
    }

    /// <summary>
    /// AUM growth screen over active ETFs: 1-day, 7-day and 30-day growth between real observations
    /// (1-day against an observation at most 5 calendar days earlier; 7-day and 30-day against the
    /// latest observation on or before 7 / 30 days earlier when it lies within 5 days of that day).
    /// Thresholds are minimums; an ETF lacking the figure a threshold needs does not pass it.
    /// </summary>
    /// <param name="minAum" example="1000000000">Minimum latest AUM, USD.</param>
    /// <param name="growth7d" example="1">Minimum 7-day growth, percent (e.g. <c>2</c> = +2 %; negative allowed).</param>
    /// <param name="growth30d" example="5">Minimum 30-day growth, percent.</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<AumScreenResult>, ValidationProblem>> GetAumScreenAsync(
        decimal? minAum, decimal? growth7d, decimal? growth30d, EtfDataReadDbContext db, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        if (minAum < 0)
        {
            errors.Add("minAum", "minAum must not be negative.");
        }

        if (growth7d is < -100 or > 100_000)
        {
            errors.Add("growth7d", "growth7d is a percent between -100 and 100000.");
        }

        if (growth30d is < -100 or > 100_000)
        {
            errors.Add("growth30d", "growth30d is a percent between -100 and 100000.");
        }

        if (errors.Any)
        {
            return errors.Problem();
        }

        var latest = await db.FundMetrics.Where(m => m.TotalAssetsUsd != null && m.Source != NportSource.Name).MaxAsync(m => (DateOnly?)m.AsOf, cancellationToken);
        if (latest is null)
        {
            return TypedResults.Ok(new AumScreenResult(null, []));
        }

        // 30-day growth needs an observation at least 30 days before the latest; a little more covers weekends.
        var since = latest.Value.AddDays(-40);
        var rows = await db.FundMetrics.AsNoTracking()
            // 1/7/30-day growth is measured on daily observations; N-PORT's month-end figures are not one.
            .Where(m => m.TotalAssetsUsd != null && m.AsOf >= since && m.Source != NportSource.Name)
            .Join(db.Etfs.Where(e => e.IsActive), m => m.Symbol, e => e.Symbol,
                (m, e) => new { m.Symbol, e.Name, e.Category, m.Source, m.AsOf, Aum = m.TotalAssetsUsd!.Value })
            .ToListAsync(cancellationToken);
        var items = new List<AumScreenItem>();
        foreach (var etf in rows.GroupBy(r => r.Symbol))
        {
            // One source per series: the one with the latest observation.
            var source = etf.OrderByDescending(r => r.AsOf).ThenBy(r => r.Source, StringComparer.Ordinal).First();
            var growth = AumScreen.Growth(etf.Where(r => r.Source == source.Source).Select(r => (r.AsOf, r.Aum)));
            var item = new AumScreenItem(
                etf.Key, source.Name, source.Category, growth.AsOf, growth.AumUsd,
                FundSeries.Pct(growth.Growth1d), FundSeries.Pct(growth.Growth7d), FundSeries.Pct(growth.Growth30d));
            if ((minAum is null || item.AumUsd >= minAum)
                && (growth7d is null || item.Growth7dPct >= growth7d)
                && (growth30d is null || item.Growth30dPct >= growth30d))
            {
                items.Add(item);
            }
        }

        items = [.. items.OrderByDescending(i => i.Growth30dPct ?? decimal.MinValue).ThenBy(i => i.Symbol, StringComparer.Ordinal)];
        return TypedResults.Ok(new AumScreenResult(items.Count == 0 ? null : items.Max(i => i.AsOf), items));
    }
}
