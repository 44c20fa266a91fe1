using System.Buffers.Binary;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;
using static EtfData.IntegrationTests.Dashboard.DashboardPage;

namespace EtfData.IntegrationTests.Dashboard;

/// <summary>
/// The README's two pictures: the top of the ETF page (key figures, price and volume, AUM, premium/discount, daily
/// flows) and the overlap page, each once every chart on it has drawn. They land in <c>.data/screenshots/</c>; with
/// <c>ETFDATA_UPDATE_SCREENSHOTS=1</c> they are also written to <c>docs/screenshots/</c>, where the README takes them.
/// </summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardReadmeScreenshotTests(DashboardHost host)
{
    [Fact]
    public async Task Etf_page_for_the_readme()
    {
        var (page, errors) = await host.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync("/etf.html?symbol=SPY");
        foreach (var chart in new[] { "price", "volume", "aum", "premium", "flows" })
        {
            await ExpectDrawnAsync(page, chart);
        }

        // Key figures through the daily flows: the part of the page the picture is about.
        var flows = await page.Locator("#flows").BoundingBoxAsync();
        flows.Should().NotBeNull();
        var height = (int)Math.Ceiling(flows!.Y + flows.Height + 16);
        await SaveAsync(page, "etf", height);
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Overlap_page_for_the_readme()
    {
        var (page, errors) = await host.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync("/overlap.html?symbols=SPY,IVV,VOO");
        await ExpectDrawnAsync(page, "overlap-heatmap");
        await Assertions.Expect(page.Locator("#common-body")).ToHaveAttributeAsync("data-ready", "true", AttributeWithin);

        await SaveAsync(page, "overlap", 1100);
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    private static async Task ExpectDrawnAsync(IPage page, string chart)
    {
        var drawn = page.Locator($"[data-chart='{chart}'][data-ready=true]");
        await Assertions.Expect(drawn).ToHaveCountAsync(1, CountWithin);
        int.Parse((await drawn.GetAttributeAsync("data-points"))!, Inv)
            .Should().BePositive($"the {chart} chart drew the API's data");
    }

    /// <summary>Saves the top <paramref name="height"/> pixels of the page (1280 wide) and checks the PNG's size.</summary>
    private static async Task SaveAsync(IPage page, string name, int height)
    {
        var root = DashboardHost.RepositoryRoot();
        var path = Path.Combine(root, ".data", "screenshots", "readme-" + name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Fonts and canvases settle before the picture is taken.
        await page.EvaluateAsync("() => document.fonts.ready");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = path,
            FullPage = true,
            Clip = new Clip { X = 0, Y = 0, Width = 1280, Height = height },
        });

        // PNG: 8-byte signature, then the IHDR chunk whose data starts with width and height (big-endian).
        png.AsSpan(0, 8).ToArray().Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)).Should().Be(1280);
        BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)).Should().Be(height);

        if (Environment.GetEnvironmentVariable("ETFDATA_UPDATE_SCREENSHOTS") == "1")
        {
            var docs = Path.Combine(root, "docs", "screenshots", name + ".png");
            Directory.CreateDirectory(Path.GetDirectoryName(docs)!);
            await File.WriteAllBytesAsync(docs, png);
        }
    }
}
