using System.Net;
using System.Net.Http.Json;
using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>
/// Several hosts clustered on one database (Quartz's clustered store), chains whose triggers fire at the same
/// instant, and admin runs requested while scheduled ones run: each job runs once per fire, no run waits on a
/// deadlock, and the final rows are exactly those one host running the same jobs once leaves behind.
/// </summary>
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    /// <summary>An SPDR fund, an Invesco fund and a Vanguard fund (Schwab's holdings pages cover it).</summary>
    private static readonly string[] Symbols = ["QQQ", "SPY", "VOO"];

    private const string AdminKey = "concurrency-admin-key";

    /// <summary>
    /// Every data row the jobs under test write, timestamps and generated ids left out, as one digest: equal
    /// digests mean equal rows, so an update lost to a race (or written twice differently) shows.
    /// </summary>
    private const string DigestSql = """
        SELECT md5(coalesce(string_agg(r, E'\n' ORDER BY r), '')) FROM (
            SELECT 'etf' || row(symbol, name, issuer, category, expense_ratio, inception_date, structure, index_tracked, is_active)::text AS r FROM etf
            UNION ALL SELECT 'bar' || row(symbol, trade_date, open, high, low, close, adj_close, volume)::text FROM price_daily
            UNION ALL SELECT 'dividend' || row(symbol, ex_date, cash_amount)::text FROM dividend
            UNION ALL SELECT 'split' || row(symbol, split_date, numerator, denominator)::text FROM split
            UNION ALL SELECT 'snapshot' || row(symbol, source, as_of, position_count, content_hash, is_latest)::text FROM holding_snapshot
            UNION ALL SELECT 'holding' || row(s.symbol, s.source, s.as_of, h.position, h.ticker, h.name, h.weight, h.shares, h.market_value_usd)::text
                      FROM holding h JOIN holding_snapshot s ON s.id = h.snapshot_id
            UNION ALL SELECT 'profile' || row(symbol, source, issuer, category, expense_ratio, inception_date, structure, index_tracked, aum_usd, aum_as_of)::text
                      FROM etf_source_profile
            UNION ALL SELECT 'reported' || row(symbol, source, as_of, window_name, net_flow_usd)::text FROM reported_flow
        ) rows
        """;

    private const string CountsSql = """
        SELECT format('bars %s, dividends %s, splits %s, snapshots %s, holdings %s, profiles %s, reported flows %s',
            (SELECT count(*) FROM price_daily), (SELECT count(*) FROM dividend), (SELECT count(*) FROM split),
            (SELECT count(*) FROM holding_snapshot), (SELECT count(*) FROM holding), (SELECT count(*) FROM etf_source_profile),
            (SELECT count(*) FROM reported_flow))
        """;

    /// <summary>Two runs of one job that were both running at some instant (the runner must never allow it).</summary>
    private const string OverlappingRunsSql = """
        SELECT count(*) FROM ingestion_run a JOIN ingestion_run b ON a.job = b.job AND a.id < b.id
        WHERE a.status NOT IN ('queued', 'abandoned') AND b.status NOT IN ('queued', 'abandoned')
          AND tstzrange(a.started_at, a.finished_at) && tstzrange(b.started_at, b.finished_at)
        """;

    [Fact]
    public async Task Three_clustered_hosts_with_three_chains_fired_together_run_each_job_once_per_fire_without_deadlocks_or_lost_updates()
    {
        await using var fake = await FakeUpstreamServer.StartAsync();
        var jobs = new[] { JobNames.Dividends, JobNames.Splits, JobNames.HoldingsSchwab, JobNames.Etfdb };
        var reference = await SingleHostDigestAsync(fake, jobs);

        await using var database = await SeededDatabaseAsync(fake);
        var deadlocksBefore = await DeadlocksAsync(database);
        var settings = ClusterSettings(fake);
        // The weekly-events, Schwab and etfdb chains all fire on the same instants, on whichever node wins each trigger.
        settings["Scheduler:WeeklyEventsCron"] = "0/3 * * * * ?";
        settings["Scheduler:SchwabHoldingsCron"] = "0/3 * * * * ?";
        settings["Scheduler:EtfdbCron"] = "0/3 * * * * ?";

        var started = DateTimeOffset.UtcNow;
        await using (var first = new EtfDataApiFactory(database.ConnectionString, settings))
        await using (var second = new EtfDataApiFactory(database.ConnectionString, settings))
        await using (var third = new EtfDataApiFactory(database.ConnectionString, settings))
        {
            _ = first.Services;
            _ = second.Services;
            _ = third.Services;
            await Eventually.UntilAsync(
                async () => await database.ScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state") == 3
                    && await FiresCompletedAsync(database, jobs) >= 3,
                "three nodes joined and three fires ran every chain to its end");
        }

        var fires = await FiresCompletedAsync(database, jobs);
        var perFire = await database.ScalarAsync<long>(
            "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM ingestion_run WHERE trigger = 'schedule' GROUP BY job, scheduled_for) x");
        var runs = await database.ScalarAsync<long>("SELECT count(*) FROM ingestion_run WHERE trigger = 'schedule'");
        Figures.Report(output, $"clustered hosts: 3 nodes, {fires} fires of 3 chains together, {runs} scheduled runs, " +
            $"{await database.ScalarAsync<string>(CountsSql)}");

        perFire.Should().Be(1, "each fire turns into exactly one run of each job of its chain");
        (await database.ScalarAsync<DateTime>("SELECT min(scheduled_for) FROM ingestion_run")).Should().BeAfter(started.UtcDateTime.AddSeconds(-3));
        await AssertCleanAsync(database, deadlocksBefore);
        (await database.ScalarAsync<string>(DigestSql)).Should().Be(reference, "the cluster's rows equal one host's run of the same jobs");
    }

    [Fact]
    public async Task Admin_runs_requested_on_two_hosts_while_scheduled_fires_run_each_run_once_and_lose_no_update()
    {
        await using var fake = await FakeUpstreamServer.StartAsync();
        var reference = await SingleHostDigestAsync(fake, [JobNames.Prices, JobNames.Dividends, JobNames.Splits]);

        await using var database = await SeededDatabaseAsync(fake);
        var deadlocksBefore = await DeadlocksAsync(database);
        var settings = ClusterSettings(fake);
        settings["Scheduler:WeeklyEventsCron"] = "0/2 * * * * ?";
        settings["Admin:ApiKey"] = AdminKey;

        var accepted = new List<long>();
        var conflicts = 0;
        string[] requested = [JobNames.Prices, JobNames.Dividends, JobNames.Splits, IngestionServiceCollectionExtensions.WeeklyEventsChain];
        await using (var first = new EtfDataApiFactory(database.ConnectionString, settings))
        await using (var second = new EtfDataApiFactory(database.ConnectionString, settings))
        {
            using var clientA = AdminClient(first);
            using var clientB = AdminClient(second);
            await Eventually.UntilAsync(async () => await FiresCompletedAsync(database, [JobNames.Dividends, JobNames.Splits]) >= 1, "a first scheduled fire ran");

            // Three rounds: every job on both hosts at once, while the fires every two seconds run dividends and splits.
            for (var round = 0; round < 3; round++)
            {
                var answers = await Task.WhenAll(requested.SelectMany(job => new[] { clientA, clientB }.Select(c =>
                    c.PostAsJsonAsync($"/api/admin/jobs/{job}/run", new { symbols = (string[]?)null }))));
                foreach (var answer in answers)
                {
                    using (answer)
                    {
                        answer.StatusCode.Should().BeOneOf(HttpStatusCode.Accepted, HttpStatusCode.Conflict);
                        if (answer.StatusCode == HttpStatusCode.Accepted)
                        {
                            accepted.Add((await answer.Content.ReadFromJsonAsync<AcceptedRun>())!.RunId);
                        }
                        else
                        {
                            conflicts++;
                        }
                    }
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            var ids = string.Join(',', accepted);
            await Eventually.UntilAsync(
                async () => await database.ScalarAsync<long>($"SELECT count(*) FROM ingestion_run WHERE id IN ({ids}) AND status IN ('queued', 'running')") == 0
                    && await FiresCompletedAsync(database, [JobNames.Dividends, JobNames.Splits]) >= 3,
                "every accepted admin run finished and three scheduled fires ran");
        }

        var acceptedIds = string.Join(',', accepted);
        var perFire = await database.ScalarAsync<long>(
            "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM ingestion_run WHERE trigger = 'schedule' GROUP BY job, scheduled_for) x");
        var adminSucceeded = await database.ScalarAsync<long>($"SELECT count(*) FROM ingestion_run WHERE id IN ({acceptedIds}) AND status = 'succeeded'");
        // Each accepted run did its work exactly once: one item per fund, each succeeded.
        var itemsPerRun = await database.ScalarAsync<long>(
            $"SELECT count(*) FROM ingestion_item WHERE run_id IN ({acceptedIds}) AND status = 'succeeded'");
        Figures.Report(output, $"admin overlap: {accepted.Count + conflicts} admin requests on 2 hosts ({accepted.Count} accepted, {conflicts} × 409) during " +
            $"{await FiresCompletedAsync(database, [JobNames.Dividends, JobNames.Splits])} scheduled fires; {await database.ScalarAsync<string>(CountsSql)}");

        accepted.Should().NotBeEmpty();
        adminSucceeded.Should().Be(accepted.Count, "every accepted run ran to success under its own id");
        itemsPerRun.Should().Be(accepted.Count * Symbols.Length);
        perFire.Should().Be(1);
        await AssertCleanAsync(database, deadlocksBefore);
        (await database.ScalarAsync<string>(DigestSql)).Should().Be(reference, "the rows equal one host's run of the same jobs");
    }

    private sealed record AcceptedRun(long RunId, string Job);

    private static HttpClient AdminClient(EtfDataApiFactory host)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    private static Dictionary<string, string?> ClusterSettings(FakeUpstreamServer fake)
    {
        var settings = IngestionHost.Settings(fake);
        settings["Scheduler:Enabled"] = "true";
        settings["Scheduler:ClusterCheckinSeconds"] = "2";
        return settings;
    }

    /// <summary>A migrated database whose universe is <see cref="Symbols"/>, their price history already loaded.</summary>
    private static async Task<TestDatabase> SeededDatabaseAsync(FakeUpstreamServer fake)
    {
        var database = await TestDatabase.CreateAsync(migrate: true);
        var now = DateTimeOffset.UtcNow;
        await using (var db = database.NewDbContext())
        {
            foreach (var symbol in Symbols)
            {
                db.Etfs.Add(new Etf { Symbol = symbol, Name = fake.Yahoo.Dataset.Find(symbol)!.Name, FirstSeenAt = now, UpdatedAt = now });
            }

            await db.SaveChangesAsync();
        }

        await using var host = new EtfDataApiFactory(database.ConnectionString, IngestionHost.Settings(fake));
        var run = await host.Services.GetRequiredService<IngestionRunner>()
            .RunAsync(JobNames.Prices, new IngestionRequest("test", null, Backfill: true), null, CancellationToken.None);
        run.ItemsSucceeded.Should().Be(Symbols.Length);
        return database;
    }

    /// <summary>The digest of a database where one host (scheduler off) ran <paramref name="jobs"/> once each, in order.</summary>
    private static async Task<string> SingleHostDigestAsync(FakeUpstreamServer fake, IEnumerable<string> jobs)
    {
        await using var database = await SeededDatabaseAsync(fake);
        await using (var host = new EtfDataApiFactory(database.ConnectionString, IngestionHost.Settings(fake)))
        {
            var runner = host.Services.GetRequiredService<IngestionRunner>();
            foreach (var job in jobs)
            {
                var run = await runner.RunAsync(job, new IngestionRequest("test"), null, CancellationToken.None);
                run.ItemsFailed.Should().Be(0, $"the reference {job} run stores everything");
            }
        }

        return (await database.ScalarAsync<string>(DigestSql))!;
    }

    /// <summary>Fires for which every one of <paramref name="jobs"/> has a finished scheduled run.</summary>
    private static Task<long> FiresCompletedAsync(TestDatabase database, string[] jobs) =>
        database.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT scheduled_for FROM ingestion_run WHERE trigger = 'schedule' AND finished_at IS NOT NULL " +
            $"AND job IN ({string.Join(',', jobs.Select(j => $"'{j}'"))}) GROUP BY scheduled_for HAVING count(DISTINCT job) = {jobs.Length}) x");

    private static Task<long> DeadlocksAsync(TestDatabase database) =>
        database.ScalarAsync<long>("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");

    /// <summary>No run failed or was left behind, no two runs of a job overlapped, and PostgreSQL detected no deadlock.</summary>
    private async Task AssertCleanAsync(TestDatabase database, long deadlocksBefore)
    {
        var statuses = await database.ScalarAsync<string>(
            "SELECT coalesce(string_agg(job || ' ' || status || ' ×' || n, ', ' ORDER BY job, status), '') " +
            "FROM (SELECT job, status, count(*) AS n FROM ingestion_run GROUP BY job, status) x");
        output.WriteLine("runs: " + statuses);
        (await database.ScalarAsync<long>("SELECT count(*) FROM ingestion_run WHERE status NOT IN ('succeeded')"))
            .Should().Be(0, $"every run succeeded ({statuses})");
        var items = await database.ScalarAsync<string>(
            "SELECT coalesce(string_agg(x, '; '), '') FROM (SELECT DISTINCT r.job || ' ' || i.item || ' ' || i.status || coalesce(': ' || i.error, coalesce(': ' || i.note, '')) AS x " +
            "FROM ingestion_item i JOIN ingestion_run r ON r.id = i.run_id WHERE i.status <> 'succeeded' ORDER BY 1 LIMIT 5) y");
        output.WriteLine("items not succeeded (distinct, first 5): " + items);
        (await database.ScalarAsync<long>("SELECT count(*) FROM ingestion_item WHERE status = 'failed'")).Should().Be(0, items);
        (await database.ScalarAsync<long>(
            "SELECT count(*) FROM ingestion_run WHERE error ILIKE '%deadlock%' OR error LIKE '%40P01%'")).Should().Be(0);
        (await database.ScalarAsync<long>(
            "SELECT count(*) FROM ingestion_item WHERE error ILIKE '%deadlock%' OR error LIKE '%40P01%'")).Should().Be(0);
        (await database.ScalarAsync<long>(OverlappingRunsSql)).Should().Be(0, "one run of a job runs at a time");
        // A backend's statistics reach pg_stat_database at the latest when it exits: wait until the hosts' have.
        await Eventually.UntilAsync(
            async () => await database.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'etfdata%'") == 0,
            "the hosts' connections closed");
        (await DeadlocksAsync(database)).Should().Be(deadlocksBefore, "PostgreSQL detected no deadlock in this database");
    }
}
