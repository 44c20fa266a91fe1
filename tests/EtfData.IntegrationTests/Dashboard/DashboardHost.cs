using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream.Sec;
using EtfData.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace EtfData.IntegrationTests.Dashboard;

/// <summary>
/// The real host on Kestrel (a loopback port) over a demo-like database filled through the real ingestion jobs from the
/// fake upstream, as <c>./etfdata demo</c> loads it: discovery of <see cref="Symbols"/>, the price, dividend, split
/// and N-PORT backfills, AUM and issuer holdings files replayed for every session from <see cref="FirstReplayDay"/>
/// to the data date (the clock moved day by day, as nightly runs would have seen it), etfdb, then derived flows.
/// <c>Service:Dataset=demo</c>, and a headless Debian Chromium driven by Playwright. The browser is
/// <c>ETFDATA_CHROMIUM</c> (<c>./etfdata test</c> installs package chromium and sets it) or /usr/lib/chromium/chromium.
/// </summary>
public sealed class DashboardHost : IngestionHost
{
    public const string DefaultChromium = "/usr/lib/chromium/chromium";

    public static readonly string[] Symbols = ["AGG", "GLD", "IVV", "QQQ", "SPY", "VOO"];

    /// <summary>Alert thresholds low enough that the generated data raises alerts for the home page to list.</summary>
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Alerts:LiquidityAumUsd"] = "100000000000",
        ["Alerts:LargeDailyAumChangePct"] = "0.5",
    };

    public static readonly DateOnly FirstReplayDay = new(2025, 2, 3);

    /// <summary>The sessions AUM and issuer files were replayed for, oldest first.</summary>
    public IReadOnlyList<DateOnly> ReplayDays { get; private set; } = [];

    public EtfDataApiFactory Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress => Client.BaseAddress!;

    public IBrowser Browser { get; private set; } = null!;

    private IPlaywright _playwright = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The demo's SEC data: ticker maps, N-PORT filings of the funds that file (monthly flows, filings, holdings history).
        Fake.Sec.Dataset = SecDatasets.Demo(Dataset, DataDate);
        await ResetAsync();
        await LoadAsync();

        var settings = HostSettings();
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

    private async Task LoadAsync()
    {
        await Expect(JobNames.Discovery, RunAsync(JobNames.Discovery, false, Symbols));
        foreach (var job in new[] { JobNames.Prices, JobNames.Dividends, JobNames.Splits, JobNames.Holdings })
        {
            await Expect(job, RunAsync(job, backfill: true));
        }

        var days = new List<DateOnly>();
        var lastDay = DataDate;
        for (var day = FirstReplayDay; day <= lastDay; day = day.AddDays(1))
        {
            if (NyseCalendar.IsTradingDay(day))
            {
                DataClock.Now = new DateTimeOffset(day.ToDateTime(new TimeOnly(22, 0)), TimeSpan.Zero);
                await Expect(JobNames.Aum, RunAsync(JobNames.Aum));
                await Expect(JobNames.HoldingsIssuer, RunAsync(JobNames.HoldingsIssuer));
                days.Add(day);
            }
        }

        DataClock.Now = FridayAfterClose;
        ReplayDays = days;
        await Expect(JobNames.Etfdb, RunAsync(JobNames.Etfdb));
        await Expect(JobNames.Flows, RunAsync(JobNames.Flows));
    }

    private static async Task Expect(string job, Task<IngestionRun> run)
    {
        var finished = await run;
        if (finished.Status != RunStatus.Succeeded)
        {
            throw new InvalidOperationException($"The dashboard's data load: {job} ended {finished.Status}: {finished.Error}");
        }
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

    /// <summary>The checkout's root: the directory above the test binaries that holds EtfData.sln.</summary>
    public static string RepositoryRoot()
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

/// <summary>The browser test classes share one data load and one browser, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardGroup : ICollectionFixture<DashboardHost>
{
    public const string Name = "dashboard";
}
