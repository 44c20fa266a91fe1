using System.Globalization;
using EtfData.Api.Ingestion.Quarantine;
using EtfData.Api.Sources.Yahoo;
using EtfData.Domain;
using EtfData.Api.Storage;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Ingestion.Jobs;

/// <summary>What a full-history write replaces.</summary>
[Flags]
public enum HistoryParts
{
    Bars = 1,
    Dividends = 2,
    Splits = 4,
    All = Bars | Dividends | Splits,
}

/// <summary>
/// Keeps a symbol's stored prices adjusted as of one day. Yahoo serves closes split-adjusted and
/// adjusted closes dividend-adjusted <i>as of the request</i>, so rows fetched on different days only
/// agree until the next split or distribution. An incremental fetch therefore compares its overlap
/// with the stored rows (<see cref="FindChangeAsync"/>); when anything differs the whole history is
/// fetched again and rewritten (<see cref="PlanRewriteAsync"/>), so the stored series is always the one a
/// single backfill on the latest run's day would store.
/// </summary>
public static class SymbolHistory
{
    /// <summary>
    /// Why the stored history no longer matches an incremental payload, or null when it does: a
    /// stored bar of the payload's range whose close or adjusted close differs (exactly, after the
    /// parser's rounding), or a dividend or split of that range that is new, changed or gone.
    /// Volume is not compared: late volume revisions are ordinary and adjust nothing.
    /// </summary>
    public static async Task<string?> FindChangeAsync(EtfDataDbContext db, string symbol, YahooChart data, CancellationToken cancellationToken)
    {
        if (data.Prices.Count == 0)
        {
            return null;
        }

        var first = data.Prices[0].TradeDate;
        var last = data.Prices[^1].TradeDate;
        var storedBars = await db.DailyPrices.AsNoTracking()
            .Where(p => p.Symbol == symbol && p.TradeDate >= first && p.TradeDate <= last)
            .ToDictionaryAsync(p => p.TradeDate, cancellationToken);
        string? barChange = null;
        foreach (var bar in data.Prices)
        {
            if (!storedBars.TryGetValue(bar.TradeDate, out var stored))
            {
                continue;
            }

            barChange = stored.Close != bar.Close ? $"close of {Day(bar.TradeDate)} changed"
                : stored.AdjClose != bar.AdjClose ? $"adj_close of {Day(bar.TradeDate)} changed"
                : null;
            if (barChange is not null)
            {
                break;
            }
        }

        var events = new List<string>();
        var storedDividends = await db.Dividends.AsNoTracking()
            .Where(d => d.Symbol == symbol && d.ExDate >= first && d.ExDate <= last)
            .ToDictionaryAsync(d => d.ExDate, d => d.CashAmount, cancellationToken);
        foreach (var dividend in data.Dividends)
        {
            if (!storedDividends.Remove(dividend.ExDate, out var amount))
            {
                events.Add($"new dividend {Day(dividend.ExDate)}");
            }
            else if (amount != dividend.CashAmount)
            {
                events.Add($"dividend {Day(dividend.ExDate)} changed");
            }
        }

        events.AddRange(storedDividends.Keys.Order().Select(d => $"dividend {Day(d)} withdrawn"));

        var storedSplits = await db.Splits.AsNoTracking()
            .Where(s => s.Symbol == symbol && s.SplitDate >= first && s.SplitDate <= last)
            .ToDictionaryAsync(s => s.SplitDate, cancellationToken);
        foreach (var split in data.Splits)
        {
            if (!storedSplits.Remove(split.SplitDate, out var stored))
            {
                events.Add(string.Create(CultureInfo.InvariantCulture, $"new split {Day(split.SplitDate)} ({split.Numerator:0.######}:{split.Denominator:0.######})"));
            }
            else if (stored.Numerator != split.Numerator || stored.Denominator != split.Denominator)
            {
                events.Add($"split {Day(split.SplitDate)} changed");
            }
        }

        events.AddRange(storedSplits.Keys.Order().Select(d => $"split {Day(d)} withdrawn"));

        var because = string.Join(", ", events);
        return (barChange, events.Count) switch
        {
            (null, 0) => null,
            (null, _) => because,
            (_, 0) => barChange,
            _ => $"{barChange} ({because})",
        };
    }

