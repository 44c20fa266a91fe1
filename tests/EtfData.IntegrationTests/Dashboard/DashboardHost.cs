using EtfData.Api.Ingestion;
using EtfData.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace EtfData.IntegrationTests.Dashboard;

/// <summary>
/// The real host on Kestrel (a loopback port) over a demo-like database filled through the real discovery job from the
/// fake upstream, with <c>Service:Dataset=demo</c>, and a headless Debian Chromium driven by Playwright. The browser is
/// <c>ETFDATA_CHROMIUM</c> (<c>./etfdata test</c> installs package chromium and sets it) or /usr/lib/chromium/chromium.
/// </summary>
public sealed class DashboardHost : IngestionHost
{
    public const string DefaultChromium = "/usr/lib/chromium/chromium";

    public static readonly string[] Symbols = ["AGG", "GLD", "IVV", "QQQ", "SPY", "VOO"];

    public EtfDataApiFactory Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress => Client.BaseAddress!;

    public IBrowser Browser { get; private set; } = null!;

    private IPlaywright _playwright = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ResetAsync();
        await RunAsync(JobNames.Discovery, false, Symbols);

        var settings = Settings(Fake);
        settings["Service:Dataset"] = "demo";
        Server = new EtfDataApiFactory(Database.ConnectionString, settings, DataClock.Running);
        Server.UseKestrel(0);
        Server.StartServer();
        Client = Server.CreateClient();

        var chromium = Environment.GetEnvironmentVariable("ETFDATA_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultChromium;
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {chromium}. Run the tests with `./etfdata test` (it installs package chromium) or set ETFDATA_CHROMIUM.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // Chromium's sandbox refuses to run as root.
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
    }

    /// <summary>A fresh page (own context: no cache or storage shared between tests) that records script errors and failed requests.</summary>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Add($"{response.Status} {response.Url}");
            }
        };
        return (page, errors);
    }

    /// <summary>Saves a full-page screenshot as <c>.data/screenshots/{name}.png</c> at the repository root.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(RepositoryRoot(), ".data", "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        Client.Dispose();
        await Server.DisposeAsync();
        await base.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EtfData.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("EtfData.sln not found above " + AppContext.BaseDirectory);
    }
}
