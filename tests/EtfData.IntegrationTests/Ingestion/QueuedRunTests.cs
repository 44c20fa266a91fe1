using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Api.Ingestion;
using EtfData.FakeUpstream;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>A run accepted by the admin API keeps its id however long it waits for a worker.</summary>
public sealed class QueuedRunTests
{
    private const string Key = "test-admin-key-0123456789";

    [Fact]
    public async Task A_queued_run_waits_for_a_worker_past_the_abandon_window_keeps_its_id_and_does_the_work()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: true);
        var clock = new TestClock(IngestionHost.FridayAfterClose);
        await using var fake = await FakeUpstreamServer.StartAsync(clock);
        var fund = fake.Yahoo.Dataset.Find("SPY")!;
        await using (var db = database.NewDbContext())
        {
            db.Etfs.Add(new Domain.Etf { Symbol = "SPY", Name = fund.Name, FirstSeenAt = clock.Now, UpdatedAt = clock.Now });
            await db.SaveChangesAsync();
        }

        var settings = IngestionHost.Settings(fake);
        settings["Admin:ApiKey"] = Key;
        settings["Ingestion:AbandonAfter"] = "00:00:05";

        // An API-only replica accepts the run; no worker is up.
        long runId;
        await using (var api = new EtfDataApiFactory(database.ConnectionString, settings, clock.Running))
        {
            using var client = api.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", Key);
            using var response = await client.PostAsJsonAsync("/api/admin/jobs/prices/run", new { symbols = new[] { "SPY" }, backfill = true });
            response.StatusCode.Should().Be(HttpStatusCode.Accepted);
            runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetInt64();

            // An hour passes, far beyond the five-second abandon window, and the run log is swept.
            clock.Now = clock.Now.AddHours(1);
            await api.Services.GetRequiredService<IngestionRunLog>().MarkAbandonedAsync(CancellationToken.None);

            (await database.ScalarAsync<string>($"SELECT status FROM ingestion_run WHERE id = {runId}"))
                .Should().Be("queued", "a run waiting for a worker is not a run whose process died");
        }

        // A worker comes up: its start-up sweep leaves the run alone and its scheduler carries it out.
        settings["Scheduler:Enabled"] = "true";
        await using var worker = new EtfDataApiFactory(database.ConnectionString, settings, clock.Running);
        _ = worker.Services;
        string? status = null;
        await Eventually.UntilAsync(
            async () => (status = await database.ScalarAsync<string>($"SELECT status FROM ingestion_run WHERE id = {runId}")) is not ("queued" or "running"),
            $"run {runId} finished");

        status.Should().Be("succeeded");
        (await database.ScalarAsync<long>("SELECT count(*) FROM ingestion_run WHERE job = 'prices'")).Should().Be(1, "no second run did the work elsewhere");
        (await database.ScalarAsync<string>($"SELECT item FROM ingestion_item WHERE run_id = {runId}")).Should().Be("SPY");
        var expected = fake.Yahoo.Dataset.History(fund, DateOnly.FromDateTime(clock.Now.UtcDateTime)).Bars.Count(b => !b.IsNullRow);
        (await database.ScalarAsync<long>($"SELECT rows_inserted FROM ingestion_item WHERE run_id = {runId}")).Should().BeGreaterThanOrEqualTo(expected);
        (await database.ScalarAsync<long>("SELECT count(*) FROM price_daily WHERE symbol = 'SPY'")).Should().Be(expected);
    }

    [Fact]
    public async Task A_queued_run_whose_trigger_is_gone_is_closed_as_abandoned_once_the_window_has_passed()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: true);
        var clock = new TestClock(IngestionHost.FridayAfterClose);
        await database.ExecuteAsync(
            "INSERT INTO ingestion_run (job, trigger, started_at, status, heartbeat_at) " +
            $"VALUES ('prices', 'admin', '{clock.Now.AddHours(-1):O}', 'queued', '{clock.Now.AddHours(-1):O}')");
        var settings = new Dictionary<string, string?> { ["Ingestion:AbandonAfter"] = "00:05:00" };

        await using var host = new EtfDataApiFactory(database.ConnectionString, settings, clock.Running);
        _ = host.Services; // the start-up sweep

        (await database.ScalarAsync<string>("SELECT status FROM ingestion_run")).Should().Be("abandoned");
        (await database.ScalarAsync<string>("SELECT error FROM ingestion_run")).Should().Contain("trigger is gone");
    }
}
