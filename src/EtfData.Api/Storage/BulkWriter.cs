using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace EtfData.Api.Storage;

/// <summary>What one <see cref="BulkWriter"/> upsert call did.</summary>
public sealed record BulkWriteResult(long Inserted, long Updated, long Unchanged, long Deleted)
{
    public static BulkWriteResult Empty { get; } = new(0, 0, 0, 0);

    public long Changed => Inserted + Updated + Deleted;

    public static BulkWriteResult operator +(BulkWriteResult a, BulkWriteResult b) =>
        new(a.Inserted + b.Inserted, a.Updated + b.Updated, a.Unchanged + b.Unchanged, a.Deleted + b.Deleted);
}

/// <summary>
/// Rows of the target table that the batch replaces as a whole: rows matching every
/// <see cref="Matching"/> pair (entity property name → value) whose key is absent from the batch are
/// deleted. An events re-sync uses it so that a dividend upstream withdrew disappears here too.
/// </summary>
public sealed record BulkReplaceScope(IReadOnlyDictionary<string, object> Matching)
{
    public static BulkReplaceScope Where(string property, object value) => new(new Dictionary<string, object> { [property] = value });
}

/// <summary>
/// Upserts many rows into a table mapped by <see cref="EtfDataDbContext"/>: binary COPY into a
/// temporary table, then one <c>INSERT … ON CONFLICT … DO UPDATE … WHERE … IS DISTINCT FROM …</c>.
/// Rows identical to the stored ones are filtered out by a join before the insert, so they are
/// neither locked nor rewritten and cost no WAL. Table, columns, types and key come from the EF
/// model, so every mapped table is served without code of its own.
/// </summary>
/// <remarks>
/// One transaction per call; when the DbContext already has a transaction open, the call joins it
/// instead (a job that writes prices, dividends and splits of one symbol atomically).
/// </remarks>
public sealed class BulkWriter(EtfDataDbContext db)
{
    private static readonly ConcurrentDictionary<Type, TableMap> Maps = new();
    private static long stagingCounter;

    public Task<BulkWriteResult> UpsertAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class =>
        UpsertAsync(rows, null, cancellationToken);

    public async Task<BulkWriteResult> UpsertAsync<T>(
        IReadOnlyCollection<T> rows, BulkReplaceScope? replaceScope, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0 && replaceScope is null)
        {
            return BulkWriteResult.Empty;
        }

