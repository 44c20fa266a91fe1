using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static EtfData.IntegrationTests.Dashboard.DashboardPage;

namespace EtfData.IntegrationTests.Dashboard;

/// <summary>The ETF page's price/volume, AUM and premium/discount charts against the API answers they draw.</summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardEtfSeriesTests(DashboardHost host)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData("SPY")]
    [InlineData("IVV")]
    public async Task Aum_chart_draws_exactly_the_observed_points_and_leaves_missing_days_as_gaps(string symbol)
    {
        using var aum = await host.Client.GetFromJsonAsync<JsonDocument>($"/api/etfs/{symbol}/aum");
        var points = aum!.RootElement.GetProperty("points").EnumerateArray()
            .Select(p => (Date: p.GetProperty("date").GetString()!, Value: p.GetProperty("aumUsd").GetDouble())).ToList();
        points.Should().NotBeEmpty();
        using var prices = await host.Client.GetFromJsonAsync<JsonDocument>($"/api/etfs/{symbol}/prices");
        var tradingDays = prices!.RootElement.GetProperty("bars").EnumerateArray().Select(b => b.GetProperty("tradeDate").GetString()!).ToList();
        // Trading days between the first and the last observation without an observation: where the line must break.
        var observed = points.Select(p => p.Date).ToHashSet(StringComparer.Ordinal);
        var missing = tradingDays
            .Where(d => string.CompareOrdinal(d, points[0].Date) > 0 && string.CompareOrdinal(d, points[^1].Date) < 0 && !observed.Contains(d))
            .ToList();

        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync($"/etf.html?symbol={symbol}");
        var chart = await ChartAsync(page, "aum");

        chart.GetProperty("points").GetInt32().Should().Be(points.Count);
        var drawn = chart.GetProperty("data").EnumerateArray()
            .Select(p => (Date: p.GetProperty("time").GetString()!, Value: p.GetProperty("value").GetDouble())).ToList();
        drawn.Should().Equal(points, "one chart point per API observation, same date and value, nothing interpolated");
        chart.GetProperty("source").GetString().Should().Be(aum.RootElement.GetProperty("source").GetString());
        chart.GetProperty("whitespace").EnumerateArray().Select(w => w.GetString()).Should().Equal(missing);

        // The data table lists every observation with its day-over-day change.
        await page.Locator("#aum details summary").ClickAsync();
        await Assertions.Expect(page.Locator("#aum details tbody tr")).ToHaveCountAsync(points.Count);
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Aum_gap_function_inserts_a_whitespace_item_for_each_trading_day_without_an_observation()
    {
        // The demo data has an AUM observation on every session (SPY: 24 in 24 sessions), so the gap logic is also
        // checked on a list with holes: trading days Mon 3rd … Fri 7th and Mon 10th (no session on the 8th/9th);
        // observations on the 3rd, 4th, 7th and 10th → whitespace on the 5th and 6th only, nothing invented.
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/etf.html?symbol=SPY");
        await ChartAsync(page, "aum");

        var items = await JsonAsync(page, """
            async () => {
              const { withGaps } = await import('/js/etf-series.js');
              const days = ['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-10'];
              const points = [
                { time: '2025-03-03', value: 10 }, { time: '2025-03-04', value: 11 },
                { time: '2025-03-07', value: 14 }, { time: '2025-03-10', value: 15 },
              ];
              return JSON.stringify({ calendar: withGaps(points, days), weekdays: withGaps(points.slice(2), []) });
            }
            """);

        var calendar = items.GetProperty("calendar").EnumerateArray().Select(Describe).ToList();
        calendar.Should().Equal("2025-03-03=10", "2025-03-04=11", "2025-03-05", "2025-03-06", "2025-03-07=14", "2025-03-10=15");
        // Without a calendar the weekdays stand in: Friday to Monday has no weekday between, so no gap.
        items.GetProperty("weekdays").EnumerateArray().Select(Describe).Should().Equal("2025-03-07=14", "2025-03-10=15");
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();

        static string Describe(JsonElement item) => item.TryGetProperty("value", out var value)
            ? $"{item.GetProperty("time").GetString()}={value.GetDouble()}"
            : item.GetProperty("time").GetString()!;
    }

    [Fact]
    public async Task Price_chart_draws_the_api_bars_and_redraws_on_the_adjusted_type_and_range_toggles()
    {
        var raw = await BarsAsync("/api/etfs/SPY/prices?adjusted=false");
        var adjusted = await BarsAsync("/api/etfs/SPY/prices?adjusted=true");
        raw.Should().NotBeEmpty();
        adjusted.Select(b => b.Close).Should().NotEqual(raw.Select(b => b.Close), "SPY's distributions make the adjusted closes differ");

        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/etf.html?symbol=SPY");
        var chart = await ChartAsync(page, "price");
        chart.GetProperty("seriesType").GetString().Should().Be("candlestick");
        var candles = chart.GetProperty("data").EnumerateArray().ToList();
        candles.Should().HaveCount(raw.Count);
        candles[0].GetProperty("time").GetString().Should().Be(raw[0].TradeDate);
        candles[^1].GetProperty("time").GetString().Should().Be(raw[^1].TradeDate);
        candles.Select(c => c.GetProperty("close").GetDecimal()).Should().Equal(raw.Select(b => b.Close));
        candles.Select(c => c.GetProperty("open").GetDecimal()).Should().Equal(raw.Select(b => b.Open));
        var volume = await ChartAsync(page, "volume");
        volume.GetProperty("data").EnumerateArray().Select(v => v.GetProperty("value").GetInt64())
            .Should().Equal(raw.Where(b => b.Volume is not null).Select(b => b.Volume!.Value));

        await page.Locator("#price-adjusted").ClickAsync();
        await Assertions.Expect(page.Locator("#price-adjusted")).ToHaveAttributeAsync("aria-pressed", "true");
        chart = await ChartWhenAsync(page, "price", "c => c.adjusted === true");
        chart.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("close").GetDecimal()).Should().Equal(adjusted.Select(b => b.Close));

        await page.Locator("#price-type-line").ClickAsync();
        await Assertions.Expect(page.Locator("#price-type-line")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("#price-type-candles")).ToHaveAttributeAsync("aria-pressed", "false");
        chart = await ChartWhenAsync(page, "price", "c => c.seriesType === 'line'");
        var line = chart.GetProperty("data").EnumerateArray().ToList();
        line.Select(p => p.EnumerateObject().Select(o => o.Name).ToArray()).Should().AllBeEquivalentTo(new[] { "time", "value" }, "a line series draws {time, value}");
        line.Select(p => p.GetProperty("value").GetDecimal()).Should().Equal(adjusted.Select(b => b.Close));

        // 1M: the month up to the latest bar, as /prices answers it for that from/to.
        var last = raw[^1].TradeDate;
        var monthBefore = DateOnly.ParseExact(last, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddMonths(-1)
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var month = await BarsAsync($"/api/etfs/SPY/prices?adjusted=true&from={monthBefore}&to={last}");
        await page.Locator("#price button[data-range='1M']").ClickAsync();
        chart = await ChartWhenAsync(page, "price", "c => c.range === '1M'");
        chart.GetProperty("from").GetString().Should().Be(monthBefore);
        chart.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("time").GetString()).Should().Equal(month.Select(b => b.TradeDate));
        month.Count.Should().BeLessThan(raw.Count);

        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Premium_chart_draws_the_premium_endpoints_days_in_percent()
    {
        using var premium = await host.Client.GetFromJsonAsync<JsonDocument>("/api/etfs/SPY/premium");
        var days = premium!.RootElement.GetProperty("days").EnumerateArray()
            .Where(d => d.GetProperty("premiumDiscountPct").ValueKind == JsonValueKind.Number)
            .Select(d => (Date: d.GetProperty("date").GetString()!, Value: d.GetProperty("premiumDiscountPct").GetDouble())).ToList();
        days.Should().NotBeEmpty("the demo data has NAVs on SPY's sessions");

        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/etf.html?symbol=SPY");
        var chart = await ChartAsync(page, "premium");

        chart.GetProperty("data").EnumerateArray()
            .Select(p => (Date: p.GetProperty("time").GetString()!, Value: p.GetProperty("value").GetDouble()))
            .Should().Equal(days);
        await page.Locator("#premium details summary").ClickAsync();
        await Assertions.Expect(page.Locator("#premium details tbody tr")).ToHaveCountAsync(days.Count);
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Series_sections_screenshot()
    {
        var (page, errors) = await host.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync("/etf.html?symbol=SPY");
        await ChartAsync(page, "price");
        await ChartAsync(page, "aum");
        await ChartAsync(page, "premium");
        await page.WaitForFunctionAsync("() => document.body.dataset.ready === 'true'", null, new() { Timeout = Ms });

        await Assertions.Expect(page.Locator("#aum .series-figure")).ToContainTextAsync("Latest:");
        await DashboardHost.ScreenshotAsync(page, "etf-SPY-series");
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    private sealed record Bar(string TradeDate, decimal Open, decimal High, decimal Low, decimal Close, long? Volume);

    private sealed record BarList(List<Bar> Bars);

    private async Task<List<Bar>> BarsAsync(string path) => (await host.Client.GetFromJsonAsync<BarList>(path, Web))!.Bars;
}
