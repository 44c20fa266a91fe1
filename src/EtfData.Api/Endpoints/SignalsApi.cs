using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.Domain.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EtfData.Api.Endpoints;

/// <summary>A flow-momentum signal with the inputs it was computed from.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="AsOf">Latest trading day of the inputs.</param>
/// <param name="Direction"><c>buy</c>, <c>sell</c> or <c>neutral</c>.</param>
/// <param name="Strength">0–100.</param>
/// <param name="Divergence"><c>none</c>, <c>buyingTheDip</c> (inflows while the price falls) or <c>distribution</c> (outflows while it rises).</param>
/// <param name="FlowScore">0–100, 50 = no information; rounded to 2 decimals (Direction and Strength come from the unrounded scores).</param>
/// <param name="PriceScore">0–100; rounded to 2 decimals.</param>
/// <param name="VolumeScore">0–100; rounded to 2 decimals.</param>
/// <param name="Composite">−50..+50; rounded to 2 decimals.</param>
/// <param name="Flow5dUsd">Net flow (AUM method) over the last five trading days, USD.</param>
/// <param name="AumUsd">Latest AUM, USD.</param>
/// <param name="Return5dPct">Total return over the last five trading days, percent.</param>
/// <param name="AvgVolume5d">Average daily volume, last 5 trading days.</param>
/// <param name="AvgVolume20d">Average daily volume, last 20 trading days.</param>
public sealed record SignalItem(
    string Symbol, DateOnly? AsOf, SignalDirection Direction, int Strength, Divergence Divergence, decimal FlowScore, decimal PriceScore,
    decimal VolumeScore, decimal Composite, decimal? Flow5dUsd, decimal? AumUsd, decimal? Return5dPct, decimal? AvgVolume5d, decimal? AvgVolume20d);

/// <summary>Flow-momentum signals.</summary>
/// <param name="AsOf">Latest trading day among the inputs.</param>
/// <param name="Formula">The exact formula.</param>
/// <param name="Signals">One per ETF, strongest first.</param>
public sealed record SignalReport(DateOnly? AsOf, string Formula, IReadOnlyList<SignalItem> Signals) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Signals;
}

public static class SignalsApi
{
    public const int MaxSymbols = 200;

