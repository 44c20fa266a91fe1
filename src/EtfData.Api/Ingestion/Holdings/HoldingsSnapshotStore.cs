using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;

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
/// <remarks>
/// The snapshot compared with is the newest one of the symbol and source dated on or before the new one (the
/// <c>is_latest</c> one in a forward run; an older file read in a backfill is compared with what preceded it).
/// Equal content stores nothing but is recorded on the equal snapshot (<c>checked_at</c>, <c>confirmed_as_of</c>).
/// Different content is stored, replacing a snapshot of the same source and day; a day re-published with the
/// content of the snapshot before it withdraws that day's snapshot instead, so no two consecutive ones are equal. Writers of one symbol and
/// source are serialised by a transaction-scoped advisory lock.
/// </remarks>
public static class HoldingsSnapshotStore
{
    /// <summary>The weight tolerance of N-PORT snapshots, which have no option of their own: 2 points of net assets.</summary>
    public const decimal DefaultWeightTolerance = 0.02m;

    /// <summary>Stores <paramref name="snapshot"/> inside the item's transaction; see the class remarks.</summary>
    /// <param name="context">The item's write context.</param>
    /// <param name="snapshot">What to store.</param>
    /// <param name="weightTolerance">Largest |Σ weight − 1| still <c>ok</c>.</param>
    /// <param name="cancellationToken">Abort.</param>
    public static async Task<SnapshotStoreOutcome> StoreAsync(
        ItemWriteContext context, SnapshotToStore snapshot, decimal weightTolerance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(snapshot);
        Validate(snapshot);

        var db = context.Db;
        await SecurityIndex.LockAsync(db, cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey(snapshot.Symbol, snapshot.Source)})", cancellationToken);

        var hash = HoldingsContentHash.Compute(snapshot.Positions);
        var (weightSum, weightCheck) = WeightCheck(snapshot.Positions, snapshot.Coverage, weightTolerance);

        // The newest two dated on or before this one: a same-day snapshot and the one before it.
        var recent = await db.HoldingSnapshots.AsNoTracking()
            .Where(s => s.Symbol == snapshot.Symbol && s.Source == snapshot.Source && s.AsOf <= snapshot.AsOf)
            .OrderByDescending(s => s.AsOf).ThenByDescending(s => s.Id)
            .Take(2)
            .ToListAsync(cancellationToken);
        var sameDay = recent.FirstOrDefault(s => s.AsOf == snapshot.AsOf);
        var before = recent.FirstOrDefault(s => s.AsOf < snapshot.AsOf);
        var equal = sameDay?.ContentHash == hash ? sameDay : before?.ContentHash == hash ? before : null;
        if (equal is not null)
        {
            var deleted = 0;
            if (sameDay is not null && equal != sameDay)
            {
                // The day was re-published with the content of the day before: its earlier read is withdrawn.
                deleted = await db.HoldingSnapshots.Where(s => s.Id == sameDay.Id).ExecuteDeleteAsync(cancellationToken);
            }

            await db.Database.ExecuteSqlAsync($"""
                UPDATE holding_snapshot
                   SET checked_at = now(), confirmed_as_of = GREATEST(coalesce(confirmed_as_of, as_of), {snapshot.AsOf})
                 WHERE id = {equal.Id}
                """, cancellationToken);
            return new SnapshotStoreOutcome(
                false, equal.Id, equal.AsOf, equal.WeightSum, equal.WeightCheck,
                new BulkWriteResult(0, 0, 1 + equal.PositionCount, deleted));
        }

