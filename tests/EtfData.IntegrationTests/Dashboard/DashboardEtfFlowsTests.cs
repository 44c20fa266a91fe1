using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static EtfData.IntegrationTests.Dashboard.DashboardPage;

namespace EtfData.IntegrationTests.Dashboard;

/// <summary>
/// The ETF page's flow sections in a real browser against the real host: the daily estimates (bars, 5/20-day sums,
/// the method in words) and N-PORT's monthly flows (series scope, source notes, a fund without any).
/// </summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardEtfFlowsTests(DashboardHost host)
{
    [Fact]
    public async Task Daily_flow_bars_are_the_apis_days_with_its_latest_5_and_20_day_sums_and_the_method_in_words()
    {
        using var api = await host.Client.GetFromJsonAsync<JsonDocument>("/api/etfs/SPY/flows");
        var answer = api!.RootElement;
        answer.GetProperty("method").GetString().Should().Be("aum");
        var days = answer.GetProperty("days").EnumerateArray().ToList();
        days.Should().NotBeEmpty();
        var latest = days[^1];

        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/etf.html?symbol=SPY");
        await ChartAsync(page, "flows");

        // One bar per day of the API, same order, no day invented (a zero bar) or dropped.
        var items = (await ChartDataAsync(page, "flows")).EnumerateArray().ToList();
        items.Should().HaveCount(days.Count);
        items.Select(i => i.GetProperty("time").GetString()).Should().Equal(days.Select(d => d.GetProperty("tradeDate").GetString()));
        items.Select(i => i.GetProperty("value").GetDecimal()).Should().Equal(days.Select(d => d.GetProperty("netFlowUsd").GetDecimal()));
        (await page.GetAttributeAsync("#flows-chart", "data-points")).Should().Be(days.Count.ToString(CultureInfo.InvariantCulture));

        foreach (var (figure, property) in new[] { ("rolling5d", "rolling5dUsd"), ("rolling20d", "rolling20dUsd") })
        {
            var expected = latest.GetProperty(property).GetDecimal();
            var shown = page.Locator($"#flows-figures dd[data-figure={figure}]");
            decimal.Parse((await shown.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture).Should().Be(expected);
            (await shown.InnerTextAsync()).Should().Be(SignedCompactUsd(expected), $"the {figure} sum is the API's latest {property} with its unit");
            (await shown.GetAttributeAsync("title")).Should().Contain("AUM method").And.Contain("as of");
        }

        var label = await page.Locator("#flows-method").InnerTextAsync();
        label.Should().Be("Estimated from AUM and NAV (AUM method): AUM_t − AUM_prev × NAV_t / NAV_prev");

        // The data table behind the chart: one row per bar.
        (await page.Locator("#flows details.data-table summary").InnerTextAsync()).Should().Be("Data table");
        await Assertions.Expect(page.Locator("#flows details.data-table tbody tr")).ToHaveCountAsync(days.Count, CountWithin);

        await DashboardHost.ScreenshotAsync(page, "etf-SPY-flows");
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Choosing_the_shares_method_redraws_the_bars_from_the_shares_estimates()
    {
        // SPY's SPDR files state shares outstanding, so the API has both methods for it and the page offers the choice.
        using var api = await host.Client.GetFromJsonAsync<JsonDocument>("/api/etfs/SPY/flows?method=shares");
        var days = api!.RootElement.GetProperty("days").EnumerateArray().ToList();
        days.Should().NotBeEmpty();

        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/etf.html?symbol=SPY");
        await ChartAsync(page, "flows");
        var shares = page.Locator("#flows .method-choice button[data-method=shares]");
        (await shares.GetAttributeAsync("aria-pressed")).Should().Be("false");

        await shares.ClickAsync();
        await Assertions.Expect(page.Locator("#flows-method"))
            .ToHaveTextAsync("Estimated from shares outstanding and NAV (shares method): (SO_t − SO_prev) × NAV_t", new() { Timeout = Ms });
        (await shares.GetAttributeAsync("aria-pressed")).Should().Be("true");
        (await page.EvaluateAsync<string>("() => window.etfdata.charts.flows.method")).Should().Be("shares");
        var items = (await ChartDataAsync(page, "flows")).EnumerateArray().ToList();
        items.Select(i => i.GetProperty("time").GetString()).Should().Equal(days.Select(d => d.GetProperty("tradeDate").GetString()));
        items.Select(i => i.GetProperty("value").GetDecimal()).Should().Equal(days.Select(d => d.GetProperty("netFlowUsd").GetDecimal()));
        var rolling5d = days[^1].GetProperty("rolling5dUsd").GetDecimal();
        (await page.Locator("#flows-figures dd[data-figure=rolling5d]").InnerTextAsync()).Should().Be(SignedCompactUsd(rolling5d));

        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Nport_monthly_bars_are_the_apis_months_and_say_they_are_the_whole_series()
    {
        using var api = await host.Client.GetFromJsonAsync<JsonDocument>("/api/etfs/VOO/flows?method=nport-monthly");
        var months = api!.RootElement.GetProperty("months").EnumerateArray().ToList();
        months.Should().NotBeEmpty();
        months.Should().OnlyContain(m => m.GetProperty("scope").GetString() == "series");
        var seriesId = months[^1].GetProperty("seriesId").GetString();
        seriesId.Should().Be("S000002839");

        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/etf.html?symbol=VOO");
        await ChartAsync(page, "nport-flows");

        var items = (await page.EvaluateAsync<JsonElement>("() => window.etfdata.charts['nport-flows'].data")).EnumerateArray().ToList();
        items.Select(i => i.GetProperty("month").GetString()).Should().Equal(months.Select(m => m.GetProperty("monthEnd").GetString()));
        items.Select(i => i.GetProperty("value").GetDecimal()).Should().Equal(months.Select(m => m.GetProperty("netNewCashUsd").GetDecimal()));

        var scope = await page.Locator("#nport-scope").InnerTextAsync();
        scope.Should().Contain("Whole series, not the ETF alone").And.Contain(seriesId).And.Contain("not VOO's own flows");

        // Each month's source: the filing's accession and report date, in the data table.
        var rows = page.Locator("#nport-flows details.data-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(months.Count, CountWithin);
        var first = months[0];
        var reportDate = DateOnly.ParseExact(first.GetProperty("reportDate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await rows.First.Locator("td.source").TextContentAsync()).Should()
            .Be($"{first.GetProperty("accession").GetString()}, report date {reportDate.ToString("MMM d, yyyy", CultureInfo.InvariantCulture)}");

        // The daily estimates summed per month beside N-PORT's figure, opened for the screenshot.
        await page.Locator("#nport-reconciliation summary").ClickAsync();
        await Assertions.Expect(page.Locator("#nport-reconciliation tbody tr").First).ToBeVisibleAsync();
        await DashboardHost.ScreenshotAsync(page, "etf-VOO-flows");
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_fund_without_nport_filings_says_so_in_the_section_without_errors()
    {
        // GLD is a grantor trust: the demo's SEC data has no N-PORT filing for it, and the API answers 200 with no months.
        using var response = await host.Client.GetAsync("/api/etfs/GLD/flows?method=nport-monthly");
        response.EnsureSuccessStatusCode();
        using var api = await response.Content.ReadFromJsonAsync<JsonDocument>();
        api!.RootElement.GetProperty("months").GetArrayLength().Should().Be(0);

        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/etf.html?symbol=GLD");
        await Assertions.Expect(page.Locator("#nport-flows[data-loaded=true]")).ToHaveCountAsync(1, CountWithin);

        (await page.Locator("#nport-flows > .status").InnerTextAsync()).Should().Be("No N-PORT monthly flows for GLD.");
        (await page.Locator("#nport-flows").GetAttributeAsync("data-error")).Should().BeNull();
        await Assertions.Expect(page.Locator("[data-chart=nport-flows]")).ToHaveCountAsync(0);
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }
}
