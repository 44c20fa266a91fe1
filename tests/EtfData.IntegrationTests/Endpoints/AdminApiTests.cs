using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Endpoints;

/// <summary>A host with an admin key and a running scheduler, so that an accepted run is executed.</summary>
public sealed class AdminHost : IngestionHost
{
    public const string Key = "test-admin-key-0123456789";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Admin:ApiKey"] = Key,
        ["Scheduler:Enabled"] = "true",
    };
}

public sealed class AdminApiTests(AdminHost host) : IClassFixture<AdminHost>
{
    [Fact]
    public async Task Without_a_configured_key_the_admin_api_does_not_exist()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using var factory = new EtfDataApiFactory(database.ConnectionString);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminHost.Key);

        using var list = await client.GetAsync("/api/admin/jobs");
        using var run = await client.PostAsJsonAsync("/api/admin/jobs/prices/run", new { });

        list.StatusCode.Should().Be(HttpStatusCode.NotFound);
        run.StatusCode.Should().Be(HttpStatusCode.NotFound);
        list.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key-0123456789")]
    [InlineData("test-admin-key-012345678")]
    public async Task A_missing_or_wrong_key_is_401_problem(string? key)
    {
        using var client = host.Factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        using var response = await client.GetAsync("/api/admin/jobs");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("detail").GetString().Should().Contain("X-Api-Key");
    }

    [Fact]
    public async Task With_the_key_jobs_are_listed_with_their_schedules()
    {
        using var client = AdminClient();

        var jobs = await client.GetFromJsonAsync<JsonElement>("/api/admin/jobs");

        var nightly = jobs.EnumerateArray().Single(j => j.GetProperty("name").GetString() == "nightly");
        nightly.GetProperty("schedule").GetString().Should().Be("0 0 22 ? * MON-FRI (America/New_York)");
        // Issuer files before flows: their dated shares outstanding feed the shares-method flow.
        nightly.GetProperty("jobs").EnumerateArray().Select(j => j.GetString()).Should().Equal("discovery", "prices", "aum", "holdings-issuer", "flows");
        // Quartz runs on the host's clock, which is the fake upstream's.
        nightly.GetProperty("nextFireUtc").GetDateTimeOffset().Should().BeAfter(host.DataClock.Now);
        jobs.EnumerateArray().Select(j => j.GetProperty("name").GetString()).Should().Contain(
            ["prices", "aum", "flows", "weekly-events", "holdings-issuer", "holdings-schwab", "etfdb"]);
        // Schwab and etfdb on weekly schedules of their own.
        jobs.EnumerateArray().Single(j => j.GetProperty("name").GetString() == "weekly-schwab")
            .GetProperty("schedule").GetString().Should().Be("0 0 10 ? * SAT (America/New_York)");
        jobs.EnumerateArray().Single(j => j.GetProperty("name").GetString() == "weekly-etfdb")
            .GetProperty("schedule").GetString().Should().Be("0 0 10 ? * SUN (America/New_York)");
    }

    [Fact]
    public async Task A_run_request_is_accepted_with_its_run_id_and_a_worker_carries_it_out()
    {
        var fund = host.Dataset.Funds.OrderBy(f => f.Symbol, StringComparer.Ordinal).First(f => !f.Symbol.Contains('-', StringComparison.Ordinal));
        await host.ResetAsync(fund);
        using var client = AdminClient();

        using var response = await client.PostAsJsonAsync("/api/admin/jobs/prices/run", new { symbols = new[] { fund.Symbol.ToLowerInvariant() }, backfill = true });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var runId = accepted.GetProperty("runId").GetInt64();
        accepted.GetProperty("status").GetString().Should().Be("queued");
        response.Headers.Location!.ToString().Should().Be($"/api/admin/runs/{runId}");

        JsonElement detail = default;
        await Eventually.UntilAsync(
            async () => (detail = await client.GetFromJsonAsync<JsonElement>($"/api/admin/runs/{runId}"))
                .GetProperty("run").GetProperty("status").GetString() is not ("queued" or "running"),
            $"run {runId} finished");

        var run = detail.GetProperty("run");
        run.GetProperty("status").GetString().Should().Be("succeeded");
        run.GetProperty("trigger").GetString().Should().Be("admin");
        run.GetProperty("backfill").GetBoolean().Should().BeTrue();
        var item = detail.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("item").GetString().Should().Be(fund.Symbol);
        item.GetProperty("rowsInserted").GetInt64().Should().BeGreaterThanOrEqualTo(host.ExpectedBars(fund).Count);
        (await host.Database.ScalarAsync<long>($"SELECT count(*) FROM price_daily WHERE symbol = '{fund.Symbol}'"))
            .Should().Be(host.ExpectedBars(fund).Count);
    }

    [Fact]
    public async Task Unknown_jobs_runs_and_bad_symbols_are_client_errors()
    {
        using var client = AdminClient();

        using var unknownJob = await client.PostAsJsonAsync("/api/admin/jobs/nope/run", new { });
        using var unknownRun = await client.GetAsync("/api/admin/runs/987654321");
        using var badSymbol = await client.PostAsJsonAsync("/api/admin/jobs/prices/run", new { symbols = new[] { "';--" } });

        unknownJob.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknownRun.StatusCode.Should().Be(HttpStatusCode.NotFound);
        badSymbol.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badSymbol.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("symbols", out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_run_request_is_409_while_a_run_of_that_job_or_of_a_job_of_the_chain_is_running()
    {
        await host.ResetAsync();
        var running = await host.Database.ScalarAsync<long>(
            "INSERT INTO ingestion_run (job, trigger, started_at, status, heartbeat_at, instance) " +
            $"VALUES ('prices', 'schedule', '{host.DataClock.Now:O}', 'running', '{host.DataClock.Now:O}', '{EtfData.Api.Ingestion.IngestionRunLog.CurrentInstance}') RETURNING id");
        using var client = AdminClient();

        using var prices = await client.PostAsJsonAsync("/api/admin/jobs/prices/run", new { });
        using var nightly = await client.PostAsJsonAsync("/api/admin/jobs/nightly/run", new { });

        foreach (var response in new[] { prices, nightly })
        {
            response.StatusCode.Should().Be(HttpStatusCode.Conflict);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("detail").GetString().Should().Contain($"prices is running as run {running} (trigger schedule");
            problem.GetProperty("runIds").EnumerateArray().Select(i => i.GetInt64()).Should().Equal(running);
        }

        (await host.Database.ScalarAsync<long>("SELECT count(*) FROM ingestion_run")).Should().Be(1, "nothing was queued");
        await host.Database.ExecuteAsync($"UPDATE ingestion_run SET status = 'abandoned', finished_at = started_at WHERE id = {running}");
    }

    [Fact]
    public async Task A_run_request_naming_symbols_outside_the_universe_is_400_naming_them()
    {
        var fund = host.Dataset.Find("SPY")!;
        await host.ResetAsync(fund);
        using var client = AdminClient();

        using var response = await client.PostAsJsonAsync("/api/admin/jobs/prices/run", new { symbols = new[] { "spy", "aapl", "zzzz" } });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("symbols");
        errors[0].GetString().Should().StartWith("Unknown symbol(s): AAPL, ZZZZ.");
        (await host.Database.ScalarAsync<long>("SELECT count(*) FROM ingestion_run")).Should().Be(0);
    }

    [Fact]
    public async Task A_listed_fund_discovery_missed_is_added_verified_upstream_and_discovery_keeps_it_active()
    {
        await host.ResetAsync();
        host.Fake.State.Nasdaq.Remove("TLT");
        try
        {
            using var client = AdminClient();

            using var added = await client.PostAsJsonAsync("/api/admin/etfs", new { symbol = "tlt" });
            using var again = await client.PostAsJsonAsync("/api/admin/etfs", new { symbol = "TLT" });
            using var unknown = await client.PostAsJsonAsync("/api/admin/etfs", new { symbol = "ZZZZ" });
            using var invalid = await client.PostAsJsonAsync("/api/admin/etfs", new { symbol = "';--" });

            added.StatusCode.Should().Be(HttpStatusCode.Created);
            added.Headers.Location!.ToString().Should().Be("/api/etfs/TLT");
            var etf = await added.Content.ReadFromJsonAsync<JsonElement>();
            etf.GetProperty("symbol").GetString().Should().Be("TLT");
            etf.GetProperty("name").GetString().Should().Be(host.Dataset.Find("TLT")!.Name);
            etf.GetProperty("source").GetString().Should().Be("manual");
            again.StatusCode.Should().Be(HttpStatusCode.Conflict);
            unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("symbol")[0].GetString()
                .Should().Contain("Yahoo Finance does not know ZZZZ");
            invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await host.Database.ScalarAsync<long>("SELECT count(*) FROM etf")).Should().Be(1, "nothing unverified was recorded");

            // The directory does not list TLT: discovery adds the others and leaves the manual fund active.
            var discovery = await host.RunAsync(EtfData.Api.Ingestion.JobNames.Discovery);

            discovery.Status.Should().Be(EtfData.Domain.RunStatus.Succeeded);
            (await host.Database.ScalarAsync<bool>("SELECT is_active FROM etf WHERE symbol = 'TLT'")).Should().BeTrue();
            (await host.Database.ScalarAsync<string>("SELECT source FROM etf WHERE symbol = 'TLT'")).Should().Be("manual");
            (await host.Database.ScalarAsync<long>("SELECT count(*) FROM etf WHERE source = 'nasdaq'")).Should().BePositive();
            var prices = await host.RunAsync(EtfData.Api.Ingestion.JobNames.Prices, false, "TLT");
            prices.ItemsSucceeded.Should().Be(1, "every job covers a manually added fund");
        }
        finally
        {
            host.Fake.State.Nasdaq.Reset();
        }
    }

    private HttpClient AdminClient()
    {
        var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminHost.Key);
        return client;
    }
}