    public static IEndpointRouteBuilder MapSignalsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/signals").WithTags("Signals").WithCsv()
            .MapGet("/", GetSignalsAsync).WithName("GetSignals").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Signals from real flow estimates (never volume × price). " + FlowSignals.Formula);
        return routes;
    }

    /// <summary>
    /// BUY / SELL / NEUTRAL flow-momentum signals with a 0–100 strength and the flow–price divergence.
    /// 404 naming the symbols when any of <c>symbols</c> is not a known ETF.
    /// </summary>
    /// <param name="symbols" example="SPY,QQQ">Comma-separated tickers (at most 200), e.g. <c>SPY,QQQ</c>; every one must be a known ETF.</param>
    /// <param name="category" example="Large Blend">Or every active ETF of a category.</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<SignalReport>, ProblemHttpResult, ValidationProblem>> GetSignalsAsync(
        string? symbols, string? category, EtfDataReadDbContext db, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var requested = new List<string>();
        foreach (var raw in (symbols ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (errors.Symbol(raw, "symbols") is { } symbol)
            {
                requested.Add(symbol);
            }
        }

        if (requested.Count == 0 && string.IsNullOrWhiteSpace(category) && !errors.Any)
        {
            errors.Add("symbols", "Give symbols (e.g. SPY,QQQ) or a category.");
        }

        if (requested.Count > MaxSymbols)
        {
            errors.Add("symbols", $"At most {MaxSymbols} symbols.");
        }

        if (errors.Any)
        {
            return errors.Problem();
        }

        var universe = requested.Count > 0
            ? await db.Etfs.AsNoTracking().Where(e => requested.Contains(e.Symbol)).Select(e => e.Symbol).ToListAsync(cancellationToken)
            : await db.Etfs.AsNoTracking().Where(e => e.IsActive && e.Category == category).OrderBy(e => e.Symbol).Take(MaxSymbols)
                .Select(e => e.Symbol).ToListAsync(cancellationToken);
        if (requested.Count > 0 && requested.Distinct(StringComparer.Ordinal).Where(s => !universe.Contains(s, StringComparer.Ordinal)).ToList() is { Count: > 0 } unknown)
        {
            return TypedResults.Problem(
                title: "ETF not found",
                detail: $"No ETF is known with symbol {string.Join(", ", unknown)}.",
                statusCode: StatusCodes.Status404NotFound,
                extensions: new Dictionary<string, object?> { ["unknownSymbols"] = unknown });
        }

        // A constant number of queries whatever the number of symbols: the universe, every symbol's recent bars,
        // then every symbol's five-day flow and latest AUM; the maths stays in FlowSignals and Returns.
        var bars = universe.Count == 0 ? [] : await db.DailyPrices.FromSql($"""
            SELECT p.* FROM unnest({universe.ToArray()}::text[]) AS u(symbol)
             CROSS JOIN LATERAL (SELECT * FROM price_daily d WHERE d.symbol = u.symbol ORDER BY d.trade_date DESC LIMIT 21) p
            """).AsNoTracking().ToListAsync(cancellationToken);
        var recentBySymbol = bars.ToLookup(b => b.Symbol, StringComparer.Ordinal);
        var recent = universe.Select(symbol => recentBySymbol[symbol].OrderBy(b => b.TradeDate).ToList()).ToList();
        var inputs = await FlowAndAumAsync(db, universe, recent, cancellationToken);
        var items = new List<SignalItem>(universe.Count);
        for (var i = 0; i < universe.Count; i++)
        {
            items.Add(Signal(universe[i], recent[i], inputs[i].Flow5d, inputs[i].AumUsd));
        }

        items = [.. items.OrderByDescending(i => i.Strength).ThenBy(i => i.Symbol, StringComparer.Ordinal)];
        return TypedResults.Ok(new SignalReport(items.Max(i => i.AsOf), FlowSignals.Formula, items));
    }

    /// <summary>
    /// For each symbol: the sum of its AUM-method net flows over its last five trading days (after the sixth-latest bar,
    /// up to the latest; null when none), and the AUM of its most recent observation (the series of the source with the
    /// latest AUM observation ends there). One query for all symbols.
    /// </summary>
    public const string FlowAndAumSql = """
        SELECT (SELECT sum(f.net_flow_usd) FROM fund_flow_daily f
                 WHERE f.symbol = u.symbol AND f.method = 'aum' AND f.trade_date > u.after AND f.trade_date <= u.as_of),
               (SELECT m.total_assets_usd FROM fund_metric_daily m
                 WHERE m.symbol = u.symbol AND m.total_assets_usd IS NOT NULL
                 ORDER BY m.as_of DESC, m.source LIMIT 1)
          FROM unnest(@symbols::text[], @after::date[], @as_of::date[]) WITH ORDINALITY AS u(symbol, after, as_of, ord)
         ORDER BY u.ord
        """;

    private static async Task<List<(decimal? Flow5d, decimal? AumUsd)>> FlowAndAumAsync(
        EtfDataDbContext db, List<string> symbols, List<List<DailyPrice>> recent, CancellationToken cancellationToken)
    {
        var result = new List<(decimal?, decimal?)>(symbols.Count);
        if (symbols.Count == 0)
        {
            return result;
        }

        // The last five trading days: after the sixth-latest bar. A symbol without bars has no window (null dates).
        var after = recent.Select(r => r.Count == 0 ? (DateOnly?)null : r.Count > 5 ? r[^6].TradeDate : DateOnly.MinValue).ToArray();
        var asOf = recent.Select(r => r.Count == 0 ? (DateOnly?)null : r[^1].TradeDate).ToArray();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
            command.CommandText = FlowAndAumSql;
            command.Parameters.Add(new NpgsqlParameter<string[]>("symbols", [.. symbols]));
            command.Parameters.Add(new NpgsqlParameter<DateOnly?[]>("after", after));
            command.Parameters.Add(new NpgsqlParameter<DateOnly?[]>("as_of", asOf));
            await command.PrepareAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                result.Add((reader.IsDBNull(0) ? null : reader.GetDecimal(0), reader.IsDBNull(1) ? null : reader.GetDecimal(1)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return result;
    }

    private static SignalItem Signal(string symbol, List<DailyPrice> recent, decimal? flow5d, decimal? aumUsd)
    {
        var asOf = recent.Count > 0 ? recent[^1].TradeDate : (DateOnly?)null;
        var return5d = asOf is { } day ? Returns.Standard(recent, day).FiveDay : null;
        var volumes = recent.Where(p => p.Volume is not null).Select(p => (decimal)p.Volume!.Value).ToList();
        decimal? avg5 = volumes.Count >= 5 ? volumes.TakeLast(5).Average() : null;
        decimal? avg20 = volumes.Count >= 20 ? volumes.TakeLast(20).Average() : null;
        var signal = FlowSignals.Compute(new FlowSignalInput(symbol, flow5d, aumUsd, return5d, avg5, avg20));
        return new SignalItem(
            symbol, asOf, signal.Direction, signal.Strength, signal.Divergence, Score(signal.FlowScore), Score(signal.PriceScore), Score(signal.VolumeScore),
            Score(signal.Composite), flow5d, aumUsd, FundSeries.Pct(return5d), avg5 is { } a5 ? Math.Round(a5, 2) : null, avg20 is { } a20 ? Math.Round(a20, 2) : null);
    }

    /// <summary>Scores are divisions of money figures (28 significant digits); two decimals are their meaningful precision.</summary>
    private static decimal Score(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
