using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EtfData.Api.Hosting;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static EtfData.IntegrationTests.Dashboard.DashboardPage;

namespace EtfData.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard's home page in a real browser against the real host: the demo banner, search, the ETF list with the
/// API's sort, filters and pages, top flows and category flow bars over 5 and 20 days, and the alerts — each compared
/// with the API's own answer.
/// </summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardHomeTests(DashboardHost host)
{
    private const int PageSize = 25;

    [Fact]
    public async Task Home_page_shows_the_generated_data_banner_when_the_dataset_is_demo()
    {
        using var health = await host.Client.GetFromJsonAsync<JsonDocument>("/api/health");
        health!.RootElement.GetProperty("dataset").GetString().Should().Be("demo");

        var (page, errors) = await host.NewPageAsync();
        var response = await page.GotoAsync("/");
        response!.Status.Should().Be((int)HttpStatusCode.OK);
        response.Headers["content-security-policy"].Should().Be(ApiSecurity.DashboardContentSecurityPolicy);

        var banner = page.Locator("#demo-banner");
        await Assertions.Expect(banner).ToBeVisibleAsync(new() { Timeout = Ms });
        (await banner.InnerTextAsync()).Should().Contain("Generated data").And.Contain("not market data");
        (await page.TitleAsync()).Should().Be("EtfData");

        await DashboardHost.ScreenshotAsync(page, "home-demo-banner");
        errors.Should().BeEmpty("the page runs under its CSP without script errors");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Home_page_shows_no_banner_when_the_dataset_is_live()
    {
        var (page, errors) = await host.NewPageAsync();
        // The host's own liveness answer with the dataset switched to live; the rest of the page talks to the real host.
        var health = await host.Client.GetStringAsync("/api/health");
        var live = health.Replace("\"dataset\":\"demo\"", "\"dataset\":\"live\"", StringComparison.Ordinal);
        live.Should().NotBe(health);
        var healthAnswered = false;
        await page.RouteAsync("**/api/health", async route =>
        {
            await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "application/json", Body = live });
            healthAnswered = true;
        });
        await page.GotoAsync("/");
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        healthAnswered.Should().BeTrue();
        await Assertions.Expect(page.Locator("#demo-banner")).ToBeHiddenAsync();
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Typing_in_search_lists_the_ETFs_that_api_etfs_q_matches()
    {
        // The fake's names: SPDR S&P 500 ETF Trust (SPY), iShares Core S&P 500 ETF (IVV), Vanguard S&P 500 ETF (VOO);
        // AGG, GLD and QQQ do not contain "s&p 500". The list is sorted by symbol.
        var expected = new[] { "IVV", "SPY", "VOO" };
        using var api = await host.Client.GetFromJsonAsync<JsonDocument>("/api/etfs?q=" + Uri.EscapeDataString("s&p 500") + "&sort=symbol");
        api!.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("symbol").GetString()).Should().Equal(expected);

        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#search").PressSequentiallyAsync("s&p 500");

        var items = page.Locator("#results li");
        await Assertions.Expect(items).ToHaveCountAsync(expected.Length, new() { Timeout = Ms });
        (await items.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.symbol)")).Should().Equal(expected);
        (await items.Nth(1).InnerTextAsync()).Should().Contain("SPY").And.Contain("SPDR S&P 500 ETF Trust");
        (await page.Locator("#search-status").InnerTextAsync()).Should().Be("3 ETFs match “s&p 500”.");

        await page.Locator("#search").FillAsync("gold");
        await Assertions.Expect(items).ToHaveCountAsync(1, new() { Timeout = Ms });
        (await items.First.GetAttributeAsync("data-symbol")).Should().Be("GLD");

        await DashboardHost.ScreenshotAsync(page, "home-search");
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Search_opens_the_ETF_page_on_Enter_and_on_a_click()
    {
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/");
        var items = page.Locator("#results li");

        await page.Locator("#search").PressSequentiallyAsync("gold");
        await Assertions.Expect(items).ToHaveCountAsync(1, new() { Timeout = Ms });
        await Assertions.Expect(items.First).ToHaveAttributeAsync("data-symbol", "GLD", new() { Timeout = Ms });
        await page.Locator("#search").PressAsync("Enter");
        await page.WaitForURLAsync("**/etf.html?symbol=GLD", new() { Timeout = Ms });
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("GLD", new() { Timeout = Ms });

        await page.GotoAsync("/");
        await page.Locator("#search").PressSequentiallyAsync("gold");
        await Assertions.Expect(items).ToHaveCountAsync(1, new() { Timeout = Ms });
        await items.First.Locator("a").ClickAsync();
        await page.WaitForURLAsync("**/etf.html?symbol=GLD", new() { Timeout = Ms });
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("GLD", new() { Timeout = Ms });

        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Etf_list_shows_the_api_page_in_the_api_order_and_follows_its_sort_and_filters()
    {
        var all = await ApiSymbolsAsync("/api/etfs?sort=symbol&page=1&pageSize=500");
        all.Should().Equal(DashboardHost.Symbols);
        var bySymbol = await ApiSymbolsAsync($"/api/etfs?sort=symbol&page=1&pageSize={PageSize}");
        var byAumDescending = await ApiSymbolsAsync($"/api/etfs?sort=-aum&page=1&pageSize={PageSize}");
        var byAumAscending = await ApiSymbolsAsync($"/api/etfs?sort=aum&page=1&pageSize={PageSize}");
        byAumDescending.Should().NotEqual(bySymbol, "the sort must be visible in the order");
        byAumAscending.Should().NotEqual(byAumDescending);

        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/");
        await WaitForListAsync(page);
        (await ListSymbolsAsync(page)).Should().Equal(bySymbol);
        (await page.Locator("#page-info").InnerTextAsync()).Should().Be($"Page 1 of 1 · ETFs 1–{bySymbol.Count} of {bySymbol.Count}");
        await Assertions.Expect(page.Locator("#etf-table th[data-sort=symbol]")).ToHaveAttributeAsync("aria-sort", "ascending", new() { Timeout = Ms });

        // The SPY row carries the API's figures with units, and its AUM says as of when.
        using var spy = await host.Client.GetFromJsonAsync<JsonDocument>("/api/etfs?q=SPY&sort=symbol");
        var spyItem = spy!.RootElement.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("symbol").GetString() == "SPY");
        var spyRow = page.Locator("#etf-table tbody tr[data-symbol=SPY]");
        var cells = await spyRow.Locator("td").AllInnerTextsAsync();
        cells[0].Should().Be(spyItem.GetProperty("name").GetString());
        cells[^1].Should().Be((spyItem.GetProperty("expenseRatio").GetDecimal() * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %");
        var aumDate = DateOnly.Parse(spyItem.GetProperty("aumDate").GetString()!, CultureInfo.InvariantCulture);
        (await spyRow.Locator("td").Nth(5).GetAttributeAsync("title")).Should().Contain("as of " + aumDate.ToString("MMM d, yyyy", CultureInfo.InvariantCulture));
        (await spyRow.Locator("th a").GetAttributeAsync("href")).Should().Be("/etf.html?symbol=SPY");

        // AUM: largest first, then smallest first.
        await page.Locator("#etf-table th[data-sort=aum] button").ClickAsync();
        await Assertions.Expect(page.Locator("#etf-table th[data-sort=aum]")).ToHaveAttributeAsync("aria-sort", "descending", new() { Timeout = Ms });
        await WaitForListAsync(page);
        (await ListSymbolsAsync(page)).Should().Equal(byAumDescending);
        await Assertions.Expect(page.Locator("#etf-table th[data-sort=symbol]")).ToHaveAttributeAsync("aria-sort", "none", new() { Timeout = Ms });
        await page.Locator("#etf-table th[data-sort=aum] button").ClickAsync();
        await Assertions.Expect(page.Locator("#etf-table th[data-sort=aum]")).ToHaveAttributeAsync("aria-sort", "ascending", new() { Timeout = Ms });
        await WaitForListAsync(page);
        (await ListSymbolsAsync(page)).Should().Equal(byAumAscending);

        // A category filter narrows the list to what the API answers for it, in the chosen order; its options come from the data.
        using var universe = await host.Client.GetFromJsonAsync<JsonDocument>("/api/etfs?sort=symbol&pageSize=500");
        var categories = universe!.RootElement.GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("category").GetString()).OfType<string>().ToList();
        var options = await page.Locator("#filter-category option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        options[0].Should().BeEmpty("the first option is every category");
        options.Skip(1).Should().BeEquivalentTo(categories.Distinct());
        // The options are /api/etfs/facets' values, each labelled with its count of ETFs.
        using var facets = await host.Client.GetFromJsonAsync<JsonDocument>("/api/etfs/facets");
        var expectedLabels = facets!.RootElement.GetProperty("categories").EnumerateArray()
            .Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.GetProperty("value").GetString()} ({v.GetProperty("count").GetInt32()})")).ToList();
        var labels = await page.Locator("#filter-category option").EvaluateAllAsync<string[]>("options => options.slice(1).map(o => o.textContent)");
        labels.Should().BeEquivalentTo(expectedLabels);
        categories.GroupBy(c => c).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} ({g.Count()})")).Should().BeEquivalentTo(expectedLabels, "each count is the number of ETFs in the list with that category");
        var category = categories.GroupBy(c => c).OrderByDescending(g => g.Count()).First().Key;
        var filtered = await ApiSymbolsAsync($"/api/etfs?sort=aum&page=1&pageSize={PageSize}&category={Uri.EscapeDataString(category)}");
        filtered.Count.Should().BeInRange(1, all.Count - 1, "the filter must narrow the list");
        await page.Locator("#filter-category").SelectOptionAsync(category);
        await WaitForListAsync(page);
        await Assertions.Expect(page.Locator("#etf-table tbody tr")).ToHaveCountAsync(filtered.Count, new() { Timeout = Ms });
        (await ListSymbolsAsync(page)).Should().Equal(filtered);
        page.Url.Should().Contain("category=" + Uri.EscapeDataString(category).Replace("%20", "+", StringComparison.Ordinal)).And.Contain("sort=aum");

        // Clearing the filters brings the whole list back.
        await page.Locator("#etf-filters button[type=reset]").ClickAsync();
        await WaitForListAsync(page);
        await Assertions.Expect(page.Locator("#etf-table tbody tr")).ToHaveCountAsync(byAumAscending.Count, new() { Timeout = Ms });
        (await ListSymbolsAsync(page)).Should().Equal(byAumAscending);

        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_filter_named_in_the_address_is_selected_once_among_the_facet_options()
    {
        using var facets = await host.Client.GetFromJsonAsync<JsonDocument>("/api/etfs/facets");
        var category = facets!.RootElement.GetProperty("categories").EnumerateArray().First().GetProperty("value").GetString()!;

        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/?category=" + Uri.EscapeDataString(category));
        await Assertions.Expect(page.Locator("#etf-filters[data-options-from]")).ToHaveCountAsync(1, CountWithin);

        var values = await page.Locator("#filter-category option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        values.Count(v => v == category).Should().Be(1, "the value from the address and the same facet value are one option");
        (await page.Locator("#filter-category").InputValueAsync()).Should().Be(category);
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Etf_list_pages_through_the_api_pages_with_its_page_size_and_total()
    {
        // Six ETFs two a page, largest AUM first: three pages, each the API's own page.
        var pages = new List<List<string>>();
        for (var number = 1; number <= 3; number++)
        {
            pages.Add(await ApiSymbolsAsync($"/api/etfs?sort=-aum&page={number}&pageSize=2"));
        }

        pages.Should().AllSatisfy(p => p.Should().HaveCount(2));
        pages.SelectMany(p => p).Should().OnlyHaveUniqueItems().And.HaveCount(DashboardHost.Symbols.Length);

        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/?sort=-aum&pageSize=2");
        var previous = page.Locator("#page-prev");
        var next = page.Locator("#page-next");
        for (var number = 1; number <= 3; number++)
        {
            if (number > 1)
            {
                await next.ClickAsync();
            }

            await WaitForListAsync(page);
            await Assertions.Expect(page.Locator("#page-info")).ToHaveTextAsync(
                $"Page {number} of 3 · ETFs {(number * 2) - 1}–{number * 2} of 6", new() { Timeout = Ms });
            (await ListSymbolsAsync(page)).Should().Equal(pages[number - 1]);
            (await previous.IsDisabledAsync()).Should().Be(number == 1);
            (await next.IsDisabledAsync()).Should().Be(number == 3);
        }

        page.Url.Should().EndWith("/?sort=-aum&page=3&pageSize=2");
        await previous.ClickAsync();
        await WaitForListAsync(page);
        await Assertions.Expect(page.Locator("#page-info")).ToHaveTextAsync("Page 2 of 3 · ETFs 3–4 of 6", new() { Timeout = Ms });
        (await ListSymbolsAsync(page)).Should().Equal(pages[1]);

        // A larger page size shows the whole list on one page.
        await page.Locator("#page-size").SelectOptionAsync("25");
        await WaitForListAsync(page);
        await Assertions.Expect(page.Locator("#page-info")).ToHaveTextAsync("Page 1 of 1 · ETFs 1–6 of 6", new() { Timeout = Ms });
        (await ListSymbolsAsync(page)).Should().Equal(pages.SelectMany(p => p));

        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Top_flow_tables_equal_api_flows_top_for_5_days_and_after_the_toggle_20_days()
    {
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/");
        var fiveDays = page.Locator("#flows button.window[data-days='5']");
        var twentyDays = page.Locator("#flows button.window[data-days='20']");

        foreach (var days in new[] { 5, 20 })
        {
            if (days == 20)
            {
                await twentyDays.ClickAsync();
            }

            await Assertions.Expect(page.Locator($"#flows[data-ready=true][data-days='{days}']")).ToHaveCountAsync(1, new() { Timeout = Ms });
            await Assertions.Expect(fiveDays).ToHaveAttributeAsync("aria-pressed", days == 5 ? "true" : "false", new() { Timeout = Ms });
            await Assertions.Expect(twentyDays).ToHaveAttributeAsync("aria-pressed", days == 20 ? "true" : "false", new() { Timeout = Ms });
            string? asOf = null;
            foreach (var (direction, panel) in new[] { ("in", "#top-inflows"), ("out", "#top-outflows") })
            {
                using var api = await host.Client.GetFromJsonAsync<JsonDocument>($"/api/flows/top?days={days}&direction={direction}&limit=10");
                var answer = api!.RootElement;
                answer.GetProperty("days").GetInt32().Should().Be(days);
                asOf = answer.GetProperty("asOf").GetString();
                var expected = answer.GetProperty("items").EnumerateArray()
                    .Select(i => $"{i.GetProperty("rank").GetInt32()} {i.GetProperty("symbol").GetString()}").ToList();
                expected.Should().NotBeEmpty($"the demo data has net {direction}flows over {days} days");
                var rows = page.Locator($"{panel} table.top-flows[data-days='{days}'] tbody tr");
                await Assertions.Expect(rows).ToHaveCountAsync(expected.Count, new() { Timeout = Ms });
                var shown = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.cells[0].textContent + ' ' + r.dataset.symbol)");
                shown.Should().Equal(expected);
                var firstFlow = await rows.First.Locator("td").Nth(1).InnerTextAsync();
                firstFlow.Should().StartWith(direction == "in" ? "+$" : "−$");
            }

            var window = page.Locator("#flows-window");
            await Assertions.Expect(window).ToHaveAttributeAsync("data-method", "aum", new() { Timeout = Ms });
            await Assertions.Expect(window).ToHaveAttributeAsync("data-as-of", asOf!, new() { Timeout = Ms });
            (await window.InnerTextAsync()).Should().Contain($"{days} trading days").And.Contain("AUM method")
                .And.Contain(DateOnly.Parse(asOf!, CultureInfo.InvariantCulture).ToString("MMM d, yyyy", CultureInfo.InvariantCulture));
        }

        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Category_flow_chart_items_equal_api_flows_categories_for_5_and_20_days()
    {
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/");
        foreach (var days in new[] { 5, 20 })
        {
            if (days == 20)
            {
                await page.Locator("#flows button.window[data-days='20']").ClickAsync();
            }

            using var api = await host.Client.GetFromJsonAsync<JsonDocument>($"/api/flows/categories?days={days}");
            var expected = api!.RootElement.GetProperty("categories").EnumerateArray()
                .Select(c => (Name: c.GetProperty("name").GetString(), NetFlowUsd: c.GetProperty("netFlowUsd").GetDouble())).ToList();
            expected.Should().HaveCountGreaterThan(1);

            await Assertions.Expect(page.Locator("#flows")).ToHaveAttributeAsync("data-days", days.ToString(CultureInfo.InvariantCulture), new() { Timeout = Ms });
            var chart = await ChartAsync(page, "category-flows");
            chart.GetProperty("days").GetInt32().Should().Be(days);
            var drawn = chart.GetProperty("data").EnumerateArray()
                .Select(c => (Name: c.GetProperty("name").GetString(), NetFlowUsd: c.GetProperty("netFlowUsd").GetDouble())).ToList();
            drawn.Should().Equal(expected);
            (await page.Locator("#category-chart").GetAttributeAsync("data-points")).Should().Be(expected.Count.ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("#category-flows details tbody tr")).ToHaveCountAsync(expected.Count, new() { Timeout = Ms });
        }

        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Alerts_list_equals_api_alerts_and_says_so_when_there_are_none()
    {
        using var api = await host.Client.GetFromJsonAsync<JsonDocument>("/api/alerts");
        var report = api!.RootElement;
        var alerts = report.GetProperty("alerts").EnumerateArray().ToList();
        alerts.Should().NotBeEmpty("the dashboard's thresholds are low enough to raise alerts");

        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/");
        await WaitForHomeAsync(page);
        var items = page.Locator("#alert-list li");
        await Assertions.Expect(items).ToHaveCountAsync(alerts.Count, new() { Timeout = Ms });
        (await items.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.symbol + ' ' + i.dataset.kind)"))
            .Should().Equal(alerts.Select(a => $"{a.GetProperty("symbol").GetString()} {a.GetProperty("kind").GetString()}"));
        var first = await items.First.InnerTextAsync();
        first.Should().Contain(alerts[0].GetProperty("message").GetString())
            .And.Contain(DateOnly.Parse(alerts[0].GetProperty("date").GetString()!, CultureInfo.InvariantCulture).ToString("MMM d, yyyy", CultureInfo.InvariantCulture));
        (await items.First.Locator(".figure").InnerTextAsync()).Should().MatchRegex("(%|\\$)", "the figure carries its unit");
        var since = DateOnly.Parse(report.GetProperty("since").GetString()!, CultureInfo.InvariantCulture).ToString("MMM d, yyyy", CultureInfo.InvariantCulture);
        (await page.Locator("#alerts-summary").InnerTextAsync()).Should().StartWith($"{alerts.Count} alerts since {since}");

        await DashboardHost.ScreenshotAsync(page, "home");
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();

        // The same report without alerts: the section says so.
        var (empty, emptyErrors) = await host.NewPageAsync();
        var body = await host.Client.GetStringAsync("/api/alerts");
        var node = JsonNode.Parse(body)!;
        node["alerts"] = new JsonArray();
        await empty.RouteAsync("**/api/alerts", route => route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = node.ToJsonString() }));
        await empty.GotoAsync("/");
        await Assertions.Expect(empty.Locator("#alerts-summary")).ToContainTextAsync($"No alerts since {since}", new() { Timeout = Ms });
        await Assertions.Expect(empty.Locator("#alert-list li")).ToHaveCountAsync(0, new() { Timeout = Ms });
        emptyErrors.Should().BeEmpty();
        await empty.Context.CloseAsync();
    }

    [Fact]
    public async Task Keyboard_reaches_the_search_sorts_with_header_buttons_and_toggles_the_flow_window()
    {
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/");
        await WaitForHomeAsync(page);

        var reached = false;
        for (var presses = 0; presses < 10 && !reached; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await page.EvaluateAsync<bool>("() => document.activeElement?.id === 'search'");
        }

        reached.Should().BeTrue("Tab reaches the search within a few presses (skip link, nav, then the search)");

        var sortButtons = page.Locator("#etf-table thead th[data-sort] button");
        (await sortButtons.EvaluateAllAsync<string[]>("buttons => buttons.map(b => b.tagName + ':' + b.type + ':' + b.closest('th').dataset.sort)"))
            .Should().Equal("BUTTON:button:symbol", "BUTTON:button:change1d", "BUTTON:button:aum", "BUTTON:button:flow5d", "BUTTON:button:expenseRatio");
        await page.Locator("#etf-table th[data-sort=flow5d] button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#etf-table th[data-sort=flow5d]")).ToHaveAttributeAsync("aria-sort", "descending", new() { Timeout = Ms });
        await WaitForListAsync(page);
        (await ListSymbolsAsync(page)).Should().Equal(await ApiSymbolsAsync($"/api/etfs?sort=-flow5d&page=1&pageSize={PageSize}"));

        var twentyDays = page.Locator("#flows button.window[data-days='20']");
        await Assertions.Expect(twentyDays).ToHaveAttributeAsync("aria-pressed", "false", new() { Timeout = Ms });
        await twentyDays.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(twentyDays).ToHaveAttributeAsync("aria-pressed", "true", new() { Timeout = Ms });
        await Assertions.Expect(page.Locator("#flows button.window[data-days='5']")).ToHaveAttributeAsync("aria-pressed", "false", new() { Timeout = Ms });
        await Assertions.Expect(page.Locator("#flows[data-ready=true][data-days='20']")).ToHaveCountAsync(1, new() { Timeout = Ms });

        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/vendor/lightweight-charts.standalone.production.mjs")]
    [InlineData("/vendor/echarts.esm.min.mjs")]
    [InlineData("/js/common.js")]
    public async Task Dashboard_scripts_are_served_by_the_host_as_JavaScript(string path)
    {
        using var response = await host.Client.GetAsync(path);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Be(ApiSecurity.DashboardContentSecurityPolicy);
        (await response.Content.ReadAsByteArrayAsync()).Length.Should().BeGreaterThan(100);
    }

    private async Task<List<string>> ApiSymbolsAsync(string path)
    {
        using var answer = await host.Client.GetFromJsonAsync<JsonDocument>(path);
        return [.. answer!.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("symbol").GetString()!)];
    }

    private static async Task WaitForListAsync(IPage page) =>
        await Assertions.Expect(page.Locator("#etf-list[data-ready=true]")).ToHaveCountAsync(1, new() { Timeout = Ms });

    private static async Task<string[]> ListSymbolsAsync(IPage page) =>
        await page.Locator("#etf-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.symbol)");

    /// <summary>Every section of the home page has drawn its answer.</summary>
    private static async Task WaitForHomeAsync(IPage page)
    {
        await WaitForListAsync(page);
        await Assertions.Expect(page.Locator("#flows[data-ready=true]")).ToHaveCountAsync(1, new() { Timeout = Ms });
        await Assertions.Expect(page.Locator("[data-chart=category-flows][data-ready=true]")).ToHaveCountAsync(1, new() { Timeout = Ms });
        await Assertions.Expect(page.Locator("#alerts[data-ready=true]")).ToHaveCountAsync(1, new() { Timeout = Ms });
    }
}
