using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static EtfData.IntegrationTests.Dashboard.DashboardPage;

namespace EtfData.IntegrationTests.Dashboard;

/// <summary>
/// The look-through page in a real browser against the real host: the example portfolio and one entered through the
/// form, compared with POST /api/portfolio/lookthrough's answer; the API's validation message next to the form.
/// </summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardLookthroughTests(DashboardHost host)
{
    [Fact]
    public async Task Default_and_entered_portfolios_show_the_exposure_the_api_answers()
    {
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/lookthrough.html");

        // The example SPY 60 % / AGG 40 % is looked through at once.
        (await page.Locator("#portfolio-rows input.symbol").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)")).Should().Equal("SPY", "AGG");
        (await page.Locator("#portfolio-rows input.weight").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)")).Should().Equal("60", "40");
        (await page.Locator("#portfolio-total").InnerTextAsync()).Should().Be("100.00 %");
        using (var api = await LookThroughAsync("""{"SPY":0.6,"AGG":0.4}"""))
        {
            await AssertShowsAsync(page, api.RootElement);
        }

        // Entered with the keyboard: SPY 50 %, AGG 20 %, and a new row IVV 30 % — SPY and IVV share most securities.
        await page.Locator("#portfolio-rows input.weight").Nth(0).FillAsync("50");
        await page.Locator("#portfolio-rows input.weight").Nth(1).FillAsync("20");
        await page.Locator("#add-row").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var symbol = page.Locator("#portfolio-rows input.symbol").Nth(2);
        await Assertions.Expect(symbol).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("ivv");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("30");
        (await page.Locator("#portfolio-total").InnerTextAsync()).Should().Be("100.00 %");
        await page.Keyboard.PressAsync("Enter");
        using (var api = await LookThroughAsync("""{"SPY":0.5,"AGG":0.2,"IVV":0.3}"""))
        {
            await Assertions.Expect(page.Locator("#portfolio > form > .status"))
                .ToHaveTextAsync("Looked through SPY 50.00 %, AGG 20.00 %, IVV 30.00 %.", new() { Timeout = Ms });
            api.RootElement.GetProperty("hiddenOverlapWeight").GetDouble().Should().BeGreaterThan(0.5, "SPY and IVV hold the same index");
            await AssertShowsAsync(page, api.RootElement);
            // A security held through both S&P 500 funds lists both contributions.
            (await page.Locator("#securities-list tbody tr").First.Locator("td.through").InnerTextAsync())
                .Should().Contain("SPY").And.Contain("IVV");
        }

        // The country bars are the answer's country breakdown.
        await page.Locator("#dimension-country").ClickAsync();
        using (var api = await LookThroughAsync("""{"SPY":0.5,"AGG":0.2,"IVV":0.3}"""))
        {
            await Assertions.Expect(page.Locator("#dimension-country")).ToHaveAttributeAsync("aria-pressed", "true");
            await AssertExposureAsync(page, api.RootElement, "country");
        }

        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Weights_not_summing_to_100_percent_show_the_api_message_next_to_the_form()
    {
        using var response = await host.Client.PostAsync("/api/portfolio/lookthrough",
            new StringContent("""[{"symbol":"SPY","weight":0.6},{"symbol":"AGG","weight":0.3}]""", System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var problem = await response.Content.ReadFromJsonAsync<JsonDocument>();
        var detail = problem!.RootElement.GetProperty("detail").GetString();
        detail.Should().Contain("The weights sum to 0.9; they must sum to 1");

        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/lookthrough.html");
        await Assertions.Expect(page.Locator("#exposure-chart")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = Ms });
        await page.Locator("#portfolio-rows input.weight").Nth(1).FillAsync("30");
        (await page.Locator("#portfolio-total").InnerTextAsync()).Should().Be("90.00 %");
        (await page.Locator("#portfolio-total-note").InnerTextAsync()).Should().Be("must be 100 %");
        await page.Locator("#look-through").ClickAsync();

        var status = page.Locator("#portfolio > form > .status");
        await Assertions.Expect(status).ToHaveTextAsync(detail!, new() { Timeout = Ms });
        (await status.GetAttributeAsync("data-kind")).Should().Be("error");
        await Assertions.Expect(page.Locator("#lookthrough-body")).ToBeHiddenAsync();

        // An unknown ETF: the API's 404 detail, in the same place.
        await page.Locator("#portfolio-rows input.weight").Nth(1).FillAsync("40");
        await page.Locator("#portfolio-rows input.symbol").Nth(1).FillAsync("ZZZZ");
        await page.Locator("#look-through").ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("No ETF with symbol ZZZZ is known.", new() { Timeout = Ms });

        // The errors are the answers this test provokes, each with Chromium's console line about it: the 400 of the
        // bad sum and the 404 of the unknown ETF.
        errors.Where(e => e.StartsWith("Failed to load resource", StringComparison.Ordinal)).Should().HaveCount(2);
        var answers = errors.Where(e => !e.StartsWith("Failed to load resource", StringComparison.Ordinal)).ToList();
        answers.Should().HaveCount(2);
        answers[0].Should().StartWith("400 ").And.Contain("/api/portfolio/lookthrough");
        answers[1].Should().StartWith("404 ").And.Contain("/api/portfolio/lookthrough");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Screenshot_of_the_example_portfolio()
    {
        var (page, errors) = await host.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync("/lookthrough.html");
        await Assertions.Expect(page.Locator("#exposure-chart")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = Ms });
        await Assertions.Expect(page.Locator("#demo-banner")).ToBeVisibleAsync(new() { Timeout = Ms });

        var path = await DashboardHost.ScreenshotAsync(page, "lookthrough");
        new FileInfo(path).Length.Should().BeGreaterThan(10_000);
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    /// <summary>The answer the page asks for: the same portfolio, the 25 largest securities.</summary>
    private async Task<JsonDocument> LookThroughAsync(string body)
    {
        using var response = await host.Client.PostAsync("/api/portfolio/lookthrough?limit=25",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonDocument>())!;
    }

    private static async Task AssertShowsAsync(IPage page, JsonElement api)
    {
        await AssertExposureAsync(page, api, "sector");

        // The securities table: the answer's securities in order, each with its portfolio weight and contributing funds.
        var securities = api.GetProperty("securities").EnumerateArray().ToArray();
        securities.Should().HaveCount(25);
        var rows = await page.Locator("#securities-list tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [...r.cells].map(c => c.textContent))");
        rows.Should().BeEquivalentTo(securities.Select((s, i) => new[]
        {
            (i + 1).ToString(CultureInfo.InvariantCulture),
            s.GetProperty("name").GetString()!,
            s.GetProperty("ticker").GetString() ?? "—",
            Percent(s.GetProperty("weight")),
            string.Concat(s.GetProperty("contributions").EnumerateArray()
                .Select(c => $"{c.GetProperty("symbol").GetString()} {Percent(c.GetProperty("weight"))}")),
        }), options => options.WithStrictOrdering());

        // Σ of the listed weights, and how many of the reached securities are listed.
        var sum = securities.Sum(s => s.GetProperty("weight").GetDouble());
        (await page.Locator("#securities-sum").InnerTextAsync()).Should().Be((sum * 100).ToString("F2", CultureInfo.InvariantCulture) + " %");
        (await page.Locator("#securities-note").InnerTextAsync()).Should().Contain(
            $"The 25 largest of {api.GetProperty("securityCount").GetInt32().ToString("N0", CultureInfo.InvariantCulture)} securities");

        // Each fund with the snapshot it was looked through with.
        foreach (var fund in api.GetProperty("funds").EnumerateArray())
        {
            var snapshot = fund.GetProperty("snapshot");
            var text = await page.Locator($"#funds-list tbody tr[data-symbol={fund.GetProperty("symbol").GetString()}]").InnerTextAsync();
            text.Should().Contain(Percent(fund.GetProperty("weight")))
                .And.Contain(snapshot.GetProperty("source").GetString())
                .And.Contain(FormatDate(snapshot.GetProperty("asOf").GetString()!))
                .And.Contain(snapshot.GetProperty("positionCount").GetInt32().ToString("N0", CultureInfo.InvariantCulture));
        }

        (await page.Locator("#summary-figures").InnerTextAsync()).Should()
            .Contain(api.GetProperty("securityCount").GetInt32().ToString("N0", CultureInfo.InvariantCulture))
            .And.Contain(Percent(api.GetProperty("hiddenOverlapWeight")));
    }

    /// <summary>The exposure chart's bars are the answer's buckets of <paramref name="dimension"/>, largest first.</summary>
    private static async Task AssertExposureAsync(IPage page, JsonElement api, string dimension)
    {
        var buckets = api.GetProperty(dimension).GetProperty("buckets").EnumerateArray().ToArray();
        buckets.Should().NotBeEmpty();
        await Assertions.Expect(page.Locator("#exposure-chart[data-ready=true]"))
            .ToHaveAttributeAsync("data-points", buckets.Length.ToString(CultureInfo.InvariantCulture), new() { Timeout = Ms });
        // The page may still show the previous answer's bars with the same count: wait for these.
        await page.WaitForFunctionAsync(
            "([dimension, first]) => window.etfdata.charts['lookthrough-exposure']?.dimension === dimension && window.etfdata.charts['lookthrough-exposure'].data[0].weight === first",
            new object[] { dimension, buckets[0].GetProperty("weight").GetDouble() }, new() { Timeout = Ms });

        var chart = await JsonAsync(page, "() => JSON.stringify(window.etfdata.charts['lookthrough-exposure'])");
        var items = chart.GetProperty("data").EnumerateArray().ToArray();
        items.Select(i => (i.GetProperty("name").GetString(), i.GetProperty("weight").GetDouble(), i.GetProperty("count").GetInt32()))
            .Should().Equal(buckets.Select(b => (b.GetProperty("name").GetString(), b.GetProperty("weight").GetDouble(), b.GetProperty("count").GetInt32())));
        // The bars add up to the looked-through weight (classified + "Unclassified").
        items.Sum(i => i.GetProperty("weight").GetDouble()).Should().BeApproximately(api.GetProperty(dimension).GetProperty("totalWeight").GetDouble(), 1e-9);

        var table = await page.Locator("#exposure-list tbody tr").EvaluateAllAsync<string[][]>("rows => rows.map(r => [...r.cells].map(c => c.textContent))");
        table.Should().BeEquivalentTo(buckets.Select(b => new[]
        {
            b.GetProperty("name").GetString()!,
            Percent(b.GetProperty("weight")),
            b.GetProperty("count").GetInt32().ToString("N0", CultureInfo.InvariantCulture),
        }), options => options.WithStrictOrdering());
    }
}
