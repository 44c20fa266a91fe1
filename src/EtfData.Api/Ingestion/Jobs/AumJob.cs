using EtfData.Api.Ingestion.Holdings;
using EtfData.Api.Ingestion.Quarantine;
using EtfData.Api.Sources.Yahoo;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.Domain.Analytics;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Ingestion.Jobs;

/// <summary>
/// Nightly fund snapshot per ETF: total assets, NAV and shares outstanding into
/// <c>fund_metric_daily</c> for the one date the source says they refer to (never any other day,
/// backfill or not), issuer/category/expense ratio/inception into <c>etf</c>, and the top holdings
/// as the fund's one current holdings snapshot of source <c>yahoo</c>. Yahoo's figures carry no date
/// of their own, so a snapshot that <see cref="StaleFigures"/> finds stale against the previous stored
/// observation is not stored at all; the item note says why.
/// </summary>
public sealed class AumJob(IYahooFundClient funds, TimeProvider time) : IIngestionJob
{
    private const int ParserVersion = 1;

    public string Name => JobNames.Aum;

    public string Description => "Fund snapshot from Yahoo: AUM, NAV, shares outstanding, profile and top holdings.";

    public Task<IReadOnlyList<string>> SelectItemsAsync(IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken) =>
        Universe.ActiveSymbolsAsync(request, db, cancellationToken);

    public async Task<ItemPlan> PlanAsync(string item, IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var result = await funds.GetFundAsync(item, cancellationToken);
        if (!result.TryGetData(out var snapshot))
        {
            return new ItemPlan.Fail(result.Describe());
        }

        var missingModules = snapshot.Diagnostics.MissingModules.Count > 0
            ? "modules not available: " + string.Join(", ", snapshot.Diagnostics.MissingModules)
            : null;
        string? staleNote = null;
        IReadOnlyList<QuarantinedValue> quarantined = [];
        var metric = snapshot.Metric;
        if (snapshot.Metric is { } reported)
        {
            var previous = await db.FundMetrics.AsNoTracking()
                .Where(m => m.Symbol == reported.Symbol && m.Source == reported.Source && m.AsOf < reported.AsOf)
                .OrderByDescending(m => m.AsOf)
                .FirstOrDefaultAsync(cancellationToken);
            (metric, quarantined) = MarketDataChecks.ScreenMetric(reported, previous);
            // Without a NAV there is nothing to judge staleness by (StaleFigures needs NAV to have moved).
            if (metric is { NavPerShare: not null } && StaleFigures.Check(previous, metric) is { } stale)
            {
                staleNote = stale.Describe();
                metric = null;
            }
        }

        return new ItemPlan.Write(
            async (context, token) =>
            {
                await QuarantineStore.AddAsync(context, YahooQuoteSummaryParser.Source, quarantined, token);
                return await StoreAsync(item, snapshot, metric, context, token);
            },
            ItemPlan.JoinNotes(missingModules, staleNote, QuarantineStore.Note(quarantined, metric is null ? 0 : null)));
    }

    /// <summary>Writes the profile, the holdings and <paramref name="metric"/> (null when absent or stale).</summary>
    private async Task<BulkWriteResult> StoreAsync(
        string symbol, YahooFundSnapshot snapshot, FundMetric? metric, ItemWriteContext context, CancellationToken cancellationToken)
    {
        if (snapshot.Profile.TopHoldings.Count > 0)
        {
            // The top list reads and writes security ids, so the security index lock comes before any other lock or
            // read of this transaction, as in HoldingsSnapshotStore and NportStore: a concurrent merge can neither
            // delete an id read here (FK failure) nor wait on a row this transaction already holds (deadlock).
            await SecurityIndex.LockAsync(context.Db, cancellationToken);
        }

        var result = BulkWriteResult.Empty;
        if (metric is not null)
        {
            result += await context.Writer.UpsertAsync([metric], cancellationToken);
        }

        result += await UpdateProfileAsync(symbol, snapshot.Profile, context.Db, cancellationToken);

        if (snapshot.Profile.TopHoldings.Count > 0)
        {
            // The holdings are dated by the session the quote describes even when its figures were stale.
            var asOf = snapshot.Metric?.AsOf
                ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(snapshot.Profile.FetchedAt, NyseCalendar.TimeZone).DateTime);
            result += await StoreTopHoldingsAsync(symbol, asOf, snapshot.Profile, context, cancellationToken);
        }

