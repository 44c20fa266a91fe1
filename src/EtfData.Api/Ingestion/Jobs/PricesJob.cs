using EtfData.Api.Ingestion.Quarantine;
using EtfData.Api.Sources.Yahoo;
using EtfData.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Ingestion.Jobs;

/// <summary>
/// Nightly daily bars per active ETF: from the last stored trading day minus a small overlap (to
/// heal gaps and let late corrections land), or the whole history on a backfill or for a new fund.
/// Dividends and splits that the same chart range returns are stored too. When the overlap shows
/// that the upstream's adjustment changed (a close or adjusted close of a stored day differs, or an
/// event of the range is new, changed or gone), the whole history is fetched and rewritten instead,
/// so that older rows never keep the adjustment of the day they were fetched
/// (<see cref="SymbolHistory"/>).
/// </summary>
public sealed class PricesJob(IYahooChartClient chart, IOptions<IngestionOptions> options) : IIngestionJob
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
        if (lastStored is not { } last)
        {
            return await RewriteAsync(item, null, db, cancellationToken);
        }

        var result = await chart.GetSinceAsync(item, last, cancellationToken);
        if (!result.TryGetData(out var fetched))
        {
            return new ItemPlan.Fail(result.Describe());
        }

        var data = await SymbolHistory.ScreenJumpsAsync(db, item, fetched, cancellationToken);

        if (await SymbolHistory.FindChangeAsync(db, item, data, cancellationToken) is { } change)
        {
            return await RewriteAsync(item, "history rewritten: " + change, db, cancellationToken);
        }

        return new ItemPlan.Write(
            async (context, token) =>
            {
                await QuarantineStore.AddAsync(context, QuarantineSource, data.Quarantined, token);
                return await context.Writer.UpsertAsync(data.Prices, token)
                    + await context.Writer.UpsertAsync(data.Dividends, token)
                    + await context.Writer.UpsertAsync(data.Splits, token);
            },
            ChartNote(data));
    }

    private async Task<ItemPlan> RewriteAsync(string item, string? reason, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var result = await chart.GetFullHistoryAsync(item, cancellationToken);
        if (!result.TryGetData(out var data))
        {
            return new ItemPlan.Fail(reason is null ? result.Describe() : $"{reason}, but the full history failed: {result.Describe()}");
        }

        return await SymbolHistory.PlanRewriteAsync(
            db, item, data, HistoryParts.All, DeletionGuard.From(options.Value), reason, cancellationToken);
    }

    /// <summary>The <c>quarantine.source</c> of chart values.</summary>
    internal const string QuarantineSource = "yahoo";

    internal static string? ChartNote(YahooChart data) => ItemPlan.JoinNotes(
        data.Diagnostics.SkippedNullBars > 0 ? $"{data.Diagnostics.SkippedNullBars} null bar(s) skipped" : null,
        data.Diagnostics.DroppedPartialBarDate is { } live ? $"live bar of {live:yyyy-MM-dd} not stored" : null,
        data.Diagnostics.DuplicateBars > 0 ? $"{data.Diagnostics.DuplicateBars} identical duplicate bar(s) collapsed" : null,
        QuarantineStore.Note(data.Quarantined, data.Prices.Count + data.Dividends.Count + data.Splits.Count));

}

/// <summary>
/// Weekly full-history re-sync of one kind of corporate event, so upstream corrections land: the
/// stored events of a symbol become exactly what the upstream now lists (withdrawn ones are deleted,
/// within <see cref="DeletionGuard"/>'s limit). The daily bars of the same payload are rewritten too,
/// so a corrected old dividend re-adjusts the history it affects.
/// </summary>
public abstract class EventsJob(IYahooChartClient chart, IOptions<IngestionOptions> options) : IIngestionJob
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    /// <summary>The kind of event this job re-syncs.</summary>
    protected abstract HistoryParts Events { get; }

    public Task<IReadOnlyList<string>> SelectItemsAsync(IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken) =>
        Universe.ActiveSymbolsAsync(request, db, cancellationToken);

    public async Task<ItemPlan> PlanAsync(string item, IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var result = await chart.GetFullHistoryAsync(item, cancellationToken);
        if (!result.TryGetData(out var data))
        {
            return new ItemPlan.Fail(result.Describe());
        }

        return await SymbolHistory.PlanRewriteAsync(
            db, item, data, Events | HistoryParts.Bars, DeletionGuard.From(options.Value), null, cancellationToken);
    }
}

public sealed class DividendsJob(IYahooChartClient chart, IOptions<IngestionOptions> options) : EventsJob(chart, options)
{
    public override string Name => JobNames.Dividends;

    public override string Description => "Full-history re-sync of cash dividends (ex-date, amount per share) and of the daily bars they adjust.";

    protected override HistoryParts Events => HistoryParts.Dividends;
}

public sealed class SplitsJob(IYahooChartClient chart, IOptions<IngestionOptions> options) : EventsJob(chart, options)
{
    public override string Name => JobNames.Splits;

    public override string Description => "Full-history re-sync of share splits and of the daily bars they adjust.";

    protected override HistoryParts Events => HistoryParts.Splits;
}
