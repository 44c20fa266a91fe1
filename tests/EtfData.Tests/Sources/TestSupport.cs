using System.Collections.Concurrent;
using EtfData.Api.Sources;
using EtfData.FakeUpstream;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EtfData.Tests.Sources;

/// <summary>A clock that stands still unless told to move.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Waits for a condition with a generous deadline, for tests that must not depend on how fast the machine is.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task Until(Func<bool> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > Patience)
            {
                throw new TimeoutException($"Not met within {Patience.TotalSeconds:0} s: {what}.");
            }

            await Task.Delay(10);
        }
    }
}

internal static class Fixtures
{
    public static byte[] Yahoo(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "yahoo", name));

    public static string YahooText(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "yahoo", name));

    public static byte[] Sec(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sec", name));

    public static byte[] Nasdaq(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "nasdaq", name));

    public static string Etfdb(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "etfdb", name));

    public static string Schwab(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "schwab", name));
}

internal static class Results
{
    public static T ShouldBeData<T>(this SourceResult<T> result)
    {
        if (!result.TryGetData(out var value))
        {
            throw new Xunit.Sdk.XunitException("Expected data, got " + result.Describe());
        }

        return value;
    }
}

/// <summary>Log lines captured for assertions.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> State)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            owner.Entries.Enqueue((category, logLevel, formatter(state, exception), properties));
        }
    }
}

/// <summary>The sources registered exactly as the host does (<c>AddSources</c>), pointed at a fake upstream.</summary>
internal sealed class SourcesHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private SourcesHost(ServiceProvider provider, CapturedLogs logs)
    {
        _provider = provider;
        Logs = logs;
    }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _provider;

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>
    /// Fast test settings (small timeouts and backoffs, a generous rate) for both Yahoo and Nasdaq,
    /// overridden by <paramref name="overrides"/> (keys relative to <c>Sources:Yahoo</c>) and
    /// <paramref name="nasdaqOverrides"/> (relative to <c>Sources:Nasdaq</c>).
    /// </summary>
    public static SourcesHost ForYahoo(
        FakeUpstreamServer fake,
        IDictionary<string, string?>? overrides = null,
        TimeProvider? clock = null,
        IDictionary<string, string?>? nasdaqOverrides = null,
        IDictionary<string, string?>? secOverrides = null)
    {
        var yahoo = FastSettings();
        yahoo["BaseUrl"] = fake.YahooBaseUrl;
        yahoo["CookieUrl"] = fake.YahooCookieUrl;
        var nasdaq = FastSettings();
        nasdaq["BaseUrl"] = fake.NasdaqBaseUrl;
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            yahoo[key] = value;
        }

        foreach (var (key, value) in nasdaqOverrides ?? new Dictionary<string, string?>())
        {
            nasdaq[key] = value;
        }

        var sec = FastSettings();
        sec["WwwBaseUrl"] = fake.SecWwwBaseUrl;
        sec["DataBaseUrl"] = fake.SecDataBaseUrl;
        sec["UserAgent"] = "EtfData-test tests@example.org";
        sec["RequestsPerSecond"] = "10";
        sec["CacheDirectory"] = Path.Combine(Path.GetTempPath(), "etfdata-sec-cache-" + Guid.NewGuid().ToString("N"));
        foreach (var (key, value) in secOverrides ?? new Dictionary<string, string?>())
        {
            sec[key] = value;
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(yahoo.ToDictionary(kv => "Sources:Yahoo:" + kv.Key, kv => kv.Value))
            .AddInMemoryCollection(nasdaq.ToDictionary(kv => "Sources:Nasdaq:" + kv.Key, kv => kv.Value))
            .AddInMemoryCollection(sec.ToDictionary(kv => "Sources:Sec:" + kv.Key, kv => kv.Value))
            .Build();
        var logs = new CapturedLogs();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddSources(configuration);
        return new SourcesHost(services.BuildServiceProvider(validateScopes: true), logs);
    }

    /// <summary>Same host, named for tests that use only the Nasdaq source.</summary>
    public static SourcesHost ForNasdaq(FakeUpstreamServer fake, IDictionary<string, string?>? overrides = null, TimeProvider? clock = null) =>
        ForYahoo(fake, clock: clock, nasdaqOverrides: overrides);

    /// <summary>Same host, for tests of the SEC client: <paramref name="overrides"/> relative to <c>Sources:Sec</c>; a fresh cache directory unless one is given.</summary>
    public static SourcesHost ForSec(FakeUpstreamServer fake, IDictionary<string, string?>? overrides = null, TimeProvider? clock = null) =>
        ForYahoo(fake, clock: clock, secOverrides: overrides);

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private static Dictionary<string, string?> FastSettings() => new()
    {
        ["AttemptTimeout"] = "00:00:02",
        ["TotalTimeout"] = "00:00:30",
        ["MaxRetryAttempts"] = "3",
        ["RetryBaseDelay"] = "00:00:00.020",
        ["RetryMaxDelay"] = "00:00:00.100",
        ["MaxRetryAfter"] = "00:00:05",
        ["BreakerMinimumThroughput"] = "100",
        ["RequestsPerSecond"] = "1000",
        ["Burst"] = "100",
        ["MaxConcurrency"] = "16",
    };
}
