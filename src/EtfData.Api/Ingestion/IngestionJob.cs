using EtfData.Api.Storage;
using EtfData.Domain;

namespace EtfData.Api.Ingestion;

/// <summary>What a caller asks of a run.</summary>
/// <param name="Trigger"><c>schedule</c>, <c>admin</c> or <c>cli</c>.</param>
/// <param name="Symbols">Limit to these normalised symbols; null or empty = the active universe.</param>
/// <param name="Backfill">Ask upstreams for whole histories instead of recent days.</param>
/// <param name="QueuedRunId">A run already recorded as queued (admin API) that this execution fulfils.</param>
/// <param name="Quarters">For <see cref="JobNames.NportBulk"/>: the data set quarters (<c>2026q2</c>) to load.</param>
/// <param name="WaitIfBusy">
/// While another run of the job is running: wait for it (recorded as queued), or, when false, refuse
/// with <see cref="RunConflictException"/> (the CLI).
/// </param>
public sealed record IngestionRequest(
    string Trigger, IReadOnlyList<string>? Symbols = null, bool Backfill = false, long? QueuedRunId = null, bool WaitIfBusy = true,
    IReadOnlyList<string>? Quarters = null);

/// <summary>Where a job item is written: one DbContext inside one transaction the runner owns.</summary>
public sealed record ItemWriteContext(EtfDataDbContext Db, BulkWriter Writer)
{
    /// <summary>The run the item belongs to, for rows that name it (<c>quarantine.run_id</c>); null outside a run.</summary>
    public long? RunId { get; init; }

    /// <summary>The job writing, for rows that name it; null outside a run.</summary>
    public string? Job { get; init; }
}

/// <summary>
/// The outcome of fetching one item. Fetching happens outside any transaction; only a
/// <see cref="Write"/> opens one, so slow upstreams never hold database connections.
/// </summary>
public abstract record ItemPlan
{
    private ItemPlan()
    {
    }

    /// <summary>The notes that are there, joined with <c>; </c>; null when there are none.</summary>
    public static string? JoinNotes(params string?[] notes) =>
        notes.Any(n => n is not null) ? string.Join("; ", notes.Where(n => n is not null)) : null;

    /// <summary>Store this, atomically: it all lands or nothing does.</summary>
    public sealed record Write(Func<ItemWriteContext, CancellationToken, Task<BulkWriteResult>> Store, string? Note = null) : ItemPlan
    {
        /// <summary>The note once <see cref="Store"/> has run, for items that only learn what they did while storing; replaces <see cref="Note"/>.</summary>
        public Func<string?>? NoteAfterStore { get; init; }
    }

    /// <summary>Nothing to do, and that is fine (e.g. the upstream has no data for a new fund yet).</summary>
    public sealed record Skip(string Reason) : ItemPlan;

    /// <summary>The item failed (upstream unavailable, payload invalid, unknown symbol…).</summary>
    public sealed record Fail(string Error) : ItemPlan;
}

/// <summary>One kind of ingestion: picks its items and plans each one; the runner does the rest.</summary>
public interface IIngestionJob
{
    /// <summary>Job name as used in the CLI, the admin API and the run log.</summary>
    string Name { get; }

    /// <summary>One line for the admin API and the CLI help.</summary>
    string Description { get; }

    /// <summary>The items (usually symbols) this run covers.</summary>
    Task<IReadOnlyList<string>> SelectItemsAsync(IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken);

    /// <summary>Fetches and parses one item, returning what to write.</summary>
    Task<ItemPlan> PlanAsync(string item, IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken);

    /// <summary>True when items must run one after another in the order selected (a later one relies on an earlier one's writes).</summary>
    bool ItemsInOrder => false;
}

/// <summary>Live progress of a run, for the CLI's progress bar.</summary>
public sealed record IngestionProgress(string Job, int Total, int Done, int Failed, long RowsChanged, string? LastItem);

