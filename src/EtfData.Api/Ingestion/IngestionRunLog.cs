using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EtfData.Api.Ingestion;

/// <summary>Writes <c>ingestion_run</c> and <c>ingestion_item</c>: what every run did, per item.</summary>
public sealed class IngestionRunLog(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<IngestionOptions> options, ILogger<IngestionRunLog> logger)
{
    /// <summary>This process, as written in <c>ingestion_run.instance</c>: <c>machine/pid/start ticks</c>.</summary>
    public static string CurrentInstance { get; } = string.Create(CultureInfo.InvariantCulture,
        $"{Environment.MachineName}/{Environment.ProcessId}/{Process.GetCurrentProcess().StartTime.ToUniversalTime().Ticks}");

    /// <summary>The partial unique index of migration 0004: one running run per job.</summary>
    public const string OneRunningPerJobIndex = "ingestion_run_one_running_per_job";

    // Any constant shared by every node: the admin API's check-then-queue is serialised on it.
    private const long QueueLockKey = 0x45_54_46_51_55_45_55_45; // "ETFQUEUE"

    private static readonly TimeSpan BusyPollInterval = TimeSpan.FromSeconds(1);

    // Runs this host is working on right now; never abandoned by it. Per instance (one run log per
    // host and database), since run ids are only unique within one database.
    private readonly ConcurrentDictionary<long, byte> activeRuns = new();

    /// <summary>Marks a run as worked on by this host until <see cref="Untrack"/>.</summary>
    public void Track(long runId) => activeRuns[runId] = 0;

    public void Untrack(long runId) => activeRuns.TryRemove(runId, out _);