        var map = Maps.GetOrAdd(typeof(T), _ => TableMap.From(db.Model, typeof(T)));
        var ownsTransaction = db.Database.CurrentTransaction is null;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            IDbContextTransaction? transaction = ownsTransaction
                ? await db.Database.BeginTransactionAsync(cancellationToken)
                : null;
            try
            {
                var result = await WriteAsync(connection, map, rows, replaceScope, cancellationToken);
                if (transaction is not null)
                {
                    await transaction.CommitAsync(cancellationToken);
                }

                return result;
            }
            finally
            {
                if (transaction is not null)
                {
                    await transaction.DisposeAsync();
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<BulkWriteResult> WriteAsync<T>(
        NpgsqlConnection connection, TableMap map, IReadOnlyCollection<T> rows, BulkReplaceScope? scope, CancellationToken cancellationToken)
    {
        var staging = $"bulk_{map.Table}_{Interlocked.Increment(ref stagingCounter).ToString(CultureInfo.InvariantCulture)}";
        var columnList = string.Join(", ", map.Columns.Select(c => Quote(c.Name)));

        await ExecuteAsync(connection,
            $"CREATE TEMP TABLE {staging} ON COMMIT DROP AS SELECT {columnList} FROM {Quote(map.Table)} WITH NO DATA",
            cancellationToken);

        await using (var importer = await connection.BeginBinaryImportAsync(
            $"COPY {staging} ({columnList}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in rows)
            {
                ArgumentNullException.ThrowIfNull(row, nameof(rows));
                await importer.StartRowAsync(cancellationToken);
                foreach (var column in map.Columns)
                {
                    var value = column.Read(row);
                    if (value is null)
                    {
                        await importer.WriteNullAsync(cancellationToken);
                    }
                    else
                    {
                        await importer.WriteAsync(value, column.CopyTypeName, cancellationToken);
                    }
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }

        long inserted = 0, updated = 0;
        if (rows.Count > 0)
        {
            try
            {
                await using var upsert = new NpgsqlCommand(map.UpsertSql(staging), connection) { CommandTimeout = 0 };
                await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                inserted = reader.GetInt64(0);
                updated = reader.GetInt64(1);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CardinalityViolation)
            {
                throw new ArgumentException(
                    $"The batch for table {map.Table} holds two rows with the same key ({string.Join(", ", map.KeyColumns)}).", nameof(rows), ex);
            }
        }

        long deleted = 0;
        if (scope is not null)
        {
            await using var delete = new NpgsqlCommand(map.DeleteMissingSql(staging, scope, out var parameters), connection);
            delete.Parameters.AddRange(parameters);
            deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(connection, $"DROP TABLE {staging}", cancellationToken);
        return new BulkWriteResult(inserted, updated, rows.Count - inserted - updated, deleted);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record Column(string Name, string PropertyName, string CopyTypeName, bool IsKey, Func<object, object?> Read);

    private sealed record TableMap(string Table, IReadOnlyList<Column> Columns)
    {
        public IEnumerable<string> KeyColumns => Columns.Where(c => c.IsKey).Select(c => c.Name);

        public static TableMap From(IModel model, Type clrType)
        {
            var entity = model.FindEntityType(clrType)
                ?? throw new InvalidOperationException($"{clrType.Name} is not mapped by {nameof(EtfDataDbContext)}.");
            var table = entity.GetTableName()!;
            var storeObject = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var key = entity.FindPrimaryKey()!;
            if (key.Properties.Any(p => p.ValueGenerated != ValueGenerated.Never))
            {
                throw new InvalidOperationException(
                    $"Table {table} has a database-generated key; bulk upsert needs a natural key.");
            }

            var columns = new List<Column>();
            foreach (var property in entity.GetProperties())
            {
                if (property.ValueGenerated != ValueGenerated.Never || property.GetDefaultValueSql() is not null)
                {
                    // Database-owned columns (defaults such as fetched_at) are left to the database.
                    continue;
                }

                var getter = property.GetGetter();
                var converter = property.GetTypeMapping().Converter;
                columns.Add(new Column(
                    property.GetColumnName(storeObject)!,
                    property.Name,
                    BaseTypeName(property.GetColumnType()),
                    key.Properties.Contains(property),
                    converter is null ? getter.GetClrValueUsingContainingEntity : Convert(getter, converter)));
            }

            return new TableMap(table, columns);
        }

        private static Func<object, object?> Convert(IClrPropertyGetter getter, ValueConverter converter) =>
            entity => getter.GetClrValueUsingContainingEntity(entity) is { } value ? converter.ConvertToProvider(value) : null;

        // COPY takes the base type; modifiers such as numeric's (18,6) are the table's business.
        private static string BaseTypeName(string storeType)
        {
            var parenthesis = storeType.IndexOf('(', StringComparison.Ordinal);
            return parenthesis < 0 ? storeType : storeType[..parenthesis];
        }

        public string UpsertSql(string staging)
        {
            var keys = Columns.Where(c => c.IsKey).Select(c => Quote(c.Name)).ToList();
            var values = Columns.Where(c => !c.IsKey).Select(c => Quote(c.Name)).ToList();
            var all = string.Join(", ", Columns.Select(c => Quote(c.Name)));
            var join = string.Join(" AND ", keys.Select(k => $"cur.{k} = s.{k}"));
            var sql = new StringBuilder();
            sql.Append(CultureInfo.InvariantCulture, $"WITH written AS (INSERT INTO {Quote(Table)} AS t ({all}) ");
            sql.Append(CultureInfo.InvariantCulture, $"SELECT {string.Join(", ", Columns.Select(c => "s." + Quote(c.Name)))} FROM {staging} s ");
            sql.Append(CultureInfo.InvariantCulture, $"LEFT JOIN {Quote(Table)} cur ON {join} ");
            sql.Append(CultureInfo.InvariantCulture, $"WHERE cur.{keys[0]} IS NULL");
            if (values.Count > 0)
            {
                sql.Append(CultureInfo.InvariantCulture, $" OR ({Row("cur", values)}) IS DISTINCT FROM ({Row("s", values)})");
                sql.Append(CultureInfo.InvariantCulture, $" ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET ");
                sql.Append(string.Join(", ", values.Select(v => $"{v} = EXCLUDED.{v}")));
                sql.Append(CultureInfo.InvariantCulture, $" WHERE ({Row("t", values)}) IS DISTINCT FROM ({Row("EXCLUDED", values)})");
            }
            else
            {
                sql.Append(CultureInfo.InvariantCulture, $" ON CONFLICT ({string.Join(", ", keys)}) DO NOTHING");
            }

            // xmax = 0 only on a freshly inserted tuple: the usual way to tell inserts from updates.
            sql.Append(" RETURNING (xmax = 0) AS inserted) ");
            sql.Append("SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written");
            return sql.ToString();
        }

        public string DeleteMissingSql(string staging, BulkReplaceScope scope, out NpgsqlParameter[] parameters)
        {
            var conditions = new List<string>();
            var list = new List<NpgsqlParameter>();
            foreach (var (property, value) in scope.Matching)
            {
                var column = Columns.FirstOrDefault(c => c.PropertyName == property)
                    ?? throw new ArgumentException($"{property} is not a column of {Table}.", nameof(scope));
                list.Add(new NpgsqlParameter { Value = value });
                conditions.Add($"t.{Quote(column.Name)} = ${list.Count.ToString(CultureInfo.InvariantCulture)}");
            }

            var keyMatch = string.Join(" AND ", Columns.Where(c => c.IsKey).Select(c => $"s.{Quote(c.Name)} = t.{Quote(c.Name)}"));
            parameters = [.. list];
            return $"DELETE FROM {Quote(Table)} t WHERE {string.Join(" AND ", conditions)} " +
                   $"AND NOT EXISTS (SELECT 1 FROM {staging} s WHERE {keyMatch})";
        }

        private static string Row(string alias, IEnumerable<string> columns) =>
            string.Join(", ", columns.Select(c => $"{alias}.{c}"));
    }
}
