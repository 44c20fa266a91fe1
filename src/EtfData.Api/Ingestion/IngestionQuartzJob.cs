using System.Globalization;
using Quartz;

namespace EtfData.Api.Ingestion;

/// <summary>
/// The Quartz side of ingestion: one stored job per ingestion job (plus the nightly and weekly
/// chains), all executed by this class. Job data says which ingestion jobs to run in order, and an
/// admin request adds its queued run id, symbols and backfill flag, on a trigger of its own
/// (<see cref="AdminTriggerGroup"/>, named after the run) so the run log can tell a run still waiting
/// for a worker from one whose trigger is gone. Quartz refuses concurrency per job key only; that one
/// run of an ingestion job runs at a time, whichever key or process started it, the runner enforces.
/// </summary>
[DisallowConcurrentExecution]
public sealed class IngestionQuartzJob(IngestionRunner runner, ILogger<IngestionQuartzJob> logger) : IJob
{
    public const string JobsKey = "jobs";
    public const string SymbolsKey = "symbols";
    public const string BackfillKey = "backfill";
    public const string RunIdKey = "runId";

    /// <summary>Trigger group of the one-off triggers that carry admin runs.</summary>
    public const string AdminTriggerGroup = "admin-runs";

    public static string AdminTriggerName(long runId) => "run-" + runId.ToString(CultureInfo.InvariantCulture);

    public static TriggerKey AdminTriggerKey(long runId) => new(AdminTriggerName(runId), AdminTriggerGroup);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        var jobs = (Text(data, JobsKey) ?? context.JobDetail.Key.Name).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var symbols = Text(data, SymbolsKey)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var backfill = string.Equals(Text(data, BackfillKey), "true", StringComparison.OrdinalIgnoreCase);
        long? queuedRunId = Text(data, RunIdKey) is { } id ? long.Parse(id, CultureInfo.InvariantCulture) : null;
        var trigger = queuedRunId is null ? "schedule" : "admin";
        DateTimeOffset? scheduledFor = queuedRunId is null ? context.ScheduledFireTimeUtc : null;

        foreach (var job in jobs)
        {
            var request = new IngestionRequest(trigger, symbols, backfill, queuedRunId);
            var run = await runner.RunAsync(job, request, null, cancellationToken, scheduledFor);
            logger.LogInformation("Scheduled {Job} ({Key}) finished as {Status}", job, context.JobDetail.Key, run.Status);
            // A queued run is fulfilled by the first job of a chain; the rest record runs of their own.
            queuedRunId = null;
        }
    }

    private static string? Text(JobDataMap data, string key) =>
        data.TryGetValue(key, out var value) && value is not null ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
}