/// <summary>Job names, in the order <c>ingest all</c> runs them.</summary>
public static class JobNames
{
    public const string Discovery = "discovery";
    public const string Prices = "prices";
    public const string Dividends = "dividends";
    public const string Splits = "splits";
    public const string Aum = "aum";
    public const string Flows = "flows";
    public const string Holdings = "holdings";

    /// <summary>Issuers' daily holdings files; its shares outstanding feed <see cref="Flows"/>, so it runs before it.</summary>
    public const string HoldingsIssuer = "holdings-issuer";

    /// <summary>Schwab's holdings pages for funds without an issuer file.</summary>
    public const string HoldingsSchwab = "holdings-schwab";

    /// <summary>etfdb.com profiles and reported flows.</summary>
    public const string Etfdb = "etfdb";

    /// <summary>Bulk N-PORT load from SEC's quarterly data sets; run on demand only (it needs the quarters).</summary>
    public const string NportBulk = "nport-bulk";

    public static IReadOnlyList<string> All { get; } =
        [Discovery, Prices, Dividends, Splits, Aum, HoldingsIssuer, Flows, Holdings, HoldingsSchwab, Etfdb];
}

/// <summary>Helpers shared by jobs that walk the ETF universe.</summary>
public static class Universe
{
    /// <summary>
    /// Active ETFs, or the requested symbols among all known ones, in symbol order. A requested
    /// symbol that is not in the universe fails the run (<see cref="UnknownSymbolsException"/>):
    /// silently doing nothing for it would report success for work that was not done.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ActiveSymbolsAsync(IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Symbols is { Count: > 0 } requested)
        {
            var unknown = await UnknownAsync(requested, db, cancellationToken);
            if (unknown.Count > 0)
            {
                throw new UnknownSymbolsException(unknown);
            }

            return [.. requested.Distinct().Order(StringComparer.Ordinal)];
        }

        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Etfs.Where(e => e.IsActive).OrderBy(e => e.Symbol).Select(e => e.Symbol), cancellationToken);
    }

    /// <summary>The normalised <paramref name="symbols"/> that are not in the <c>etf</c> table, in the order given.</summary>
    public static async Task<IReadOnlyList<string>> UnknownAsync(IReadOnlyCollection<string> symbols, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var known = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Etfs.Where(e => symbols.Contains(e.Symbol)).Select(e => e.Symbol), cancellationToken);
        return [.. symbols.Where(s => !known.Contains(s)).Distinct()];
    }

    /// <summary>
    /// True when a run of <paramref name="job"/> needs its symbols in the universe beforehand. Discovery
    /// is the exception: its symbol list scopes the directory, so it may name funds not known yet.
    /// </summary>
    public static bool RequiresKnownSymbols(string job) => !string.Equals(job, JobNames.Discovery, StringComparison.OrdinalIgnoreCase);

    /// <summary>The sentence users read about unknown symbols (CLI, admin API, run error).</summary>
    public static string DescribeUnknown(IReadOnlyCollection<string> unknown) =>
        $"Unknown symbol(s): {string.Join(", ", unknown)}. They are not in the ETF universe (table etf): " +
        "run discovery, or add a listed fund it missed with `ingest add SYMBOL` / POST /api/admin/etfs.";
}

/// <summary>A run named symbols that are not in the ETF universe.</summary>
public sealed class UnknownSymbolsException(IReadOnlyList<string> unknown) : Exception(Universe.DescribeUnknown(unknown))
{
    public IReadOnlyList<string> Unknown { get; } = unknown;
}

/// <summary>
/// A check of a finished run's outcome as a whole, for outcomes that cannot be true although every
/// item succeeded (see <see cref="Domain.RunStatus.Suspect"/>).
/// </summary>
public interface IRunCheck
{
    /// <summary>The job whose runs this checks.</summary>
    string Job { get; }

    /// <summary>Why the run is suspect, or null when its outcome is plausible.</summary>
    Task<string?> FindSuspicionAsync(long runId, IReadOnlyList<IngestionItem> items, EtfDataDbContext db, CancellationToken cancellationToken);
}
