using System.Globalization;
using EtfData.Api.Ingestion.Quarantine;
using EtfData.Api.Sources;
using EtfData.Api.Sources.Issuers;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Ingestion.Holdings;

/// <summary>
/// <c>holdings-issuer</c>: each fund's own daily holdings file (iShares, SPDR, Invesco). A file stores its positions as
/// a full snapshot of the issuer's source (only when they differ from the last one) and, in the same transaction, the
/// shares outstanding its header states (with net assets and NAV derived from its lines) as a <c>fund_metric_daily</c>
/// observation of the file's as-of date: the dated figures the shares-method flow rests on. The issuer's own facts
/// about the fund (its issuer name) are merged into <c>etf</c> as source <see cref="FundFacts.Issuer"/>, which Yahoo and
/// etfdb cannot overwrite. Runs in the nightly chain before <c>flows</c>.
/// </summary>
public sealed class IssuerHoldingsJob(
    IIssuerFilesClient files, IOptions<HoldingsSourcesOptions> options, TimeProvider time) : IIngestionJob
{
    internal const int ParserVersion = 1;

    public string Name => JobNames.HoldingsIssuer;

    public string Description => "Issuers' daily holdings files (iShares, SPDR, Invesco): full holdings and dated shares outstanding.";

    public async Task<IReadOnlyList<string>> SelectItemsAsync(IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var symbols = await Universe.ActiveSymbolsAsync(request, db, cancellationToken);
        if (request.Symbols is { Count: > 0 })
        {
            // Named funds are all reported on, those without a file as skipped with the reason.
            return symbols;
        }

        var names = await db.Etfs.AsNoTracking().Where(e => symbols.Contains(e.Symbol)).ToDictionaryAsync(e => e.Symbol, e => e.Name, cancellationToken);
        return [.. symbols.Where(s => files.TryLocate(s, names[s], out _, out _))];
    }

    public async Task<ItemPlan> PlanAsync(string item, IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var name = await db.Etfs.AsNoTracking().Where(e => e.Symbol == item).Select(e => e.Name).SingleAsync(cancellationToken);
        if (!files.TryLocate(item, name, out var location, out var reason))
        {
            return new ItemPlan.Skip(reason);
        }

        var source = IIssuerFilesClient.SourceName(location.Family);
        if (await RecentCheck.FindAsync(db, item, source, files.RecheckAfter(location.Family), cancellationToken) is { } recent)
        {
            return new ItemPlan.Skip(recent);
        }

        var result = await files.GetAsync(location, cancellationToken);
        switch (result)
        {
            case SourceResult<IssuerHoldingsFile>.NotFound notFound:
                return new ItemPlan.Skip($"{source} has no holdings file for {item} for its latest day ({notFound.Detail})");
            case SourceResult<IssuerHoldingsFile>.Data { Value: var file }:
                var previous = await db.FundMetrics.AsNoTracking()
                    .Where(m => m.Symbol == item && m.Source == source && m.AsOf < file.AsOf)
                    .OrderByDescending(m => m.AsOf)
                    .FirstOrDefaultAsync(cancellationToken);
                return Plan(item, source, IssuerName(location.Family), file, previous, options.Value.WeightTolerance, time);
            default:
                return new ItemPlan.Fail(result.Describe());
        }
    }

    /// <summary>The issuer a file comes from, spelled as the fund family the issuer publishes under.</summary>
    internal static string IssuerName(IssuerFamily family) => family switch
    {
        IssuerFamily.IShares => "iShares",
        IssuerFamily.Spdr => "SPDR State Street Global Advisors",
        IssuerFamily.Invesco => "Invesco",
        IssuerFamily.Vanguard => "Vanguard",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "Unknown issuer family"),
    };

    private static ItemPlan.Write Plan(
        string symbol, string source, string issuerName, IssuerHoldingsFile file, FundMetric? previous, decimal weightTolerance, TimeProvider time)
    {
        var snapshot = new SnapshotToStore(symbol, source, file.AsOf, HoldingCoverage.Full, IssuerPositions.From(file, ParserVersion), ParserVersion);
        // Shares outstanding from the header; net assets and NAV per share derived from the file's own lines, all
        // dated by the file (IssuerFundFigures), so the shares-method flow never borrows an undated NAV.
        var metric = IssuerFundFigures.Observation(symbol, source, file);
        var quarantined = new List<QuarantinedValue>();
        if (HoldingsChecks.ScreenSnapshot(symbol, source, file.AsOf, [.. snapshot.Positions.Select(p => p.Weight)]) is { } absurd)
        {
            quarantined.Add(absurd);
            // Net assets and NAV are derived from those weights (Σ market value ÷ Σ weight): as absurd as they are.
            metric = metric is null ? null : metric with { TotalAssetsUsd = null, NavPerShare = null };
            metric = metric?.SharesOutstanding is null ? null : metric;
        }

        if (metric is { } observed)
        {
            (metric, var refused) = MarketDataChecks.ScreenMetric(observed, previous);
            quarantined.AddRange(refused);
        }

        SnapshotStoreOutcome? outcome = null;
        var storeSnapshot = quarantined.All(q => q.Kind != QuarantineKinds.HoldingsSnapshot);
        return new ItemPlan.Write(
            async (context, token) =>
            {
                await QuarantineStore.AddAsync(context, source, quarantined, token);
                outcome = storeSnapshot ? await HoldingsSnapshotStore.StoreAsync(context, snapshot, weightTolerance, token) : null;
                var written = outcome?.Written ?? BulkWriteResult.Empty;
                if (metric is not null)
                {
                    written += await context.Writer.UpsertAsync([metric], token);
                }

                return written + await MergeFactsAsync(symbol, issuerName, context.Db, time.GetUtcNow(), token);
            })
        {
            NoteAfterStore = () => ItemPlan.JoinNotes(
                SnapshotNote.Describe(file.AsOf, snapshot.Positions.Count, outcome),
                metric is null && storeSnapshot ? "the file states no shares outstanding" : null,
                QuarantineStore.Note(quarantined, storeSnapshot || metric is not null ? null : 0)),
        };
    }

    /// <summary>What the file states about the fund, merged into <c>etf</c> above Yahoo and etfdb.</summary>
    private static async Task<BulkWriteResult> MergeFactsAsync(
        string symbol, string issuerName, EtfDataDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var etf = await FundFactsMerge.LoadForUpdateAsync(db, symbol, cancellationToken);
        var merge = new FundFactsMerge(etf, FundFacts.Issuer);
        merge.Offer(FundFactsMerge.IssuerField, issuerName, e => e.Issuer, (e, v) => e with { Issuer = v });
        if (!merge.Changed)
        {
            return BulkWriteResult.Empty;
        }

        db.Entry(etf).CurrentValues.SetValues(merge.Result with { UpdatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return new BulkWriteResult(0, 1, 0, 0);
    }
}

/// <summary>The item notes of a stored holdings snapshot.</summary>
internal static class SnapshotNote
{
    public static string? Describe(DateOnly asOf, int positions, SnapshotStoreOutcome? outcome)
    {
        if (outcome is null)
        {
            return null;
        }

        var date = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var weight = outcome.WeightCheck == "off"
            ? $"; weights sum to {outcome.WeightSum?.ToString("0.####", CultureInfo.InvariantCulture)} (off)"
            : "";
        return outcome.Stored
            ? $"as of {date}: {positions} positions stored{weight}"
            : $"as of {date}: unchanged since {outcome.UnchangedSince?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, nothing stored";
    }
}

/// <summary>
/// The re-check interval: a fund whose snapshot of a source was checked (stored, or read again and found unchanged)
/// recently is not asked again. <c>checked_at</c> is written with the database's clock, so it is compared with it too.
/// </summary>
internal static class RecentCheck
{
    public static async Task<string?> FindAsync(
        EtfDataDbContext db, string symbol, string source, TimeSpan recheckAfter, CancellationToken cancellationToken)
    {
        if (recheckAfter <= TimeSpan.Zero)
        {
            return null;
        }

        var checkedAt = await db.Database.SqlQuery<DateTimeOffset?>($"""
            SELECT max(checked_at) AS "Value" FROM holding_snapshot
             WHERE symbol = {symbol} AND source = {source} AND checked_at > now() - {recheckAfter}
            """).SingleAsync(cancellationToken);
        return checkedAt is { } at
            ? $"{source} was checked at {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, less than {recheckAfter} ago; not asked again yet"
            : null;
    }
}