        // One statement, so a same-day snapshot of the source is replaced in place (its id kept).
        var written = await db.Database.SqlQuery<SnapshotWrite>($"""
            INSERT INTO holding_snapshot (symbol, as_of, source, position_count, parser_version, coverage, content_hash,
                                          weight_sum, weight_check, checked_at, confirmed_as_of)
            VALUES ({snapshot.Symbol}, {snapshot.AsOf}, {snapshot.Source}, {snapshot.Positions.Count}, {snapshot.ParserVersion},
                    {snapshot.Coverage}, {hash}, {weightSum}, {weightCheck}, now(), {snapshot.AsOf})
            ON CONFLICT (symbol, as_of, source) DO UPDATE
                SET position_count = EXCLUDED.position_count, parser_version = EXCLUDED.parser_version,
                    coverage = EXCLUDED.coverage, content_hash = EXCLUDED.content_hash, weight_sum = EXCLUDED.weight_sum,
                    weight_check = EXCLUDED.weight_check, checked_at = EXCLUDED.checked_at,
                    confirmed_as_of = EXCLUDED.confirmed_as_of, fetched_at = now()
            RETURNING id AS "Id", (xmax = 0) AS "Inserted"
            """).ToListAsync(cancellationToken);
        var stored = written.Single();
        var result = stored.Inserted ? new BulkWriteResult(1, 0, 0, 0) : new BulkWriteResult(0, 1, 0, 0);

        var positions = snapshot.Positions.Select(h => h with { SnapshotId = stored.Id, ParserVersion = snapshot.ParserVersion });
        if (stored.Inserted)
        {
            // A snapshot this statement created has no positions yet: each row is written once, by COPY, with its security.
            var rows = await SecurityIndex.ResolveAsync(db, positions.ToList(), snapshot.Source, cancellationToken);
            result += await HoldingsCopy.InsertNewAsync(db, rows, cancellationToken);
        }
        else
        {
            var rows = await SecurityIndex.KeepAssignedAsync(db, stored.Id, positions, cancellationToken);
            rows = await SecurityIndex.ResolveAsync(db, rows, snapshot.Source, cancellationToken);
            result += await context.Writer.UpsertAsync(rows, BulkReplaceScope.Where(nameof(Holding.SnapshotId), stored.Id), cancellationToken);
        }

        return new SnapshotStoreOutcome(true, stored.Id, null, weightSum, weightCheck, result);
    }

    /// <summary>
    /// Σ weight over every line that states one (cash and derivatives included) and whether it is within
    /// <paramref name="tolerance"/> of 1; a top list is not checked, and a list without weights has neither.
    /// </summary>
    public static (decimal? WeightSum, string? WeightCheck) WeightCheck(IEnumerable<Holding> positions, string coverage, decimal tolerance)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var weights = positions.Where(p => p.Weight is not null).Select(p => p.Weight!.Value).ToList();
        if (weights.Count == 0)
        {
            return (null, null);
        }

        var sum = weights.Sum();
        if (coverage != HoldingCoverage.Full)
        {
            return (sum, null);
        }

        return (sum, Math.Abs(sum - 1m) <= tolerance ? "ok" : "off");
    }

    private static void Validate(SnapshotToStore snapshot)
    {
        if (snapshot.Coverage is not (HoldingCoverage.Full or HoldingCoverage.Top))
        {
            throw new ArgumentException($"Coverage must be '{HoldingCoverage.Full}' or '{HoldingCoverage.Top}', not '{snapshot.Coverage}'.", nameof(snapshot));
        }

        if (snapshot.Source == NportSource.Name)
        {
            throw new ArgumentException("N-PORT snapshots are stored by NportStore.", nameof(snapshot));
        }

        if (snapshot.Positions.Count == 0)
        {
            throw new ArgumentException($"The {snapshot.Source} holdings of {snapshot.Symbol} as of {snapshot.AsOf:yyyy-MM-dd} list no position: nothing to store.", nameof(snapshot));
        }

        var duplicate = snapshot.Positions.GroupBy(p => p.Position).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Position {duplicate.Key} appears {duplicate.Count()} times in the {snapshot.Source} holdings of {snapshot.Symbol}.", nameof(snapshot));
        }
    }

    /// <summary>Advisory lock key of one symbol and source: the first 8 bytes of a SHA-256, stable across processes.</summary>
    private static long LockKey(string symbol, string source) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"holding-snapshot|{symbol}|{source}")));

    private sealed record SnapshotWrite(long Id, bool Inserted);
}
