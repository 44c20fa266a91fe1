using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Api.Sources;
using EtfData.Api.Sources.Yahoo;
using EtfData.Domain;
using EtfData.FakeUpstream;
using EtfData.FakeUpstream.Faults;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EtfData.Tests.Sources.Yahoo;

/// <summary>The Yahoo clients end to end against the fake upstream, with one fixed clock for both sides.</summary>
public sealed class YahooClientTests : IAsyncLifetime
{
    private const string QuoteSummaryPath = "/yahoo/v10/finance/quoteSummary/";

    // Wednesday 2025-03-12, 17:30 EDT: the day's session has closed.
    private readonly FixedTimeProvider _clock = new(new DateTimeOffset(2025, 3, 12, 21, 30, 0, TimeSpan.Zero));
    private FakeUpstreamServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeUpstreamServer.StartAsync(_clock);

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Incremental_fetch_asks_only_from_the_last_stored_date_minus_the_overlap()
    {
        await using var host = SourcesHost.ForYahoo(_fake, new Dictionary<string, string?> { ["ChartOverlapDays"] = "5" }, _clock);

        var chart = (await host.Get<IYahooChartClient>().GetSinceAsync("SPY", new DateOnly(2025, 3, 10), CancellationToken.None)).ShouldBeData();

        var query = _fake.Requests.To("/yahoo/v8/finance/chart/SPY").Single().Query;
        query.Should().Contain("period1=" + new DateTimeOffset(2025, 3, 5, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        query.Should().Contain("period2=" + _clock.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        query.Should().Contain("interval=1d").And.Contain("events=div%7Csplit");
        chart.Prices.Select(p => p.TradeDate).Should().Equal(
            new DateOnly(2025, 3, 5), new DateOnly(2025, 3, 6), new DateOnly(2025, 3, 7),
            new DateOnly(2025, 3, 10), new DateOnly(2025, 3, 11), new DateOnly(2025, 3, 12));
        chart.Diagnostics.PartialBarDropped.Should().BeFalse();
    }

    [Fact]
    public async Task Backfill_asks_for_the_whole_history_with_its_dividends_and_splits()
    {
        await using var host = SourcesHost.ForYahoo(_fake, clock: _clock);

        var chart = (await host.Get<IYahooChartClient>().GetFullHistoryAsync("SCHD", CancellationToken.None)).ShouldBeData();

        _fake.Requests.To("/yahoo/v8/finance/chart/SCHD").Single().Query.Should().Contain("period1=0&");
        chart.Prices[0].TradeDate.Should().Be(new DateOnly(2016, 1, 4));
        chart.Prices[^1].TradeDate.Should().Be(new DateOnly(2025, 3, 12));
        chart.Splits.Should().Equal(new Split("SCHD", new DateOnly(2024, 10, 11), 3m, 1m));
        // One quarterly dividend (first session from the 20th of Mar/Jun/Sep/Dec) in each quarter 2016Q1–2024Q4;
        // 2025's March date (the 20th) is after the clock.
        chart.Dividends.Should().HaveCount(36).And.OnlyContain(d => d.CashAmount > 0 && d.ExDate.Month % 3 == 0 && d.ExDate.Day >= 20);
        // NYSE sessions 2016–2024 (252+251+251+252+253+252+251+250+252) plus 47 in 2025 through 12 March.
        chart.Prices.Should().HaveCount(2311);
        chart.Diagnostics.SkippedNullBars.Should().Be(0);
        chart.Prices.Select(p => p.TradeDate).Should().NotContain(
            [new DateOnly(2024, 3, 29), new DateOnly(2024, 7, 4), new DateOnly(2023, 6, 19), new DateOnly(2022, 12, 26), new DateOnly(2025, 1, 9)])
            .And.Contain(new DateOnly(2021, 12, 31));
        chart.Prices.Should().NotContain(p => p.TradeDate.DayOfWeek == DayOfWeek.Saturday || p.TradeDate.DayOfWeek == DayOfWeek.Sunday);
        chart.Prices.Select(p => p.TradeDate).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task The_one_null_row_of_the_dataset_is_skipped_not_stored()
    {
        await using var host = SourcesHost.ForYahoo(_fake, clock: _clock);

        var chart = (await host.Get<IYahooChartClient>().GetAsync(
            "IWM",
            new YahooChartWindow.Between(new DateTimeOffset(2024, 11, 25, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 12, 4, 0, 0, 0, TimeSpan.Zero)),
            CancellationToken.None)).ShouldBeData();

        // IWM on the half day after Thanksgiving comes as a row of nulls; Thanksgiving itself is absent.
        chart.Diagnostics.SkippedNullBars.Should().Be(1);
        chart.Prices.Select(p => p.TradeDate).Should().Equal(
            new DateOnly(2024, 11, 25), new DateOnly(2024, 11, 26), new DateOnly(2024, 11, 27),
            new DateOnly(2024, 12, 2), new DateOnly(2024, 12, 3));
    }

    [Fact]
    public async Task Live_bar_served_during_the_session_is_not_stored_as_a_close()
    {
        _clock.Now = new DateTimeOffset(2025, 3, 12, 17, 0, 0, TimeSpan.Zero); // 13:00 EDT
        await using var host = SourcesHost.ForYahoo(_fake, clock: _clock);

        var chart = (await host.Get<IYahooChartClient>().GetSinceAsync("QQQ", new DateOnly(2025, 3, 10), CancellationToken.None)).ShouldBeData();

        chart.Prices[^1].TradeDate.Should().Be(new DateOnly(2025, 3, 11));
        chart.Diagnostics.DroppedPartialBarDate.Should().Be(new DateOnly(2025, 3, 12));
    }

    [Fact]
    public async Task On_an_early_close_day_the_bar_is_live_until_13_00_and_final_after()
    {
        // Friday 2026-11-27, the day after Thanksgiving (Thursday 26th, closed): the session ends at 13:00 EST.
        var friday = new DateOnly(2026, 11, 27);
        var closedAt = new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.Zero); // 13:00 EST
        await using var host = SourcesHost.ForYahoo(_fake, clock: _clock);
        var charts = host.Get<IYahooChartClient>();

        _clock.Now = new DateTimeOffset(2026, 11, 27, 17, 30, 0, TimeSpan.Zero); // 12:30 EST, still open
        var open = (await charts.GetSinceAsync("SPY", new DateOnly(2026, 11, 20), CancellationToken.None)).ShouldBeData();

        _clock.Now = new DateTimeOffset(2026, 11, 27, 19, 0, 0, TimeSpan.Zero); // 14:00 EST, an hour after the close
        var closed = (await charts.GetSinceAsync("SPY", new DateOnly(2026, 11, 20), CancellationToken.None)).ShouldBeData();
        var fund = (await host.Get<IYahooFundClient>().GetFundAsync("SPY", CancellationToken.None)).ShouldBeData();
        using var http = new HttpClient { BaseAddress = _fake.BaseUrl };
        var meta = (await http.GetFromJsonAsync<JsonElement>("yahoo/v8/finance/chart/SPY?range=5d&interval=1d"))
            .GetProperty("chart").GetProperty("result")[0].GetProperty("meta");

        open.Diagnostics.DroppedPartialBarDate.Should().Be(friday);
        open.Prices[^1].TradeDate.Should().Be(new DateOnly(2026, 11, 25));

        closed.Diagnostics.PartialBarDropped.Should().BeFalse();
        closed.Prices.Select(p => p.TradeDate).Should().EndWith([new DateOnly(2026, 11, 25), friday]);
        fund.Metric!.AsOf.Should().Be(friday);
        meta.GetProperty("currentTradingPeriod").GetProperty("regular").GetProperty("end").GetInt64().Should().Be(closedAt.ToUnixTimeSeconds());
        meta.GetProperty("currentTradingPeriod").GetProperty("post").GetProperty("end").GetInt64().Should().Be(closedAt.AddHours(4).ToUnixTimeSeconds());
        meta.GetProperty("regularMarketTime").GetInt64().Should().Be(closedAt.AddSeconds(1).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Unknown_symbol_is_not_found_for_both_clients()
    {
        await using var host = SourcesHost.ForYahoo(_fake, clock: _clock);

        var chart = await host.Get<IYahooChartClient>().GetAsync("ZZZZ", new YahooChartWindow.Named("5d"), CancellationToken.None);
        var fund = await host.Get<IYahooFundClient>().GetFundAsync("ZZZZ", CancellationToken.None);

        chart.Should().BeOfType<SourceResult<YahooChart>.NotFound>();
        fund.Should().BeOfType<SourceResult<YahooFundSnapshot>.NotFound>().Which.Detail.Should().Contain("ZZZZ");
    }

    [Fact]
    public async Task Fund_profile_handshakes_once_and_sends_crumb_cookie_and_formatted_false()
    {
        await using var host = SourcesHost.ForYahoo(_fake, clock: _clock);
        var client = host.Get<IYahooFundClient>();

        var spy = (await client.GetFundAsync("SPY", CancellationToken.None)).ShouldBeData();
        var gld = (await client.GetFundAsync("GLD", CancellationToken.None)).ShouldBeData();

        _fake.Requests.To("/yahoo/consent").Should().HaveCount(1);
        _fake.Requests.To("/yahoo/v1/test/getcrumb").Should().HaveCount(1);
        var call = _fake.Requests.To(QuoteSummaryPath + "SPY").Single();
        call.Query.Should().Contain("formatted=false").And.Contain("crumb=")
            .And.Contain("modules=summaryDetail%2CdefaultKeyStatistics%2CfundProfile%2CtopHoldings%2Cprice%2CquoteType");
        call.Header("Cookie").Should().StartWith("A3=d=");

        spy.Metric!.AsOf.Should().Be(new DateOnly(2025, 3, 12));
        spy.Metric.TotalAssetsUsd.Should().BeGreaterThan(0);
        spy.Metric.TotalAssetsUsd.Should().BeApproximately(spy.Metric.NavPerShare!.Value * spy.Metric.SharesOutstanding!.Value, 1m);
        spy.Profile.Issuer.Should().Be("SPDR State Street Global Advisors");
        spy.Profile.ExpenseRatio.Should().Be(0.000945m);
        spy.Profile.TopHoldings.Should().HaveCount(10);
        gld.Diagnostics.MissingModules.Should().Equal("topHoldings");
        gld.Profile.TopHoldings.Should().BeEmpty();
    }

    [Fact]
    public async Task Crumb_expiry_costs_one_rehandshake_then_succeeds()
    {
        await using var host = SourcesHost.ForYahoo(_fake, clock: _clock);
        var client = host.Get<IYahooFundClient>();
        (await client.GetFundAsync("SPY", CancellationToken.None)).ShouldBeData();

        _fake.Yahoo.Sessions.ExpireAll();
        var result = await client.GetFundAsync("SPY", CancellationToken.None);

        result.ShouldBeData().Metric.Should().NotBeNull();
        _fake.Requests.To(QuoteSummaryPath).Should().HaveCount(3, "first call, the 401, the retry after the new handshake");
        _fake.Requests.To("/yahoo/consent").Should().HaveCount(2);
        _fake.Requests.To("/yahoo/v1/test/getcrumb").Should().HaveCount(2);
        _fake.Yahoo.Sessions.CrumbsIssued.Should().Be(2);
    }

    [Fact]
    public async Task Crumb_rejected_even_after_a_fresh_handshake_is_unavailable_after_one_retry()
    {
        _fake.Faults.On(QuoteSummaryPath, Fault.Status(401, body: """{"finance":{"result":null,"error":{"code":"Unauthorized","description":"Invalid Crumb"}}}"""), times: null);
        await using var host = SourcesHost.ForYahoo(_fake, clock: _clock);

        var result = await host.Get<IYahooFundClient>().GetFundAsync("SPY", CancellationToken.None);

        result.Should().BeOfType<SourceResult<YahooFundSnapshot>.Unavailable>().Which.Reason.Should().Contain("crumb rejected");
        _fake.Requests.To(QuoteSummaryPath).Should().HaveCount(2);
        _fake.Requests.To("/yahoo/v1/test/getcrumb").Should().HaveCount(2);
    }

    [Fact]
    public async Task Missing_modules_404_is_not_available_rather_than_a_failed_symbol()
    {
        _fake.Faults.On(QuoteSummaryPath, Fault.Status(404, body: Fixtures.YahooText("QQQ_quoteSummary_modules_404.json")), times: 1);
        await using var host = SourcesHost.ForYahoo(_fake, clock: _clock);

        var snapshot = (await host.Get<IYahooFundClient>().GetFundAsync("QQQ", CancellationToken.None)).ShouldBeData();

        snapshot.Metric.Should().BeNull();
        snapshot.Diagnostics.MissingModules.Should().Equal(YahooQuoteSummaryParser.FundModules);
    }

    [Fact]
    public async Task Fake_serves_the_raw_fmt_form_unless_formatted_is_false()
    {
        using var http = new HttpClient();
        using var cookie = await http.GetAsync(new Uri(_fake.YahooCookieUrl));
        _fake.Yahoo.Sessions.RequireCrumb = false;

        var body = await http.GetStringAsync(new Uri(_fake.YahooBaseUrl + "/v10/finance/quoteSummary/QQQ?modules=fundProfile,defaultKeyStatistics,summaryDetail,price,quoteType"));
        var snapshot = YahooQuoteSummaryParser.Parse("QQQ", body, _clock.Now).ShouldBeData();

        cookie.Headers.Contains("Set-Cookie").Should().BeTrue();
        body.Should().Contain("\"annualReportExpenseRatio\":{\"raw\":0.002,\"fmt\":\"0.20%\"}");
        snapshot.Profile.ExpenseRatio.Should().Be(0.002m);
        snapshot.Metric!.TotalAssetsUsd.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Options_are_validated()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSources(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sources:Yahoo:BaseUrl"] = "not a url", ["Sources:Yahoo:MaxRetryAttempts"] = "99" })
            .Build());
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<YahooOptions>>().Value;

        act.Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().Contain(f => f.Contains("BaseUrl", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("MaxRetryAttempts", StringComparison.Ordinal));
    }
}
