using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>
/// The real host, pointed at a test database; it migrates that database at start-up as in production.
/// With a <paramref name="clock"/>, the host's <see cref="TimeProvider"/> is that clock (e.g. the fake
/// upstream's, so "now" is the same on both sides), Quartz's included.
/// </summary>
public sealed class EtfDataApiFactory(
    string connectionString, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null, Serilog.Core.ILogEventSink? logSink = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:EtfData", connectionString);
        // Tests that exercise the scheduler turn it on themselves.
        builder.UseSetting("Scheduler:Enabled", "false");
        // The per-client rate limit stays on but out of reach (every test client is one client);
        // the rate-limit tests set small limits themselves.
        foreach (var (key, value) in GenerousRateLimits)
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }

        if (logSink is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(logSink));
        }
    }

    /// <summary>Rate limits no test reaches by accident (settings a test passes win).</summary>
    public static IReadOnlyDictionary<string, string> GenerousRateLimits { get; } = new Dictionary<string, string>
    {
        ["RateLimiting:PermitsPerSecond"] = "1000000",
        ["RateLimiting:Burst"] = "1000000",
        ["RateLimiting:AdminPermitsPerMinute"] = "1000000",
    };
}
