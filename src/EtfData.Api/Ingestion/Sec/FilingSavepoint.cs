using EtfData.Api.Storage;
using Npgsql;

namespace EtfData.Api.Ingestion.Sec;

/// <summary>
/// One filing's writes inside the item's transaction, behind a savepoint: a filing whose values the
/// database refuses (a CHECK, a malformed identifier) is rolled back alone and reported, while the
/// item's other filings stay. Nothing of the refused filing remains.
/// </summary>
public static class FilingSavepoint
{
    private const string Name = "nport_filing";

    /// <summary>The result of <paramref name="store"/>, or the database's refusal with nothing of it written.</summary>
    public static async Task<(BulkWriteResult Result, string? Refusal)> TryAsync(
        ItemWriteContext context, Func<CancellationToken, Task<BulkWriteResult>> store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(store);
        var transaction = context.Db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("A filing is stored inside the item's transaction.");
        await transaction.CreateSavepointAsync(Name, cancellationToken);
        try
        {
            var result = await store(cancellationToken);
            await transaction.ReleaseSavepointAsync(Name, cancellationToken);
            return (result, null);
        }
        // Class 22 (data exception) and 23 (integrity constraint violation): the rows, not the database, are at fault.
        catch (PostgresException ex) when (ex.SqlState.StartsWith("22", StringComparison.Ordinal) || ex.SqlState.StartsWith("23", StringComparison.Ordinal))
        {
            await transaction.RollbackToSavepointAsync(Name, cancellationToken);
            // Entities the refused filing added must not be saved with a later one.
            context.Db.ChangeTracker.Clear();
            return (BulkWriteResult.Empty, $"database refused the rows: {ex.MessageText} ({ex.ConstraintName ?? ex.SqlState})");
        }
    }
}
