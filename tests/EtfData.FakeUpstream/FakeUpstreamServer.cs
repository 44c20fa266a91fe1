using EtfData.FakeUpstream.Faults;
using EtfData.FakeUpstream.Nasdaq;
using EtfData.FakeUpstream.Recording;
using EtfData.FakeUpstream.Sec;
using EtfData.FakeUpstream.Yahoo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace EtfData.FakeUpstream;

/// <summary>
/// The fake upstream running in-process on 127.0.0.1 with a random port, for tests:
/// <code>
/// await using var fake = await FakeUpstreamServer.StartAsync();
/// fake.Faults.On("/yahoo/v8/finance/chart/", Fault.TooManyRequests(TimeSpan.FromSeconds(1)), times: 2);
/// // point Sources:Yahoo:BaseUrl at fake.YahooBaseUrl, call, then assert on fake.Requests
/// </code>
/// </summary>
public sealed class FakeUpstreamServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeUpstreamServer(WebApplication app, FakeUpstreamState state, Uri baseUrl)
    {
        _app = app;
        State = state;
        BaseUrl = baseUrl;
    }

    /// <summary>Root address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    public FakeUpstreamState State { get; }

    public FaultScript Faults => State.Faults;

    public RequestLog Requests => State.Requests;

    public YahooFake Yahoo => State.Yahoo;

    public NasdaqFake Nasdaq => State.Nasdaq;

    public SecFake Sec => State.Sec;

    public Control.LayoutDrift Drift => State.Drift;

    /// <summary>
    /// Value for <c>Sources:IShares:BaseUrl</c>, <c>Sources:Spdr:BaseUrl</c>, <c>Sources:Invesco:BaseUrl</c>,
    /// <c>Sources:Schwab:BaseUrl</c> and <c>Sources:Etfdb:BaseUrl</c>: these fakes serve the real paths at the root.
    /// </summary>
    public string RootUrl => BaseUrl.ToString().TrimEnd('/');

    /// <summary>Value for <c>Sources:Yahoo:BaseUrl</c>.</summary>
    public string YahooBaseUrl => new Uri(BaseUrl, YahooFake.Prefix).ToString();

    /// <summary>Value for <c>Sources:Yahoo:CookieUrl</c>.</summary>
    public string YahooCookieUrl => new Uri(BaseUrl, YahooFake.CookiePath).ToString();

    /// <summary>Value for <c>Sources:Nasdaq:BaseUrl</c>.</summary>
    public string NasdaqBaseUrl => new Uri(BaseUrl, NasdaqFake.Prefix).ToString();

    /// <summary>Value for <c>Sources:Sec:WwwBaseUrl</c>.</summary>
    public string SecWwwBaseUrl => new Uri(BaseUrl, SecFake.WwwPrefix).ToString();

    /// <summary>Value for <c>Sources:Sec:DataBaseUrl</c>.</summary>
    public string SecDataBaseUrl => new Uri(BaseUrl, SecFake.DataPrefix).ToString();

    /// <param name="dataClock">
    /// What "now" is for the served data (today's live bar, AUM date); the system clock by default. A
    /// <see cref="Control.DataClock"/> also maps the <c>/_fake/clock</c> control endpoint.
    /// </param>
    /// <param name="demo">Arms the demo mode's transient faults (<see cref="Control.DemoFaults"/>), as <c>--demo</c> does.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static async Task<FakeUpstreamServer> StartAsync(TimeProvider? dataClock = null, bool demo = false, CancellationToken cancellationToken = default)
    {
        var state = new FakeUpstreamState(dataClock ?? TimeProvider.System);
        string[] args = ["--urls", "http://127.0.0.1:0"];
        var app = FakeUpstreamApp.Build(
            demo ? [.. args, FakeUpstreamApp.DemoSwitch] : args,
            state,
            logging => logging.ClearProviders());
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeUpstreamServer(app, state, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
