using EtfData.FakeUpstream.Control;
using EtfData.FakeUpstream.Etfdb;
using EtfData.FakeUpstream.Faults;
using EtfData.FakeUpstream.Issuers;
using EtfData.FakeUpstream.Nasdaq;
using EtfData.FakeUpstream.Recording;
using EtfData.FakeUpstream.Schwab;
using EtfData.FakeUpstream.Sec;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.FakeUpstream;

/// <summary>What a fake upstream instance serves from and records into.</summary>
public sealed class FakeUpstreamState
{
    public FakeUpstreamState(TimeProvider dataClock, YahooDataset? dataset = null, SecDataset? secDataset = null)
    {
        ArgumentNullException.ThrowIfNull(dataClock);
        Clock = dataClock;
        var funds = dataset ?? new YahooDataset();
        Yahoo = new YahooFake(funds, dataClock);
        Nasdaq = new NasdaqFake(funds, dataClock);
        Sec = new SecFake(secDataset ?? new SecDataset([], []), dataClock);
        Issuers = new IssuerFake(funds, dataClock, Drift);
        Schwab = new SchwabFake(funds, dataClock, Drift);
    }

    /// <summary>What "now" is for the served data; a <see cref="DataClock"/> in the standalone process.</summary>
    public TimeProvider Clock { get; }

    /// <summary>Scripted faults, applied before any route.</summary>
    public FaultScript Faults { get; } = new();

    /// <summary>Every request received, with real arrival times.</summary>
    public RequestLog Requests { get; } = new(TimeProvider.System);

    /// <summary>Yahoo Finance: dataset, sessions, clock.</summary>
    public YahooFake Yahoo { get; }

    /// <summary>Nasdaq Trader symbol directory, listing the same funds as <see cref="Yahoo"/>.</summary>
    public NasdaqFake Nasdaq { get; }

    /// <summary>SEC EDGAR: ticker maps, submissions, series feeds, N-PORT documents and data sets.</summary>
    public SecFake Sec { get; }

    /// <summary>Symbols served in a drifted layout, per source (issuer files, Schwab, etfdb).</summary>
    public LayoutDrift Drift { get; } = new();

    /// <summary>etfdb pages whose "Last Updated" stamp is frozen at a stale date (symbol → stamp), like the real VXUS page.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, DateOnly> EtfdbStaleStamps { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>iShares, SPDR and Invesco holdings downloads from the same funds as <see cref="Yahoo"/>.</summary>
    public IssuerFake Issuers { get; }

    /// <summary>Schwab's research portal holdings page and module.</summary>
    public SchwabFake Schwab { get; }
}

/// <summary>
/// Builds the fake upstream web app: request recording, then scripted faults, then one route group
/// per upstream (each under its own path prefix, e.g. <c>/yahoo</c>, so upstreams never collide).
/// </summary>
public static class FakeUpstreamApp
{
    /// <summary>Command-line switch for demo mode; the configuration key <c>Demo=true</c> does the same.</summary>
    public const string DemoSwitch = "--demo";

    public static WebApplication Build(string[] args, FakeUpstreamState state, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(state);
        // A bare switch would swallow the next argument as its value in the configuration's command-line parser.
        var demoSwitch = args.Contains(DemoSwitch, StringComparer.OrdinalIgnoreCase);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [.. args.Where(a => !string.Equals(a, DemoSwitch, StringComparison.OrdinalIgnoreCase))],
            ApplicationName = typeof(FakeUpstreamApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        logging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(state);

        var app = builder.Build();
        if (demoSwitch || app.Configuration.GetValue<bool>("Demo"))
        {
            DemoFaults.Arm(state.Faults);
            DemoFaults.ArmDrift(state.Drift);
            // The demo's SEC filings: eight quarters up to today (by the data clock), each visible from its filing date.
            state.Sec.Dataset = SecDatasets.Demo(state.Yahoo.Dataset, state.Sec.Today);
            app.Logger.LogInformation("Demo mode: {Faults}", string.Join("; ", DemoFaults.Rules.Select(r => r.Description).Concat(DemoFaults.Drifts.Select(d => d.Description))));
        }

        app.Use(async (context, next) =>
        {
            using var inFlight = state.Requests.Record(context.Request);
            await FaultMiddleware.InvokeAsync(context, next, state.Faults);
        });

        app.MapGet("/", () => Results.Text(
            "EtfData fake upstream. Yahoo: " + YahooFake.Prefix + " (chart, quoteSummary, getcrumb, cookie page " + YahooFake.CookiePath + "); "
            + "Nasdaq: " + NasdaqFake.Prefix + "/" + NasdaqFake.FileName + "; "
            + "SEC: " + SecFake.WwwPrefix + " (www.sec.gov), " + SecFake.DataPrefix + " (data.sec.gov); "
            + "iShares, SPDR, Invesco, Schwab and etfdb on their real paths at this root; layout drift: GET/POST/DELETE " + ControlRoutes.DriftPath + "?source=…&symbol=…"
            + (state.Clock is DataClock ? "; data clock: GET/POST/DELETE " + ControlRoutes.ClockPath + "?date=YYYY-MM-DD" : "") + "\n"));
        app.MapYahoo(state.Yahoo);
        app.MapNasdaq(state.Nasdaq);
        app.MapSec(state.Sec);
        app.MapIssuers(state.Issuers);
        app.MapEtfdb(state.Yahoo.Dataset, state.Clock, state.Drift, state.EtfdbStaleStamps);
        app.MapSchwab(state.Schwab);
        app.MapDrift(state.Drift);
        if (state.Clock is DataClock clock)
        {
            app.MapControl(clock);
        }

        return app;
    }
}
