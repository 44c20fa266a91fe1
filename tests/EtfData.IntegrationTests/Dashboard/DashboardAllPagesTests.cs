using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static EtfData.IntegrationTests.Dashboard.DashboardPage;

namespace EtfData.IntegrationTests.Dashboard;

/// <summary>
/// Every page over the demo-like data, for every fund the host loaded: each section finishes loading, none shows an
/// error, and the browser records no script error, CSP violation or failed request.
/// </summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardAllPagesTests(DashboardHost host)
{
    public static TheoryData<string> Funds => [.. DashboardHost.Symbols];

    [Theory]
    [MemberData(nameof(Funds))]
    public async Task Etf_page_renders_every_section_without_errors(string symbol)
    {
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/etf.html?symbol=" + symbol);
        await Assertions.Expect(page.Locator("body[data-ready=true]")).ToHaveCountAsync(1, CountWithin);
        (await page.Locator("#etf-title").InnerTextAsync()).Should().StartWith(symbol + " · ");

        var sections = page.Locator("#etf-body section");
        var ids = await sections.EvaluateAllAsync<string[]>("s => s.map(x => x.id)");
        ids.Should().Equal("profile", "price", "aum", "premium", "flows", "nport-flows", "signal", "fees", "holdings", "holdings-changes");
        foreach (var id in ids)
        {
            var section = page.Locator("#" + id);
            (await section.GetAttributeAsync("aria-busy")).Should().BeNull($"{symbol}'s {id} section finished loading");
            (await section.GetAttributeAsync("data-error")).Should().BeNull($"{symbol}'s {id} section loaded without an error");
            (await section.Locator(".status[data-kind=error]").CountAsync()).Should().Be(0, $"{symbol}'s {id} section shows no error");
            (await section.InnerTextAsync()).Trim().Length.Should().BeGreaterThan(
                (await section.Locator("h2").InnerTextAsync()).Length, $"{symbol}'s {id} section says something below its heading");
        }

        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/overlap.html?symbols=SPY,IVV,VOO")]
    [InlineData("/lookthrough.html")]
    public async Task Page_renders_without_errors(string path)
    {
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync(path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Assertions.Expect(page.Locator("[aria-busy=true]")).ToHaveCountAsync(0, CountWithin);
        await Assertions.Expect(page.Locator("#demo-banner")).ToBeVisibleAsync(new() { Timeout = Ms });
        (await page.Locator(".status[data-kind=error]").CountAsync()).Should().Be(0);
        (await page.Locator("[data-chart][data-ready=true]").CountAsync()).Should().BePositive("the page drew its charts");
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }
}
