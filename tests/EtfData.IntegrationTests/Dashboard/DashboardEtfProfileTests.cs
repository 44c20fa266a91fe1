using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static EtfData.IntegrationTests.Dashboard.DashboardPage;

namespace EtfData.IntegrationTests.Dashboard;

/// <summary>
/// The ETF page's key figures, signal, fee estimate, holdings and holdings changes in a real browser, each compared
/// with the public API's own answer for the same fund.
/// </summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardEtfProfileTests(DashboardHost host)
{
    [Fact]
    public async Task Key_figures_of_SPY_are_the_detail_values_with_units_and_carry_source_and_as_of()
    {
        using var detail = await host.Client.GetFromJsonAsync<JsonDocument>("/api/etfs/SPY");
        var root = detail!.RootElement;
        var aum = root.GetProperty("aumUsd");
        var nav = root.GetProperty("navPerShare");
        var bar = root.GetProperty("latestPrice");

        var page = await OpenAsync("SPY");

        // AUM 860,264,749,771 USD → "$860.26B" (compact, at most 2 decimals); close 936.87 and NAV 936.73 → "$936.87",
        // "$936.73"; expense ratio 0.000945 → 0.0945 %.
        (await Figure(page, "aum")).Should().Be(UsdCompact(aum.GetProperty("value").GetDecimal())).And.Be("$860.26B");
        (await Figure(page, "close")).Should().Be(Usd(bar.GetProperty("close").GetDecimal())).And.Be("$936.87");
        (await Figure(page, "nav")).Should().Be(Usd(nav.GetProperty("value").GetDecimal())).And.Be("$936.73");
        (await Figure(page, "expense-ratio")).Should().Be("0.0945 %");
        root.GetProperty("expenseRatio").GetDecimal().Should().Be(0.000945m);
        (await Figure(page, "issuer")).Should().Be(root.GetProperty("issuer").GetString());
        (await Figure(page, "index")).Should().Be(root.GetProperty("indexTracked").GetString());
        (await Figure(page, "shares")).Should().EndWith(" shares");

        (await Title(page, "aum")).Should().Contain($"Source: {aum.GetProperty("source").GetString()}")
            .And.Contain($"as of {FormatDate(aum.GetProperty("asOf").GetString()!)}").And.Contain("Mar 7, 2025");
        (await Title(page, "nav")).Should().Contain($"Source: {nav.GetProperty("source").GetString()}")
            .And.Contain($"as of {FormatDate(nav.GetProperty("asOf").GetString()!)}");
        (await Title(page, "close")).Should().Contain("Source: Yahoo Finance").And.Contain($"as of {FormatDate(bar.GetProperty("tradeDate").GetString()!)}");
        (await Title(page, "expense-ratio")).Should().Contain($"Source: {root.GetProperty("fieldSources").GetProperty("expense_ratio").GetString()}");
        (await page.Page.Locator("[data-figure=aum] dd").GetAttributeAsync("tabindex")).Should().Be("0", "the source note is reachable by keyboard");

        page.Errors.Should().BeEmpty();
        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Holdings_table_and_treemap_show_the_largest_positions_of_api_holdings_and_show_all_lists_every_one()
    {
        using var api = await host.Client.GetFromJsonAsync<JsonDocument>("/api/etfs/SPY/holdings?limit=25");
        var snapshot = api!.RootElement;
        var expected = snapshot.GetProperty("holdings").EnumerateArray()
            .Select(h => (Name: h.GetProperty("name").GetString()!, Weight: h.GetProperty("weight").GetDecimal())).ToList();
        expected.Should().HaveCount(25);
        var positionCount = snapshot.GetProperty("positionCount").GetInt32();
        positionCount.Should().Be(503);

        var page = await OpenAsync("SPY");
        var rows = page.Page.Locator("#holdings-positions tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        var cells = await rows.EvaluateAllAsync<string[][]>("rows => rows.map(r => [...r.cells].map(c => c.textContent))");
        cells.Select(c => c[1]).Should().Equal(expected.Select(e => e.Name));
        // Weights as percent with two decimals: 0.0710576 → "7.11 %".
        cells.Select(c => c[3]).Should().Equal(expected.Select(e => Percent(e.Weight)));
        cells[0][3].Should().Be("7.11 %");
        (await page.Page.Locator("#holdings-summary").GetAttributeAsync("title")).Should()
            .Contain($"Source: {snapshot.GetProperty("source").GetString()}").And.Contain("as of Mar 7, 2025");

        var treemap = await ChartDataAsync(page.Page, "holdings-treemap");
        treemap.EnumerateArray().Select(i => i.GetProperty("name").GetString()).Should().Equal(expected.Select(e => e.Name));
        treemap.EnumerateArray().Select(i => i.GetProperty("weight").GetDecimal()).Should().Equal(expected.Select(e => e.Weight));

        using var exposure = await host.Client.GetFromJsonAsync<JsonDocument>("/api/etfs/SPY/exposure");
        var sectors = await ChartDataAsync(page.Page, "sector-weights");
        sectors.EnumerateArray().Select(i => i.GetProperty("name").GetString()).Should()
            .Equal(exposure!.RootElement.GetProperty("sector").GetProperty("buckets").EnumerateArray().Select(b => b.GetProperty("name").GetString()));

        await page.Page.Locator("#holdings-show-all").FocusAsync();
        await page.Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(rows).ToHaveCountAsync(positionCount, new() { Timeout = Ms });

        page.Errors.Should().BeEmpty();
        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_top_list_snapshot_is_marked_Top_list_only()
    {
        // VOO's best snapshot is its full N-PORT portfolio; its Yahoo top-10 list is the API's real answer for
        // source=yahoo, which the page is handed here in place of the default one.
        using var api = await host.Client.GetFromJsonAsync<JsonDocument>("/api/etfs/VOO/holdings?source=yahoo&limit=25");
        var top = api!.RootElement;
        top.GetProperty("coverage").GetString().Should().Be("top");
        var count = top.GetProperty("positionCount").GetInt32();

        var (page, errors) = await host.NewPageAsync();
        await page.RouteAsync("**/api/etfs/VOO/holdings?limit=25", async route =>
        {
            var real = await route.FetchAsync(new RouteFetchOptions { Url = new Uri(host.BaseAddress, "/api/etfs/VOO/holdings?source=yahoo&limit=25").ToString() });
            await route.FulfillAsync(new RouteFulfillOptions { Response = real });
        });
        await page.GotoAsync("/etf.html?symbol=VOO");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true", AttributeWithin);

        (await page.Locator("#holdings-coverage").InnerTextAsync()).Should()
            .Be($"Top list only: the {count} largest positions as yahoo lists them, not the whole portfolio.");
        await Assertions.Expect(page.Locator("#holdings-positions tbody tr")).ToHaveCountAsync(count);
        (await page.Locator("#holdings-show-all").CountAsync()).Should().Be(0, "the list is already every position the snapshot has");
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Signal_section_shows_the_direction_strength_and_scores_of_api_signals()
    {
        using var api = await host.Client.GetFromJsonAsync<JsonDocument>("/api/signals?symbols=SPY");
        var signal = api!.RootElement.GetProperty("signals")[0];
        var direction = signal.GetProperty("direction").GetString()!;
        var strength = signal.GetProperty("strength").GetInt32();

        var page = await OpenAsync("SPY");
        (await page.Page.Locator("#signal-direction").GetAttributeAsync("data-direction")).Should().Be(direction);
        (await page.Page.Locator("#signal-direction").InnerTextAsync()).Should().Contain(direction.ToUpperInvariant());
        (await page.Page.Locator("#signal-strength").InnerTextAsync()).Should().Be($"strength {strength} / 100");
        (await page.Page.Locator("#signal-composite").InnerTextAsync()).Should().StartWith($"composite {Score(signal.GetProperty("composite").GetDecimal(), true)} ");
        foreach (var (row, property) in new[] { ("flow", "flowScore"), ("price", "priceScore"), ("volume", "volumeScore") })
        {
            var value = signal.GetProperty(property).GetDecimal();
            (await page.Page.Locator($"#signal-scores tr[data-score={row}] td").First.InnerTextAsync()).Should().Be(Score(value, false), row);
        }

        // SPY: flow 62.70, price 45.75, volume 57.59 → composite 0.5 × 12.70 + 0.3 × (−4.25) + 0.2 × 7.59 × 1 = 6.59, neutral, strength 13.
        (await page.Page.Locator("#signal-scores tr[data-score=flow] td").First.InnerTextAsync()).Should().Be("62.70");
        (await page.Page.Locator("#signal-strength").InnerTextAsync()).Should().Be("strength 13 / 100");
        (await page.Page.Locator("#signal details pre").TextContentAsync()).Should().Be(api.RootElement.GetProperty("formula").GetString());

        page.Errors.Should().BeEmpty();
        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Fees_section_shows_the_estimate_of_api_fees()
    {
        using var api = await host.Client.GetFromJsonAsync<JsonDocument>("/api/etfs/SPY/fees");
        var fees = api!.RootElement;

        var page = await OpenAsync("SPY");
        // 61,906,030.67 USD → "$61.91M"; 62,511,973.99 → "$62.51M"; window Feb 7 – Mar 7, 2025, 28 days.
        (await Figure(page, "fee-simple")).Should().Be(UsdCompact(fees.GetProperty("simpleFeeUsd").GetDecimal())).And.Be("$61.91M");
        (await Figure(page, "fee-time-weighted")).Should().Be(UsdCompact(fees.GetProperty("timeWeightedFeeUsd").GetDecimal())).And.Be("$62.51M");
        (await Figure(page, "fee-window")).Should().Be($"{FormatDate(fees.GetProperty("from").GetString()!)} – {FormatDate(fees.GetProperty("to").GetString()!)}");
        (await Figure(page, "fee-days")).Should().Be($"{fees.GetProperty("days").GetInt32()} days");
        (await Title(page, "fee-simple")).Should().Contain("$61,906,030.67");
        var how = await page.Page.Locator("#fees table").InnerTextAsync();
        how.Should().Contain(Usd(fees.GetProperty("simpleFeeUsd").GetDecimal())).And.Contain(Usd(fees.GetProperty("timeWeightedFeeUsd").GetDecimal()))
            .And.Contain("actual/365");

        page.Errors.Should().BeEmpty();
        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Fees_section_shows_the_APIs_message_when_the_AUM_history_is_too_short()
    {
        // No fund of the demo data has a single AUM observation, so the API's answer for one is played back here:
        // the same status, title and detail GetFeesAsync sends for a one-day history.
        const string Detail = "SPY has AUM for 2025-03-07 only; a fee estimate needs a period of at least one day.";
        var (page, errors) = await host.NewPageAsync();
        await page.RouteAsync("**/api/etfs/SPY/fees", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 404,
            ContentType = "application/problem+json",
            Body = JsonSerializer.Serialize(new { title = "Not enough AUM history", status = 404, detail = Detail }),
        }));
        await page.GotoAsync("/etf.html?symbol=SPY");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true", AttributeWithin);

        (await page.Locator("#fees .status").InnerTextAsync()).Should().Be($"Not enough AUM history: {Detail}");
        (await page.Locator("#fees .status").GetAttributeAsync("data-kind")).Should().Be("info");
        (await page.Locator("#fees").GetAttributeAsync("data-error")).Should().BeNull();
        // The played-back 404 is the only error: the browser logs the answer and its console line, nothing else.
        errors.Should().OnlyContain(e => e.Contains("404", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("/api/etfs/SPY/fees", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("IVV")]
    [InlineData("AGG")]
    public async Task Holdings_changes_between_two_snapshots_chosen_in_the_page_equal_api_holdings_changes(string symbol)
    {
        using var history = await host.Client.GetFromJsonAsync<JsonDocument>($"/api/etfs/{symbol}/holdings/history?source=ishares");
        var dates = history!.RootElement.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("asOf").GetString()!).ToList();
        dates.Should().HaveCountGreaterThan(5);
        var (from, to) = (dates[^1], dates[2]); // the oldest issuer file against the third newest

        using var api = await host.Client.GetFromJsonAsync<JsonDocument>($"/api/etfs/{symbol}/holdings/changes?source=ishares&from={from}&to={to}");
        var changes = api!.RootElement;

        var page = await OpenAsync(symbol);
        var result = page.Page.Locator("#changes-result");
        // The default: the newest two snapshots of the preferred source.
        await Assertions.Expect(result).ToHaveAttributeAsync("data-to", dates[0], AttributeWithin);
        (await result.GetAttributeAsync("data-from")).Should().Be(dates[1]);

        await page.Page.Locator("#changes-source").SelectOptionAsync("ishares");
        await page.Page.Locator("#changes-from").SelectOptionAsync(from);
        await page.Page.Locator("#changes-to").SelectOptionAsync(to);
        await page.Page.Locator("#changes-compare").ClickAsync();
        await Assertions.Expect(result).ToHaveAttributeAsync("data-from", from, AttributeWithin);
        await Assertions.Expect(result).ToHaveAttributeAsync("data-ready", "true", AttributeWithin);
        (await result.GetAttributeAsync("data-to")).Should().Be(to);

        foreach (var (figure, property) in new[] { ("added", "addedCount"), ("removed", "removedCount"), ("changed", "changedCount"), ("unchanged", "unchangedCount") })
        {
            (await Figure(page, figure)).Should().Be($"{changes.GetProperty(property).GetInt32().ToString("N0", Inv)} positions", figure);
        }

        (await Figure(page, "turnover")).Should().Be(Percent(changes.GetProperty("turnover").GetDecimal()));
        var additions = changes.GetProperty("largestAdditions").GetArrayLength();
        if (additions > 0)
        {
            (await page.Page.Locator("#changes-additions tbody tr").CountAsync()).Should().Be(additions);
        }

        page.Errors.Should().BeEmpty();
        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Unknown_symbol_shows_the_message_and_no_script_error()
    {
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/etf.html?symbol=ZZZZ");
        var status = page.Locator("#etf-status");
        await Assertions.Expect(status).ToHaveTextAsync("EtfData does not know an ETF with the symbol ZZZZ.", new() { Timeout = Ms });
        await Assertions.Expect(page.Locator("#etf-body")).ToBeHiddenAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // The detail's 404 is the answer the message is about (logged as a response and as the browser's console line);
        // no script error and no other request fails.
        errors.Should().OnlyContain(e => e.Contains("404", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("/api/etfs/ZZZZ", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("SPY")]
    [InlineData("AGG")]
    public async Task Whole_ETF_page_screenshot(string symbol)
    {
        var page = await OpenAsync(symbol);
        await page.Page.SetViewportSizeAsync(1280, 900);
        await ChartAsync(page.Page, "holdings-treemap");
        await ChartAsync(page.Page, "sector-weights");
        await Assertions.Expect(page.Page.Locator("#changes-result")).ToHaveAttributeAsync("data-ready", "true", AttributeWithin);
        var path = await DashboardHost.ScreenshotAsync(page.Page, "etf-" + symbol);
        new FileInfo(path).Length.Should().BeGreaterThan(20_000);

        page.Errors.Should().BeEmpty();
        await page.Page.Context.CloseAsync();
    }

    private sealed record OpenPage(IPage Page, List<string> Errors);

    /// <summary>Opens the ETF page at 1280 × 900 and waits until every section has loaded.</summary>
    private async Task<OpenPage> OpenAsync(string symbol)
    {
        var (page, errors) = await host.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync("/etf.html?symbol=" + symbol);
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true", AttributeWithin);
        return new OpenPage(page, errors);
    }

    private static Task<string> Figure(OpenPage page, string key) => page.Page.Locator($"[data-figure='{key}'] dd").InnerTextAsync();

    private static async Task<string> Title(OpenPage page, string key) =>
        await page.Page.Locator($"[data-figure='{key}'] dd").GetAttributeAsync("title") ?? "";

    private static string Score(decimal value, bool signed) =>
        (value < 0 ? "−" : signed && value > 0 ? "+" : "") + Math.Abs(value).ToString("0.00", Inv);
}
