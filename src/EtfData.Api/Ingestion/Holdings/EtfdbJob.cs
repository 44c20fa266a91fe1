using EtfData.Api.Ingestion.Quarantine;
using EtfData.Api.Sources;
using EtfData.Api.Sources.Etfdb;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Ingestion.Holdings;

/// <summary>
/// <c>etfdb</c>: each fund's etfdb.com page, kept as a labelled outside profile (<c>etf_source_profile</c>, source
/// <c>etfdb</c>) with the net flows it reports (<c>reported_flow</c>, dated by the NYSE session the page was read in or
/// after, see <see cref="FlowsAsOf"/>), and merged into <c>etf</c> only where <see cref="FundFacts"/> lets etfdb set a field.
/// </summary>
public sealed class EtfdbJob(IEtfdbClient etfdb, TimeProvider time) : IIngestionJob
{
    public string Name => JobNames.Etfdb;

    public string Description => "etfdb.com profiles: outside fund facts and reported flows, merged into etf below better sources.";

    public Task<IReadOnlyList<string>> SelectItemsAsync(IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken) =>
        Universe.ActiveSymbolsAsync(request, db, cancellationToken);

    public async Task<ItemPlan> PlanAsync(string item, IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var stored = await db.EtfSourceProfiles.AsNoTracking()
            .Where(p => p.Symbol == item && p.Source == FundFacts.Etfdb)
            .Select(p => new { p.FetchedAt, p.AumUsd, p.AumAsOf })
            .SingleOrDefaultAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (stored?.FetchedAt is { } at && etfdb.RecheckAfter > TimeSpan.Zero && now - at < etfdb.RecheckAfter)
        {
            return new ItemPlan.Skip($"etfdb was read at {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC, less than {etfdb.RecheckAfter} ago; not asked again yet");
        }

        var result = await etfdb.GetProfileAsync(item, cancellationToken);
        if (result is SourceResult<EtfdbProfile>.NotFound notFound)
        {
            return new ItemPlan.Skip($"etfdb has no page for {item} ({notFound.Detail})");
        }

        if (!result.TryGetData(out var page))
        {
            return new ItemPlan.Fail(result.Describe());
        }

        var profile = new EtfSourceProfile
        {
            Symbol = item,
            Source = FundFacts.Etfdb,
            Issuer = page.Issuer,
            Category = page.Category,
            ExpenseRatio = page.ExpenseRatio,
            InceptionDate = page.Inception,
            Structure = page.Structure == EtfdbStructure.Uit ? "UIT" : "ETF",
            IndexTracked = page.IndexTracked,
            AumUsd = page.AumUsd,
            AumAsOf = page.AumAsOf,
            FetchedAt = now,
        };
        var flowsAsOf = FlowsAsOf(now);
        var (aum, plausibleFlows, quarantined) = OutsideFigureChecks.Screen(
            item, FundFacts.Etfdb, page.AumUsd, page.AumAsOf, stored?.AumUsd, flowsAsOf, [.. page.NetFlows.Select(f => (f.Window, f.NetFlowUsd))]);
        if (aum is null)
        {
            // The absurd AUM is not stored, and the AUM stored before stays with its own date.
            profile = profile with { AumUsd = stored?.AumUsd, AumAsOf = stored?.AumAsOf };
        }

        var flows = plausibleFlows
            .Select(f => new ReportedFlow { Symbol = item, Source = FundFacts.Etfdb, AsOf = flowsAsOf, WindowName = f.Window, NetFlowUsd = f.NetFlowUsd, FetchedAt = now })
            .ToList();
        var quarantinedWindows = page.NetFlows.Select(f => f.Window).Except(plausibleFlows.Select(f => f.Window)).ToList();
        string? refused = null;
        return new ItemPlan.Write(async (context, token) =>
        {
            await QuarantineStore.AddAsync(context, FundFacts.Etfdb, quarantined, token);
            var written = await StoreProfileAsync(profile, context.Db, token);
            written += await StoreFlowsAsync(item, flowsAsOf, flows, quarantinedWindows, context, token);
            var (merged, refusedFields) = await MergeAsync(item, profile, context.Db, now, token);
            refused = refusedFields.Count > 0 ? "better sources kept " + string.Join(", ", refusedFields) : null;
            return written + merged;
        })
        {
            NoteAfterStore = () => ItemPlan.JoinNotes(refused, QuarantineStore.Note(quarantined)),
        };
    }

