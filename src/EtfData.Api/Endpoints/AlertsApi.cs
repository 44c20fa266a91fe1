using System.ComponentModel.DataAnnotations;
using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.Domain.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Endpoints;

/// <summary>Alert thresholds, section <c>Alerts</c>; percents as written (10 = 10 %).</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>Day-over-day AUM change, either way, in percent (between observations at most 5 calendar days apart).</summary>
    [Range(0.1, 1000)]
    public decimal LargeDailyAumChangePct { get; set; } = 10m;

    /// <summary>Net inflow over 7 days as a percent of AUM.</summary>
    [Range(0.1, 1000)]
    public decimal InflowSurge7dPct { get; set; } = 20m;

    /// <summary>Net flow over 30 days as a percent of AUM (negative).</summary>
    [Range(-100, -0.1)]
    public decimal OutflowWarning30dPct { get; set; } = -15m;

    /// <summary>AUM below which an ETF is flagged as illiquid, USD.</summary>
    [Range(0, 1e12)]
    public decimal LiquidityAumUsd { get; set; } = 100_000_000m;

    /// <summary>Premium or discount to NAV, percent…</summary>
    [Range(0.01, 100)]
    public decimal PremiumDiscountPct { get; set; } = 2m;

    /// <summary>…beyond which for more than this many trading days in a row (Rule 6c-11 disclosure).</summary>
    [Range(1, 250)]
    public int PremiumDiscountDays { get; set; } = 7;

    public AlertThresholds ToThresholds() => new(
        LargeDailyAumChangePct / 100, InflowSurge7dPct / 100, OutflowWarning30dPct / 100, LiquidityAumUsd, PremiumDiscountPct / 100, PremiumDiscountDays);
}

/// <summary>An alert with the numbers that triggered it.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Kind"><c>largeDailyAumChange</c>, <c>inflowSurge</c>, <c>outflowWarning</c>, <c>liquidity</c> or <c>premiumDiscount</c>.</param>
/// <param name="Date">Day the alert triggered.</param>
/// <param name="Message">What happened, in words.</param>
/// <param name="Evidence">The figures (fractions for ratios, USD for amounts).</param>
public sealed record AlertItem(string Symbol, AlertKind Kind, DateOnly Date, string Message, IReadOnlyDictionary<string, decimal?> Evidence);

/// <summary>Alerts over active ETFs.</summary>
/// <param name="Since">Alerts dated on or after this day.</param>
/// <param name="AsOf">Latest AUM observation considered.</param>
/// <param name="Thresholds">The thresholds applied (fractions; AUM in USD).</param>
/// <param name="Alerts">Newest first.</param>
public sealed record AlertReport(DateOnly Since, DateOnly? AsOf, AlertThresholds Thresholds, IReadOnlyList<AlertItem> Alerts) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Alerts;
}

public static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/alerts").WithTags("Alerts").WithCsv()
            .MapGet("/", GetAlertsAsync).WithName("GetAlerts");
        return routes;
    }

    /// <summary>
    /// Large daily AUM change (±10 % between observations at most 5 calendar days apart, the flow rule's gap), inflow surge (&gt; 20 % of AUM in 7 days), outflow warning
    /// (&lt; −15 % in 30 days), liquidity warning (AUM under $100M) and premium/discount beyond 2 % for
    /// more than 7 trading days. The flow rules divide by the AUM of the latest observation on or before 7 / 30 days
    /// earlier, only when it lies at most 5 days before that day (otherwise no flow alert that day); thresholds from the <c>Alerts</c> settings, each alert with its evidence.
    /// </summary>
    /// <param name="since" example="2025-02-01">First day, <c>yyyy-MM-dd</c> (default: 30 days before the latest AUM observation).</param>
    /// <param name="db">Database.</param>
    /// <param name="options">Thresholds.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<AlertReport>, ValidationProblem>> GetAlertsAsync(
        DateOnly? since, EtfDataReadDbContext db, IOptions<AlertOptions> options, CancellationToken cancellationToken)
    {
        var thresholds = options.Value.ToThresholds();
        var latest = await db.FundMetrics.Where(m => m.TotalAssetsUsd != null && m.Source != NportSource.Name).MaxAsync(m => (DateOnly?)m.AsOf, cancellationToken);
        var errors = new QueryErrors();
        if (since is { } s && latest is { } l)
        {
            errors.Range(s, l > s ? l : s);
        }

        if (errors.Any)
        {
            return errors.Problem();
        }

        if (latest is null)
        {
            return TypedResults.Ok(new AlertReport(since ?? DateOnly.MinValue, null, thresholds, []));
        }

        var from = since ?? latest.Value.AddDays(-30);
        // Look back far enough for the 30-day outflow base and for premium runs that began earlier.
        var lookback = from.AddDays(-60);
        var aum = await db.FundMetrics.AsNoTracking()
            // Alerts judge daily observations; N-PORT's month-end figures are not one.
            .Where(m => m.TotalAssetsUsd != null && m.AsOf >= lookback && m.Source != NportSource.Name)
            .Join(db.Etfs.Where(e => e.IsActive), m => m.Symbol, e => e.Symbol, (m, e) => new { m.Symbol, m.Source, m.AsOf, Aum = m.TotalAssetsUsd!.Value })
            .ToListAsync(cancellationToken);
        var flows = await db.FundFlows.AsNoTracking()
            .Where(f => f.Method == FlowMethod.Aum && f.TradeDate >= lookback).ToListAsync(cancellationToken);
        var premiumDays = await db.FundMetrics.AsNoTracking()
            .Where(m => m.NavPerShare != null && m.AsOf >= lookback)
            .Join(db.DailyPrices, m => new { m.Symbol, Day = m.AsOf }, p => new { p.Symbol, Day = p.TradeDate },
                (m, p) => new { m.Symbol, m.Source, Day = p.TradeDate, p.Close, Nav = m.NavPerShare!.Value })
            .ToListAsync(cancellationToken);

        var alerts = new List<AlertItem>();
        foreach (var etf in aum.GroupBy(a => a.Symbol))
        {
            var source = etf.OrderByDescending(a => a.AsOf).ThenBy(a => a.Source, StringComparer.Ordinal).First().Source;
            var input = new AlertInput(
                etf.Key,
                [.. etf.Where(a => a.Source == source).OrderBy(a => a.AsOf).Select(a => (a.AsOf, a.Aum))],
                [.. flows.Where(f => f.Symbol == etf.Key && f.Source == source)],
                [.. premiumDays.Where(p => p.Symbol == etf.Key && p.Source == source).OrderBy(p => p.Day).Select(p => (p.Day, p.Close, p.Nav))]);
            alerts.AddRange(Alerts.Evaluate(input, thresholds, from)
                .Select(a => new AlertItem(a.Symbol, a.Kind, a.Date, a.Message, a.Evidence)));
        }

        return TypedResults.Ok(new AlertReport(
            from, latest, thresholds,
            [.. alerts.OrderByDescending(a => a.Date).ThenBy(a => a.Symbol, StringComparer.Ordinal).ThenBy(a => a.Kind)]));
    }
}
