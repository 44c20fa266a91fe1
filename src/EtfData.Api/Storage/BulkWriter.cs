using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
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
/// Upserts many rows into a table mapped by <see cref="EtfDataDbContext"/> with one
/// <c>INSERT … ON CONFLICT … DO UPDATE … WHERE … IS DISTINCT FROM …</c>. A batch of up to
/// <see cref="ArrayBatchLimit"/> rows travels as one array per column in a single prepared statement
/// (no temporary table, so a nightly call of a few rows writes no catalog rows and is planned as
/// index look-ups); a larger batch is binary-COPied into a temporary table kept per connection.
/// Rows identical to the stored ones are filtered out by a join before the insert, so they are
/// neither locked nor rewritten and cost no WAL; into an empty table the join is skipped. Table,
/// columns, types and key come from the EF model, so every mapped table is served without code of its own.
/// </summary>
/// <remarks>
/// One transaction per call; when the DbContext already has a transaction open, the call joins it
/// instead (a job that writes prices, dividends and splits of one symbol atomically). A call that is
/// a single statement (array path, no replace scope) needs no transaction of its own.
/// </remarks>
public sealed class BulkWriter(EtfDataDbContext db)
{
    /// <summary>Largest batch sent as column arrays; measured in bench/parts/write.sh (README, Performance).</summary>
    public const int DefaultArrayBatchLimit = 1_000;

    private static readonly ConcurrentDictionary<Type, TableMap> Maps = new();

