using EtfData.Api.Ingestion;
using EtfData.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Hosting;

/// <summary>What a person starting the service should know before the first request.</summary>
public static class StartupHints
{
    public const string LoggerName = "EtfData.Api.Startup";

    /// <summary>On an empty database, says how to get data instead of leaving a newcomer with empty answers.</summary>
    public static async Task LogWhenNoDataAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<EtfDataDbContext>().Etfs.AnyAsync(cancellationToken))
        {
            return;
        }

        var scheduler = app.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerName);
        logger.LogWarning(
            "No data yet: the database has no ETFs. Run `./etfdata ingest all --backfill` (or `dotnet EtfData.Api.dll ingest all --backfill`) to fill it now; {Scheduled}",
            scheduler.Enabled
                ? $"otherwise the nightly chain fills it at its next fire ({scheduler.NightlyCron}, {scheduler.TimeZone})."
                : "this instance's scheduler is off (Scheduler__Enabled=false), so nothing here will fill it.");
    }
}
