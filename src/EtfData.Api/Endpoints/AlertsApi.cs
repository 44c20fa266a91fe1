using System.ComponentModel.DataAnnotations;
using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.Domain.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

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
        // Set-based and filtered in SQL: each active ETF's series is the source of its latest daily AUM observation
        // ("chosen"), and only that source's AUM, flows and premium days are read. Three queries, whatever the universe.
        var aum = new Dictionary<string, List<(DateOnly, decimal)>>(StringComparer.Ordinal);
        var premiumDays = new Dictionary<string, List<(DateOnly, decimal, decimal)>>(StringComparer.Ordinal);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands = { Command(AumSql, lookback), Command(PremiumSql, lookback) },
            };
            await batch.InOneSnapshot().PrepareAsync(cancellationToken);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                Series(aum, reader.GetString(0)).Add((reader.GetFieldValue<DateOnly>(1), reader.GetDecimal(2)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                Series(premiumDays, reader.GetString(0)).Add((reader.GetFieldValue<DateOnly>(1), reader.GetDecimal(2), reader.GetDecimal(3)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var flows = (await db.FundFlows.FromSqlRaw(FlowsSql, new NpgsqlParameter<DateOnly>("lookback", lookback))
                .AsNoTracking().ToListAsync(cancellationToken))
            .ToLookup(f => f.Symbol, StringComparer.Ordinal);

        var alerts = new List<AlertItem>();
        foreach (var (symbol, points) in aum.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var input = new AlertInput(symbol, points, [.. flows[symbol]], premiumDays.GetValueOrDefault(symbol) ?? []);
            alerts.AddRange(Alerts.Evaluate(input, thresholds, from)
                .Select(a => new AlertItem(a.Symbol, a.Kind, a.Date, a.Message, a.Evidence)));
        }

        return TypedResults.Ok(new AlertReport(
            from, latest, thresholds,
            [.. alerts.OrderByDescending(a => a.Date).ThenBy(a => a.Symbol, StringComparer.Ordinal).ThenBy(a => a.Kind)]));
    }

    /// <summary>
    /// Each active ETF's alert series: the source of its latest daily AUM observation since <c>@lookback</c> (N-PORT's
    /// month-end figures are not daily observations). A CTE the three alert queries start with.
    /// </summary>
    private const string Chosen = """
        WITH chosen AS (
            SELECT DISTINCT ON (m.symbol) m.symbol, m.source
              FROM fund_metric_daily m JOIN etf e ON e.symbol = m.symbol AND e.is_active
             WHERE m.total_assets_usd IS NOT NULL AND m.as_of >= @lookback AND m.source <> 'sec-nport'
             ORDER BY m.symbol, m.as_of DESC, m.source COLLATE "C")

        """;

    private const string AumSql = Chosen + """
        SELECT m.symbol, m.as_of, m.total_assets_usd
          FROM fund_metric_daily m JOIN chosen c ON c.symbol = m.symbol AND c.source = m.source
         WHERE m.total_assets_usd IS NOT NULL AND m.as_of >= @lookback
         ORDER BY m.symbol, m.as_of
        """;

    private const string PremiumSql = Chosen + """
        SELECT m.symbol, p.trade_date, p.close, m.nav_per_share
          FROM fund_metric_daily m JOIN chosen c ON c.symbol = m.symbol AND c.source = m.source
          JOIN price_daily p ON p.symbol = m.symbol AND p.trade_date = m.as_of
         WHERE m.nav_per_share IS NOT NULL AND m.as_of >= @lookback
         ORDER BY m.symbol, p.trade_date
        """;

    private const string FlowsSql = Chosen + """
        SELECT f.* FROM fund_flow_daily f JOIN chosen c ON c.symbol = f.symbol AND c.source = f.source
         WHERE f.method = 'aum' AND f.trade_date >= @lookback
         ORDER BY f.symbol, f.trade_date
        """;

    private static NpgsqlBatchCommand Command(string sql, DateOnly lookback) =>
        new(sql) { Parameters = { new NpgsqlParameter<DateOnly>("lookback", lookback) } };

    private static List<T> Series<T>(Dictionary<string, List<T>> bySymbol, string symbol)
    {
        if (!bySymbol.TryGetValue(symbol, out var list))
        {
            bySymbol[symbol] = list = [];
        }

        return list;
    }
}
