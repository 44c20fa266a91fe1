using System.Globalization;
using System.Runtime.CompilerServices;
using EtfData.Api.Ingestion.Sec;
using EtfData.Domain;
using EtfData.FakeUpstream;
using EtfData.FakeUpstream.Faults;
using EtfData.FakeUpstream.Sec;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>
/// The host as a real process, SIGKILLed at a chosen point of a run; restarted; then the database is
/// compared, table by table, with that of the same run left uninterrupted. Points are reached without
/// hooks in the host: a fake answer held (Hang), or a table lock held by the test's own connection so
/// that the host's statement waits (seen in <c>pg_stat_activity</c>) and the kill lands inside it.
/// </summary>
/// <remarks>
/// Checksum per data table: md5 over every row as JSON text in sorted order, without the columns that
/// legitimately differ between two databases fed the same data: surrogate ids (<c>id</c>, integer
/// <c>*_id</c> — a holding's snapshot and security are replaced by their natural keys), every
/// <c>timestamptz</c> (when a row was fetched, checked, updated, first seen: wall-clock, not data), and
/// <c>source_path</c> (a path in the host's own SEC cache directory). The run log tables
/// (<c>ingestion_run</c>, <c>ingestion_item</c>) and Quartz's are not data and are not compared.
/// </remarks>
public sealed class CrashTests(ITestOutputHelper output)
{
    private static readonly string[] PriceFunds = ["GLD", "IVV", "QQQ", "SPY", "TLT"];
    private static readonly string[] IssuerFunds = ["IVV", "QQQ", "SPY"];

    [Fact]
    public async Task Killed_mid_download_the_next_run_ends_with_the_database_of_an_uninterrupted_run()
    {
        await using var crash = await CrashSetup.CreateAsync(PriceFunds);
        await crash.SurviveKillAsync(["ingest", "prices", "--backfill"], output, (database, fake) =>
        {
            fake.Faults.On("/yahoo/v8/finance/chart/GLD", Fault.Hang(TimeSpan.FromMinutes(10)), times: null);
            return Task.FromResult(new KillPoint(() => Eventually.UntilAsync(
                () => Task.FromResult(fake.Requests.To("/yahoo/v8/finance/chart/GLD").Count > 0), "the first chart request is held")));
        });
    }

    [Fact]
    public async Task Killed_between_symbols_the_next_run_ends_with_the_database_of_an_uninterrupted_run()
    {
        await using var crash = await CrashSetup.CreateAsync(PriceFunds);
        await crash.SurviveKillAsync(["ingest", "prices", "--backfill"], output, (database, fake) =>
        {
            // GLD and IVV are stored; QQQ's download is held: the kill lands after a commit, before the next write.
            fake.Faults.On("/yahoo/v8/finance/chart/QQQ", Fault.Hang(TimeSpan.FromMinutes(10)), times: null);
            return Task.FromResult(new KillPoint(async () =>
            {
                await Eventually.UntilAsync(
                    async () => fake.Requests.To("/yahoo/v8/finance/chart/QQQ").Count > 0
                        && await database.ScalarAsync<long>("SELECT count(*) FROM ingestion_item WHERE status = 'succeeded'") == 2,
                    "two symbols stored and the third one's download held");
                (await database.ScalarAsync<long>("SELECT count(DISTINCT symbol) FROM price_daily")).Should().Be(2);
            }));
        });
    }

    [Fact]
    public async Task Killed_mid_upsert_the_next_run_ends_with_the_database_of_an_uninterrupted_run()
    {
        await using var crash = await CrashSetup.CreateAsync(PriceFunds);
        await crash.SurviveKillAsync(["ingest", "prices", "--backfill"], output, async (database, fake) =>
        {
            // The staging COPY is done; the INSERT … ON CONFLICT into price_daily waits for the test's lock.
            var locked = await HoldLockAsync(database, "price_daily");
            return new KillPoint(() => WaitForBlockedAsync(database, "%INSERT INTO%price_daily"), locked);
        });
    }

