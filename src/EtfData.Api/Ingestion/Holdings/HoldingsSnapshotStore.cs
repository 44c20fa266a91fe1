using EtfData.Api.Storage;
using EtfData.Domain;

namespace EtfData.Api.Ingestion.Holdings;

/// <summary>A parsed holdings list to store: positions in published order, <see cref="Holding.SnapshotId"/> ignored.</summary>
/// <param name="Symbol">The ETF.</param>
/// <param name="Source">A <see cref="HoldingSources"/> name.</param>
/// <param name="AsOf">The date the source says the positions are as of.</param>
/// <param name="Coverage"><see cref="HoldingCoverage.Full"/> or <see cref="HoldingCoverage.Top"/>.</param>
/// <param name="Positions">Positions with distinct 1-based <see cref="Holding.Position"/>.</param>
/// <param name="ParserVersion">Version of the parser that read them.</param>
public sealed record SnapshotToStore(string Symbol, string Source, DateOnly AsOf, string Coverage, IReadOnlyList<Holding> Positions, int ParserVersion);

/// <summary>What storing a snapshot did.</summary>
/// <param name="Stored">False when its content equals the latest stored snapshot of the same symbol and source.</param>
/// <param name="SnapshotId">The stored snapshot, or the unchanged latest one.</param>
/// <param name="UnchangedSince">When not stored: the as-of date of the equal snapshot kept.</param>
/// <param name="WeightSum">Σ weight over every line.</param>
/// <param name="WeightCheck"><c>ok</c> or <c>off</c> (beyond the tolerance); null for a top list.</param>
/// <param name="Written">Rows written, for the run log.</param>
public sealed record SnapshotStoreOutcome(bool Stored, long SnapshotId, DateOnly? UnchangedSince, decimal? WeightSum, string? WeightCheck, BulkWriteResult Written);

/// <summary>
/// Stores holdings snapshots of every non-N-PORT source: only when the content differs from the latest
/// snapshot of the same symbol and source (by <see cref="HoldingSnapshot.ContentHash"/>), with the weight
/// check and each position's security resolved (<see cref="SecurityIndex"/>).
/// </summary>
public static class HoldingsSnapshotStore
{
    /// <summary>Stores <paramref name="snapshot"/> inside the item's transaction; see the class remarks.</summary>
    /// <param name="context">The item's write context.</param>
    /// <param name="snapshot">What to store.</param>
    /// <param name="weightTolerance">Largest |Σ weight − 1| still <c>ok</c>.</param>
    /// <param name="cancellationToken">Abort.</param>
    public static Task<SnapshotStoreOutcome> StoreAsync(
        ItemWriteContext context, SnapshotToStore snapshot, decimal weightTolerance, CancellationToken cancellationToken) =>
        throw new NotImplementedException("holdings snapshot store: being built");
}

/// <summary>
/// One identity per security across sources: CUSIP, else ISIN, else ticker + exchange, else the normalised
/// name. A position stating two identifiers links them on the security, so positions of other sources that
/// state only one find the same security; sector, country and asset class are learned from any source that states them.
/// </summary>
public static class SecurityIndex
{
    /// <summary>
    /// Resolves every position of <paramref name="snapshotId"/> to a <see cref="Security"/> (creating, completing or
    /// merging securities as needed) and sets <see cref="Holding.SecurityId"/>. Runs inside the caller's transaction;
    /// serialised across writers. Returns the number of positions assigned.
    /// </summary>
    public static Task<int> AssignAsync(EtfDataDbContext db, long snapshotId, string source, CancellationToken cancellationToken) =>
        throw new NotImplementedException("security index: being built");
}
