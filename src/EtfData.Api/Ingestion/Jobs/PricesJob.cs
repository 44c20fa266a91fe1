using EtfData.Api.Sources.Yahoo;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Ingestion.Jobs;

/// <summary>
/// Nightly daily bars per active ETF: from the last stored trading day minus a small overlap (to
/// heal gaps and let late corrections land), or the whole history on a backfill or for a new fund.
/// Dividends and splits that the same chart range returns are stored too; the weekly events jobs
/// re-sync whole histories.
/// </summary>
public sealed class PricesJob(IYahooChartClient chart) : IIngestionJob
{
    public string Name => JobNames.Prices;

    public string Description => "Daily bars (with the dividends and splits in the same range) from Yahoo's chart API.";

    public Task<IReadOnlyList<string>> SelectItemsAsync(IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken) =>
        Universe.ActiveSymbolsAsync(request, db, cancellationToken);

    public async Task<ItemPlan> PlanAsync(string item, IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var lastStored = request.Backfill
            ? null
            : await db.DailyPrices.Where(p => p.Symbol == item).MaxAsync(p => (DateOnly?)p.TradeDate, cancellationToken);
        var result = lastStored is { } last
            ? await chart.GetSinceAsync(item, last, cancellationToken)
            : await chart.GetFullHistoryAsync(item, cancellationToken);

        if (!result.TryGetData(out var data))
        {
            return new ItemPlan.Fail(result.Describe());
        }

        return new ItemPlan.Write(
            async (context, token) =>
                await context.Writer.UpsertAsync(data.Prices, token)
                + await context.Writer.UpsertAsync(data.Dividends, token)
                + await context.Writer.UpsertAsync(data.Splits, token),
            ChartNote(data));
    }

    internal static string? ChartNote(YahooChart data)
    {
        var notes = new List<string>();
        if (data.Diagnostics.SkippedNullBars > 0)
        {
            notes.Add($"{data.Diagnostics.SkippedNullBars} null bar(s) skipped");
        }

        if (data.Diagnostics.DroppedPartialBarDate is { } live)
        {
            notes.Add($"live bar of {live:yyyy-MM-dd} not stored");
        }

        return notes.Count == 0 ? null : string.Join("; ", notes);
    }
}

/// <summary>
/// Weekly full-history re-sync of one kind of corporate event, so upstream corrections land: the
/// stored events of a symbol become exactly what the upstream now lists (withdrawn ones are deleted).
/// </summary>
public abstract class EventsJob<TEvent>(IYahooChartClient chart) : IIngestionJob
    where TEvent : class
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    protected abstract IReadOnlyList<TEvent> EventsOf(YahooChart data);

    public Task<IReadOnlyList<string>> SelectItemsAsync(IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken) =>
        Universe.ActiveSymbolsAsync(request, db, cancellationToken);

    public async Task<ItemPlan> PlanAsync(string item, IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var result = await chart.GetFullHistoryAsync(item, cancellationToken);
        if (!result.TryGetData(out var data))
        {
            return new ItemPlan.Fail(result.Describe());
        }

        var events = EventsOf(data);
        return new ItemPlan.Write((context, token) =>
            context.Writer.UpsertAsync(events, BulkReplaceScope.Where("Symbol", item), token));
    }
}

public sealed class DividendsJob(IYahooChartClient chart) : EventsJob<Dividend>(chart)
{
    public override string Name => JobNames.Dividends;

    public override string Description => "Full-history re-sync of cash dividends (ex-date, amount per share).";

    protected override IReadOnlyList<Dividend> EventsOf(YahooChart data) => data.Dividends;
}

public sealed class SplitsJob(IYahooChartClient chart) : EventsJob<Split>(chart)
{
    public override string Name => JobNames.Splits;

    public override string Description => "Full-history re-sync of share splits.";

    protected override IReadOnlyList<Split> EventsOf(YahooChart data) => data.Splits;
}
