using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream;
using EtfData.FakeUpstream.Yahoo;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>
/// A test class's database, a fake upstream over real HTTP whose data clock the test controls, and
/// the real host pointed at both (scheduler off: tests run jobs through the runner directly).
/// </summary>
public class IngestionHost : IAsyncLifetime
{
    /// <summary>Friday 2025-03-07, 17:00 New York: after the close, so the day's bar is final.</summary>
    public static readonly DateTimeOffset FridayAfterClose = new(2025, 3, 7, 22, 0, 0, TimeSpan.Zero);

    public TestDatabase Database { get; } = new();

    public TestClock DataClock { get; } = new(FridayAfterClose);

    public FakeUpstreamServer Fake { get; private set; } = null!;

    public EtfDataApiFactory Factory { get; private set; } = null!;

    public IngestionRunner Runner => Factory.Services.GetRequiredService<IngestionRunner>();

    public YahooDataset Dataset => Fake.Yahoo.Dataset;

    public DateOnly DataDate => DateOnly.FromDateTime(DataClock.Now.UtcDateTime);

    public virtual async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Fake = await FakeUpstreamServer.StartAsync(DataClock);
        Factory = new EtfDataApiFactory(Database.ConnectionString, HostSettings(), HostClock, LogSink);
        // Build the host now so that the first test does not pay for it inside a timed section.
        _ = Factory.Services;
    }

    /// <summary>The settings of this host: <see cref="Settings"/> for the fake upstream with <see cref="ExtraSettings"/> over them.</summary>
    protected Dictionary<string, string?> HostSettings()
    {
        var settings = Settings(Fake);
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    public virtual async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Fake.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>
    /// The host's clock: by default the fake's data clock, so the host's "now" is the upstream's (the
    /// last NYSE session a prices run expects is the one the fake has served). A fixture may give the
    /// host a clock of its own, e.g. to play an evening on which the upstream served nothing new.
    /// </summary>
    protected virtual TimeProvider HostClock => DataClock.Running;

    /// <summary>A sink the host's logger also writes to, for a fixture that reads the host's log.</summary>
    protected virtual Serilog.Core.ILogEventSink? LogSink => null;

    /// <summary>Settings a derived fixture adds (e.g. the scheduler on, an admin key).</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>();

    /// <summary>Fast, patient-enough source settings for tests, pointed at the fake.</summary>
    public static Dictionary<string, string?> Settings(FakeUpstreamServer fake)
    {
        var settings = CoreSettings(fake);
        // The scraped sources serve the real sites' paths at the fake's root: no pause, no re-check interval.
        foreach (var section in (string[])["IShares", "Spdr", "Invesco", "Schwab", "Etfdb"])
        {
            settings[$"Sources:{section}:BaseUrl"] = fake.RootUrl;
            settings[$"Sources:{section}:MaxJitter"] = "00:00:00";
            settings[$"Sources:{section}:RecheckAfter"] = "00:00:00";
            settings[$"Sources:{section}:RequestsPerSecond"] = "500";
            settings[$"Sources:{section}:Burst"] = "50";
            settings[$"Sources:{section}:MaxConcurrency"] = "8";
            settings[$"Sources:{section}:MaxRetryAttempts"] = "2";
            settings[$"Sources:{section}:RetryBaseDelay"] = "00:00:00.020";
            settings[$"Sources:{section}:RetryMaxDelay"] = "00:00:00.100";
            settings[$"Sources:{section}:BreakerMinimumThroughput"] = "10000";
        }

        return settings;
    }

    private static Dictionary<string, string?> CoreSettings(FakeUpstreamServer fake) => new()
    {
        ["Sources:Yahoo:BaseUrl"] = fake.YahooBaseUrl,
        ["Sources:Yahoo:CookieUrl"] = fake.YahooCookieUrl,
        ["Sources:Yahoo:AttemptTimeout"] = "00:00:02",
        ["Sources:Yahoo:TotalTimeout"] = "00:00:30",
        ["Sources:Yahoo:MaxRetryAttempts"] = "2",
        ["Sources:Yahoo:RetryBaseDelay"] = "00:00:00.020",
        ["Sources:Yahoo:RetryMaxDelay"] = "00:00:00.100",
        ["Sources:Yahoo:RequestsPerSecond"] = "500",
        ["Sources:Yahoo:Burst"] = "50",
        ["Sources:Yahoo:MaxConcurrency"] = "16",
        ["Sources:Yahoo:BreakerMinimumThroughput"] = "10000",
        ["Sources:Nasdaq:BaseUrl"] = new Uri(fake.BaseUrl, "nasdaq").ToString(),
        ["Sources:Nasdaq:RequestsPerSecond"] = "100",
        ["Sources:Nasdaq:Burst"] = "10",
        ["Sources:Nasdaq:RetryBaseDelay"] = "00:00:00.020",
        ["Sources:Nasdaq:RetryMaxDelay"] = "00:00:00.100",
        ["Sources:Sec:WwwBaseUrl"] = fake.SecWwwBaseUrl,
        ["Sources:Sec:DataBaseUrl"] = fake.SecDataBaseUrl,
        ["Sources:Sec:UserAgent"] = "EtfData tests tests@example.org",
        ["Sources:Sec:RetryBaseDelay"] = "00:00:00.020",
        ["Sources:Sec:RetryMaxDelay"] = "00:00:00.100",
        // A cache of the host's own: a document cached by another test class's host is not this one's.
        ["Sources:Sec:CacheDirectory"] = Path.Combine(Path.GetTempPath(), "etfdata-sec-cache-" + Guid.NewGuid().ToString("N")),
        ["Ingestion:MaxParallelism"] = "4",
    };

    /// <summary>Empties the tables, clears faults and the request log, and puts these funds in the universe.</summary>
    public async Task ResetAsync(params FakeFund[] funds)
    {
        Fake.Faults.Clear();
        Fake.Requests.Clear();
        DataClock.Now = FridayAfterClose;
        await Database.TruncateDataAsync();
        await using var db = Database.NewDbContext();
        foreach (var fund in funds)
        {
            EtfSymbol.TryNormalize(fund.Symbol, out var symbol);
            db.Etfs.Add(new Etf { Symbol = symbol!, Name = fund.Name, FirstSeenAt = DataClock.Now, UpdatedAt = DataClock.Now });
        }

        await db.SaveChangesAsync();
    }

    public Task<IngestionRun> RunAsync(string job, bool backfill = false, params string[] symbols) =>
        Runner.RunAsync(job, new IngestionRequest("test", symbols.Length > 0 ? symbols : null, backfill), null, CancellationToken.None);

    /// <summary>The bars Yahoo would serve through the data date: every generated trading day except null rows.</summary>
    public IReadOnlyList<FakeBar> ExpectedBars(FakeFund fund) =>
        [.. Dataset.History(fund, DataDate).Bars.Where(b => !b.IsNullRow)];
}