    [Fact]
    public async Task Killed_mid_COPY_of_holdings_the_next_run_ends_with_the_database_of_an_uninterrupted_run()
    {
        await using var crash = await CrashSetup.CreateAsync(IssuerFunds);
        await crash.SurviveKillAsync(["ingest", "holdings-issuer"], output, async (database, fake) =>
        {
            // The snapshot row is inserted; the binary COPY of its positions into holding waits for the lock.
            var locked = await HoldLockAsync(database, "holding");
            return new KillPoint(() => WaitForBlockedAsync(database, "COPY%holding%"), locked);
        });
    }

    [Fact]
    public async Task Killed_during_an_N_PORT_bulk_load_the_next_run_ends_with_the_database_of_an_uninterrupted_run()
    {
        await using var crash = await CrashSetup.CreateAsync([]);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var sec = SecDatasets.Demo(crash.Fake.Yahoo.Dataset, today);
        crash.Fake.Sec.Dataset = sec;
        var visible = sec.Filings.Where(f => f.FilingDate <= today).ToList();
        var quarters = $"{NportQuarter.Of(visible.Min(f => f.FilingDate))}..{NportQuarter.Of(visible.Max(f => f.FilingDate))}";
        crash.Before = ["ingest", "discovery"];
        await crash.SurviveKillAsync(["ingest", "nport-bulk", "--quarter", quarters], output, async (database, fake) =>
        {
            var locked = await HoldLockAsync(database, "holding");
            return new KillPoint(() => WaitForBlockedAsync(database, "%holding%"), locked);
        });
    }

