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
        nightly.GetProperty("jobs").EnumerateArray().Select(j => j.GetString()).Should().Equal("discovery", "prices", "aum", "flows");
        nightly.GetProperty("nextFireUtc").GetDateTimeOffset().Should().BeAfter(DateTimeOffset.UtcNow);
        jobs.EnumerateArray().Select(j => j.GetProperty("name").GetString()).Should().Contain(["prices", "aum", "flows", "weekly-events"]);
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
        for (var attempt = 0; attempt < 150; attempt++)
        {
            detail = await client.GetFromJsonAsync<JsonElement>($"/api/admin/runs/{runId}");
            if (detail.GetProperty("run").GetProperty("status").GetString() is not ("queued" or "running"))
            {
                break;
            }

            await Task.Delay(200);
        }

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

    private HttpClient AdminClient()
    {
        var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminHost.Key);
        return client;
    }
}