        return result;
    }

    private async Task<BulkWriteResult> UpdateProfileAsync(string symbol, FundProfile profile, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var etf = await FundFactsMerge.LoadForUpdateAsync(db, symbol, cancellationToken);
        // Yahoo relays the issuer's facts: it fills what no better source (SEC, the issuer) has set.
        var merge = new FundFactsMerge(etf, FundFacts.Yahoo);
        merge.Offer(FundFactsMerge.IssuerField, profile.Issuer, e => e.Issuer, (e, v) => e with { Issuer = v });
        merge.Offer(FundFactsMerge.CategoryField, profile.Category, e => e.Category, (e, v) => e with { Category = v });
        merge.Offer(FundFactsMerge.ExpenseRatioField, profile.ExpenseRatio, e => e.ExpenseRatio, (e, v) => e with { ExpenseRatio = v });
        merge.Offer(FundFactsMerge.InceptionDateField, profile.InceptionDate, e => e.InceptionDate, (e, v) => e with { InceptionDate = v });
        var assetClass = AssetClassOf(profile) ?? etf.AssetClass;
        if (!merge.Changed && assetClass == etf.AssetClass)
        {
            return new BulkWriteResult(0, 0, 1, 0);
        }

        var updated = merge.Result with { AssetClass = assetClass };
        db.Entry(etf).CurrentValues.SetValues(updated with { UpdatedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        return new BulkWriteResult(0, 1, 0, 0);
    }

    private static async Task<BulkWriteResult> StoreTopHoldingsAsync(
        string symbol, DateOnly asOf, FundProfile profile, ItemWriteContext context, CancellationToken cancellationToken)
    {
        var db = context.Db;
        var snapshot = await db.HoldingSnapshots.SingleOrDefaultAsync(
            s => s.Symbol == symbol && s.AsOf == asOf && s.Source == profile.Source, cancellationToken);
        var isNew = snapshot is null;
        if (snapshot is null)
        {
            snapshot = new HoldingSnapshot
            {
                Symbol = symbol, AsOf = asOf, Source = profile.Source, PositionCount = profile.TopHoldings.Count,
                ParserVersion = ParserVersion, FetchedAt = profile.FetchedAt, Coverage = HoldingCoverage.Top,
            };
            db.HoldingSnapshots.Add(snapshot);
            await db.SaveChangesAsync(cancellationToken);
        }

        var positions = profile.TopHoldings
            .Select(h => new Holding { SnapshotId = snapshot.Id, Position = h.Position, Ticker = h.Ticker, Name = h.Name, Weight = h.Weight })
            .ToList();
        // Securities are resolved before the rows are written; a snapshot created just now has no rows to compare with.
        var holdings = isNew ? positions : await SecurityIndex.KeepAssignedAsync(db, snapshot.Id, positions, cancellationToken);
        holdings = await SecurityIndex.ResolveAsync(db, holdings, profile.Source, cancellationToken);
        var written = isNew
            ? await HoldingsCopy.InsertNewAsync(db, holdings, cancellationToken)
            : await context.Writer.UpsertAsync(holdings, BulkReplaceScope.Where(nameof(Holding.SnapshotId), snapshot.Id), cancellationToken);
        // A top list's weights are summed but never checked against 1.
        var (weightSum, _) = HoldingsSnapshotStore.WeightCheck(holdings, HoldingCoverage.Top, HoldingsSnapshotStore.DefaultWeightTolerance);
        var hash = HoldingsContentHash.Compute(holdings);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE holding_snapshot SET weight_sum = {weightSum}, content_hash = {hash}
             WHERE id = {snapshot.Id} AND (weight_sum, content_hash) IS DISTINCT FROM ({weightSum}::numeric, {hash}::text)
            """, cancellationToken);

        // Yahoo's top ten is a current view, not a filing: keep only the latest one per fund (full
        // holdings histories come from N-PORT and issuer files, which keep every snapshot).
        var superseded = await db.HoldingSnapshots
            .Where(s => s.Symbol == symbol && s.Source == profile.Source && s.AsOf < asOf)
            .ExecuteDeleteAsync(cancellationToken);
        return written + new BulkWriteResult(0, 0, 0, superseded);
    }

    /// <summary>The asset class holding most of the fund, from Yahoo's <c>topHoldings</c> position fractions.</summary>
    private static string? AssetClassOf(FundProfile profile)
    {
        if (profile.AssetMix is not { } mix)
        {
            return null;
        }

        var shares = new (string Name, decimal? Share)[]
        {
            ("Equity", mix.Stock), ("Fixed Income", mix.Bond), ("Cash", mix.Cash), ("Preferred", mix.Preferred),
            ("Convertible", mix.Convertible), ("Other", mix.Other),
        };
        var top = shares.Where(s => s.Share is > 0).OrderByDescending(s => s.Share).FirstOrDefault();
        return top.Share is >= 0.5m ? top.Name : null;
    }
}