    /// <summary>Opens a transaction on the test's own connection holding <c>SHARE</c> on <paramref name="table"/>: reads pass, writes wait.</summary>
    private static async Task<NpgsqlConnection> HoldLockAsync(TestDatabase database, string table)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, ApplicationName = "crash-test-lock" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"BEGIN; LOCK TABLE {table} IN SHARE MODE", connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>Until a statement of the host matching <paramref name="pattern"/> (ILIKE) waits for a lock.</summary>
    private static Task WaitForBlockedAsync(TestDatabase database, string pattern) =>
        Eventually.UntilAsync(
            async () => await database.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name <> 'crash-test-lock' " +
                $"AND wait_event_type = 'Lock' AND query ILIKE '{pattern}%'") > 0,
            $"a host statement like '{pattern}' waits for the test's lock");

    /// <summary>One fake upstream for the uninterrupted and the interrupted database, so both are fed the same data.</summary>
    private sealed class CrashSetup : IAsyncDisposable
    {
        private readonly string[] funds;

        private CrashSetup(FakeUpstreamServer fake, string[] funds)
        {
            Fake = fake;
            this.funds = funds;
        }

        public FakeUpstreamServer Fake { get; }

        /// <summary>Arguments of a run done (on both databases) before the one that is interrupted.</summary>
        public string[]? Before { get; set; }

        public static async Task<CrashSetup> CreateAsync(string[] funds) =>
            new(await FakeUpstreamServer.StartAsync(), funds);

        public async ValueTask DisposeAsync() => await Fake.DisposeAsync();

        private Dictionary<string, string?> Settings()
        {
            var settings = IngestionHost.Settings(Fake);
            settings["Ingestion:MaxParallelism"] = "1";
            // A held answer is held until the kill, not timed out and retried.
            settings["Sources:Yahoo:AttemptTimeout"] = "00:05:00";
            settings["Sources:Yahoo:TotalTimeout"] = "00:10:00";
            return settings;
        }

        private async Task<TestDatabase> NewDatabaseAsync()
        {
            var database = await TestDatabase.CreateAsync(migrate: true);
            var now = DateTimeOffset.UtcNow;
            await using var db = database.NewDbContext();
            foreach (var symbol in funds)
            {
                db.Etfs.Add(new Etf { Symbol = symbol, Name = Fake.Yahoo.Dataset.Find(symbol)!.Name, FirstSeenAt = now, UpdatedAt = now });
            }

            await db.SaveChangesAsync();
            if (Before is not null)
            {
                var before = await HostProcess.RunAsync(database.ConnectionString, Settings(), Before);
                before.ExitCode.Should().Be(0, before.AllOutput);
            }

            return database;
        }

        /// <summary>
        /// Runs <paramref name="arguments"/> uninterrupted on one database; on another, arms the point
        /// (<paramref name="arm"/> returns the wait for it), starts the host, waits, SIGKILLs it; checks no
        /// partial rows; restarts the host with the same run; compares every data table's checksum.
        /// </summary>
        public async Task SurviveKillAsync(
            string[] arguments, ITestOutputHelper output, Func<TestDatabase, FakeUpstreamServer, Task<KillPoint>> arm,
            [CallerMemberName] string test = "")
        {
            await using var reference = await NewDatabaseAsync();
            var uninterrupted = await HostProcess.RunAsync(reference.ConnectionString, Settings(), arguments);
            uninterrupted.ExitCode.Should().BeOneOf([0, 1], uninterrupted.AllOutput);
            (await reference.ScalarAsync<long>("SELECT count(*) FROM ingestion_item WHERE status = 'failed'")).Should().Be(0);
            var expected = await DatabaseChecksum.OfAsync(reference);
            expected.Values.Should().Contain(t => t.Rows > 0);

            await using var database = await NewDatabaseAsync();
            Fake.Requests.Clear(); // the uninterrupted run's requests are not the interrupted one's
            var point = await arm(database, Fake);
            using (var host = HostProcess.Start(database.ConnectionString, Settings(), arguments))
            {
                try
                {
                    await point.Reached();
                }
                finally
                {
                    host.Kill(); // SIGKILL: no shutdown code runs
                    await host.WaitForExitAsync();
                    if (point.Held is not null)
                    {
                        await point.Held.DisposeAsync(); // the test's lock goes only once the host is dead
                    }
                }
            }

            Fake.Faults.Clear();
            var killed = await database.ScalarAsync<long>("SELECT max(id) FROM ingestion_run");
            (await database.ScalarAsync<string>($"SELECT status FROM ingestion_run WHERE id = {killed}")).Should().Be("running");
            var afterKill = await DatabaseChecksum.OfAsync(database);
            NoPartialPayloads(afterKill, expected);
            (await database.ScalarAsync<long>(
                "SELECT count(*) FROM holding_snapshot s WHERE s.position_count <> (SELECT count(*) FROM holding h WHERE h.snapshot_id = s.id)"))
                .Should().Be(0, "a snapshot's positions are all there or the snapshot is not");

            var restarted = await HostProcess.RunAsync(database.ConnectionString, Settings(), arguments);
            restarted.ExitCode.Should().BeOneOf([0, 1], restarted.AllOutput);
            (await database.ScalarAsync<string>($"SELECT status FROM ingestion_run WHERE id = {killed}")).Should().Be("abandoned");
            (await database.ScalarAsync<string>($"SELECT error FROM ingestion_run WHERE id = {killed}"))
                .Should().Be("abandoned: the process running it stopped before it finished");
            (await database.ScalarAsync<long>($"SELECT count(*) FROM ingestion_item i JOIN ingestion_run r ON r.id = i.run_id WHERE r.id > {killed} AND i.status = 'failed'"))
                .Should().Be(0);
            var actual = await DatabaseChecksum.OfAsync(database);

            actual.Keys.Should().BeEquivalentTo(expected.Keys);
            foreach (var (table, checksum) in expected)
            {
                (actual[table].Md5, actual[table].Rows).Should().Be((checksum.Md5, checksum.Rows), $"{table} after the kill and the next run equals {table} after an uninterrupted run");
            }

            Figures.Report(output, string.Create(CultureInfo.InvariantCulture,
                $"crash survived: {test.Split("_the_next_run")[0].Replace("N_PORT", "N-PORT", StringComparison.Ordinal).Replace('_', ' ')}: `{string.Join(' ', arguments)}` killed at run {killed}; tables compared: {expected.Count} ({string.Join(", ", expected.Where(e => e.Value.Rows > 0).Select(e => $"{e.Key} {e.Value.Rows}"))}), after the kill: {string.Join(", ", afterKill.Where(e => e.Value.Rows > 0).Select(e => $"{e.Key} {e.Value.Rows}"))}"));
        }

        /// <summary>After the kill, per payload (a symbol's bars or events, a snapshot's positions), the rows are all there or none.</summary>
        private static void NoPartialPayloads(IReadOnlyDictionary<string, TableChecksum> afterKill, IReadOnlyDictionary<string, TableChecksum> complete)
        {
            foreach (var (table, checksum) in afterKill)
            {
                foreach (var (key, rows) in checksum.RowsPerPayload)
                {
                    complete[table].RowsPerPayload.Should().ContainKey(key);
                    rows.Should().Be(complete[table].RowsPerPayload[key], $"{table} of {key} is whole or absent after the kill");
                }
            }
        }
    }
}

