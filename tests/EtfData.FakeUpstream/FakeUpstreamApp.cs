using EtfData.FakeUpstream.Faults;
using EtfData.FakeUpstream.Recording;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.FakeUpstream;

/// <summary>What a fake upstream instance serves from and records into.</summary>
public sealed class FakeUpstreamState(TimeProvider dataClock)
{
    /// <summary>Scripted faults, applied before any route.</summary>
    public FaultScript Faults { get; } = new();

    /// <summary>Every request received, with real arrival times.</summary>
    public RequestLog Requests { get; } = new(TimeProvider.System);

    /// <summary>Yahoo Finance: dataset, sessions, clock.</summary>
    public YahooFake Yahoo { get; } = new(new YahooDataset(), dataClock);
}

/// <summary>
/// Builds the fake upstream web app: request recording, then scripted faults, then one route group
/// per upstream (each under its own path prefix, e.g. <c>/yahoo</c>, so upstreams never collide).
/// </summary>
public static class FakeUpstreamApp
{
    public static WebApplication Build(string[] args, FakeUpstreamState state, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(FakeUpstreamApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        logging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(state);

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            state.Requests.Record(context.Request);
            await FaultMiddleware.InvokeAsync(context, next, state.Faults);
        });

        app.MapGet("/", () => Results.Text(
            "EtfData fake upstream. Yahoo: " + YahooFake.Prefix + " (chart, quoteSummary, getcrumb, cookie page " + YahooFake.CookiePath + ")\n"));
        app.MapYahoo(state.Yahoo);
        return app;
    }
}
