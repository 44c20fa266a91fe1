using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream.Yahoo;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Npgsql;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>One run of a job at a time, enforced by the database; and runs that name what they did.</summary>
public sealed class RunIntegrityTests(IngestionHost host) : IClassFixture<IngestionHost>
{
    private FakeFund[] Funds() => [.. host.Dataset.Funds.Where(f => f.Symbol is "SPY" or "GLD")];

    /// <summary>A running prices run of a live process (this one) with a fresh heartbeat: nobody may abandon it.</summary>
    private async Task<long> InsertRunningAsync(string job) =>
        await host.Database.ScalarAsync<long>(
            "INSERT INTO ingestion_run (job, trigger, started_at, status, heartbeat_at, instance) " +
            $"VALUES ('{job}', 'schedule', '{host.DataClock.Now:O}', 'running', '{host.DataClock.Now:O}', '{IngestionRunLog.CurrentInstance}') RETURNING id");

    [Fact]
    public async Task The_database_refuses_a_second_running_run_of_a_job()
    {
        await host.ResetAsync(Funds());
        await InsertRunningAsync(JobNames.Prices);

        var second = async () => await InsertRunningAsync(JobNames.Prices);
        var otherJob = await InsertRunningAsync(JobNames.Aum);

        (await second.Should().ThrowAsync<PostgresException>()).Which.ConstraintName.Should().Be("ingestion_run_one_running_per_job");
        otherJob.Should().BePositive("another job may run meanwhile");
    }

    [Fact]
    public async Task A_run_that_may_not_wait_is_refused_naming_the_running_one()
    {
        await host.ResetAsync(Funds());
        var blocking = await InsertRunningAsync(JobNames.Prices);

        var refused = async () => await host.Runner.RunAsync(
            JobNames.Prices, new IngestionRequest("cli", WaitIfBusy: false), null, CancellationToken.None);

        (await refused.Should().ThrowAsync<RunConflictException>()).Which.Message
            .Should().Contain($"prices is running as run {blocking} (trigger schedule");
        (await host.Database.ScalarAsync<long>("SELECT count(*) FROM ingestion_run")).Should().Be(1, "the refused run recorded nothing");
    }

    [Fact]
    public async Task A_second_run_waits_as_queued_while_one_runs_then_does_the_work_under_its_own_id()
    {
        await host.ResetAsync(Funds());
        var blocking = await InsertRunningAsync(JobNames.Prices);

        var waiting = host.Runner.RunAsync(JobNames.Prices, new IngestionRequest("schedule", Backfill: true), null, CancellationToken.None);
        long queuedId = 0;
        await Eventually.UntilAsync(
            async () => (queuedId = await host.Database.ScalarAsync<long>(
                $"SELECT coalesce(max(id), 0) FROM ingestion_run WHERE job = 'prices' AND status = 'queued' AND id <> {blocking}")) > 0,
            "the second run recorded as queued");
        (await host.Database.ScalarAsync<string>($"SELECT instance FROM ingestion_run WHERE id = {queuedId}"))
            .Should().Be(IngestionRunLog.CurrentInstance, "the waiting process is named, so its death can be told");
        waiting.IsCompleted.Should().BeFalse("it waits while the other run of prices is running");

        await host.Database.ExecuteAsync(
            $"UPDATE ingestion_run SET status = 'succeeded', finished_at = started_at WHERE id = {blocking}");
        var run = await waiting.WaitAsync(TimeSpan.FromMinutes(2));

        run.Id.Should().Be(queuedId, "the run that waited is the run that worked");
        run.Status.Should().Be(RunStatus.Succeeded);
        run.ItemsSucceeded.Should().Be(2);
        (await host.Database.ScalarAsync<long>($"SELECT count(*) FROM ingestion_item WHERE run_id = {queuedId} AND rows_inserted > 0")).Should().Be(2);
        (await host.Database.ScalarAsync<long>("SELECT count(*) FROM ingestion_run")).Should().Be(2);
    }

    [Fact]
    public async Task Unknown_symbols_fail_the_run_naming_them_instead_of_succeeding_with_nothing()
    {
        await host.ResetAsync(Funds());

        var run = await host.RunAsync(JobNames.Prices, false, "SPY", "AAPL", "ZZZZ");

        run.Status.Should().Be(RunStatus.Failed);
        run.Error.Should().Contain("Unknown symbol(s): AAPL, ZZZZ");
        (await host.Database.ScalarAsync<long>("SELECT count(*) FROM price_daily")).Should().Be(0);
    }
}