/// <summary>How a test reaches its kill point: the wait for it, and what it holds until the host is dead (a lock).</summary>
public sealed record KillPoint(Func<Task> Reached, IAsyncDisposable? Held = null);

/// <summary>A table's checksum (see <see cref="CrashTests"/>), its row count and its rows per payload key.</summary>
public sealed record TableChecksum(string Md5, long Rows, IReadOnlyDictionary<string, long> RowsPerPayload);

public static class DatabaseChecksum
{
    private static readonly string[] NotData = ["ingestion_run", "ingestion_item", "schema_migration"];

    /// <summary>Every data table's checksum, by table name.</summary>
    public static async Task<IReadOnlyDictionary<string, TableChecksum>> OfAsync(TestDatabase database)
    {
        var tables = new List<(string Table, List<string> Excluded, bool HasSymbol)>();
        await using (var command = database.DataSource.CreateCommand("""
            SELECT c.table_name,
                   array_agg(c.column_name::text) FILTER (WHERE c.column_name = 'id' OR c.column_name = 'source_path'
                       OR c.data_type = 'timestamp with time zone'
                       OR (c.column_name LIKE '%\_id' AND c.data_type IN ('integer', 'bigint'))),
                   bool_or(c.column_name = 'symbol')
            FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE 'qrtz\_%'
            GROUP BY c.table_name ORDER BY c.table_name
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var table = reader.GetString(0);
                if (!NotData.Contains(table))
                {
                    tables.Add((table, reader.IsDBNull(1) ? [] : [.. reader.GetFieldValue<string[]>(1)], reader.GetBoolean(2)));
                }
            }
        }

        var result = new SortedDictionary<string, TableChecksum>(StringComparer.Ordinal);
        foreach (var (table, excluded, hasSymbol) in tables)
        {
            var minus = string.Concat(excluded.Select(c => $" - '{c}'"));
            var (row, payload, from) = table switch
            {
                "holding" => (
                    $"(to_jsonb(x){minus} || jsonb_build_object('snapshot', jsonb_build_object('symbol', s.symbol, 'source', s.source, 'as_of', s.as_of), " +
                    "'security', jsonb_build_object('cusip', sec.cusip, 'isin', sec.isin, 'ticker', sec.ticker)))::text",
                    "s.symbol || '/' || s.source || '/' || s.as_of::text",
                    "holding x JOIN holding_snapshot s ON s.id = x.snapshot_id LEFT JOIN security sec ON sec.id = x.security_id"),
                _ => ($"(to_jsonb(x){minus})::text", hasSymbol ? "x.symbol::text" : "''", $"\"{table}\" x"),
            };
            var md5 = await database.ScalarAsync<string>($"SELECT md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) FROM (SELECT {row} AS r FROM {from}) q");
            var perPayload = new Dictionary<string, long>(StringComparer.Ordinal);
            long rows = 0;
            await using (var command = database.DataSource.CreateCommand($"SELECT {payload}, count(*) FROM {from} GROUP BY 1"))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    perPayload[reader.IsDBNull(0) ? "" : reader.GetString(0)] = reader.GetInt64(1);
                    rows += reader.GetInt64(1);
                }
            }

            result[table] = new TableChecksum(md5!, rows, perPayload);
        }

        return result;
    }
}
