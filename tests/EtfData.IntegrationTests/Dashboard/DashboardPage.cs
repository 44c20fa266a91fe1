using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace EtfData.IntegrationTests.Dashboard;

/// <summary>
/// What the dashboard browser tests share: the generous deadline of every wait, the wait for a drawn chart and the
/// data it published (window.etfdata.charts), and the page's number and date formats written out in C# —
/// independently of common.js, so a test compares the page's text with the API's value.
/// </summary>
internal static class DashboardPage
{
    /// <summary>How long a wait for the page may take (generous: a condition, never a wall-clock bound).</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary><see cref="Deadline"/> in milliseconds, as Playwright's options take it.</summary>
    public const float Ms = 30_000;

    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static LocatorAssertionsToHaveCountOptions CountWithin => new() { Timeout = Ms };

    public static LocatorAssertionsToHaveAttributeOptions AttributeWithin => new() { Timeout = Ms };

    /// <summary>Waits for <c>[data-chart=name][data-ready=true]</c> and answers <c>window.etfdata.charts[name]</c> ({points, data, …}).</summary>
    public static async Task<JsonElement> ChartAsync(IPage page, string name)
    {
        await Assertions.Expect(page.Locator($"[data-chart='{name}'][data-ready='true']")).ToHaveCountAsync(1, CountWithin);
        return await JsonAsync(page, $"() => JSON.stringify(window.etfdata.charts['{name}'])");
    }

    /// <summary>The items chart <paramref name="name"/> drew, once it is ready.</summary>
    public static async Task<JsonElement> ChartDataAsync(IPage page, string name) => (await ChartAsync(page, name)).GetProperty("data");

    /// <summary>Waits until chart <paramref name="name"/> is ready and <paramref name="condition"/> (a JS function of the chart) holds.</summary>
    public static async Task<JsonElement> ChartWhenAsync(IPage page, string name, string condition)
    {
        await page.WaitForFunctionAsync(
            $"() => {{ const c = window.etfdata?.charts?.['{name}']; return c !== undefined && ({condition})(c) && document.querySelector(\"[data-chart='{name}']\")?.dataset.ready === 'true'; }}",
            null, new() { Timeout = Ms });
        return await JsonAsync(page, $"() => JSON.stringify(window.etfdata.charts['{name}'])");
    }

    /// <summary>Evaluates a script answering JSON text (plain JSON, without the reference ids Playwright's own serialisation adds).</summary>
    public static async Task<JsonElement> JsonAsync(IPage page, string script)
    {
        using var document = JsonDocument.Parse(await page.EvaluateAsync<string>(script));
        return document.RootElement.Clone();
    }

    /// <summary>As formatUsd: "$936.87", "−$1.50" (U+2212).</summary>
    public static string Usd(decimal value) => (value < 0 ? "−$" : "$") + Math.Abs(value).ToString("N2", Inv);

    /// <summary>
    /// As formatUsdCompact: $ with K/M/B/T and at most two decimals (Intl's compact notation rounds half away from
    /// zero, and 999,999 becomes "$1M", not "$1000K"), "−" (U+2212) below zero. 860,264,749,771 → "$860.26B".
    /// </summary>
    public static string UsdCompact(decimal value)
    {
        var magnitude = Math.Abs(value);
        string[] suffixes = ["", "K", "M", "B", "T"];
        var unit = 0;
        while (unit < suffixes.Length - 1 && magnitude >= 1000m)
        {
            magnitude /= 1000m;
            unit++;
        }

        var rounded = Math.Round(magnitude, 2, MidpointRounding.AwayFromZero);
        if (rounded >= 1000m && unit < suffixes.Length - 1)
        {
            rounded = Math.Round(rounded / 1000m, 2, MidpointRounding.AwayFromZero);
            unit++;
        }

        var text = "$" + rounded.ToString("0.##", Inv) + suffixes[unit];
        return value < 0 ? "−" + text : text;
    }

    /// <summary>As formatSignedUsdCompact: "+" for an inflow, "−" for an outflow. 1,234,567,890 → "+$1.23B"; −45,600,000 → "−$45.6M".</summary>
    public static string SignedCompactUsd(decimal value) => value > 0 ? "+" + UsdCompact(value) : UsdCompact(value);

    /// <summary>As formatFractionAsPercent: a fraction as percent with two decimals, 0.0710576 → "7.11 %".</summary>
    public static string Percent(decimal fraction) =>
        (fraction < 0 ? "−" : "") + Math.Round(Math.Abs(fraction) * 100, 2, MidpointRounding.AwayFromZero).ToString("0.00", Inv) + " %";

    /// <summary>A JSON fraction as formatFractionAsPercent writes it: "12.35 %", "—" for null.</summary>
    public static string Percent(JsonElement fraction) =>
        fraction.ValueKind == JsonValueKind.Null ? "—" : (fraction.GetDouble() * 100).ToString("F2", Inv) + " %";

    /// <summary>An ISO date as formatDate writes it: "Mar 7, 2025".</summary>
    public static string FormatDate(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", Inv).ToString("MMM d, yyyy", Inv);
}