    /// <summary>
    /// Records a run accepted for later (admin API) unless a run of one of <paramref name="conflictingJobs"/>
    /// is queued or running, in which case nothing is recorded and those runs are returned. The check and
    /// the insert hold one transaction-scoped advisory lock, so two requests cannot both pass.
    /// </summary>
    public async Task<(long? RunId, IReadOnlyList<IngestionRun> Conflicts)> TryQueueAsync(
        string job, IReadOnlyCollection<string> conflictingJobs, string trigger, IngestionRequest request, CancellationToken cancellationToken)
    {
        // A run whose process died must not hold the job forever.
        await MarkAbandonedAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({QueueLockKey})", cancellationToken);
        var conflicts = await db.IngestionRuns.AsNoTracking()
            .Where(r => conflictingJobs.Contains(r.Job) && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running))
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);
        if (conflicts.Count > 0)
        {
            return (null, conflicts);
        }

        var run = NewRun(job, trigger, request, RunStatus.Queued, null);
        db.IngestionRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (run.Id, []);
    }

    /// <summary>Runs of these jobs that are running now (for the CLI's up-front check).</summary>
    public async Task<IReadOnlyList<IngestionRun>> RunningAsync(IReadOnlyCollection<string> jobs, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
        return await db.IngestionRuns.AsNoTracking()
            .Where(r => jobs.Contains(r.Job) && r.Status == RunStatus.Running)
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<IngestionRun?> FindAsync(long runId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
        return await db.IngestionRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
    }

    /// <summary>
    /// Starts a run: the queued one the request names (keeping its id) or a new one. The database
    /// allows one running run per job (<c>ingestion_run_one_running_per_job</c>); while another run of
    /// the job is running this either waits — recorded as <c>queued</c>, with a heartbeat, never
    /// abandoned while this process lives — or, when <see cref="IngestionRequest.WaitIfBusy"/> is
    /// false, throws <see cref="RunConflictException"/>. <c>Started</c> is false when the run was closed
    /// before it could start (the queued run named by the request, or one that waited, was abandoned
    /// meanwhile): there is nothing left to do under that id.
    /// </summary>
    public async Task<(long RunId, bool Started)> StartAsync(string job, string trigger, IngestionRequest request, DateTimeOffset? scheduledFor, CancellationToken cancellationToken)
    {
        long runId;
        if (request.QueuedRunId is { } queued)
        {
            // Claim the queued run for this process: from now on its heartbeat tells whether it waits in vain.
            Track(queued);
            if (!await ClaimQueuedAsync(queued, cancellationToken))
            {
                Untrack(queued);
                logger.LogWarning("Queued run {RunId} of {Job} is no longer queued; nothing to do", queued, job);
                return (queued, false);
            }

            runId = queued;
        }
        else
        {
            try
            {
                return (await InsertAsync(job, trigger, request, RunStatus.Running, scheduledFor, cancellationToken), true);
            }
            catch (DbUpdateException ex) when (IsOneRunningViolation(ex))
            {
                if (!request.WaitIfBusy)
                {
                    throw new RunConflictException(job, await RunningAsync([job], cancellationToken));
                }
            }

            runId = await InsertAsync(job, trigger, request, RunStatus.Queued, scheduledFor, cancellationToken);
            Track(runId);
        }

        try
        {
            return (runId, await PromoteWhenFreeAsync(runId, job, cancellationToken));
        }
        catch (OperationCanceledException)
        {
            await CloseQueuedAsync(runId, "abandoned: the host stopped while the run waited for another run of the job", CancellationToken.None);
            Untrack(runId);
            throw;
        }
        catch
        {
            // E.g. the database went away: the heartbeat stops, and another host abandons the run once it is stale.
            Untrack(runId);
            throw;
        }
    }

    private async Task<bool> ClaimQueuedAsync(long runId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
        var now = time.GetUtcNow();
        return await db.IngestionRuns
            .Where(r => r.Id == runId && r.Status == RunStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Instance, CurrentInstance).SetProperty(r => r.HeartbeatAt, now), cancellationToken) == 1;
    }

    /// <summary>
    /// Turns a queued run into the running one as soon as no other run of its job is running. It looks
    /// before it tries, so a long wait costs a read a second, not a refused update (and a logged database
    /// error) a second; the unique index still settles a race between two waiting runs.
    /// </summary>
    private async Task<bool> PromoteWhenFreeAsync(long runId, string job, CancellationToken cancellationToken)
    {
        var logged = false;
        while (true)
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
                var blocking = await db.IngestionRuns.AsNoTracking()
                    .Where(r => r.Job == job && r.Status == RunStatus.Running)
                    .Select(r => r.Id)
                    .ToListAsync(cancellationToken);
                if (blocking.Count == 0)
                {
                    try
                    {
                        var now = time.GetUtcNow();
                        var started = await db.IngestionRuns
                            .Where(r => r.Id == runId && r.Status == RunStatus.Queued)
                            .ExecuteUpdateAsync(s => s
                                .SetProperty(r => r.Status, RunStatus.Running)
                                .SetProperty(r => r.StartedAt, now)
                                .SetProperty(r => r.HeartbeatAt, now)
                                .SetProperty(r => r.Instance, CurrentInstance), cancellationToken);
                        if (started == 0)
                        {
                            logger.LogWarning("Run {RunId} of {Job} was closed while it waited; nothing to do", runId, job);
                            return false;
                        }

                        if (logged)
                        {
                            logger.LogInformation("Run {RunId} of {Job} starts: the run it waited for has finished", runId, job);
                        }

                        return true;
                    }
                    catch (Exception ex) when (IsOneRunningViolation(ex))
                    {
                        // Another waiting run started between the look and the update: wait on.
                    }
                }
                else if (!logged)
                {
                    logger.LogWarning("Run {RunId} of {Job} waits: run(s) {Blocking} of the job are running", runId, job, blocking);
                    logged = true;
                }
            }

            await HeartbeatAsync(runId, cancellationToken);
            await Task.Delay(BusyPollInterval, time, cancellationToken);
            // A blocking run whose process died is closed here, so the wait ends.
            await MarkAbandonedAsync(cancellationToken);
        }
    }

    private async Task CloseQueuedAsync(long runId, string error, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
        var now = time.GetUtcNow();
        await db.IngestionRuns.Where(r => r.Id == runId && r.Status == RunStatus.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Abandoned)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.Error, error), cancellationToken);
    }

    /// <summary>Closes a queued run that will never start (e.g. its trigger could not be stored).</summary>
    public Task AbandonQueuedAsync(long runId, string error, CancellationToken cancellationToken) => CloseQueuedAsync(runId, error, cancellationToken);

    /// <summary>Whether <paramref name="ex"/> (or the exception it wraps, as EF Core does) is a refusal by <see cref="OneRunningPerJobIndex"/>.</summary>
    private static bool IsOneRunningViolation(Exception? ex) =>
        ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: OneRunningPerJobIndex }
        || ex?.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: OneRunningPerJobIndex };

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
        await db.IngestionRuns.Where(r => r.Id == runId && (r.Status == RunStatus.Running || r.Status == RunStatus.Queued))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.HeartbeatAt, now), cancellationToken);
    }

    /// <summary>
    /// Closes a run with its totals, computed from its items so the two cannot disagree. A run with a
    /// <paramref name="suspicion"/> (and no job-level error) is <c>suspect</c>, the suspicion its error.
    /// </summary>
    public async Task<IngestionRun> FinishAsync(long runId, string? error, CancellationToken cancellationToken, string? suspicion = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
        var items = await db.IngestionItems.AsNoTracking().Where(i => i.RunId == runId).ToListAsync(cancellationToken);
        var failed = items.Count(i => i.Status == ItemStatus.Failed);
        var status = error is not null || (items.Count > 0 && failed == items.Count) ? RunStatus.Failed
            : suspicion is not null ? RunStatus.Suspect
            : failed > 0 ? RunStatus.Partial
            : RunStatus.Succeeded;
        error ??= suspicion;
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
    /// Marks as abandoned every open run whose process is gone: a running run (or a queued one a
    /// process is waiting on) of this machine whose process no longer exists, or of any machine whose
    /// heartbeat is older than <see cref="IngestionOptions.AbandonAfter"/>. A queued run no process has
    /// claimed yet (admin API) waits for a worker however long that takes; it is abandoned only when its
    /// scheduler trigger is gone from the Quartz store (so no worker will ever pick it up) and it was
    /// queued longer than <see cref="IngestionOptions.AbandonAfter"/> ago (the trigger is stored just
    /// after the run). Never a run this host is working on. The job's next run picks up the work.
    /// </summary>
    public async Task<int> MarkAbandonedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
        var now = time.GetUtcNow();
        var staleBefore = now - options.Value.AbandonAfter;
        var open = (await db.IngestionRuns.AsNoTracking()
            .Where(r => r.Status == RunStatus.Running || r.Status == RunStatus.Queued)
            .Select(r => new { r.Id, r.Instance, r.HeartbeatAt, r.StartedAt, r.Status })
            .ToListAsync(cancellationToken))
            .Where(r => !activeRuns.ContainsKey(r.Id))
            .ToList();
        var dead = open
            .Where(r => r.Status == RunStatus.Running || r.Instance is not null)
            .Where(r => (r.HeartbeatAt is { } beat && beat < staleBefore) || IsDeadLocalProcess(r.Instance))
            .Select(r => r.Id)
            .ToList();
        var unclaimed = open.Where(r => r.Status == RunStatus.Queued && r.Instance is null && r.StartedAt < staleBefore).Select(r => r.Id).ToList();
        var orphaned = new List<long>();
        if (unclaimed.Count > 0)
        {
            var names = unclaimed.Select(IngestionQuartzJob.AdminTriggerName).ToArray();
            var triggers = await db.Database.SqlQuery<string>(
                    $"SELECT trigger_name AS \"Value\" FROM qrtz_triggers WHERE sched_name = {IngestionServiceCollectionExtensions.SchedulerName} AND trigger_group = {IngestionQuartzJob.AdminTriggerGroup} AND trigger_name = ANY({names})")
                .ToListAsync(cancellationToken);
            orphaned = [.. unclaimed.Where(id => !triggers.Contains(IngestionQuartzJob.AdminTriggerName(id)))];
        }

        var marked = 0;
        if (dead.Count > 0)
        {
            marked += await db.IngestionRuns.Where(r => dead.Contains(r.Id) && (r.Status == RunStatus.Running || r.Status == RunStatus.Queued))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RunStatus.Abandoned)
                    .SetProperty(r => r.FinishedAt, now)
                    .SetProperty(r => r.Error, "abandoned: the process running it stopped before it finished"), cancellationToken);
        }

        if (orphaned.Count > 0)
        {
            marked += await db.IngestionRuns.Where(r => orphaned.Contains(r.Id) && r.Status == RunStatus.Queued && r.Instance == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RunStatus.Abandoned)
                    .SetProperty(r => r.FinishedAt, now)
                    .SetProperty(r => r.Error, "abandoned: its scheduler trigger is gone, so no worker will ever start it"), cancellationToken);
        }

        if (marked > 0)
        {
            logger.LogWarning("Marked {Count} interrupted ingestion run(s) abandoned: {RunIds}", marked, dead.Concat(orphaned));
        }

        return marked;
    }

    private async Task<long> InsertAsync(
        string job, string trigger, IngestionRequest request, RunStatus status, DateTimeOffset? scheduledFor, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
        // Running, or queued behind another run of the job with this process waiting on it.
        var run = NewRun(job, trigger, request, status, scheduledFor) with { Instance = CurrentInstance };
        db.IngestionRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return run.Id;
    }

    private IngestionRun NewRun(string job, string trigger, IngestionRequest request, RunStatus status, DateTimeOffset? scheduledFor)
    {
        var now = time.GetUtcNow();
        return new IngestionRun
        {
            Job = job,
            Trigger = trigger,
            StartedAt = now,
            Status = status,
            HeartbeatAt = now,
            Symbols = request.Symbols is { Count: > 0 } symbols ? string.Join(',', symbols) : null,
            Backfill = request.Backfill,
            ScheduledFor = scheduledFor,
        };
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
            // Another process reads a start time derived from the boot time, which is not exact to the
            // tick; a reused pid would have started much later than a second apart.
            return Math.Abs(process.StartTime.ToUniversalTime().Ticks - startTicks) > TimeSpan.TicksPerSecond;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}

/// <summary>Another run of the job is running and the caller asked not to wait (the CLI).</summary>
public sealed class RunConflictException(string job, IReadOnlyList<IngestionRun> running)
    : Exception(Describe(job, running))
{
    public string Job { get; } = job;

    public IReadOnlyList<IngestionRun> Running { get; } = running;

    /// <summary>One sentence naming the runs in the way, e.g. for a 409 or the CLI.</summary>
    public static string Describe(string job, IReadOnlyList<IngestionRun> runs) =>
        runs.Count == 0
            ? $"Another run of {job} is running."
            : string.Join("; ", runs.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{r.Job} is {r.Status.ToString().ToLowerInvariant()} as run {r.Id} (trigger {r.Trigger}, since {r.StartedAt:yyyy-MM-dd HH:mm:ss}Z)")))
              + ". One run of a job at a time: try again when it has finished.";
}
