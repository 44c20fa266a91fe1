using Serilog;
using Microsoft.Extensions.Options;
using Serilog.Events;

namespace EtfData.Api.Hosting;

public static class LoggingExtensions
{
    /// <summary>
    /// Serilog as the host's only logger, writing to the console, levels from the <c>Serilog</c>
    /// configuration section (e.g. <c>Serilog__MinimumLevel__Default=Debug</c>); sinks registered as
    /// <see cref="Serilog.Core.ILogEventSink"/> services are added too.
    /// </summary>
    public static WebApplicationBuilder AddEtfDataLogging(this WebApplicationBuilder builder)
    {
        // preserveStaticLogger: each host (tests start several in one process) keeps its own logger
        // instead of replacing the process-wide Log.Logger.
        builder.Services.AddSerilog(
            (services, logger) => logger
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
                .MinimumLevel.Override("Npgsql", LogEventLevel.Warning)
                .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
                .MinimumLevel.Override("Quartz.Core.QuartzScheduler", LogEventLevel.Information)
                .ReadFrom.Configuration(services.GetRequiredService<IConfiguration>())
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .WriteTo.Console(
                    outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture),
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>
    /// One structured event per request (Serilog.AspNetCore): method, path, query, status and
    /// elapsed milliseconds. Error for 5xx and unhandled exceptions, Warning for a request slower than
    /// <see cref="ServiceOptions.SlowRequestThreshold"/>, Information for other 4xx, Debug for fast successes
    /// (2xx, 304): under load a console line per read costs about as much as the read, so those show only with
    /// <c>Serilog__MinimumLevel__Default=Debug</c> (or an override for <c>Serilog.AspNetCore.RequestLoggingMiddleware</c>).
    /// </summary>
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        var slowMs = app.ApplicationServices.GetRequiredService<IOptions<ServiceOptions>>().Value.SlowRequestThreshold.TotalMilliseconds;
        return app.UseSerilogRequestLogging(options =>
        {
            // Needed: with preserveStaticLogger the static Log.Logger stays silent, and request logging would write there.
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            // The query as its own property (RawTarget, which IncludeQueryInRequestPath reads, is server-specific).
            options.EnrichDiagnosticContext = (diagnostics, http) => diagnostics.Set("QueryString", http.Request.QueryString.Value ?? "");
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath}{QueryString} responded {StatusCode} in {Elapsed:0.0} ms";
            options.GetLevel = (http, elapsedMs, exception) =>
                exception is not null || http.Response.StatusCode >= StatusCodes.Status500InternalServerError ? LogEventLevel.Error
                : elapsedMs >= slowMs ? LogEventLevel.Warning
                : http.Response.StatusCode >= StatusCodes.Status400BadRequest ? LogEventLevel.Information
                : LogEventLevel.Debug;
        });
    }
}
