using System.Net;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Xunit;

namespace EtfData.IntegrationTests.Hosting;

/// <summary>
/// Request logging comes from Serilog.AspNetCore through the host's Serilog pipeline: fast successes at
/// Debug (a console line per read would cost as much as the read), client errors at Information, slow
/// requests at Warning.
/// </summary>
public sealed class RequestLoggingTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Each_request_writes_one_serilog_event_with_method_path_query_status_and_elapsed_time()
    {
        var sink = new CapturingSink();
        await using var factory = Factory(sink, new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Debug" });
        using var client = factory.CreateClient();

        using var ok = await client.GetAsync("/api/health?probe=1");
        using var missing = await client.GetAsync("/api/etfs/ZZZZ");

        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        // The event is written as the pipeline unwinds, which may be just after the client has its answer.
        await Eventually.UntilAsync(() => Task.FromResult(RequestEvents(sink).Count >= 2), "both request events written");

        var requests = RequestEvents(sink);
        requests.Select(e => (Scalar(e, "RequestMethod"), Scalar(e, "RequestPath"), Scalar(e, "QueryString"), Scalar(e, "StatusCode"), e.Level)).Should().Equal(
            ("GET", "/api/health", "?probe=1", 200, LogEventLevel.Debug),
            ("GET", "/api/etfs/ZZZZ", "", 404, LogEventLevel.Information));
        requests.Should().OnlyContain(e => Scalar(e, "Elapsed") is double);
        CapturingSink.Render(requests[0]).Should().MatchRegex(@"^HTTP GET /api/health\?probe=1 responded 200 in \d+\.\d ms$");
    }

    [Fact]
    public async Task At_the_default_level_fast_successes_are_not_logged_and_client_errors_are()
    {
        var sink = new CapturingSink();
        await using var factory = Factory(sink);
        using var client = factory.CreateClient();

        using var ok = await client.GetAsync("/api/health");
        using var missing = await client.GetAsync("/api/etfs/ZZZZ");
        // A later request's event is the sign the earlier ones had their chance to be written.
        using var marker = await client.GetAsync("/api/etfs/ZZZY");

        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        await Eventually.UntilAsync(() => Task.FromResult(RequestEvents(sink).Any(e => Scalar(e, "RequestPath") is "/api/etfs/ZZZY")), "the marker's event written");
        RequestEvents(sink).Select(e => (Scalar(e, "RequestPath"), e.Level)).Should().Equal(
            ("/api/etfs/ZZZZ", LogEventLevel.Information),
            ("/api/etfs/ZZZY", LogEventLevel.Information));
    }

    [Fact]
    public async Task A_request_slower_than_the_threshold_is_logged_at_warning()
    {
        var sink = new CapturingSink();
        // A zero threshold makes every request slow, without a test depending on how long one takes.
        await using var factory = Factory(sink, new Dictionary<string, string?> { ["Service:SlowRequestThreshold"] = "00:00:00" });
        using var client = factory.CreateClient();

        using var ok = await client.GetAsync("/api/health");

        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        await Eventually.UntilAsync(() => Task.FromResult(RequestEvents(sink).Count >= 1), "the request event written");
        RequestEvents(sink).Select(e => (Scalar(e, "RequestPath"), Scalar(e, "StatusCode"), e.Level)).Should().Equal(
            ("/api/health", 200, LogEventLevel.Warning));
    }

    private WebApplicationFactory<Program> Factory(CapturingSink sink, IReadOnlyDictionary<string, string?>? settings = null) =>
        new EtfDataApiFactory(database.ConnectionString, settings)
            .WithWebHostBuilder(web => web.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(sink)));

    private static List<LogEvent> RequestEvents(CapturingSink sink) => sink.From("Serilog.AspNetCore.RequestLoggingMiddleware");

    private static object? Scalar(LogEvent e, string name) => ((ScalarValue)e.Properties[name]).Value;
}
