using System.Globalization;
using System.Text.Json;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static EtfData.IntegrationTests.Dashboard.DashboardPage;

namespace EtfData.IntegrationTests.Dashboard;

/// <summary>
/// Every page, once loaded over the demo-like data, audited with axe-core (pinned in tools/dashboard as a development
/// dependency, never served) against the WCAG 2.1 A and AA rules: colour contrast, names of controls and images,
/// labels, headings, landmarks, ARIA. The audit script is evaluated through the DevTools protocol, which the pages'
/// CSP (no inline script) does not govern, so the page under audit runs with its real policy.
/// </summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardAccessibilityTests(DashboardHost host, ITestOutputHelper output)
{
    private static readonly Lazy<string> AxeSource = new(() =>
        File.ReadAllText(Path.Combine(DashboardHost.RepositoryRoot(), "tools", "dashboard", "node_modules", "axe-core", "axe.min.js")));

    [Theory]
    [InlineData("/")]
    [InlineData("/etf.html?symbol=SPY")]
    [InlineData("/etf.html?symbol=AGG")]
    [InlineData("/overlap.html?symbols=SPY,IVV,VOO")]
    [InlineData("/lookthrough.html")]
    public async Task Page_has_no_WCAG_A_or_AA_violations(string path)
    {
        var (page, errors) = await host.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync(path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Assertions.Expect(page.Locator("[aria-busy=true]")).ToHaveCountAsync(0, CountWithin);
        await Assertions.Expect(page.Locator("#demo-banner")).ToBeVisibleAsync(new() { Timeout = Ms });

        await page.EvaluateAsync(AxeSource.Value);
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return {
                passes: r.passes.length,
                checkedNodes: r.passes.reduce((n, p) => n + p.nodes.length, 0),
                violations: r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary) })),
              };
            }
            """);

        var violations = result.GetProperty("violations").EnumerateArray()
            .Select(v => $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()}\n    "
                + string.Join("\n    ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())))
            .ToList();
        Figures.Report(output, string.Create(CultureInfo.InvariantCulture,
            $"accessibility: {path}: {result.GetProperty("passes").GetInt32()} WCAG 2.1 A/AA rules passed on {result.GetProperty("checkedNodes").GetInt32()} elements, {violations.Count} violated"));
        violations.Should().BeEmpty(string.Join("\n", violations));
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }
}