    /// <summary>
    /// The date etfdb's flow windows end on. The flows block states no date of its own, and the "Last Updated" stamp
    /// belongs to the AUM block and can be years stale (sources.md §7: the real VXUS page said Dec 09, 2021 when saved
    /// in 2023-10), so the windows are dated by the last NYSE session completed at the fetch instant.
    /// </summary>
    public static DateOnly FlowsAsOf(DateTimeOffset fetchedAt) => NyseCalendar.LastClosedSession(fetchedAt);

    /// <summary>The profile row; only its fetch time is touched when the page says what it said before.</summary>
    private static async Task<BulkWriteResult> StoreProfileAsync(EtfSourceProfile profile, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var stored = await db.EtfSourceProfiles.SingleOrDefaultAsync(p => p.Symbol == profile.Symbol && p.Source == profile.Source, cancellationToken);
        if (stored is null)
        {
            db.EtfSourceProfiles.Add(profile);
            await db.SaveChangesAsync(cancellationToken);
            return new BulkWriteResult(1, 0, 0, 0);
        }

        var unchanged = stored with { FetchedAt = profile.FetchedAt } == profile;
        db.Entry(stored).CurrentValues.SetValues(profile);
        await db.SaveChangesAsync(cancellationToken);
        return unchanged ? new BulkWriteResult(0, 0, 1, 0) : new BulkWriteResult(0, 1, 0, 0);
    }

    /// <summary>
    /// The windows of one page date; a window the page no longer shows (now N/A) is removed for that date, one whose
    /// value was quarantined (<paramref name="quarantinedWindows"/>) keeps what was stored.
    /// </summary>
    private static async Task<BulkWriteResult> StoreFlowsAsync(
        string symbol, DateOnly asOf, List<ReportedFlow> flows, IReadOnlyList<string> quarantinedWindows, ItemWriteContext context, CancellationToken cancellationToken)
    {
        var stored = await context.Db.ReportedFlows.AsNoTracking()
            .Where(f => f.Symbol == symbol && f.Source == FundFacts.Etfdb && f.AsOf == asOf)
            .ToDictionaryAsync(f => f.WindowName, f => f.NetFlowUsd, cancellationToken);
        var changed = flows.Where(f => !stored.TryGetValue(f.WindowName, out var value) || value != f.NetFlowUsd).ToList();
        var gone = stored.Keys.Except(flows.Select(f => f.WindowName)).Except(quarantinedWindows).ToList();
        var result = new BulkWriteResult(0, 0, flows.Count - changed.Count, 0);
        if (changed.Count > 0)
        {
            result += await context.Writer.UpsertAsync(changed, cancellationToken);
        }

        if (gone.Count > 0)
        {
            var deleted = await context.Db.ReportedFlows
                .Where(f => f.Symbol == symbol && f.Source == FundFacts.Etfdb && f.AsOf == asOf && gone.Contains(f.WindowName))
                .ExecuteDeleteAsync(cancellationToken);
            result += new BulkWriteResult(0, 0, 0, deleted);
        }

        return result;
    }

    private static async Task<(BulkWriteResult Written, List<string> Refused)> MergeAsync(
        string symbol, EtfSourceProfile profile, EtfDataDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var etf = await FundFactsMerge.LoadForUpdateAsync(db, symbol, cancellationToken);
        var merge = new FundFactsMerge(etf, FundFacts.Etfdb);
        merge.Offer(FundFactsMerge.IssuerField, profile.Issuer, e => e.Issuer, (e, v) => e with { Issuer = v });
        merge.Offer(FundFactsMerge.CategoryField, profile.Category, e => e.Category, (e, v) => e with { Category = v });
        merge.Offer(FundFactsMerge.ExpenseRatioField, profile.ExpenseRatio, e => e.ExpenseRatio, (e, v) => e with { ExpenseRatio = v });
        merge.Offer(FundFactsMerge.InceptionDateField, profile.InceptionDate, e => e.InceptionDate, (e, v) => e with { InceptionDate = v });
        merge.Offer(FundFactsMerge.StructureField, profile.Structure, e => e.Structure, (e, v) => e with { Structure = v });
        merge.Offer(FundFactsMerge.IndexTrackedField, profile.IndexTracked, e => e.IndexTracked, (e, v) => e with { IndexTracked = v });
        if (!merge.Changed)
        {
            return (new BulkWriteResult(0, 0, 1, 0), merge.Refused);
        }

        db.Entry(etf).CurrentValues.SetValues(merge.Result with { UpdatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return (new BulkWriteResult(0, 1, 0, 0), merge.Refused);
    }
}
