using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EtfData.Api.Endpoints;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static EtfData.IntegrationTests.Dashboard.DashboardPage;

namespace EtfData.IntegrationTests.Dashboard;

/// <summary>
/// The overlap page in a real browser against the real host: funds picked through the symbol picker (or named in the
/// address), the heat map compared cell by cell with /api/overlap's matrix, the funds' notes and the common holdings.
/// </summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardOverlapTests(DashboardHost host)
{

    [Fact]
    public async Task Picking_SPY_IVV_and_VOO_draws_the_api_matrix_cell_by_cell_and_lists_each_funds_snapshot()
    {
        using var api = await host.Client.GetFromJsonAsync<JsonDocument>("/api/overlap?symbols=SPY,IVV,VOO");
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/overlap.html");
        var input = page.Locator("#symbol-input");

        // SPY by a click on its suggestion, IVV with the keyboard (the first match is preselected), VOO found by name.
        await input.PressSequentiallyAsync("spy");
        await page.Locator("#suggestions [role=option][data-symbol=SPY]").ClickAsync(new() { Timeout = Ms });
        await input.PressSequentiallyAsync("ivv");
        await Assertions.Expect(page.Locator("#suggestions [role=option][aria-selected=true][data-symbol=IVV]")).ToHaveCountAsync(1, CountWithin);
        await input.PressAsync("Enter");
        await input.PressSequentiallyAsync("vanguard");
        await page.Locator("#suggestions [role=option][data-symbol=VOO]").ClickAsync(new() { Timeout = Ms });

        (await page.Locator("#chips .chip").EvaluateAllAsync<string[]>("chips => chips.map(c => c.dataset.symbol)"))
            .Should().Equal("SPY", "IVV", "VOO");
        await AssertHeatmapEqualsApiAsync(page, api!.RootElement);
        new Uri(page.Url).Query.Should().Be("?symbols=SPY,IVV,VOO", "the view can be linked");

        // Each fund's snapshot as the API describes it: source, as-of, coverage, positions. In this data VOO's best
        // snapshot is its N-PORT filing (ranked before Yahoo's top-10 list), so no fund carries a note.
        foreach (var fund in api.RootElement.GetProperty("funds").EnumerateArray())
        {
            var row = page.Locator($"#funds-list tbody tr[data-symbol={fund.GetProperty("symbol").GetString()}]");
            (await row.Locator("td").AllInnerTextsAsync()).Should().Equal(
                fund.GetProperty("source").GetString(),
                FormatDate(fund.GetProperty("asOf").GetString()!),
                fund.GetProperty("coverage").GetString(),
                fund.GetProperty("positionCount").GetInt32().ToString("N0", CultureInfo.InvariantCulture),
                fund.GetProperty("note").GetString() ?? "");
        }

        (await page.Locator("#top-list-notes .top-note").CountAsync()).Should().Be(0);
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_fund_known_only_by_its_top_list_shows_the_api_note_beside_the_matrix()
    {
        // The demo's VOO is read from its N-PORT filing; when a fund has only Yahoo's top-10 list (VOO before its
        // filing was ingested) the API marks its snapshot coverage "top" with the note below. The host's own answer,
        // with VOO's snapshot described as that top list, is what the page gets here.
        var note = OverlapApi.TopListNote;
        var (page, errors) = await host.NewPageAsync();
        await page.RouteAsync(url => url.Contains("/api/overlap?", StringComparison.Ordinal), async route =>
        {
            var real = await route.FetchAsync();
            var answer = JsonNode.Parse(await real.TextAsync())!;
            foreach (var fund in answer["funds"]!.AsArray().Where(f => (string?)f!["symbol"] == "VOO"))
            {
                fund!["source"] = "yahoo";
                fund["asOf"] = "2025-03-07";
                fund["coverage"] = "top";
                fund["positionCount"] = 10;
                fund["note"] = note;
            }

            foreach (var pair in answer["pairs"]!.AsArray().Where(p => (string?)p!["a"] == "VOO" || (string?)p!["b"] == "VOO"))
            {
                pair!["topListInvolved"] = true;
            }

            await route.FulfillAsync(new() { Response = real, Body = answer.ToJsonString() });
        });
        await page.GotoAsync("/overlap.html?symbols=SPY,IVV,VOO");
        await Assertions.Expect(page.Locator("#heatmap[data-ready=true]")).ToHaveAttributeAsync("data-points", "9", new() { Timeout = Ms });

        (await page.Locator("#top-list-notes .top-note").AllInnerTextsAsync()).Should().Equal("VOO: " + note);
        var voo = page.Locator("#funds-list tbody tr[data-symbol=VOO] td");
        (await voo.AllInnerTextsAsync()).Should().Equal("yahoo", "Mar 7, 2025", "Top list only", "10", note);
        (await page.Locator("#pairs-list tbody tr").AllInnerTextsAsync()).Select(row => row.Contains("the overlap understates", StringComparison.Ordinal))
            .Should().Equal(false, true, true);
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Common_holdings_table_equals_the_api_common_list_for_two_funds_and_for_a_pair_of_three()
    {
        var (page, errors) = await host.NewPageAsync();

        // Two funds: the answer's own common list.
        using (var api = await host.Client.GetFromJsonAsync<JsonDocument>("/api/overlap?symbols=SPY,IVV"))
        {
            await page.GotoAsync("/overlap.html?symbols=SPY,IVV");
            await AssertCommonTableAsync(page, "SPY,IVV", api!.RootElement);
        }

        // Three funds: the matrix answer has no common list; the page asks for the chosen pair's.
        using (var api = await host.Client.GetFromJsonAsync<JsonDocument>("/api/overlap?symbols=IVV,VOO&limit=50"))
        {
            await page.GotoAsync("/overlap.html?symbols=SPY,IVV,VOO");
            await Assertions.Expect(page.Locator("#common-body[data-ready=true]")).ToHaveAttributeAsync("data-pair", "SPY,IVV", new() { Timeout = Ms });
            (await page.Locator("#common-pair option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)"))
                .Should().Equal("SPY,IVV", "SPY,VOO", "IVV,VOO");
            await page.Locator("#common-pair").SelectOptionAsync("IVV,VOO");
            await AssertCommonTableAsync(page, "IVV,VOO", api!.RootElement);
        }

        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_fund_without_holdings_shows_the_api_detail_and_a_seventh_symbol_is_refused()
    {
        // The six demo ETFs; GLD (a gold trust) has no holdings snapshot, so the overlap answers 404 naming it.
        var six = string.Join(',', DashboardHost.Symbols);
        using var response = await host.Client.GetAsync("/api/overlap?symbols=" + six);
        ((int)response.StatusCode).Should().Be(404);
        using var problem = await response.Content.ReadFromJsonAsync<JsonDocument>();
        var detail = problem!.RootElement.GetProperty("detail").GetString();
        detail.Should().Be("No holdings snapshot of GLD is stored.");

        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/overlap.html?symbols=" + six);
        var status = page.Locator("#picker > .status");
        await Assertions.Expect(status).ToHaveTextAsync("The overlap could not be computed: " + detail, new() { Timeout = Ms });
        (await status.GetAttributeAsync("data-kind")).Should().Be("error");
        await Assertions.Expect(page.Locator("#overlap-body")).ToBeHiddenAsync();

        // A seventh is refused before any call, with a message; the six stay.
        var input = page.Locator("#symbol-input");
        await input.FillAsync("DIA");
        await input.PressAsync("Enter");
        await Assertions.Expect(status).ToHaveTextAsync("At most 6 ETFs can be compared; remove one before adding DIA.", new() { Timeout = Ms });
        (await status.GetAttributeAsync("data-kind")).Should().Be("error");
        (await page.Locator("#chips .chip").CountAsync()).Should().Be(6);
        new Uri(page.Url).Query.Should().Be("?symbols=" + six);

        // Removing GLD by its chip leaves five funds the API can compare.
        await page.Locator("#chips button.remove[data-symbol=GLD]").ClickAsync();
        await Assertions.Expect(page.Locator("#heatmap[data-ready=true]")).ToHaveAttributeAsync("data-points", "25", new() { Timeout = Ms });
        new Uri(page.Url).Query.Should().Be("?symbols=AGG,IVV,QQQ,SPY,VOO");

        // The one error is the 404 this test provokes (the answer, and Chromium's console line about it).
        errors.Should().HaveCount(2);
        errors[0].Should().StartWith("404 ").And.Contain("/api/overlap?symbols=AGG%2CGLD");
        errors[1].Should().Contain("status of 404");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Symbols_in_the_address_load_the_same_view_and_back_restores_it()
    {
        using var api = await host.Client.GetFromJsonAsync<JsonDocument>("/api/overlap?symbols=SPY,IVV,VOO");
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/overlap.html?symbols=SPY,IVV,VOO");
        (await page.Locator("#chips .chip").EvaluateAllAsync<string[]>("chips => chips.map(c => c.dataset.symbol)"))
            .Should().Equal("SPY", "IVV", "VOO");
        await AssertHeatmapEqualsApiAsync(page, api!.RootElement);

        // By count: the share of the row fund's positions the column fund also holds — the API's byCount, not symmetric.
        await page.Locator("#measure-count").ClickAsync();
        await Assertions.Expect(page.Locator("#measure-count")).ToHaveAttributeAsync("aria-pressed", "true");
        await AssertHeatmapEqualsApiAsync(page, api.RootElement, "byCount");
        await page.Locator("#measure-weight").ClickAsync();
        await AssertHeatmapEqualsApiAsync(page, api.RootElement);

        // Removing VOO is a new address; Back brings the three-fund view again.
        await page.Locator("#chips button.remove[data-symbol=VOO]").ClickAsync();
        await Assertions.Expect(page.Locator("#heatmap[data-ready=true]")).ToHaveAttributeAsync("data-points", "4", new() { Timeout = Ms });
        new Uri(page.Url).Query.Should().Be("?symbols=SPY,IVV");
        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("#chips .chip")).ToHaveCountAsync(3, CountWithin);
        await AssertHeatmapEqualsApiAsync(page, api.RootElement);

        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_unknown_symbol_shows_the_api_problem_detail()
    {
        using var response = await host.Client.GetAsync("/api/overlap?symbols=SPY,ZZZZ");
        ((int)response.StatusCode).Should().Be(404);
        using var problem = await response.Content.ReadFromJsonAsync<JsonDocument>();
        var detail = problem!.RootElement.GetProperty("detail").GetString();
        detail.Should().Be("No ETF with symbol ZZZZ is known.");

        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/overlap.html?symbols=SPY,ZZZZ");
        await Assertions.Expect(page.Locator("#picker > .status[data-kind=error]"))
            .ToHaveTextAsync("The overlap could not be computed: " + detail, new() { Timeout = Ms });
        await Assertions.Expect(page.Locator("#overlap-body")).ToBeHiddenAsync();

        // The 404 this test provokes (the answer, and Chromium's console line about it) is the only error.
        errors.Should().HaveCount(2);
        errors[0].Should().StartWith("404 ").And.Contain("/api/overlap?symbols=SPY%2CZZZZ");
        errors[1].Should().Contain("status of 404");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Screenshot_of_SPY_IVV_and_VOO()
    {
        var (page, errors) = await host.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync("/overlap.html?symbols=SPY,IVV,VOO");
        await Assertions.Expect(page.Locator("#heatmap[data-ready=true]")).ToHaveAttributeAsync("data-points", "9", new() { Timeout = Ms });
        await Assertions.Expect(page.Locator("#common-body")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = Ms });
        await Assertions.Expect(page.Locator("#demo-banner")).ToBeVisibleAsync(new() { Timeout = Ms });

        var path = await DashboardHost.ScreenshotAsync(page, "overlap");
        new FileInfo(path).Length.Should().BeGreaterThan(10_000);
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    /// <summary>The heat map's published cells equal the API's matrix of <paramref name="measure"/>, row by row, nulls on the diagonal.</summary>
    private static async Task AssertHeatmapEqualsApiAsync(IPage page, JsonElement api, string measure = "byWeight")
    {
        var matrix = api.GetProperty("matrix");
        var symbols = matrix.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()!).ToArray();
        var values = matrix.GetProperty(measure);
        var n = symbols.Length;
        await Assertions.Expect(page.Locator("#heatmap[data-ready=true]"))
            .ToHaveAttributeAsync("data-points", (n * n).ToString(CultureInfo.InvariantCulture), new() { Timeout = Ms });

        var chart = await ChartWhenAsync(page, "overlap-heatmap", $"c => c.measure === '{measure}'");
        chart.GetProperty("measure").GetString().Should().Be(measure);
        var items = chart.GetProperty("data").EnumerateArray().ToArray();
        items.Should().HaveCount(n * n);
        var nulls = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var item = items[i * n + j];
                item.GetProperty("row").GetString().Should().Be(symbols[i]);
                item.GetProperty("column").GetString().Should().Be(symbols[j]);
                var expected = values[i][j];
                if (expected.ValueKind == JsonValueKind.Null)
                {
                    item.GetProperty("value").ValueKind.Should().Be(JsonValueKind.Null, $"cell {symbols[i]}×{symbols[j]}");
                    nulls++;
                }
                else
                {
                    item.GetProperty("value").GetDouble().Should().Be(expected.GetDouble(), $"cell {symbols[i]}×{symbols[j]}");
                    expected.GetDouble().Should().BeGreaterThan(0);
                }
            }
        }

        nulls.Should().Be(n, "only the diagonal is empty");
    }

    /// <summary>The common holdings table shows the API's common list row by row: name, ticker, both weights and the min.</summary>
    private static async Task AssertCommonTableAsync(IPage page, string pair, JsonElement api)
    {
        await Assertions.Expect(page.Locator("#common-body[data-ready=true]")).ToHaveAttributeAsync("data-pair", pair, new() { Timeout = Ms });
        var common = api.GetProperty("common").EnumerateArray().ToArray();
        common.Should().NotBeEmpty();
        var rows = await page.Locator("#common-list tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [...r.cells].map(c => c.textContent))");
        var expected = common.Select(c => new[]
        {
            c.GetProperty("name").GetString()!,
            c.GetProperty("ticker").GetString() ?? "—",
            Percent(c.GetProperty("weightA")),
            Percent(c.GetProperty("weightB")),
            Percent(c.GetProperty("minWeight")),
        }).ToArray();
        rows.Should().BeEquivalentTo(expected, options => options.WithStrictOrdering());

        var symbols = pair.Split(',');
        var headers = await page.Locator("#common-list thead th").AllInnerTextsAsync();
        headers.Should().Equal("Name", "Ticker", $"Weight in {symbols[0]}", $"Weight in {symbols[1]}", "Min weight");
    }
}
