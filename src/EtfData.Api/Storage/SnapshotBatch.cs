using Npgsql;

namespace EtfData.Api.Storage;

/// <summary>
/// Makes a multi-statement read answer from one snapshot of the database. A batch without a transaction runs
/// in an implicit one under READ COMMITTED, where every statement takes its own snapshot: a commit landing
/// between two statements (the holdings snapshot replaced between its header and its positions, a new bar
/// after the AUM was read) would mix two runs' versions in one answer. BEGIN and COMMIT travel in the same
/// batch, so the read stays one round trip. REPEATABLE READ READ ONLY never blocks a writer, never fails
/// with a serialisation error on reads, and is allowed on a hot standby (the read replica).
/// </summary>
internal static class SnapshotBatch
{
    private const string Begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    private const string Commit = "COMMIT";

    /// <summary>
    /// Wraps <paramref name="batch"/>'s statements (all added already) in one REPEATABLE READ READ ONLY
    /// transaction; BEGIN and COMMIT return no result set, so the caller reads the same results in the same order.
    /// </summary>
    public static NpgsqlBatch InOneSnapshot(this NpgsqlBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.BatchCommands.Insert(0, new NpgsqlBatchCommand(Begin));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Commit));
        return batch;
    }
}
