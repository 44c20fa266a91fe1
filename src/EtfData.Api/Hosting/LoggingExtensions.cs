using System.Diagnostics;
using Serilog;
using Serilog.Events;

namespace EtfData.Api.Hosting;

public static class LoggingExtensions
{
    /// <summary>
    /// Serilog to the console, levels from the <c>Serilog</c> configuration section
    /// (e.g. <c>Serilog__MinimumLevel__Default=Debug</c>).
    /// </summary>
    public static WebApplicationBuilder AddEtfDataLogging(this WebApplicationBuilder builder)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
            .MinimumLevel.Override("Npgsql", LogEventLevel.Warning)
            .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
            .MinimumLevel.Override("Quartz.Core.QuartzScheduler", LogEventLevel.Information)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }

    /// <summary>One structured line per request: method, path, status and elapsed milliseconds.</summary>
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestLoggingMiddleware>();
}

internal sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var level = context.Response.StatusCode >= 500 ? LogLevel.Error : LogLevel.Information;
            logger.Log(level, "HTTP {RequestMethod} {RequestPath}{QueryString} responded {StatusCode} in {ElapsedMs:0.0} ms",
                context.Request.Method, context.Request.Path.Value, context.Request.QueryString.Value,
                context.Response.StatusCode, elapsedMs);
        }
    }
}
