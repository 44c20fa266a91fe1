using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Api.Sources.Nasdaq;
using EtfData.Api.Sources.Yahoo;
using EtfData.FakeUpstream;
using EtfData.FakeUpstream.Control;
using EtfData.Tests.Sources;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.FakeUpstream;

/// <summary>Demo mode's transient bad days, recovered from by the real clients, and the data clock control.</summary>
public sealed class DemoModeTests
{
    // Wednesday 2025-03-12, 17:30 EDT.
    private static readonly DateTimeOffset Wednesday = new(2025, 3, 12, 21, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Demo_faults_are_transient_and_the_real_clients_end_with_complete_data()
    {
        var clock = new FixedTimeProvider(Wednesday);
        await using var fake = await FakeUpstreamServer.StartAsync(clock, demo: true);
        await using var host = SourcesHost.ForYahoo(fake, clock: clock);
        var charts = host.Get<IYahooChartClient>();
        var funds = host.Get<IYahooFundClient>();

        var spy = (await charts.GetSinceAsync("SPY", new DateOnly(2025, 3, 3), CancellationToken.None)).ShouldBeData();
        var iwm = (await charts.GetSinceAsync("IWM", new DateOnly(2025, 3, 3), CancellationToken.None)).ShouldBeData();
        var qqq = (await funds.GetFundAsync("QQQ", CancellationToken.None)).ShouldBeData();
        var directory = (await host.Get<INasdaqSymbolDirectoryClient>().GetEtfsAsync(CancellationToken.None)).ShouldBeData();

        spy.Prices[^1].TradeDate.Should().Be(new DateOnly(2025, 3, 12));
        iwm.Prices.Should().HaveCount(spy.Prices.Count);
        qqq.Metric!.AsOf.Should().Be(new DateOnly(2025, 3, 12));
        directory.Etfs.Should().HaveCount(15);
        fake.Requests.To("/yahoo/v8/finance/chart/SPY").Should().HaveCount(2, "503, then the retry");
        fake.Requests.To("/yahoo/v8/finance/chart/IWM").Should().HaveCount(2, "cut-off body, then the retry");
        fake.Requests.To("/yahoo/v10/finance/quoteSummary/QQQ").Should().HaveCount(2, "429 with Retry-After: 1, then the retry");
        fake.Requests.To("/nasdaq/nasdaqtraded.txt").Should().HaveCount(2, "500, then the retry");
        // The retry's delay as the pipeline chose it (attempt 2 of QQQ's quoteSummary), not arrival times a busy machine can skew.
        var qqqRetry = host.Logs.Entries.Single(e =>
            e.State.Any(p => p.Key == "Path" && Equals(p.Value, "/yahoo/v10/finance/quoteSummary/QQQ"))
            && e.State.Any(p => p.Key == "Attempt" && Equals(p.Value, 2)));
        ((long)qqqRetry.State.Single(p => p.Key == "DelayMs").Value!).Should().BeGreaterThanOrEqualTo(1000, "Retry-After was honoured");

        // Each fault fires once: the next round is clean.
        fake.Requests.Clear();
        (await charts.GetSinceAsync("SPY", new DateOnly(2025, 3, 3), CancellationToken.None)).ShouldBeData();
        (await host.Get<INasdaqSymbolDirectoryClient>().GetEtfsAsync(CancellationToken.None)).ShouldBeData();
        fake.Requests.All.Should().HaveCount(2);
    }

    [Fact]
    public async Task Without_demo_mode_no_fault_is_armed()
    {
        var clock = new FixedTimeProvider(Wednesday);
        await using var fake = await FakeUpstreamServer.StartAsync(clock);
        await using var host = SourcesHost.ForYahoo(fake, clock: clock);

        (await host.Get<IYahooChartClient>().GetSinceAsync("SPY", new DateOnly(2025, 3, 3), CancellationToken.None)).ShouldBeData();

        fake.Requests.To("/yahoo/v8/finance/chart/SPY").Should().HaveCount(1);
    }

    [Fact]
    public async Task Clock_follows_the_given_time_until_a_date_is_pinned_after_the_close()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new DataClock(new FixedTimeProvider(Wednesday)));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };

        var before = await http.GetFromJsonAsync<JsonElement>("_fake/clock");
        using var pinned = await http.PostAsync(new Uri("_fake/clock?date=2025-03-14", UriKind.Relative), null);
        var pinnedState = await pinned.Content.ReadFromJsonAsync<JsonElement>();
        var after = await http.GetFromJsonAsync<JsonElement>("_fake/clock");
        using var released = await http.DeleteAsync(new Uri("_fake/clock", UriKind.Relative));
        var releasedState = await released.Content.ReadFromJsonAsync<JsonElement>();

        before.GetProperty("mode").GetString().Should().Be("real");
        before.GetProperty("date").GetString().Should().Be("2025-03-12");
        pinned.StatusCode.Should().Be(HttpStatusCode.OK);
        pinnedState.GetProperty("mode").GetString().Should().Be("pinned");
        // 17:00 EDT on Friday 14 March 2025.
        pinnedState.GetProperty("now").GetString().Should().Be("2025-03-14T21:00:00+00:00");
        pinnedState.GetProperty("newYork").GetString().Should().Be("2025-03-14T17:00:00-04:00");
        pinnedState.GetProperty("tradingDay").GetBoolean().Should().BeTrue();
        after.GetProperty("date").GetString().Should().Be("2025-03-14");
        releasedState.GetProperty("mode").GetString().Should().Be("real");
        releasedState.GetProperty("date").GetString().Should().Be("2025-03-12");
    }

    [Theory]
    [InlineData("2025-3-14")]
    [InlineData("14/03/2025")]
    [InlineData("")]
    [InlineData("2015-12-31")]
    public async Task Clock_refuses_dates_it_cannot_serve(string date)
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new DataClock(new FixedTimeProvider(Wednesday)));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };

        using var response = await http.PostAsync(new Uri("_fake/clock?date=" + Uri.EscapeDataString(date), UriKind.Relative), null);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await http.GetFromJsonAsync<JsonElement>("_fake/clock")).GetProperty("mode").GetString().Should().Be("real");
    }

    [Fact]
    public async Task Pinning_successive_days_replays_aum_observations_that_move_with_price_and_flows()
    {
        var clock = new DataClock(new FixedTimeProvider(Wednesday));
        await using var fake = await FakeUpstreamServer.StartAsync(clock);
        await using var host = SourcesHost.ForYahoo(fake, clock: clock);
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };
        var client = host.Get<IYahooFundClient>();

        var observations = new List<(DateOnly AsOf, decimal Aum, decimal Nav, long Shares)>();
        foreach (var date in new[] { "2025-03-10", "2025-03-11", "2025-03-12", "2025-03-15" })
        {
            using var set = await http.PostAsync(new Uri("_fake/clock?date=" + date, UriKind.Relative), null);
            set.EnsureSuccessStatusCode();
            var metric = (await client.GetFundAsync("SPY", CancellationToken.None)).ShouldBeData().Metric!;
            observations.Add((metric.AsOf, metric.TotalAssetsUsd!.Value, metric.NavPerShare!.Value, metric.SharesOutstanding!.Value));
        }

        // Saturday 15 March serves Friday's close.
        observations.Select(o => o.AsOf).Should().Equal(
            new DateOnly(2025, 3, 10), new DateOnly(2025, 3, 11), new DateOnly(2025, 3, 12), new DateOnly(2025, 3, 14));
        observations.Should().OnlyContain(o => Math.Abs(o.Aum - (o.Nav * o.Shares)) <= 1m);
        observations.Select(o => o.Nav).Should().OnlyHaveUniqueItems();
        observations.Select(o => o.Shares).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Pinned_clock_dates_the_symbol_directory_and_the_charts()
    {
        var clock = new DataClock(new FixedTimeProvider(Wednesday));
        clock.SetDate(new DateOnly(2025, 3, 14));
        await using var fake = await FakeUpstreamServer.StartAsync(clock);
        await using var host = SourcesHost.ForYahoo(fake, clock: clock);

        var directory = (await host.Get<INasdaqSymbolDirectoryClient>().GetEtfsAsync(CancellationToken.None)).ShouldBeData();
        var chart = (await host.Get<IYahooChartClient>().GetAsync("SPY", new YahooChartWindow.Named("5d"), CancellationToken.None)).ShouldBeData();

        directory.FileCreatedAt.Should().Be(new DateTimeOffset(2025, 3, 14, 17, 0, 0, TimeSpan.FromHours(-4)));
        chart.Prices[^1].TradeDate.Should().Be(new DateOnly(2025, 3, 14));
    }

    [Fact]
    public async Task Clock_endpoint_exists_only_on_a_data_clock()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };

        using var response = await http.GetAsync(new Uri("_fake/clock", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
