using EtfData.FakeUpstream.Control;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.FakeUpstream;

/// <summary>
/// Standalone, for the offline demo: <c>dotnet run --project tests/EtfData.FakeUpstream -- --urls http://127.0.0.1:5099 [--demo]</c>,
/// then point <c>Sources__Yahoo__BaseUrl</c> at <c>http://127.0.0.1:5099/yahoo</c>, <c>Sources__Yahoo__CookieUrl</c>
/// at <c>http://127.0.0.1:5099/yahoo/consent</c> and <c>Sources__Nasdaq__BaseUrl</c> at <c>http://127.0.0.1:5099/nasdaq</c>;
/// the iShares, SPDR, Invesco, Schwab and etfdb fakes serve the real sites' paths at the root (BaseUrl <c>http://127.0.0.1:5099</c>).
/// Layout drift per source and symbol: <c>POST/DELETE /_fake/drift?source=schwab&amp;symbol=BND</c>.
/// The data clock follows real time until <c>POST /_fake/clock?date=YYYY-MM-DD</c> pins it.
/// </summary>
// A namespaced entry point: .NET 10 makes a top-level Program public, which would clash with the
// API host's Program in test projects that reference both.
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var clock = new DataClock(TimeProvider.System);
        var app = FakeUpstreamApp.Build(args, new FakeUpstreamState(clock, Universe(clock)));
        await app.RunAsync();
    }

    /// <summary>
    /// <c>ETFDATA_FAKE_UNIVERSE=4000</c>: serve that many funds (<see cref="YahooDataset.Universe"/>), the
    /// generated ones listed for the last 60 days; unset, the demo's fifteen.
    /// </summary>
    private static YahooDataset? Universe(TimeProvider clock)
    {
        var size = Environment.GetEnvironmentVariable("ETFDATA_FAKE_UNIVERSE");
        if (string.IsNullOrEmpty(size))
        {
            return null;
        }

        if (!int.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var funds) || funds is < 1 or > 17_576)
        {
            throw new ArgumentException($"ETFDATA_FAKE_UNIVERSE must be a number of funds from 1 to 17576, got '{size}'.");
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new YahooDataset(YahooDataset.Universe(funds, today.AddDays(-60)));
    }
}
