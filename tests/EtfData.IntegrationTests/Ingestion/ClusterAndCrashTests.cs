using System.Diagnostics;
using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream;
using EtfData.FakeUpstream.Faults;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>Tests that need the host as a real process, or two hosts at once.</summary>
public sealed class ClusterAndCrashTests
{
    [Fact]
    public async Task Two_clustered_hosts_on_one_database_turn_each_scheduled_fire_into_exactly_one_run()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: true);
        await using var fake = await FakeUpstreamServer.StartAsync();
        var settings = IngestionHost.Settings(fake);
        settings["Scheduler:Enabled"] = "true";
        // The weekly events chain fires every two seconds; with an empty universe each run is quick.
        settings["Scheduler:WeeklyEventsCron"] = "0/2 * * * * ?";
        settings["Scheduler:ClusterCheckinSeconds"] = "2";

        var started = DateTimeOffset.UtcNow;
        await using (var first = new EtfDataApiFactory(database.ConnectionString, settings))
        await using (var second = new EtfDataApiFactory(database.ConnectionString, settings))
        {
            _ = first.Services;
            _ = second.Services;
            // Until both nodes have joined and three fires have run their whole chain, however slow the machine.
            await Eventually.UntilAsync(
                async () => await database.ScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state") == 2
                    && await database.ScalarAsync<long>("SELECT count(DISTINCT scheduled_for) FROM ingestion_run WHERE job = 'splits' AND status = 'succeeded'") >= 3,
                "both nodes joined and three fires ran dividends and splits");
            (await database.ScalarAsync<long>("SELECT max(checkin_interval) FROM qrtz_scheduler_state")).Should().Be(2000, "Scheduler:ClusterCheckinSeconds reaches Quartz");
        }

        var fires = await database.ScalarAsync<long>(
            "SELECT count(DISTINCT scheduled_for) FROM ingestion_run WHERE job = 'dividends'");
        var runs = await database.ScalarAsync<long>("SELECT count(*) FROM ingestion_run WHERE job = 'dividends'");
        var perFire = await database.ScalarAsync<long>(
            "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM ingestion_run WHERE job IN ('dividends', 'splits') GROUP BY job, scheduled_for) x");
        var unsuccessful = await database.ScalarAsync<long>("SELECT count(*) FROM ingestion_run WHERE status <> 'succeeded'");

        fires.Should().BeGreaterThanOrEqualTo(3, "the wait above saw three fires");
        runs.Should().Be(fires, "one run per scheduled fire, never two");
        perFire.Should().Be(1);
        unsuccessful.Should().Be(0);
        (await database.ScalarAsync<DateTime>("SELECT min(scheduled_for) FROM ingestion_run")).Should().BeAfter(started.UtcDateTime.AddSeconds(-2));
    }

    [Fact]
    public async Task A_host_killed_mid_run_leaves_an_abandoned_run_whose_work_the_next_run_completes()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: true);
        var clock = new TestClock(IngestionHost.FridayAfterClose);
        await using var fake = await FakeUpstreamServer.StartAsync(clock);
        var funds = fake.Yahoo.Dataset.Funds.OrderBy(f => f.Symbol, StringComparer.Ordinal).Take(6).ToList();
        await using (var db = database.NewDbContext())
        {
            foreach (var fund in funds)
            {
                EtfSymbol.TryNormalize(fund.Symbol, out var symbol);
                db.Etfs.Add(new Etf { Symbol = symbol!, Name = fund.Name, FirstSeenAt = clock.Now, UpdatedAt = clock.Now });
            }

            await db.SaveChangesAsync();
        }

        // Every chart answer takes 700 ms, one symbol at a time: the run lasts several seconds.
        fake.Faults.On("/yahoo/v8/finance/chart/", Fault.Hang(TimeSpan.FromMilliseconds(700)), times: null);
        var settings = IngestionHost.Settings(fake);
        settings["Ingestion:MaxParallelism"] = "1";
        var dataDate = DateOnly.FromDateTime(clock.Now.UtcDateTime);
        var expected = funds.ToDictionary(
            f => f.Symbol, f => fake.Yahoo.Dataset.History(f, dataDate).Bars.Count(b => !b.IsNullRow));

        using (var host = HostProcess.Start(database.ConnectionString, settings, "ingest", "prices", "--backfill"))
        {
            try
            {
                await Eventually.UntilAsync(
                    async () => await database.ScalarAsync<long>("SELECT count(*) FROM ingestion_item WHERE status = 'succeeded'") >= 2,
                    "two symbols stored");
            }
            finally
            {
                host.Kill(); // SIGKILL: no shutdown code runs (and no host outlives a failed wait)
                await host.WaitForExitAsync();
            }
        }

        var killedRun = await database.ScalarAsync<long>("SELECT id FROM ingestion_run WHERE job = 'prices'");
        (await database.ScalarAsync<string>($"SELECT status FROM ingestion_run WHERE id = {killedRun}")).Should().Be("running");
        var storedBefore = await database.ScalarAsync<long>("SELECT count(DISTINCT symbol) FROM price_daily");
        storedBefore.Should().BeInRange(2, funds.Count - 1, "the kill came mid-run");

        fake.Faults.Clear();
        await using var restarted = new EtfDataApiFactory(database.ConnectionString, settings);
        _ = restarted.Services; // start-up marks the dead process's run abandoned
        (await database.ScalarAsync<string>($"SELECT status FROM ingestion_run WHERE id = {killedRun}")).Should().Be("abandoned");

        var next = await restarted.Services.GetRequiredService<IngestionRunner>()
            .RunAsync(JobNames.Prices, new IngestionRequest("test"), null, CancellationToken.None);

        // Every item succeeded. (The run itself is suspect: this host lives in the real present while
        // the fake's data ends on its own clock's Friday, so the last NYSE session has no bar.)
        next.ItemsSucceeded.Should().Be(funds.Count);
        next.ItemsFailed.Should().Be(0);
        await using var check = database.NewDbContext();
        foreach (var fund in funds)
        {
            (await check.DailyPrices.CountAsync(p => p.Symbol == fund.Symbol)).Should().Be(expected[fund.Symbol], $"{fund.Symbol} is complete, not partial");
        }

        (await database.ScalarAsync<long>("SELECT count(*) - count(DISTINCT (symbol, trade_date)) FROM price_daily")).Should().Be(0);
    }

    [Fact]
    public async Task A_run_another_host_is_working_on_does_not_shield_a_dead_run_with_the_same_id()
    {
        // Two hosts with their own databases in one process: run ids are per database, so host A
        // working on its run 1 must not keep host B from abandoning B's orphaned run 1.
        await using var databaseA = await TestDatabase.CreateAsync(migrate: true);
        await using var databaseB = await TestDatabase.CreateAsync(migrate: true);
        using var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await exited.WaitForExitAsync();
        var deadInstance = $"{Environment.MachineName}/{exited.Id}/1";
        await databaseB.ExecuteAsync(
            "INSERT INTO ingestion_run (job, trigger, started_at, status, heartbeat_at, instance) " +
            $"VALUES ('prices', 'cli', now(), 'running', now(), '{deadInstance}')");

        await using var hostA = new EtfDataApiFactory(databaseA.ConnectionString);
        hostA.Services.GetRequiredService<IngestionRunLog>().Track(1);
        await using var hostB = new EtfDataApiFactory(databaseB.ConnectionString);

        _ = hostB.Services; // B's start-up closes runs whose process died

        (await databaseB.ScalarAsync<string>("SELECT status FROM ingestion_run WHERE id = 1")).Should().Be("abandoned");
    }

    [Fact]
    public async Task The_ingest_command_exits_1_when_a_symbol_failed_0_when_all_succeeded_and_2_for_bad_usage()
    {
        await using var setup = await HostProcessSetup.CreateAsync("SPY", "GLD");
        var database = setup.Database;
        setup.Fake.Faults.On("/yahoo/v8/finance/chart/GLD", Fault.MalformedJson(), times: null);

        var failed = await setup.RunHostAsync("ingest", "prices", "--backfill");
        setup.Fake.Faults.Clear();
        var succeeded = await setup.RunHostAsync("ingest", "prices", "--symbols", "gld");
        var badJob = await setup.RunHostAsync("ingest", "nope");
        var badSymbol = await setup.RunHostAsync("ingest", "prices", "--symbols", "';--");

        failed.ExitCode.Should().Be(1);
        failed.AllOutput.Should().Contain("Ingestion summary").And.Contain("partial").And.Contain("GLD: payload invalid");
        succeeded.ExitCode.Should().Be(0);
        succeeded.AllOutput.Should().Contain("All items succeeded.");
        badJob.ExitCode.Should().Be(2);
        badJob.AllOutput.Should().Contain("Unknown job(s): nope");
        badSymbol.ExitCode.Should().Be(2);
        (await database.ScalarAsync<long>("SELECT count(DISTINCT symbol) FROM price_daily")).Should().Be(2);
    }

    [Fact]
    public async Task The_ingest_command_exits_2_for_unknown_symbols_and_a_running_job_and_adds_only_verified_funds()
    {
        await using var setup = await HostProcessSetup.CreateAsync("SPY");
        var database = setup.Database;

        var unknown = await setup.RunHostAsync("ingest", "prices", "--symbols", "SPY,aapl");
        // A running prices run of a live process (this test's) with a fresh heartbeat.
        var running = await database.ScalarAsync<long>(
            "INSERT INTO ingestion_run (job, trigger, started_at, status, heartbeat_at, instance) " +
            $"VALUES ('prices', 'admin', now(), 'running', now(), '{IngestionRunLog.CurrentInstance}') RETURNING id");
        var busy = await setup.RunHostAsync("ingest", "prices");
        await database.ExecuteAsync($"UPDATE ingestion_run SET status = 'succeeded', finished_at = now() WHERE id = {running}");
        var added = await setup.RunHostAsync("ingest", "add", "tlt");
        var rejected = await setup.RunHostAsync("ingest", "add", "ZZZZ");

        unknown.ExitCode.Should().Be(2);
        unknown.AllOutput.Should().Contain("Unknown symbol(s): AAPL.");
        busy.ExitCode.Should().Be(2, busy.AllOutput);
        busy.AllOutput.Should().Contain($"prices is running as run {running}");
        added.ExitCode.Should().Be(0, added.AllOutput);
        added.AllOutput.Should().Contain("TLT added");
        rejected.ExitCode.Should().Be(2);
        rejected.AllOutput.Should().Contain("ZZZZ");
        (await database.ScalarAsync<string>("SELECT source FROM etf WHERE symbol = 'TLT'")).Should().Be("manual");
        (await database.ScalarAsync<long>("SELECT count(*) FROM etf")).Should().Be(2);
        (await database.ScalarAsync<long>("SELECT count(*) FROM ingestion_run")).Should().Be(1, "the refused commands recorded no run");
        (await database.ScalarAsync<long>("SELECT count(*) FROM price_daily")).Should().Be(0);
    }
}
