using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Ingestion;

/// <summary>Writes <c>ingestion_run</c> and <c>ingestion_item</c>: what every run did, per item.</summary>
public sealed class IngestionRunLog(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<IngestionOptions> options, ILogger<IngestionRunLog> logger)
{
    /// <summary>This process, as written in <c>ingestion_run.instance</c>: <c>machine/pid/start ticks</c>.</summary>
    public static string CurrentInstance { get; } = string.Create(CultureInfo.InvariantCulture,
        $"{Environment.MachineName}/{Environment.ProcessId}/{Process.GetCurrentProcess().StartTime.ToUniversalTime().Ticks}");

    // Runs this host is working on right now; never abandoned by it. Per instance (one run log per
    // host and database), since run ids are only unique within one database.
    private readonly ConcurrentDictionary<long, byte> activeRuns = new();

    /// <summary>Marks a run as worked on by this host until <see cref="Untrack"/>.</summary>
    public void Track(long runId) => activeRuns[runId] = 0;

    public void Untrack(long runId) => activeRuns.TryRemove(runId, out _);

    /// <summary>Records a run accepted for later (admin API); a worker starts it with <see cref="StartAsync"/>.</summary>
    public Task<long> QueueAsync(string job, string trigger, IngestionRequest request, CancellationToken cancellationToken) =>
        InsertAsync(job, trigger, request, RunStatus.Queued, null, cancellationToken);

    /// <summary>Starts a run: a queued one (by id) or a new one.</summary>
    public async Task<long> StartAsync(string job, string trigger, IngestionRequest request, DateTimeOffset? scheduledFor, CancellationToken cancellationToken)
    {
        if (request.QueuedRunId is { } queued)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
            var now = time.GetUtcNow();
            var started = await db.IngestionRuns
                .Where(r => r.Id == queued && r.Status == RunStatus.Queued)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RunStatus.Running)
                    .SetProperty(r => r.StartedAt, now)
                    .SetProperty(r => r.HeartbeatAt, now)
                    .SetProperty(r => r.Instance, CurrentInstance), cancellationToken);
            if (started == 1)
            {
                return queued;
            }

            logger.LogWarning("Queued run {RunId} was no longer queued; starting a new run instead", queued);
        }

        return await InsertAsync(job, trigger, request, RunStatus.Running, scheduledFor, cancellationToken);
    }

    public async Task RecordItemAsync(IngestionItem item, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
        db.IngestionItems.Add(item);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task HeartbeatAsync(long runId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
        var now = time.GetUtcNow();
        await db.IngestionRuns.Where(r => r.Id == runId && r.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.HeartbeatAt, now), cancellationToken);
    }

    /// <summary>Closes a run with its totals, computed from its items so the two cannot disagree.</summary>
    public async Task<IngestionRun> FinishAsync(long runId, string? error, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
        var items = await db.IngestionItems.AsNoTracking().Where(i => i.RunId == runId).ToListAsync(cancellationToken);
        var failed = items.Count(i => i.Status == ItemStatus.Failed);
        var status = error is not null || (items.Count > 0 && failed == items.Count) ? RunStatus.Failed
            : failed > 0 ? RunStatus.Partial
            : RunStatus.Succeeded;
        var now = time.GetUtcNow();
        await db.IngestionRuns.Where(r => r.Id == runId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, status)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.HeartbeatAt, now)
                .SetProperty(r => r.ItemsTotal, items.Count)
                .SetProperty(r => r.ItemsSucceeded, items.Count(i => i.Status == ItemStatus.Succeeded))
                .SetProperty(r => r.ItemsFailed, failed)
                .SetProperty(r => r.RowsInserted, items.Sum(i => i.RowsInserted))
                .SetProperty(r => r.RowsUpdated, items.Sum(i => i.RowsUpdated))
                .SetProperty(r => r.RowsUnchanged, items.Sum(i => i.RowsUnchanged))
                .SetProperty(r => r.Error, error), cancellationToken);
        return await db.IngestionRuns.AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
    }

    /// <summary>
    /// Marks as abandoned every open run whose process is gone: a run of this machine whose process
    /// no longer exists, and any run (of any machine) whose heartbeat is older than
    /// <see cref="IngestionOptions.AbandonAfter"/> — never one this host is working on. The job's next
    /// run picks up the work.
    /// </summary>
    public async Task<int> MarkAbandonedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
        var now = time.GetUtcNow();
        var staleBefore = now - options.Value.AbandonAfter;
        var open = await db.IngestionRuns.AsNoTracking()
            .Where(r => r.Status == RunStatus.Running || r.Status == RunStatus.Queued)
            .Select(r => new { r.Id, r.Instance, r.HeartbeatAt, r.Status })
            .ToListAsync(cancellationToken);
        var dead = open
            .Where(r => !activeRuns.ContainsKey(r.Id))
            .Where(r => (r.HeartbeatAt is { } beat && beat < staleBefore) || (r.Status == RunStatus.Running && IsDeadLocalProcess(r.Instance)))
            .Select(r => r.Id)
            .ToList();
        if (dead.Count == 0)
        {
            return 0;
        }

        var marked = await db.IngestionRuns.Where(r => dead.Contains(r.Id) && (r.Status == RunStatus.Running || r.Status == RunStatus.Queued))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Abandoned)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.Error, "abandoned: the process running it stopped before it finished"), cancellationToken);
        logger.LogWarning("Marked {Count} interrupted ingestion run(s) abandoned: {RunIds}", marked, dead);
        return marked;
    }

    private async Task<long> InsertAsync(
        string job, string trigger, IngestionRequest request, RunStatus status, DateTimeOffset? scheduledFor, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
        var now = time.GetUtcNow();
        var run = new IngestionRun
        {
            Job = job,
            Trigger = trigger,
            StartedAt = now,
            Status = status,
            HeartbeatAt = now,
            Instance = status == RunStatus.Running ? CurrentInstance : null,
            Symbols = request.Symbols is { Count: > 0 } symbols ? string.Join(',', symbols) : null,
            Backfill = request.Backfill,
            ScheduledFor = scheduledFor,
        };
        db.IngestionRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return run.Id;
    }

    private static bool IsDeadLocalProcess(string? instance)
    {
        var parts = instance?.Split('/');
        if (parts is not { Length: 3 } || parts[0] != Environment.MachineName
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var startTicks))
        {
            return false;
        }

        if (instance == CurrentInstance)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime.ToUniversalTime().Ticks != startTicks;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
