using EtfData.Api.Ingestion.Quarantine;
using EtfData.Api.Sources;
using EtfData.Api.Sources.Issuers;
using EtfData.Api.Sources.Schwab;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Ingestion.Holdings;

/// <summary>
/// <c>holdings-schwab</c>: full holdings from Schwab's research portal for the funds without an issuer file EtfData
/// reads (Vanguard, Schwab's own…). All pages or nothing: a page that cannot be read fails the fund, naming the page.
/// </summary>
public sealed class SchwabHoldingsJob(
    ISchwabHoldingsClient schwab,
    IIssuerFilesClient files,
    IOptions<SchwabOptions> schwabOptions,
    IOptions<HoldingsSourcesOptions> options) : IIngestionJob
{
    internal const int ParserVersion = 1;

    public string Name => JobNames.HoldingsSchwab;

    public string Description => "Schwab research portal holdings (every page) for funds without an issuer file.";

    public async Task<IReadOnlyList<string>> SelectItemsAsync(IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var symbols = await Universe.ActiveSymbolsAsync(request, db, cancellationToken);
        if (request.Symbols is { Count: > 0 })
        {
            return symbols;
        }

        var names = await db.Etfs.AsNoTracking().Where(e => symbols.Contains(e.Symbol)).ToDictionaryAsync(e => e.Symbol, e => e.Name, cancellationToken);
        return [.. symbols.Where(s => !files.TryLocate(s, names[s], out _, out _))];
    }

    public async Task<ItemPlan> PlanAsync(string item, IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        if (await RecentCheck.FindAsync(db, item, HoldingSources.Schwab, schwabOptions.Value.RecheckAfter, cancellationToken) is { } recent)
        {
            return new ItemPlan.Skip(recent);
        }

        var result = await schwab.GetHoldingsAsync(item, cancellationToken);
        if (result is SourceResult<SchwabHoldings>.NotFound notFound)
        {
            return new ItemPlan.Skip($"Schwab lists no holdings for {item} ({notFound.Detail})");
        }

        if (!result.TryGetData(out var holdings))
        {
            return new ItemPlan.Fail(result.Describe());
        }

        var snapshot = new SnapshotToStore(
            item, HoldingSources.Schwab, holdings.AsOf, HoldingCoverage.Full, IssuerPositions.From(holdings.Rows, ParserVersion), ParserVersion);
        var tolerance = options.Value.WeightTolerance;
        if (HoldingsChecks.ScreenSnapshot(item, HoldingSources.Schwab, holdings.AsOf, [.. snapshot.Positions.Select(p => p.Weight)]) is { } absurd)
        {
            return new ItemPlan.Write(
                async (context, token) =>
                {
                    await QuarantineStore.AddAsync(context, HoldingSources.Schwab, [absurd], token);
                    return BulkWriteResult.Empty;
                },
                QuarantineStore.Note([absurd], 0));
        }

        SnapshotStoreOutcome? outcome = null;
        return new ItemPlan.Write(async (context, token) =>
        {
            outcome = await HoldingsSnapshotStore.StoreAsync(context, snapshot, tolerance, token);
            return outcome.Written;
        })
        {
            NoteAfterStore = () => SnapshotNote.Describe(holdings.AsOf, snapshot.Positions.Count, outcome),
        };
    }
}