    /// <summary>
    /// Plans writing a full-history payload: the symbol's stored rows of <paramref name="parts"/>
    /// become exactly the payload's. Bars, dividends or splits the payload no longer lists are deleted
    /// (a bar kept from an older fetch would keep an older adjustment), unless that deletes more than
    /// <paramref name="guard"/> allows for one kind: then the item fails and nothing is written.
    /// </summary>
    public static async Task<ItemPlan> PlanRewriteAsync(
        EtfDataDbContext db, string symbol, YahooChart data, HistoryParts parts, DeletionGuard guard, string? note, CancellationToken cancellationToken)
    {
        data = await ScreenJumpsAsync(db, symbol, data, cancellationToken);
        note = ItemPlan.JoinNotes(note, PricesJob.ChartNote(data));
        data = await KeepStoredWhereQuarantinedAsync(db, symbol, data, cancellationToken);
        var refusals = new List<string?>();
        if (parts.HasFlag(HistoryParts.Bars))
        {
            var stored = await db.DailyPrices.Where(p => p.Symbol == symbol).Select(p => p.TradeDate).ToListAsync(cancellationToken);
            refusals.Add(guard.Refusal("daily bars", stored, data.Prices.Select(p => p.TradeDate).ToHashSet()));
        }

        if (parts.HasFlag(HistoryParts.Dividends))
        {
            var stored = await db.Dividends.Where(d => d.Symbol == symbol).Select(d => d.ExDate).ToListAsync(cancellationToken);
            refusals.Add(guard.Refusal("dividends", stored, data.Dividends.Select(d => d.ExDate).ToHashSet()));
        }

        if (parts.HasFlag(HistoryParts.Splits))
        {
            var stored = await db.Splits.Where(s => s.Symbol == symbol).Select(s => s.SplitDate).ToListAsync(cancellationToken);
            refusals.Add(guard.Refusal("splits", stored, data.Splits.Select(s => s.SplitDate).ToHashSet()));
        }

        if (refusals.Any(r => r is not null))
        {
            return new ItemPlan.Fail("payload refused: " + string.Join("; ", refusals.Where(r => r is not null)) + "; nothing was written");
        }

        var scope = BulkReplaceScope.Where("Symbol", symbol);
        return new ItemPlan.Write(
            async (context, token) =>
            {
                await QuarantineStore.AddAsync(context, PricesJob.QuarantineSource, data.Quarantined, token);
                var result = BulkWriteResult.Empty;
                if (parts.HasFlag(HistoryParts.Bars))
                {
                    result += await context.Writer.UpsertAsync(data.Prices, scope, token);
                }

                if (parts.HasFlag(HistoryParts.Dividends))
                {
                    result += await context.Writer.UpsertAsync(data.Dividends, scope, token);
                }

                if (parts.HasFlag(HistoryParts.Splits))
                {
                    result += await context.Writer.UpsertAsync(data.Splits, scope, token);
                }

                return result;
            },
            note);
    }

    /// <summary>
    /// Quarantines the closes <see cref="MarketDataChecks.JumpFactor"/>× off the previous one, the payload's first
    /// bar judged against the stored close before it (a nightly payload starts a few days back, so that close is one of ours).
    /// </summary>
    public static async Task<YahooChart> ScreenJumpsAsync(EtfDataDbContext db, string symbol, YahooChart data, CancellationToken cancellationToken)
    {
        if (data.Prices.Count == 0)
        {
            return data;
        }

        var first = data.Prices[0].TradeDate;
        var previous = await db.DailyPrices.AsNoTracking()
            .Where(p => p.Symbol == symbol && p.TradeDate < first)
            .OrderByDescending(p => p.TradeDate)
            .FirstOrDefaultAsync(cancellationToken);
        var screened = MarketDataChecks.ScreenBars(data.Prices, data.Splits, previous);
        return screened.Quarantined.Count == 0
            ? data
            : data with { Prices = screened.Kept, Quarantined = [.. data.Quarantined, .. screened.Quarantined] };
    }

