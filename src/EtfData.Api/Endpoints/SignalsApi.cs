using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.Domain.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Endpoints;

/// <summary>A flow-momentum signal with the inputs it was computed from.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="AsOf">Latest trading day of the inputs.</param>
/// <param name="Direction"><c>buy</c>, <c>sell</c> or <c>neutral</c>.</param>
/// <param name="Strength">0–100.</param>
/// <param name="Divergence"><c>none</c>, <c>buyingTheDip</c> (inflows while the price falls) or <c>distribution</c> (outflows while it rises).</param>
/// <param name="FlowScore">0–100, 50 = no information.</param>
/// <param name="PriceScore">0–100.</param>
/// <param name="VolumeScore">0–100.</param>
/// <param name="Composite">−50..+50.</param>
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
            .MapGet("/", GetSignalsAsync).WithName("GetSignals")
            .WithDescription("Signals from real flow estimates (never volume × price). " + FlowSignals.Formula);
        return routes;
    }

    /// <summary>BUY / SELL / NEUTRAL flow-momentum signals with a 0–100 strength and the flow–price divergence.</summary>
    /// <param name="symbols" example="SPY,QQQ">Comma-separated tickers (at most 200), e.g. <c>SPY,QQQ</c>.</param>
    /// <param name="category" example="Large Blend">Or every active ETF of a category.</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<SignalReport>, ValidationProblem>> GetSignalsAsync(
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

        var items = new List<SignalItem>();
        foreach (var symbol in universe)
        {
            items.Add(await SignalAsync(db, symbol, cancellationToken));
        }

        items = [.. items.OrderByDescending(i => i.Strength).ThenBy(i => i.Symbol, StringComparer.Ordinal)];
        return TypedResults.Ok(new SignalReport(items.Max(i => i.AsOf), FlowSignals.Formula, items));
    }

    private static async Task<SignalItem> SignalAsync(EtfDataDbContext db, string symbol, CancellationToken cancellationToken)
    {
        var recent = await db.DailyPrices.AsNoTracking().Where(p => p.Symbol == symbol)
            .OrderByDescending(p => p.TradeDate).Take(21).ToListAsync(cancellationToken);
        recent.Reverse();
        var asOf = recent.Count > 0 ? recent[^1].TradeDate : (DateOnly?)null;
        decimal? flow5d = null;
        if (recent.Count > 0)
        {
            // The last five trading days: after the sixth-latest bar.
            var after = recent.Count > 5 ? recent[^6].TradeDate : DateOnly.MinValue;
            var flows = await db.FundFlows.AsNoTracking()
                .Where(f => f.Symbol == symbol && f.Method == FlowMethod.Aum && f.TradeDate > after && f.TradeDate <= asOf!.Value)
                .Select(f => f.NetFlowUsd).ToListAsync(cancellationToken);
            flow5d = flows.Count > 0 ? flows.Sum() : null;
        }

        var (_, aum) = await FundSeries.AumAsync(db, symbol, null, cancellationToken);
        var return5d = asOf is { } day ? Returns.Standard(recent, day).FiveDay : null;
        var volumes = recent.Where(p => p.Volume is not null).Select(p => (decimal)p.Volume!.Value).ToList();
        decimal? avg5 = volumes.Count >= 5 ? volumes.TakeLast(5).Average() : null;
        decimal? avg20 = volumes.Count >= 20 ? volumes.TakeLast(20).Average() : null;
        var aumUsd = aum.Count > 0 ? aum[^1].AumUsd : (decimal?)null;
        var signal = FlowSignals.Compute(new FlowSignalInput(symbol, flow5d, aumUsd, return5d, avg5, avg20));
        return new SignalItem(
            symbol, asOf, signal.Direction, signal.Strength, signal.Divergence, signal.FlowScore, signal.PriceScore, signal.VolumeScore,
            signal.Composite, flow5d, aumUsd, FundSeries.Pct(return5d), avg5 is { } a5 ? Math.Round(a5, 2) : null, avg20 is { } a20 ? Math.Round(a20, 2) : null);
    }
}
