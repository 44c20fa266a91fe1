using EtfData.Api.Sources.Nasdaq;
using EtfData.Api.Ingestion.Sec;
using EtfData.Api.Sources.Sec;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Ingestion.Jobs;

/// <summary>
/// The ETF universe from the Nasdaq Trader symbol directory (<c>nasdaqtraded.txt</c>, ETF flag Y):
/// new ETFs are inserted, names and exchanges refreshed, and ETFs that left the file marked inactive
/// (their history is kept; one that comes back is active again). The optional allow-list
/// <c>Ingestion:Symbols</c> (and a run's own symbol list) limit what is kept and what may be
/// deactivated. A directory listing far fewer ETFs than are active is refused rather than trusted.
/// Funds a user added by hand (<see cref="EtfSource.Manual"/>) are refreshed when the file lists them
/// but never deactivated because it does not: the user verified them upstream, the directory missed them.
/// </summary>
public sealed class DiscoveryJob(
    INasdaqSymbolDirectoryClient directory, ISecClient sec, IOptions<IngestionOptions> options, TimeProvider time) : IIngestionJob
{
    public const string Item = "nasdaqtraded.txt";

    /// <summary>The second item: SEC's ticker maps, which give each ETF its CIK, series and class.</summary>
    public const string SecItem = "sec-ticker-maps";

    public string Name => JobNames.Discovery;

    public string Description =>
        "ETF universe from the Nasdaq Trader symbol directory (new ETFs, renamed ones, those that left), then SEC CIK / series / class ids.";

    // The SEC identifiers are applied to the universe the directory item has just written.
    public bool ItemsInOrder => true;

    public Task<IReadOnlyList<string>> SelectItemsAsync(IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([Item, SecItem]);

    public Task<ItemPlan> PlanAsync(string item, IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken) =>
        item == SecItem ? PlanSecIdentifiersAsync(cancellationToken) : PlanDirectoryAsync(request, db, cancellationToken);

    /// <summary>
    /// <c>company_tickers_mf.json</c> (every fund share class with its series) and <c>company_tickers.json</c>
    /// (trusts without series: SPY, DIA): CIK, series, class and the series' class count on each ETF.
    /// </summary>
    private async Task<ItemPlan> PlanSecIdentifiersAsync(CancellationToken cancellationToken)
    {
        if (sec.ConfigurationProblem is { } problem)
        {
            return new ItemPlan.Fail("SEC identifiers not refreshed: " + problem);
        }

        var funds = await sec.GetFundTickersAsync(cancellationToken);
        if (!funds.TryGetData(out var fundClasses))
        {
            return new ItemPlan.Fail("company_tickers_mf.json: " + funds.Describe());
        }

        var companies = await sec.GetCompanyTickersAsync(cancellationToken);
        if (!companies.TryGetData(out var companyRows))
        {
            return new ItemPlan.Fail("company_tickers.json: " + companies.Describe());
        }

        string? note = null;
        return new ItemPlan.Write(async (context, token) =>
        {
            var applied = await SecIdentifiers.ApplyAsync(context.Db, fundClasses, companyRows, token);
            note = applied.Describe();
            return new BulkWriteResult(0, applied.Changed, applied.Matched - applied.Changed, 0);
        })
        {
            NoteAfterStore = () => note,
        };
    }

    private async Task<ItemPlan> PlanDirectoryAsync(IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var result = await directory.GetEtfsAsync(cancellationToken);
        if (!result.TryGetData(out var listing))
        {
            return new ItemPlan.Fail(result.Describe());
        }

        var scope = Scope(request);
        var listed = listing.Etfs.Where(e => scope is null || scope.Contains(e.Symbol)).ToList();
        var active = await db.Etfs.CountAsync(
            e => e.IsActive && e.Source != EtfSource.Manual && (scope == null || scope.Contains(e.Symbol)), cancellationToken);
        if (scope is null && listed.Count < options.Value.MinDirectoryShare * active)
        {
            return new ItemPlan.Fail(
                $"payload invalid: the directory lists {listed.Count} ETFs against {active} active ones; refusing to deactivate the difference");
        }

        var note = $"{listed.Count} ETFs listed; {listing.Diagnostics.TestIssuesDropped} test issue(s) and " +
                   $"{listing.Diagnostics.UnsupportedSymbolsSkipped} unsupported symbol(s) skipped";
        return new ItemPlan.Write((context, token) => ApplyAsync(listed, scope, context.Db, token), note);
    }

    private HashSet<string>? Scope(IngestionRequest request)
    {
        HashSet<string>? scope = null;
        if (options.Value.Symbols.Length > 0)
        {
            scope = [.. options.Value.Symbols.Select(s => EtfSymbol.TryNormalize(s, out var n) ? n : s)];
        }

        if (request.Symbols is { Count: > 0 } requested)
        {
            scope = scope is null ? [.. requested] : [.. scope.Intersect(requested)];
        }

        return scope;
    }

    private async Task<BulkWriteResult> ApplyAsync(
        IReadOnlyList<ListedEtf> listed, HashSet<string>? scope, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var known = await db.Etfs.Where(e => scope == null || scope.Contains(e.Symbol)).ToDictionaryAsync(e => e.Symbol, cancellationToken);
        long inserted = 0, updated = 0, unchanged = 0;
        foreach (var etf in listed)
        {
            if (!known.Remove(etf.Symbol, out var existing))
            {
                db.Etfs.Add(new Etf { Symbol = etf.Symbol, Name = etf.Name, Exchange = etf.Exchange, IsActive = true, FirstSeenAt = now, UpdatedAt = now });
                inserted++;
                continue;
            }

            var refreshed = existing with { Name = etf.Name, Exchange = etf.Exchange, IsActive = true };
            if (refreshed == existing)
            {
                unchanged++;
                continue;
            }

            db.Entry(existing).CurrentValues.SetValues(refreshed with { UpdatedAt = now });
            updated++;
        }

        // What is left was not in the file: it left the listing. Keep its history, mark it inactive
        // (a manually added fund stays: the directory never listed it in the first place).
        foreach (var gone in known.Values.Where(e => e.IsActive && e.Source != EtfSource.Manual))
        {
            db.Entry(gone).CurrentValues.SetValues(gone with { IsActive = false, UpdatedAt = now });
            updated++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new BulkWriteResult(inserted, updated, unchanged, 0);
    }
}
