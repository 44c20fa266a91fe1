using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Api.Ingestion;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>A host whose clock the test sets apart from the fake's: the evening can move on while the upstream serves nothing new.</summary>
public sealed class SessionClockHost : IngestionHost
{
    public TestClock HostNow { get; } = new(FridayAfterClose);

    protected override TimeProvider HostClock => HostNow.Running;

    /// <summary>Puts the upstream's data clock and the host's clock both at <paramref name="now"/>.</summary>
    public void BothClocksAt(DateTimeOffset now)
    {
        DataClock.Now = now;
        HostNow.Now = now;
    }
}

/// <summary>An outage that looks like success is caught, and /api/health/ready says how fresh the data is.</summary>
public sealed class SessionCheckTests(SessionClockHost host) : IClassFixture<SessionClockHost>
{
    // Friday 2025-03-07 17:00 New York (EST); Monday 2025-03-10 18:00 New York (EDT, the clocks changed on Sunday).
    private static readonly DateTimeOffset FridayEvening = new(2025, 3, 7, 22, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayEvening = new(2025, 3, 10, 22, 0, 0, TimeSpan.Zero);

    private async Task ResetAsync()
    {
        await host.ResetAsync(host.Dataset.Find("SPY")!, host.Dataset.Find("GLD")!);
        host.HostNow.Now = FridayEvening;
    }

    private Task<string?> StatusOfAsync(long runId) => host.Database.ScalarAsync<string>($"SELECT status FROM ingestion_run WHERE id = {runId}");

    [Fact]
    public async Task A_prices_run_after_a_session_for_which_the_upstream_served_no_bar_is_suspect()
    {
        await ResetAsync();
        await host.RunAsync(JobNames.Prices, backfill: true);

        // Monday evening: the session closed at 16:00, but the upstream still serves Friday's data.
        host.HostNow.Now = MondayEvening;
        var run = await host.RunAsync(JobNames.Prices);

        run.ItemsSucceeded.Should().Be(2, "every item looked fine");
        (await StatusOfAsync(run.Id)).Should().Be("suspect");
        run.Error.Should().Contain("none of the 2 symbol(s) fetched has a bar for the NYSE session of 2025-03-10 (latest stored 2025-03-07)");

        // Once the upstream has Monday's bars the same run is plausible again.
        host.DataClock.Now = MondayEvening;
        var healed = await host.RunAsync(JobNames.Prices);
        (await StatusOfAsync(healed.Id)).Should().Be("succeeded");
    }

    [Fact]
    public async Task A_prices_run_on_the_evening_of_a_holiday_or_before_the_close_expects_the_previous_session()
    {
        await ResetAsync();

        // Washington's Birthday (Monday 2025-02-17, no session): Friday 14 February is the last session.
        host.BothClocksAt(new DateTimeOffset(2025, 2, 17, 23, 0, 0, TimeSpan.Zero));
        var holiday = await host.RunAsync(JobNames.Prices, backfill: true);

        // Tuesday 15:00 New York: Tuesday's session has not closed yet.
        host.BothClocksAt(new DateTimeOffset(2025, 2, 18, 20, 0, 0, TimeSpan.Zero));
        var beforeClose = await host.RunAsync(JobNames.Prices);

        (await StatusOfAsync(holiday.Id)).Should().Be("succeeded");
        (await StatusOfAsync(beforeClose.Id)).Should().Be("succeeded");
    }

    [Fact]
    public async Task A_prices_run_after_an_early_close_stores_that_sessions_bar_and_is_not_suspect()
    {
        await ResetAsync();

        // Friday 2026-11-27, the day after Thanksgiving, 14:00 New York (EST): the session closed at 13:00.
        host.BothClocksAt(new DateTimeOffset(2026, 11, 27, 19, 0, 0, TimeSpan.Zero));
        var run = await host.RunAsync(JobNames.Prices, backfill: true);

        (await StatusOfAsync(run.Id)).Should().Be("succeeded", run.Error);
        (await host.Database.ScalarAsync<long>("SELECT count(*) FROM price_daily WHERE trade_date = '2026-11-27'")).Should().Be(2);
    }

    [Fact]
    public async Task Readiness_reports_per_job_freshness_against_the_last_nyse_session_and_stays_200_when_stale()
    {
        await ResetAsync();
        var prices = await host.RunAsync(JobNames.Prices, backfill: true);
        var aum = await host.RunAsync(JobNames.Aum);
        using var client = host.Factory.CreateClient();

        var fresh = await client.GetFromJsonAsync<JsonElement>("/api/health/ready");
        host.HostNow.Now = MondayEvening;
        using var staleResponse = await client.GetAsync("/api/health/ready");
        var stale = await staleResponse.Content.ReadFromJsonAsync<JsonElement>();

        var freshPrices = Job(fresh, "prices");
        fresh.GetProperty("freshness").GetProperty("lastSession").GetString().Should().Be("2025-03-07");
        freshPrices.GetProperty("lastSuccess").GetProperty("id").GetInt64().Should().Be(prices.Id);
        freshPrices.GetProperty("latestStoredDate").GetString().Should().Be("2025-03-07");
        freshPrices.GetProperty("sessionsBehind").GetInt32().Should().Be(0);
        freshPrices.GetProperty("stale").GetBoolean().Should().BeFalse();
        Job(fresh, "aum").GetProperty("lastSuccess").GetProperty("id").GetInt64().Should().Be(aum.Id);
        Job(fresh, "aum").GetProperty("stale").GetBoolean().Should().BeFalse();
        Job(fresh, "flows").GetProperty("stale").GetBoolean().Should().BeTrue("no flow was ever derived");
        Job(fresh, "flows").GetProperty("lastRun").ValueKind.Should().Be(JsonValueKind.Null);

        staleResponse.StatusCode.Should().Be(HttpStatusCode.OK, "stale data is reported, not a reason to take the service out of rotation");
        stale.GetProperty("status").GetString().Should().Be("ready");
        stale.GetProperty("freshness").GetProperty("lastSession").GetString().Should().Be("2025-03-10");
        stale.GetProperty("freshness").GetProperty("stale").GetBoolean().Should().BeTrue();
        var stalePrices = Job(stale, "prices");
        stalePrices.GetProperty("latestStoredDate").GetString().Should().Be("2025-03-07");
        stalePrices.GetProperty("sessionsBehind").GetInt32().Should().Be(1);
        stalePrices.GetProperty("allowedSessionsBehind").GetInt32().Should().Be(0);
        stalePrices.GetProperty("stale").GetBoolean().Should().BeTrue();
        Job(stale, "aum").GetProperty("sessionsBehind").GetInt32().Should().Be(1);
        Job(stale, "aum").GetProperty("stale").GetBoolean().Should().BeFalse("AUM may lag one session");
    }

    private static JsonElement Job(JsonElement ready, string job) =>
        ready.GetProperty("freshness").GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("job").GetString() == job);
}
