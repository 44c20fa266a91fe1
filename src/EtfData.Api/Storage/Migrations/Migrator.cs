using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EtfData.Api.Storage.Migrations;

/// <summary>Thrown when a migration that was already applied differs from the file shipped now.</summary>
public sealed class MigrationChecksumMismatchException(string message) : InvalidOperationException(message);

/// <summary>What a migration pass did.</summary>
public sealed record MigrationReport(IReadOnlyList<MigrationScript> Applied, int AlreadyApplied);

/// <summary>Where the database stands against the migrations this build ships.</summary>
public sealed record MigrationStatus(int LatestKnownVersion, int? AppliedVersion, IReadOnlyList<int> Pending)
{
    public bool IsCurrent => Pending.Count == 0;
}

/// <summary>
/// Applies the embedded SQL migrations in version order, each in its own transaction, recording
/// version, name, checksum and time in <c>schema_migration</c>. A PostgreSQL session advisory lock
/// serialises instances that start together, so each migration is applied exactly once.
/// </summary>
public sealed class Migrator(NpgsqlDataSource dataSource, IOptions<StorageOptions> options, ILogger<Migrator> logger)
{
    // Arbitrary constant shared by every EtfData instance: the ASCII of "ETFDMIGR".
    private const long AdvisoryLockKey = 0x455446444D494752;

    private const string HistoryTableDdl = """
        CREATE TABLE IF NOT EXISTS schema_migration (
            version       integer     PRIMARY KEY,
            name          text        NOT NULL,
            checksum      text        NOT NULL,
            applied_at    timestamptz NOT NULL DEFAULT now(),
            execution_ms  integer     NOT NULL
        )
        """;

    /// <summary>The migrations this build ships.</summary>
    public static IReadOnlyList<MigrationScript> Embedded { get; } = MigrationScript.LoadEmbedded(typeof(Migrator).Assembly);

    public Task<MigrationReport> MigrateAsync(CancellationToken cancellationToken) =>
        MigrateAsync(Embedded, cancellationToken);

    /// <summary>Applies <paramref name="scripts"/> (tests pass their own set).</summary>
    public async Task<MigrationReport> MigrateAsync(IReadOnlyList<MigrationScript> scripts, CancellationToken cancellationToken)
    {
        scripts = MigrationScript.Ordered(scripts);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        // Pooled connections are not reset on return (No Reset On Close): the session-level lock_timeout and
        // advisory lock are undone here on every path, or the connection is thrown away.
        var locked = false;
        try
        {
            await ExecuteAsync(connection, $"SET lock_timeout = '{options.Value.MigrationLockTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}s'", cancellationToken);
            var waited = Stopwatch.StartNew();
            await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey.ToString(CultureInfo.InvariantCulture)})", cancellationToken);
            logger.LogDebug("Migration lock taken after {WaitMs} ms", waited.ElapsedMilliseconds);
            locked = true;
        }
        finally
        {
            if (!locked)
            {
                await ExecuteAsync(connection, "RESET lock_timeout", CancellationToken.None);
            }
        }

        try
        {
            await ExecuteAsync(connection, "SET lock_timeout = 0", cancellationToken);
            await ExecuteAsync(connection, HistoryTableDdl, cancellationToken);
            var applied = await ReadAppliedAsync(connection, cancellationToken);
            VerifyChecksums(scripts, applied);

            var pending = scripts.Where(s => !applied.ContainsKey(s.Version)).ToList();
            foreach (var script in pending)
            {
                await ApplyAsync(connection, script, cancellationToken);
            }

            if (pending.Count == 0)
            {
                logger.LogInformation("Database schema is current at version {Version}", applied.Keys.DefaultIfEmpty(0).Max());
            }

            return new MigrationReport(pending, applied.Count);
        }
        finally
        {
            // Closing the session would release the lock too; unlocking keeps a pooled connection clean.
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey.ToString(CultureInfo.InvariantCulture)})", CancellationToken.None);
            await ExecuteAsync(connection, "RESET lock_timeout", CancellationToken.None);
        }
    }

    /// <summary>Reads the applied versions without taking the lock (for readiness checks).</summary>
    public async Task<MigrationStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('schema_migration') IS NOT NULL", connection);
        var hasHistory = (bool)(await exists.ExecuteScalarAsync(cancellationToken))!;
        var applied = hasHistory ? await ReadAppliedAsync(connection, cancellationToken) : [];
        var pending = Embedded.Where(s => !applied.ContainsKey(s.Version)).Select(s => s.Version).ToList();
        return new MigrationStatus(
            Embedded.Count == 0 ? 0 : Embedded[^1].Version,
            applied.Count == 0 ? null : applied.Keys.Max(),
            pending);
    }

    private void VerifyChecksums(IReadOnlyList<MigrationScript> scripts, Dictionary<int, (string Name, string Checksum)> applied)
    {
        var byVersion = scripts.ToDictionary(s => s.Version);
        foreach (var (version, row) in applied.OrderBy(a => a.Key))
        {
            if (!byVersion.TryGetValue(version, out var script))
            {
                logger.LogWarning(
                    "Database has migration {Version} ({Name}) that this build does not ship; it was applied by a newer build",
                    version, row.Name);
                continue;
            }

            if (!string.Equals(script.Checksum, row.Checksum, StringComparison.Ordinal))
            {
                throw new MigrationChecksumMismatchException(
                    $"Migration {script.FileName} has changed since it was applied (checksum in database {row.Checksum}, " +
                    $"file now {script.Checksum}). Applied migrations are immutable: restore the file and add a new migration for the change.");
            }
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, MigrationScript script, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var command = new NpgsqlCommand(script.Sql, connection, transaction))
            {
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand(
                "INSERT INTO schema_migration (version, name, checksum, execution_ms) VALUES ($1, $2, $3, $4)",
                connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = script.Version });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = script.Name });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = script.Checksum });
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)clock.ElapsedMilliseconds });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException ex)
        {
            throw new InvalidOperationException($"Migration {script.FileName} failed and was rolled back: {ex.MessageText}", ex);
        }

        logger.LogInformation("Applied migration {Version} {Name} in {ElapsedMs} ms", script.Version, script.Name, clock.ElapsedMilliseconds);
    }

    private static async Task<Dictionary<int, (string Name, string Checksum)>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, (string, string)>();
        await using var command = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migration ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
