using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EtfData.Api.Storage;

/// <summary>
/// The version of the data the read endpoints serve, held in memory so that a conditional GET is
/// answered without I/O: a random epoch chosen on every (re)connect of <see cref="DataVersionListener"/>
/// and a counter it bumps on every change notification (migration 0008). <see cref="Current"/> is null
/// whenever the version cannot be trusted — not yet listening, connection lost, a data table without
/// the change trigger, or a replica not yet caught up — and callers then fall back to hashing the body.
/// </summary>
public sealed class DataVersion
{
    private string? current;
    private string epoch = "";
    private long counter;

    /// <summary><c>&lt;epoch&gt;-&lt;counter&gt;</c>, or null while it cannot be trusted.</summary>
    public string? Current => Volatile.Read(ref current);

    /// <summary>Every version handed out before is void from now on; <see cref="Current"/> is null until <see cref="Publish"/>.</summary>
    internal void StartEpoch()
    {
        Volatile.Write(ref current, null);
        epoch = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        Interlocked.Exchange(ref counter, 0);
    }

    /// <summary>The data changed: the next published version differs from every earlier one of this epoch.</summary>
    internal void Bump() => Interlocked.Increment(ref counter);

    /// <summary>Stops handing out a version (until <see cref="Publish"/>).</summary>
    internal void Withdraw() => Volatile.Write(ref current, null);

    /// <summary>Hands out the current epoch and counter.</summary>
    internal void Publish() =>
        Volatile.Write(ref current, epoch + "-" + Interlocked.Read(ref counter).ToString(CultureInfo.InvariantCulture));
}

/// <summary>
/// Holds one <c>LISTEN etfdata_data_changed</c> connection to the primary (LISTEN does not work on a
/// hot standby) and keeps <see cref="DataVersion"/> current. Every (re)connect starts a new epoch, so
/// a change missed while disconnected can never yield a 304. With a read-only replica configured, a
/// version is handed out only once the replica has replayed the primary's WAL up to the change (the
/// notification can arrive before the replica has the rows); a server that is not a standby at all
/// never confirms, and that host keeps body-hash ETags.
/// </summary>
public sealed partial class DataVersionListener(
    DataVersion version, ReadDataSource readSource, IOptions<StorageOptions> options, TimeProvider time, ILogger<DataVersionListener> logger)
    : BackgroundService
{
    public const string Channel = "etfdata_data_changed";

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReplicaPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan UntrackedRecheck = TimeSpan.FromMinutes(5);

    private int replicaBehind;
    private bool replicaWarned;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
            {
                version.Withdraw();
                LogListenerLost(ex, backoff.TotalSeconds);
            }

            try
            {
                await Task.Delay(backoff, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }

        version.Withdraw();
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        version.StartEpoch();
        var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString)
        {
            // A connection of its own, never returned to a pool (a pool's reset would UNLISTEN).
            Pooling = false,
            // Npgsql sends a keepalive while the connection waits, so a dead server ends the wait.
            KeepAlive = 15,
            ApplicationName = "etfdata-data-version",
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var untracked = new List<string>();
        await using (var check = new NpgsqlCommand("SELECT etfdata_untracked_data_tables()", connection))
        await using (var reader = await check.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                untracked.Add(reader.GetString(0));
            }
        }

        if (untracked.Count > 0)
        {
            // Not listening meanwhile: a listener that reads nothing would hold back the server's notification queue.
            LogUntrackedTables(string.Join(", ", untracked));
            await connection.CloseAsync();
            await Task.Delay(UntrackedRecheck, time, cancellationToken);
            return;
        }

        connection.Notification += (_, _) =>
        {
            if (readSource.IsReplica)
            {
                // The replica may not have the rows yet: no version until it has.
                version.Withdraw();
                Volatile.Write(ref replicaBehind, 1);
            }
            else
            {
                version.Bump();
                version.Publish();
            }
        };

        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        // Listening from here on: changes committed before are covered by the new epoch.
        await SettleAsync(connection, cancellationToken);
        LogListening(readSource.IsReplica);
        while (true)
        {
            await connection.WaitAsync(cancellationToken);
            if (Volatile.Read(ref replicaBehind) == 1)
            {
                await SettleAsync(connection, cancellationToken);
            }
        }
    }

    /// <summary>Publishes the version; with a replica, once the replica has replayed everything the primary has written so far.</summary>
    private async Task SettleAsync(NpgsqlConnection primary, CancellationToken cancellationToken)
    {
        if (!readSource.IsReplica)
        {
            version.Publish();
            return;
        }

        do
        {
            // Notifications read while the LSN is asked for are covered by that LSN; any later one sets the flag again.
            Volatile.Write(ref replicaBehind, 0);
            string lsn;
            await using (var current = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", primary))
            {
                lsn = (string)(await current.ExecuteScalarAsync(cancellationToken))!;
            }

            while (true)
            {
                await using var replayed = readSource.Source.CreateCommand("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn");
                replayed.Parameters.Add(new NpgsqlParameter { Value = lsn });
                var caughtUp = await replayed.ExecuteScalarAsync(cancellationToken);
                if (caughtUp is true)
                {
                    break;
                }

                if (caughtUp is DBNull or null)
                {
                    // Not a standby: nothing relates its data to the primary's notifications.
                    if (!replicaWarned)
                    {
                        replicaWarned = true;
                        LogReplicaNotStandby();
                    }

                    return;
                }

                await Task.Delay(ReplicaPoll, time, cancellationToken);
            }
        }
        while (Volatile.Read(ref replicaBehind) == 1);

        version.Bump();
        version.Publish();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Data version: listening for data changes (read replica: {IsReplica}); conditional GETs answer without a query")]
    private partial void LogListening(bool isReplica);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data version: data tables without the change trigger ({Tables}); ETags stay body hashes until `SELECT etfdata_track_data_changes('<table>')` (checked again every 5 minutes)")]
    private partial void LogUntrackedTables(string tables);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data version: the read-only server is not a streaming standby (pg_last_wal_replay_lsn() is null); ETags stay body hashes")]
    private partial void LogReplicaNotStandby();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data version: listener connection lost; ETags are body hashes until it reconnects (in {BackoffSeconds} s)")]
    private partial void LogListenerLost(Exception exception, double backoffSeconds);
}