    /// <summary>Batches of at most this many rows go as column arrays, larger ones through COPY.</summary>
    public int ArrayBatchLimit { get; init; } = DefaultArrayBatchLimit;

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

        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
        }

        var map = Maps.GetOrAdd(typeof(T), _ => TableMap.From(db.Model, typeof(T)));
        var useArrays = rows.Count <= ArrayBatchLimit;
        var ownsTransaction = db.Database.CurrentTransaction is null;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            IDbContextTransaction? transaction = ownsTransaction && !(useArrays && replaceScope is null)
                ? await db.Database.BeginTransactionAsync(cancellationToken)
                : null;
            try
            {
                var result = useArrays
                    ? await WriteArraysAsync(connection, map, rows, replaceScope, cancellationToken)
                    : await WriteStagedAsync(connection, map, rows, replaceScope, truncateAfter: !ownsTransaction, cancellationToken);
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

    private static async Task<BulkWriteResult> WriteArraysAsync<T>(
        NpgsqlConnection connection, TableMap map, IReadOnlyCollection<T> rows, BulkReplaceScope? scope, CancellationToken cancellationToken)
    {
        long inserted = 0, updated = 0;
        if (rows.Count > 0)
        {
            await using var upsert = new NpgsqlCommand(map.ArrayUpsertSql, connection);
            foreach (var column in map.Columns)
            {
                upsert.Parameters.Add(column.ArrayParameter(rows));
            }

            // Prepared once per physical connection (Npgsql keeps it across pool returns): no planning per call.
            await upsert.PrepareAsync(cancellationToken);
            (inserted, updated) = await UpsertAsync(upsert, map, cancellationToken);
        }

        long deleted = 0;
        if (scope is not null)
        {
            var scopeParameters = map.ScopeParameters(scope, out var conditions);
            await using var delete = new NpgsqlCommand(
                map.DeleteMissingSql(conditions, map.ArraySource(firstParameter: scopeParameters.Length + 1, keysOnly: true)), connection);
            delete.Parameters.AddRange(scopeParameters);
            foreach (var column in map.Columns.Where(c => c.IsKey))
            {
                delete.Parameters.Add(column.ArrayParameter(rows));
            }

            await delete.PrepareAsync(cancellationToken);
            deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        return new BulkWriteResult(inserted, updated, rows.Count - inserted - updated, deleted);
    }

    private static async Task<BulkWriteResult> WriteStagedAsync<T>(
        NpgsqlConnection connection, TableMap map, IReadOnlyCollection<T> rows, BulkReplaceScope? scope, bool truncateAfter, CancellationToken cancellationToken)
    {
        // One staging table per connection and target, emptied by every commit: created once, not per call.
        // (A pooled connection's reset drops temporary tables, so a fresh one is created after that.)
        await ExecuteAsync(connection,
            $"CREATE TEMP TABLE IF NOT EXISTS {map.Staging} ON COMMIT DELETE ROWS AS SELECT {map.ColumnList} FROM {Quote(map.Table)} WITH NO DATA",
            cancellationToken);

        if (map.CanCopyText)
        {
            await CopyTextAsync(connection, map, rows, cancellationToken);
        }
        else
        {
            await using var importer = await connection.BeginBinaryImportAsync(
                $"COPY {map.Staging} ({map.ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                foreach (var column in map.Columns)
                {
                    await column.WriteAsync(importer, row!, cancellationToken);
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }

        long inserted = 0, updated = 0;
        if (rows.Count > 0)
        {
            // Into an empty table every row is new: the join that skips identical rows would only cost time.
            bool targetEmpty;
            await using (var empty = new NpgsqlCommand($"SELECT NOT EXISTS (SELECT FROM {Quote(map.Table)})", connection))
            {
                targetEmpty = (bool)(await empty.ExecuteScalarAsync(cancellationToken))!;
            }

            await using var upsert = new NpgsqlCommand(map.UpsertSql(map.Staging, prefilter: !targetEmpty), connection) { CommandTimeout = 0 };
            (inserted, updated) = await UpsertAsync(upsert, map, cancellationToken);
        }

        long deleted = 0;
        if (scope is not null)
        {
            var parameters = map.ScopeParameters(scope, out var conditions);
            await using var delete = new NpgsqlCommand(map.DeleteMissingSql(conditions, map.Staging), connection) { CommandTimeout = 0 };
            delete.Parameters.AddRange(parameters);
            deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        if (truncateAfter)
        {
            // Inside a caller's transaction the commit that empties the table may be several calls away.
            await ExecuteAsync(connection, $"TRUNCATE {map.Staging}", cancellationToken);
        }

        return new BulkWriteResult(inserted, updated, rows.Count - inserted - updated, deleted);
    }

    /// <summary>
    /// COPY in text format, every value formatted straight into one reused character buffer. Measured
    /// (bench/parts/write.sh) against binary COPY through <see cref="NpgsqlBinaryImporter"/>, whose
    /// per-value bookkeeping made the client, not the server, the slow end of the load.
    /// </summary>
    private static async Task CopyTextAsync<T>(NpgsqlConnection connection, TableMap map, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginTextImportAsync($"COPY {map.Staging} ({map.ColumnList}) FROM STDIN", cancellationToken);
        var buffer = new char[64 * 1024];
        var used = 0;
        var last = map.Columns.Count - 1;
        foreach (var row in rows)
        {
            for (var i = 0; i <= last; i++)
            {
                int written;
                while (!map.Columns[i].TryFormatText(row!, buffer.AsSpan(used), i == last ? '\n' : '\t', out written))
                {
                    if (used == 0)
                    {
                        // One value longer than the whole buffer.
                        buffer = new char[buffer.Length * 2];
                        continue;
                    }

                    await writer.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
                    used = 0;
                }

                used += written;
            }
        }

        await writer.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    private static async Task<(long Inserted, long Updated)> UpsertAsync(NpgsqlCommand upsert, TableMap map, CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return (reader.GetInt64(0), reader.GetInt64(1));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CardinalityViolation)
        {
            throw new ArgumentException(
                $"The batch for table {map.Table} holds two rows with the same key ({string.Join(", ", map.KeyColumns)}).", ex);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>One mapped column: reads its value from an entity without boxing and writes it to COPY or into an array.</summary>
    private abstract class Column(string name, string propertyName, string storeType, bool isKey)
    {
        public string Name { get; } = name;
        public string PropertyName { get; } = propertyName;

        /// <summary>The base type (COPY and casts take it; modifiers such as numeric's (18,6) are the table's business).</summary>
        public string StoreType { get; } = storeType;
        public bool IsKey { get; } = isKey;

        /// <summary>Whether <see cref="TryFormatText"/> knows this column's type.</summary>
        public abstract bool CanFormatText { get; }

        public abstract Task WriteAsync(NpgsqlBinaryImporter importer, object row, CancellationToken cancellationToken);

        /// <summary>The value in COPY's text format followed by <paramref name="separator"/>; false when it does not fit.</summary>
        public abstract bool TryFormatText(object row, Span<char> destination, char separator, out int written);

        protected static bool Null(Span<char> destination, char separator, out int written)
        {
            written = 3;
            if (destination.Length < 3)
            {
                return false;
            }

            destination[0] = '\\';
            destination[1] = 'N';
            destination[2] = separator;
            return true;
        }

        protected static bool Value<TValue>(TValue value, Span<char> destination, char separator, out int written)
        {
            if (TextFormat<TValue>.TryFormat!(value, destination, out written) && written < destination.Length)
            {
                destination[written++] = separator;
                return true;
            }

            return false;
        }

        public abstract NpgsqlParameter ArrayParameter<T>(IReadOnlyCollection<T> rows);
    }

    private sealed class ValueColumn<TEntity, TValue>(string name, string propertyName, string storeType, bool isKey, Func<TEntity, TValue?> read)
        : Column(name, propertyName, storeType, isKey)
    {
        public override bool CanFormatText => TextFormat<TValue>.TryFormat is not null;

        public override Task WriteAsync(NpgsqlBinaryImporter importer, object row, CancellationToken cancellationToken) =>
            read((TEntity)row) is { } value
                ? importer.WriteAsync(value, StoreType, cancellationToken)
                : importer.WriteNullAsync(cancellationToken);

        public override bool TryFormatText(object row, Span<char> destination, char separator, out int written) =>
            read((TEntity)row) is { } value
                ? Value(value, destination, separator, out written)
                : Null(destination, separator, out written);

        public override NpgsqlParameter ArrayParameter<T>(IReadOnlyCollection<T> rows)
        {
            var values = new TValue?[rows.Count];
            var i = 0;
            foreach (var row in rows)
            {
                values[i++] = read((TEntity)(object)row!);
            }

            return new NpgsqlParameter<TValue?[]> { TypedValue = values };
        }
    }

    private sealed class NullableColumn<TEntity, TValue>(string name, string propertyName, string storeType, bool isKey, Func<TEntity, TValue?> read)
        : Column(name, propertyName, storeType, isKey)
        where TValue : struct
    {
        public override bool CanFormatText => TextFormat<TValue>.TryFormat is not null;

        public override Task WriteAsync(NpgsqlBinaryImporter importer, object row, CancellationToken cancellationToken) =>
            read((TEntity)row) is { } value
                ? importer.WriteAsync(value, StoreType, cancellationToken)
                : importer.WriteNullAsync(cancellationToken);

        public override bool TryFormatText(object row, Span<char> destination, char separator, out int written) =>
            read((TEntity)row) is { } value
                ? Value(value, destination, separator, out written)
                : Null(destination, separator, out written);

        public override NpgsqlParameter ArrayParameter<T>(IReadOnlyCollection<T> rows)
        {
            var values = new TValue?[rows.Count];
            var i = 0;
            foreach (var row in rows)
            {
                values[i++] = read((TEntity)(object)row!);
            }

            return new NpgsqlParameter<TValue?[]> { TypedValue = values };
        }
    }

    private sealed record TableMap(string Table, IReadOnlyList<Column> Columns)
    {
        public IEnumerable<string> KeyColumns => Columns.Where(c => c.IsKey).Select(c => c.Name);

        public string ColumnList { get; } = string.Join(", ", Columns.Select(c => Quote(c.Name)));

        public string Staging { get; } = Quote("bulk_" + Table);

        public bool CanCopyText { get; } = Columns.All(c => c.CanFormatText);

        public string ArrayUpsertSql => field ??= UpsertSql(ArraySource(firstParameter: 1, keysOnly: false), prefilter: true);

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

                columns.Add(NewColumn(clrType, property, BaseTypeName(property.GetColumnType()), key.Properties.Contains(property), storeObject));
            }

            return new TableMap(table, columns);
        }

        private static Column NewColumn(Type entityType, IProperty property, string storeType, bool isKey, StoreObjectIdentifier storeObject)
        {
            // entity => (TProvider?)converter(entity.Property), compiled once per table: no boxing per value.
            var entity = Expression.Parameter(entityType, "entity");
            Expression value = property.PropertyInfo is { } info
                ? Expression.Property(entity, info)
                : Expression.Field(entity, property.FieldInfo ?? throw new InvalidOperationException($"{entityType.Name}.{property.Name} has no CLR member."));
            if (property.GetTypeMapping().Converter is { } converter)
            {
                var model = Nullable.GetUnderlyingType(value.Type) is { } underlying ? Expression.Property(value, "Value") : value;
                Expression converted = ReplacingVisitor.Inline(converter.ConvertToProviderExpression, model);
                if (converted.Type.IsValueType)
                {
                    converted = Expression.Convert(converted, typeof(Nullable<>).MakeGenericType(converted.Type));
                }

                var isNull = value.Type.IsValueType && Nullable.GetUnderlyingType(value.Type) is null
                    ? null
                    : Expression.Equal(value, Expression.Constant(null, value.Type));
                value = isNull is null ? converted : Expression.Condition(isNull, Expression.Constant(null, converted.Type), converted);
            }

            var valueType = value.Type;
            var underlyingType = Nullable.GetUnderlyingType(valueType);
            Type columnType;
            if (underlyingType is not null)
            {
                columnType = typeof(NullableColumn<,>).MakeGenericType(entityType, underlyingType);
            }
            else
            {
                columnType = typeof(ValueColumn<,>).MakeGenericType(entityType, valueType);
            }

            var read = Expression.Lambda(typeof(Func<,>).MakeGenericType(entityType, valueType), value, entity).Compile();
            return (Column)Activator.CreateInstance(
                columnType, property.GetColumnName(storeObject)!, property.Name, storeType, isKey, read)!;
        }

        private static string BaseTypeName(string storeType)
        {
            var parenthesis = storeType.IndexOf('(', StringComparison.Ordinal);
            return parenthesis < 0 ? storeType : storeType[..parenthesis];
        }

        /// <summary>The batch as a row source: <c>unnest($n::type[], …)</c> over one array parameter per column.</summary>
        public string ArraySource(int firstParameter, bool keysOnly)
        {
            var columns = keysOnly ? Columns.Where(c => c.IsKey).ToList() : [.. Columns];
            var arrays = columns.Select((c, i) => $"${(firstParameter + i).ToString(CultureInfo.InvariantCulture)}::{c.StoreType}[]");
            return $"unnest({string.Join(", ", arrays)}) AS s({string.Join(", ", columns.Select(c => Quote(c.Name)))})";
        }

        /// <param name="source">A table name, or a row source such as <see cref="ArraySource"/>; aliased <c>s</c>.</param>
        /// <param name="prefilter">Join the stored rows to leave identical ones out (unneeded into an empty table).</param>
        public string UpsertSql(string source, bool prefilter)
        {
            var keys = Columns.Where(c => c.IsKey).Select(c => Quote(c.Name)).ToList();
            var values = Columns.Where(c => !c.IsKey).Select(c => Quote(c.Name)).ToList();
            var join = string.Join(" AND ", keys.Select(k => $"cur.{k} = s.{k}"));
            var from = source.StartsWith("unnest(", StringComparison.Ordinal) ? source : source + " s";
            var sql = new StringBuilder();
            sql.Append(CultureInfo.InvariantCulture, $"WITH written AS (INSERT INTO {Quote(Table)} AS t ({ColumnList}) ");
            sql.Append(CultureInfo.InvariantCulture, $"SELECT {string.Join(", ", Columns.Select(c => "s." + Quote(c.Name)))} FROM {from} ");
            if (prefilter)
            {
                sql.Append(CultureInfo.InvariantCulture, $"LEFT JOIN {Quote(Table)} cur ON {join} ");
                sql.Append(CultureInfo.InvariantCulture, $"WHERE cur.{keys[0]} IS NULL");
                if (values.Count > 0)
                {
                    sql.Append(CultureInfo.InvariantCulture, $" OR ({Row("cur", values)}) IS DISTINCT FROM ({Row("s", values)})");
                }
            }

            if (values.Count > 0)
            {
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

        public NpgsqlParameter[] ScopeParameters(BulkReplaceScope scope, out string conditions)
        {
            var list = new List<NpgsqlParameter>();
            var parts = new List<string>();
            foreach (var (property, value) in scope.Matching)
            {
                var column = Columns.FirstOrDefault(c => c.PropertyName == property)
                    ?? throw new ArgumentException($"{property} is not a column of {Table}.", nameof(scope));
                list.Add(new NpgsqlParameter { Value = value });
                parts.Add($"t.{Quote(column.Name)} = ${list.Count.ToString(CultureInfo.InvariantCulture)}");
            }

            conditions = string.Join(" AND ", parts);
            return [.. list];
        }

        public string DeleteMissingSql(string conditions, string source)
        {
            var from = source.StartsWith("unnest(", StringComparison.Ordinal) ? source : source + " s";
            var keyMatch = string.Join(" AND ", Columns.Where(c => c.IsKey).Select(c => $"s.{Quote(c.Name)} = t.{Quote(c.Name)}"));
            return $"DELETE FROM {Quote(Table)} t WHERE {conditions} AND NOT EXISTS (SELECT FROM {from} WHERE {keyMatch})";
        }

        private static string Row(string alias, IEnumerable<string> columns) =>
            string.Join(", ", columns.Select(c => $"{alias}.{c}"));
    }

    private delegate bool TryFormatText<in TValue>(TValue value, Span<char> destination, out int written);

    /// <summary>COPY text-format writers of the CLR types the model maps; null for a type without one (binary COPY then).</summary>
    private static class TextFormat<TValue>
    {
        public static readonly TryFormatText<TValue>? TryFormat = (TryFormatText<TValue>?)Create();

        private static object? Create()
        {
            var invariant = CultureInfo.InvariantCulture;
            return typeof(TValue) switch
            {
                var t when t == typeof(string) => (TryFormatText<string>)Escape,
                var t when t == typeof(decimal) => (TryFormatText<decimal>)((decimal v, Span<char> d, out int w) => v.TryFormat(d, out w, default, invariant)),
                var t when t == typeof(long) => (TryFormatText<long>)((long v, Span<char> d, out int w) => v.TryFormat(d, out w, default, invariant)),
                var t when t == typeof(int) => (TryFormatText<int>)((int v, Span<char> d, out int w) => v.TryFormat(d, out w, default, invariant)),
                var t when t == typeof(short) => (TryFormatText<short>)((short v, Span<char> d, out int w) => v.TryFormat(d, out w, default, invariant)),
                var t when t == typeof(double) => (TryFormatText<double>)((double v, Span<char> d, out int w) => v.TryFormat(d, out w, "R", invariant)),
                var t when t == typeof(DateOnly) => (TryFormatText<DateOnly>)((DateOnly v, Span<char> d, out int w) => v.TryFormat(d, out w, "yyyy-MM-dd", invariant)),
                var t when t == typeof(DateTimeOffset) => (TryFormatText<DateTimeOffset>)((DateTimeOffset v, Span<char> d, out int w) =>
                    v.TryFormat(d, out w, "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", invariant)),
                var t when t == typeof(bool) => (TryFormatText<bool>)((bool v, Span<char> d, out int w) =>
                {
                    w = 1;
                    if (d.IsEmpty)
                    {
                        return false;
                    }

                    d[0] = v ? 't' : 'f';
                    return true;
                }),
                _ => null,
            };
        }

        // Text format: backslash escapes; tab, newline and carriage return would end the field or row.
        private static bool Escape(string value, Span<char> destination, out int written)
        {
            written = 0;
            foreach (var c in value)
            {
                var escaped = c switch { '\\' => '\\', '\t' => 't', '\n' => 'n', '\r' => 'r', _ => '\0' };
                if (written + (escaped == '\0' ? 1 : 2) > destination.Length)
                {
                    return false;
                }

                if (escaped == '\0')
                {
                    destination[written++] = c;
                }
                else
                {
                    destination[written++] = '\\';
                    destination[written++] = escaped;
                }
            }

            return true;
        }
    }

    /// <summary>Inlines a converter's lambda body with its parameter replaced by an expression.</summary>
    private sealed class ReplacingVisitor(ParameterExpression parameter, Expression replacement) : ExpressionVisitor
    {
        public static Expression Inline(LambdaExpression lambda, Expression argument) =>
            new ReplacingVisitor(lambda.Parameters[0], argument).Visit(lambda.Body);

        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? replacement : base.VisitParameter(node);
    }
}
