using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Endpoints;

/// <summary>AUM, flows, fees, detail, signals, screen and alerts against the generator's numbers.</summary>
[Collection(ApiDataGroup.Name)]
public sealed class AnalyticsApiTests(ApiDataHost host)
{
    private static readonly DateOnly Friday = new(2025, 3, 7);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static decimal Pct(decimal value) => Math.Round(value * 100, 4);

    [Fact]
    public async Task Aum_series_changes_are_between_real_observations()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/aum");

        var points = body.GetProperty("points").EnumerateArray().ToList();
        points.Select(p => p.GetProperty("date").GetString()).Should().Equal(host.AumDays.Select(Iso));
        body.GetProperty("source").GetString().Should().Be("yahoo");
        body.GetProperty("asOf").GetString().Should().Be("2025-03-07");
        points[0].GetProperty("dayOverDayUsd").ValueKind.Should().Be(JsonValueKind.Null, "the first observation has nothing before it");

        var friday = points[^1];
        // Day over day: AUM(Fri 03-07) − AUM(Thu 03-06).
        var dod = host.FakeAum("SPY", Friday) - host.FakeAum("SPY", new DateOnly(2025, 3, 6));
        friday.GetProperty("dayOverDayUsd").GetDecimal().Should().Be(dod);
        friday.GetProperty("dayOverDayPct").GetDecimal().Should().Be(Pct(dod / host.FakeAum("SPY", new DateOnly(2025, 3, 6))));
        // 7 days: against the latest observation on or before 02-28, which is Friday 02-28 itself.
        var seven = host.FakeAum("SPY", Friday) - host.FakeAum("SPY", new DateOnly(2025, 2, 28));
        friday.GetProperty("sevenDayUsd").GetDecimal().Should().Be(seven);
        // 30 days: on or before 02-05 → Wednesday 02-05.
        var thirty = host.FakeAum("SPY", Friday) - host.FakeAum("SPY", new DateOnly(2025, 2, 5));
        friday.GetProperty("thirtyDayUsd").GetDecimal().Should().Be(thirty);
        friday.GetProperty("thirtyDayPct").GetDecimal().Should().Be(Pct(thirty / host.FakeAum("SPY", new DateOnly(2025, 2, 5))));
    }

    [Fact]
    public async Task Flow_series_has_the_daily_estimates_rolling_sums_percent_of_aum_and_cumulative()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/flows?from=2025-02-10&to=2025-03-07");

        var days = body.GetProperty("days").EnumerateArray().ToList();
        var expectedDays = host.AumDays.Where(d => d >= new DateOnly(2025, 2, 10)).ToList();
        days.Select(d => d.GetProperty("tradeDate").GetString()).Should().Equal(expectedDays.Select(Iso));
        decimal cumulative = 0;
        for (var i = 0; i < days.Count; i++)
        {
            var day = expectedDays[i];
            var expected = host.ExpectedAumFlow("SPY", day)!.Value;
            cumulative += expected;
            days[i].GetProperty("netFlowUsd").GetDecimal().Should().BeApproximately(expected, 0.01m);
            days[i].GetProperty("cumulativeUsd").GetDecimal().Should().BeApproximately(cumulative, 0.05m);
            // Rolling 5 days: this flow and the four before it (which may precede the range).
            var index = host.AumDays.ToList().IndexOf(day);
            var rolling5 = host.AumDays.Skip(Math.Max(1, index - 4)).Take(index - Math.Max(1, index - 4) + 1).Sum(d => host.ExpectedAumFlow("SPY", d)!.Value);
            days[i].GetProperty("rolling5dUsd").GetDecimal().Should().BeApproximately(rolling5, 0.05m);
            var previousAum = host.FakeAum("SPY", host.AumDays[index - 1]);
            days[i].GetProperty("previousAumUsd").GetDecimal().Should().Be(previousAum);
            days[i].GetProperty("flowPctOfAum").GetDecimal().Should().BeApproximately(expected / previousAum * 100, 0.0001m);
        }

        body.GetProperty("cumulativeUsd").GetDecimal().Should().BeApproximately(cumulative, 0.05m);
        body.GetProperty("method").GetString().Should().Be("aum");
    }

    [Fact]
    public async Task Fees_show_the_simple_and_time_weighted_averages_side_by_side()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/fees?from=2025-02-03&to=2025-03-03");

        // 28 days accrue (02-03 … 03-02), day count actual/365; SPY's expense ratio 0.0945 %.
        // Simple: (AUM 02-03 + AUM 03-03) / 2 × 0.000945 × 28 / 365. Time-weighted: each calendar day
        // the AUM of the latest session on or before it, Σ AUM(d) × 0.000945 / 365.
        var begin = host.FakeAum("SPY", new DateOnly(2025, 2, 3));
        var end = host.FakeAum("SPY", new DateOnly(2025, 3, 3));
        var sessions = host.AumDays.Where(d => d <= new DateOnly(2025, 3, 3)).ToList();
        decimal aumDays = 0;
        for (var i = 0; i < sessions.Count - 1; i++)
        {
            aumDays += host.FakeAum("SPY", sessions[i]) * (sessions[i + 1].DayNumber - sessions[i].DayNumber);
        }

        var expenseRatio = 0.000945m;
        body.GetProperty("days").GetInt32().Should().Be(28);
        body.GetProperty("dayCount").GetString().Should().Be("actual/365");
        body.GetProperty("simpleAverageAumUsd").GetDecimal().Should().Be((begin + end) / 2);
        body.GetProperty("timeWeightedAverageAumUsd").GetDecimal().Should().BeApproximately(aumDays / 28, 0.01m);
        body.GetProperty("yearFraction").GetDecimal().Should().BeApproximately(28m / 365, 0.0000001m);
        body.GetProperty("simpleFeeUsd").GetDecimal().Should().BeApproximately((begin + end) / 2 * expenseRatio * 28 / 365, 0.01m);
        body.GetProperty("timeWeightedFeeUsd").GetDecimal().Should().BeApproximately(aumDays * expenseRatio / 365, 0.01m);
    }

    [Fact]
    public async Task The_openapi_document_states_the_fee_day_count_and_the_aum_change_rules()
    {
        var document = await host.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var fees = document.GetProperty("paths").GetProperty("/api/etfs/{symbol}/fees").GetProperty("get");
        fees.GetProperty("summary").GetString().Should().Contain("actual/365");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var report = schemas.GetProperty("FeeReport").GetProperty("properties");
        report.GetProperty("dayCount").GetProperty("description").GetString().Should().Contain("actual/365");
        report.GetProperty("days").GetProperty("description").GetString().Should().Contain("To − From");
        var point = schemas.GetProperty("AumPoint").GetProperty("properties");
        point.GetProperty("dayOverDayUsd").GetProperty("description").GetString().Should().Contain("more than 5 calendar days");
        point.GetProperty("sevenDayUsd").GetProperty("description").GetString().Should().Contain("at most 5 days before");
        var alerts = document.GetProperty("paths").EnumerateObject().Single(p => p.Name.TrimEnd('/') == "/api/alerts").Value.GetProperty("get");
        alerts.GetProperty("summary").GetString().Should().Contain("The flow rules divide by the AUM of the latest observation on or before 7 / 30 days")
            .And.Contain("at most 5 days before that day");
    }

    [Fact]
    public async Task The_detail_has_premium_flows_returns_and_holdings_with_their_dates()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY");
        var prices = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/prices?from=2025-02-27&to=2025-03-07");

        body.GetProperty("asOf").GetString().Should().Be("2025-03-07");
        // Premium/discount = (close − NAV) / NAV × 100 on Friday.
        var bar = host.Bar("SPY", Friday);
        var close = Math.Round((decimal)bar.Close, 2, MidpointRounding.AwayFromZero);
        var nav = (decimal)bar.Nav;
        var premium = body.GetProperty("premiumDiscountPct");
        premium.GetProperty("value").GetDecimal().Should().Be(Math.Round((close - nav) / nav * 100, 4));
        premium.GetProperty("asOf").GetString().Should().Be("2025-03-07");

        var flows = body.GetProperty("flows");
        flows.GetProperty("flow1dUsd").GetDecimal().Should().BeApproximately(host.ExpectedAumFlow("SPY", Friday)!.Value, 0.01m);
        flows.GetProperty("flow5dUsd").GetDecimal().Should().BeApproximately(host.AumDays.TakeLast(5).Sum(d => host.ExpectedAumFlow("SPY", d)!.Value), 0.05m);
        flows.GetProperty("flow20dUsd").GetDecimal().Should().BeApproximately(host.AumDays.TakeLast(20).Sum(d => host.ExpectedAumFlow("SPY", d)!.Value), 0.05m);

        // 1-day total return = adjClose(Fri) / adjClose(Thu) − 1; 5-day against the bar five sessions back.
        var bars = prices.GetProperty("bars").EnumerateArray().Select(b => b.GetProperty("adjClose").GetDecimal()).ToList();
        var returns = body.GetProperty("returns");
        returns.GetProperty("oneDayPct").GetDecimal().Should().Be(Pct(bars[^1] / bars[^2] - 1));
        returns.GetProperty("fiveDayPct").GetDecimal().Should().Be(Pct(bars[^1] / bars[^6] - 1));
        returns.GetProperty("oneYearPct").ValueKind.Should().Be(JsonValueKind.Number);

        var holdings = body.GetProperty("topHoldings");
        holdings.GetProperty("source").GetString().Should().Be("yahoo");
        holdings.GetProperty("asOf").GetString().Should().Be("2025-03-07");
        holdings.GetProperty("holdings").EnumerateArray().Select(h => h.GetProperty("weight").GetDecimal())
            .Should().Equal(host.Fund("SPY").TopHoldings.Select(h => h.Weight));
    }

    [Fact]
    public async Task Signals_follow_the_published_formula_from_real_flows()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/signals?symbols=SPY,QQQ,gld");

        body.GetProperty("formula").GetString().Should().Contain("never volume × price");
        var signals = body.GetProperty("signals").EnumerateArray().ToList();
        signals.Select(s => s.GetProperty("symbol").GetString()).Should().BeEquivalentTo(["SPY", "QQQ", "GLD"]);
        foreach (var signal in signals)
        {
            var symbol = signal.GetProperty("symbol").GetString()!;
            // Inputs: the five latest daily flows and Friday's AUM, from the generator.
            var flow5d = host.AumDays.TakeLast(5).Sum(d => host.ExpectedAumFlow(symbol, d)!.Value);
            signal.GetProperty("flow5dUsd").GetDecimal().Should().BeApproximately(flow5d, 0.05m);
            signal.GetProperty("aumUsd").GetDecimal().Should().Be(host.FakeAum(symbol, Friday));

            // FlowScore = clamp(50 + 25 × flow5d / AUM × 100); PriceScore = clamp(50 + 5 × return5dPct);
            // VolumeScore = clamp(50 × avg5 / avg20); Composite = 0.5(F−50) + 0.3(P−50) + 0.2(V−50)·sign(F−50).
            var flowScore = Math.Clamp(50 + (25 * (flow5d / host.FakeAum(symbol, Friday) * 100)), 0, 100);
            var priceScore = Math.Clamp(50 + (5 * signal.GetProperty("return5dPct").GetDecimal()), 0, 100);
            var volumeScore = Math.Clamp(50 * signal.GetProperty("avgVolume5d").GetDecimal() / signal.GetProperty("avgVolume20d").GetDecimal(), 0, 100);
            var composite = (0.5m * (flowScore - 50)) + (0.3m * (priceScore - 50)) + (0.2m * (volumeScore - 50) * Math.Sign(flowScore - 50));
            signal.GetProperty("composite").GetDecimal().Should().BeApproximately(composite, 0.05m);
            signal.GetProperty("direction").GetString().Should().Be(composite >= 10 ? "buy" : composite <= -10 ? "sell" : "neutral");
            signal.GetProperty("strength").GetInt32().Should().BeCloseTo((int)Math.Round(Math.Min(100, Math.Abs(composite) * 2), MidpointRounding.AwayFromZero), 1);
            var divergence = flow5d > 0 && signal.GetProperty("return5dPct").GetDecimal() < 0 ? "buyingTheDip"
                : flow5d < 0 && signal.GetProperty("return5dPct").GetDecimal() > 0 ? "distribution" : "none";
            signal.GetProperty("divergence").GetString().Should().Be(divergence);
        }
    }

    [Fact]
    public async Task The_aum_screen_computes_growth_and_applies_the_thresholds()
    {
        var all = await host.Client.GetFromJsonAsync<JsonElement>("/api/screens/aum");
        var items = all.GetProperty("items").EnumerateArray().ToList();
        items.Should().HaveCount(5);
        var spy = items.Single(i => i.GetProperty("symbol").GetString() == "SPY");
        var growth7d = (host.FakeAum("SPY", Friday) / host.FakeAum("SPY", new DateOnly(2025, 2, 28))) - 1;
        spy.GetProperty("growth7dPct").GetDecimal().Should().Be(Pct(growth7d));

        // Threshold = the median 30-day growth: only funds at or above it pass.
        var growths = items.Select(i => i.GetProperty("growth30dPct").GetDecimal()).Order().ToList();
        var median = growths[2];
        var screened = await host.Client.GetFromJsonAsync<JsonElement>($"/api/screens/aum?growth30d={median.ToString(CultureInfo.InvariantCulture)}");
        screened.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("growth30dPct").GetDecimal())
            .Should().HaveCount(3).And.OnlyContain(g => g >= median).And.BeInDescendingOrder();
    }

    [Fact]
    public async Task Alerts_report_liquidity_and_large_daily_changes_with_evidence()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/alerts?since=2025-02-10");

        var alerts = body.GetProperty("alerts").EnumerateArray().ToList();
        // Liquidity (threshold lowered to $100B for the test): funds whose latest AUM is below it.
        var illiquid = ApiDataHost.Symbols.Where(s => host.FakeAum(s, Friday) < ApiDataHost.LiquidityThresholdUsd).Order(StringComparer.Ordinal);
        alerts.Where(a => a.GetProperty("kind").GetString() == "liquidity").Select(a => a.GetProperty("symbol").GetString())
            .Order(StringComparer.Ordinal).Should().Equal(illiquid);
        // Large daily change (threshold lowered to 0.5 %): every session since 02-10 whose AUM moved at least that much.
        var expected = new List<(string, string)>();
        foreach (var symbol in ApiDataHost.Symbols)
        {
            for (var i = 1; i < host.AumDays.Count; i++)
            {
                var day = host.AumDays[i];
                var change = (host.FakeAum(symbol, day) / host.FakeAum(symbol, host.AumDays[i - 1])) - 1;
                if (day >= new DateOnly(2025, 2, 10) && Math.Abs(change) >= ApiDataHost.LargeDailyChangePct / 100)
                {
                    expected.Add((symbol, Iso(day)));
                }
            }
        }

        var large = alerts.Where(a => a.GetProperty("kind").GetString() == "largeDailyAumChange").ToList();
        large.Select(a => (a.GetProperty("symbol").GetString()!, a.GetProperty("date").GetString()!)).Should().BeEquivalentTo(expected);
        expected.Should().NotBeEmpty();
        large.Select(a => a.GetProperty("evidence").TryGetProperty("changeFraction", out var evidence) && evidence.ValueKind == JsonValueKind.Number).Should().OnlyContain(has => has);
        body.GetProperty("thresholds").GetProperty("liquidityAumUsd").GetDecimal().Should().Be(ApiDataHost.LiquidityThresholdUsd);
    }

    [Theory]
    [InlineData("/api/etfs/SPY/aum")]
    [InlineData("/api/etfs/SPY/flows")]
    [InlineData("/api/etfs/SPY/fees")]
    [InlineData("/api/flows/top")]
    [InlineData("/api/flows/categories")]
    [InlineData("/api/signals?symbols=SPY")]
    [InlineData("/api/screens/aum")]
    [InlineData("/api/alerts")]
    public async Task Every_endpoint_answers_json_csv_and_304(string url)
    {
        using var json = await host.Client.GetAsync(url);
        var csv = await host.Client.GetStringAsync(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "format=csv");
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(json.Headers.ETag!);
        using var notModified = await host.Client.SendAsync(again);

        json.StatusCode.Should().Be(HttpStatusCode.OK);
        (await json.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("asOf", out _).Should().BeTrue("every response carries asOf");
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Should().HaveCountGreaterThan(1, "a header and rows");
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Theory]
    [InlineData("/api/etfs/SPY/aum?from=2025-03-01&to=2025-02-01", "from")]
    [InlineData("/api/etfs/SPY/flows?method=volume", "method")]
    [InlineData("/api/etfs/SPY/fees?from=2020-01-01&to=2025-03-01", "from")]
    [InlineData("/api/etfs/SPY/fees?from=2025-03-01&to=2025-03-01", "from")]
    [InlineData("/api/signals", "symbols")]
    [InlineData("/api/signals?symbols=SPY,%27%3B", "symbols")]
    [InlineData("/api/screens/aum?growth7d=-500", "growth7d")]
    [InlineData("/api/alerts?since=1900-01-01", "from")]
    public async Task Bad_parameters_are_400_naming_the_parameter(string url, string parameter)
    {
        using var response = await host.Client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue();
    }

    [Theory]
    [InlineData("/api/etfs/NOPE/aum")]
    [InlineData("/api/etfs/NOPE/flows")]
    [InlineData("/api/etfs/NOPE/fees")]
    public async Task Unknown_symbols_are_404(string url)
    {
        using var response = await host.Client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
