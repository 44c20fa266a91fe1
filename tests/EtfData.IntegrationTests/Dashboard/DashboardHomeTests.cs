using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Api.Hosting;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace EtfData.IntegrationTests.Dashboard;

/// <summary>The dashboard's home page in a real browser against the real host: the demo banner and search.</summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardHomeTests(DashboardHost host)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

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
        await Assertions.Expect(banner).ToBeVisibleAsync(new() { Timeout = (float)Deadline.TotalMilliseconds });
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
        await Assertions.Expect(items).ToHaveCountAsync(expected.Length, new() { Timeout = (float)Deadline.TotalMilliseconds });
        (await items.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.symbol)")).Should().Equal(expected);
        (await items.Nth(1).InnerTextAsync()).Should().Contain("SPY").And.Contain("SPDR S&P 500 ETF Trust");
        (await page.Locator("#search-status").InnerTextAsync()).Should().Be("3 ETFs match “s&p 500”.");

        await page.Locator("#search").FillAsync("gold");
        await Assertions.Expect(items).ToHaveCountAsync(1, new() { Timeout = (float)Deadline.TotalMilliseconds });
        (await items.First.GetAttributeAsync("data-symbol")).Should().Be("GLD");

        await DashboardHost.ScreenshotAsync(page, "home-search");
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
}
