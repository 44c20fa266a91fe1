using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace EtfData.Api.Ingestion.Holdings;

/// <summary>
/// Writes the positions of a snapshot that was just created with one binary COPY straight into <c>holding</c>:
/// the snapshot's key range is empty, so there is nothing to stage, compare, upsert or delete. Every other write of
/// positions goes through <see cref="BulkWriter"/>. Columns come from the EF model, as BulkWriter's do.
/// </summary>
public static class HoldingsCopy
{
    private static readonly Lock Gate = new();
    private static CopyMap? map;

    /// <summary>Inserts <paramref name="rows"/> inside the caller's transaction; a duplicate key fails the whole COPY.</summary>
    public static async Task<BulkWriteResult> InsertNewAsync(EtfDataDbContext db, IReadOnlyCollection<Holding> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A new snapshot's positions are written inside the transaction that created it.");
        }

        if (rows.Count == 0)
        {
            return BulkWriteResult.Empty;
        }

        var columns = MapOf(db.Model);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var importer = await connection.BeginBinaryImportAsync(columns.CopySql, cancellationToken))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                foreach (var column in columns.Columns)
                {
                    if (column.Read(row) is { } value)
                    {
                        await importer.WriteAsync(value, column.CopyTypeName, cancellationToken);
                    }
                    else
                    {
                        await importer.WriteNullAsync(cancellationToken);
                    }
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }

        return new BulkWriteResult(rows.Count, 0, 0, 0);
    }

    private static CopyMap MapOf(IModel model)
    {
        lock (Gate)
        {
            return map ??= CopyMap.From(model);
        }
    }

    private sealed record CopyColumn(string Name, string CopyTypeName, Func<Holding, object?> Read);

    private sealed record CopyMap(string CopySql, IReadOnlyList<CopyColumn> Columns)
    {
        public static CopyMap From(IModel model)
        {
            var entity = model.FindEntityType(typeof(Holding))!;
            var table = entity.GetTableName()!;
            var storeObject = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var columns = new List<CopyColumn>();
            foreach (var property in entity.GetProperties())
            {
                if (property.ValueGenerated != ValueGenerated.Never || property.GetDefaultValueSql() is not null)
                {
                    continue; // database-owned, as in BulkWriter
                }

                var getter = property.GetGetter();
                var converter = property.GetTypeMapping().Converter;
                var storeType = property.GetColumnType();
                var parenthesis = storeType.IndexOf('(', StringComparison.Ordinal);
                columns.Add(new CopyColumn(
                    property.GetColumnName(storeObject)!,
                    parenthesis < 0 ? storeType : storeType[..parenthesis],
                    converter is null
                        ? row => getter.GetClrValueUsingContainingEntity(row)
                        : row => getter.GetClrValueUsingContainingEntity(row) is { } value ? converter.ConvertToProvider(value) : null));
            }

            var list = string.Join(", ", columns.Select(c => "\"" + c.Name + "\""));
            return new CopyMap($"COPY \"{table}\" ({list}) FROM STDIN (FORMAT BINARY)", columns);
        }
    }
}