    /// <summary>
    /// A rewrite makes the stored rows exactly the payload's, so a date whose value was quarantined would lose
    /// the row stored for it: that stored row is carried into the payload instead, as if the upstream had
    /// repeated it. The database keeps what it held, not the absurd value and not a gap.
    /// </summary>
    private static async Task<YahooChart> KeepStoredWhereQuarantinedAsync(EtfDataDbContext db, string symbol, YahooChart data, CancellationToken cancellationToken)
    {
        List<DateOnly> Dates(string kind) => [.. data.Quarantined.Where(q => q.Kind == kind && q.AsOf is not null).Select(q => q.AsOf!.Value).Distinct()];
        var barDates = Dates(QuarantineKinds.Price);
        var dividendDates = Dates(QuarantineKinds.Dividend);
        var splitDates = Dates(QuarantineKinds.Split);
        if (barDates.Count + dividendDates.Count + splitDates.Count == 0)
        {
            return data;
        }

        var bars = await db.DailyPrices.AsNoTracking().Where(p => p.Symbol == symbol && barDates.Contains(p.TradeDate)).ToListAsync(cancellationToken);
        var dividends = await db.Dividends.AsNoTracking().Where(d => d.Symbol == symbol && dividendDates.Contains(d.ExDate)).ToListAsync(cancellationToken);
        var splits = await db.Splits.AsNoTracking().Where(s => s.Symbol == symbol && splitDates.Contains(s.SplitDate)).ToListAsync(cancellationToken);
        return data with
        {
            Prices = [.. data.Prices.Concat(bars).OrderBy(p => p.TradeDate)],
            Dividends = [.. data.Dividends.Concat(dividends).OrderBy(d => d.ExDate)],
            Splits = [.. data.Splits.Concat(splits).OrderBy(s => s.SplitDate)],
        };
    }

    internal static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// How many stored rows of one kind a re-sync may delete: the larger of
/// <see cref="IngestionOptions.MaxDeletionCount"/> and <see cref="IngestionOptions.MaxDeletionShare"/>
/// of the stored rows (rounded down). With the defaults (1, 0.1): 1 of 3, 4 of 40, 250 of 2,500.
/// </summary>
public sealed record DeletionGuard(decimal MaxShare, int MaxCount)
{
    public static DeletionGuard From(IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // decimal: 0.1 × 40 must be 4, not 4.000000000000001 or 3.9999999999999996.
        return new DeletionGuard((decimal)options.MaxDeletionShare, options.MaxDeletionCount);
    }

    public long Allowed(long stored) => Math.Max(MaxCount, (long)Math.Floor(MaxShare * stored));

    /// <summary>Null when replacing <paramref name="stored"/> keys by <paramref name="listed"/> deletes few enough; otherwise why not, with the counts.</summary>
    public string? Refusal<TKey>(string what, IReadOnlyCollection<TKey> stored, IReadOnlySet<TKey> listed)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(listed);
        var deleting = stored.Count(k => !listed.Contains(k));
        var allowed = Allowed(stored.Count);
        return deleting <= allowed
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"the upstream lists {listed.Count} {what} against {stored.Count} stored, so replacing them would delete {deleting}, " +
                $"more than the {allowed} allowed (Ingestion:MaxDeletionShare {MaxShare} of the stored, at least Ingestion:MaxDeletionCount {MaxCount})");
    }
}
