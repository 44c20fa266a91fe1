using System.Net;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Xunit;

namespace EtfData.IntegrationTests.Hosting;

/// <summary>Request logging comes from Serilog.AspNetCore through the host's Serilog pipeline.</summary>
public sealed class RequestLoggingTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Each_request_writes_one_serilog_event_with_method_path_query_status_and_elapsed_time()
    {
        var sink = new CapturingSink();
        await using var factory = new EtfDataApiFactory(database.ConnectionString)
            .WithWebHostBuilder(web => web.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(sink)));
        using var client = factory.CreateClient();

        using var ok = await client.GetAsync("/api/health?probe=1");
        using var missing = await client.GetAsync("/api/etfs/ZZZZ");

        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        // The event is written as the pipeline unwinds, which may be just after the client has its answer.
        await Eventually.UntilAsync(() => Task.FromResult(RequestEvents(sink).Count >= 2), "both request events written");

        var requests = RequestEvents(sink);
        requests.Select(e => (Scalar(e, "RequestMethod"), Scalar(e, "RequestPath"), Scalar(e, "QueryString"), Scalar(e, "StatusCode"), e.Level)).Should().Equal(
            ("GET", "/api/health", "?probe=1", 200, LogEventLevel.Information),
            ("GET", "/api/etfs/ZZZZ", "", 404, LogEventLevel.Information));
        requests.Should().OnlyContain(e => Scalar(e, "Elapsed") is double);
        CapturingSink.Render(requests[0]).Should().MatchRegex(@"^HTTP GET /api/health\?probe=1 responded 200 in \d+\.\d ms$");
    }

    private static List<LogEvent> RequestEvents(CapturingSink sink) => sink.From("Serilog.AspNetCore.RequestLoggingMiddleware");

    private static object? Scalar(LogEvent e, string name) => ((ScalarValue)e.Properties[name]).Value;
}
