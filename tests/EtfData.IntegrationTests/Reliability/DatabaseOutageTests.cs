using System.Net;
using System.Text.Json;
using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream;
using EtfData.FakeUpstream.Faults;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Xunit;
using Xunit.Abstractions;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>
/// PostgreSQL stopped and started again under a running API and a running ingestion, on a cluster of
/// this class's own (<see cref="DedicatedPostgres"/>) so that no other test class loses its server.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task While_PostgreSQL_is_down_requests_get_503_with_Retry_After_and_after_its_restart_the_same_host_serves_again_and_ingests()
    {
        await using var cluster = await DedicatedPostgres.StartAsync();
        var connectionString = await cluster.CreateDatabaseAsync("etfdata_outage");
        var clock = new TestClock(IngestionHost.FridayAfterClose);
        await using var fake = await FakeUpstreamServer.StartAsync(clock);
        var funds = fake.Yahoo.Dataset.Funds.OrderBy(f => f.Symbol, StringComparer.Ordinal).Take(4).ToList();
        var settings = IngestionHost.Settings(fake);
        settings["Ingestion:MaxParallelism"] = "1";
        var log = new CapturingSink();
        await using var host = new EtfDataApiFactory(connectionString, settings, clock.Running)
            .WithWebHostBuilder(web => web.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(log)));
        using var client = host.CreateClient();
        var runner = host.Services.GetRequiredService<IngestionRunner>();
        await using (var db = new EtfData.Api.Storage.EtfDataDbContext(
            new DbContextOptionsBuilder<EtfData.Api.Storage.EtfDataDbContext>().UseNpgsql(connectionString).Options))
        {
            foreach (var fund in funds)
            {
                db.Etfs.Add(new Etf { Symbol = fund.Symbol, Name = fund.Name, FirstSeenAt = clock.Now, UpdatedAt = clock.Now });
            }

            await db.SaveChangesAsync();
        }

        var first = await runner.RunAsync(JobNames.Prices, new IngestionRequest("test", Backfill: true), null, CancellationToken.None);
        first.ItemsSucceeded.Should().Be(funds.Count, first.Error);
        var symbol = funds[0].Symbol;
        var pricesPath = $"/api/etfs/{symbol}/prices?from=2025-01-02&to=2025-03-07";
        (await client.GetAsync(pricesPath)).StatusCode.Should().Be(HttpStatusCode.OK);
        // Every pooled connection used once before the outage, so that dead ones wait in the pool for later.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync("/api/etfs")));

        // A run in progress when the server goes: each chart answer takes a second, one symbol at a time.
        fake.Faults.On("/yahoo/v8/finance/chart/", Fault.Hang(TimeSpan.FromSeconds(1)), times: null);
        var interrupted = Task.Run(() => runner.RunAsync(JobNames.Prices, new IngestionRequest("test", Backfill: true), null, CancellationToken.None));
        await Eventually.UntilAsync(async () => await CountAsync(connectionString, "SELECT count(*) FROM ingestion_run WHERE status = 'running'") == 1, "the second run started");
        var interruptedRunId = await CountAsync(connectionString, "SELECT id FROM ingestion_run WHERE status = 'running'");

        await cluster.StopServerAsync();
        var whileDown = new List<(string Path, HttpResponseMessage Response, string Body)>();
        foreach (var path in (string[])["/api/etfs", pricesPath, $"/api/etfs/{symbol}", "/api/etfs?format=csv"])
        {
            var response = await client.GetAsync(path);
            whileDown.Add((path, response, await response.Content.ReadAsStringAsync()));
        }

        var ready = await client.GetAsync("/api/health/ready");
        var live = await client.GetAsync("/api/health");

        foreach (var (path, response, body) in whileDown)
        {
            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, $"{path} while the database is down: {body}");
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", path);
            response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5), path);
            using var problem = JsonDocument.Parse(body);
            problem.RootElement.GetProperty("status").GetInt32().Should().Be(503);
            problem.RootElement.GetProperty("title").GetString().Should().Be("Database unavailable");
            body.Should().NotContain("Npgsql").And.NotContain("   at ", "no internals in the answer");
        }

        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        live.StatusCode.Should().Be(HttpStatusCode.OK, "the process itself is alive");

        // The run meets the outage: an item of it fails on the database (and cannot even be recorded).
        await Eventually.UntilAsync(
            () => Task.FromResult(log.From("EtfData.Api.Ingestion.IngestionRunner").Any(e => CapturingSink.Render(e).Contains("prices failed for", StringComparison.Ordinal))),
            "an item of the run in progress met the stopped database");
        await cluster.StartServerAsync();
        // The pool held connections the restart killed: none of them may fail a request now.
        var after = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            after.Add((await client.GetAsync(i % 2 == 0 ? "/api/etfs" : pricesPath)).StatusCode);
        }

        after.Should().AllSatisfy(s => s.Should().Be(HttpStatusCode.OK), "the same host serves again at once after the restart");
        (await client.GetAsync("/api/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);

        // The run in progress ends cleanly: it is closed with the reason, not left running.
        fake.Faults.Clear();
        var closed = await interrupted;
        closed.Id.Should().Be(interruptedRunId);
        closed.Status.Should().BeOneOf(RunStatus.Failed, RunStatus.Partial);
        var items = await ItemErrorsAsync(connectionString, closed.Id);
        output.WriteLine($"interrupted run {closed.Id}: {closed.Status}, error: {closed.Error}; item errors: {string.Join(" | ", items)}");
        (closed.Error + string.Join(' ', items)).Should().Contain("database");
        (await CountAsync(connectionString, "SELECT count(*) FROM ingestion_run WHERE status IN ('running', 'queued')")).Should().Be(0);

        var next = await runner.RunAsync(JobNames.Prices, new IngestionRequest("test", Backfill: true), null, CancellationToken.None);
        next.ItemsSucceeded.Should().Be(funds.Count, next.Error);
        next.ItemsFailed.Should().Be(0);
        foreach (var fund in funds)
        {
            var expected = fake.Yahoo.Dataset.History(fund, DateOnly.FromDateTime(clock.Now.UtcDateTime)).Bars.Count(b => !b.IsNullRow);
            (await CountAsync(connectionString, $"SELECT count(*) FROM price_daily WHERE symbol = '{fund.Symbol}'")).Should().Be(expected, fund.Symbol);
        }
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        // Unpooled: the test's own pooled connections would die in the restart too.
        await using var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<string>> ItemErrorsAsync(string connectionString, long runId)
    {
        // Unpooled: the test's own pooled connections would die in the restart too.
        await using var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT item || ': ' || coalesce(error, status) FROM ingestion_item WHERE run_id = {runId} ORDER BY started_at, item", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var errors = new List<string>();
        while (await reader.ReadAsync())
        {
            errors.Add(reader.GetString(0));
        }

        return errors;
    }
}
