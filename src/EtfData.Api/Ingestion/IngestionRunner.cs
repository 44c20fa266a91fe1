using System.Diagnostics;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Ingestion;

/// <summary>
/// Runs an <see cref="IIngestionJob"/>: records the run, fans out over its items with bounded
/// parallelism, writes each item in its own transaction (a failed item writes nothing), records
/// every item's outcome, and closes the run as succeeded, partial, failed or suspect. One item's
/// failure is recorded and the run goes on. One run of a job runs at a time across the cluster (the
/// database refuses a second running run): a second one waits, or is refused when it asked not to wait.
/// </summary>
public sealed class IngestionRunner(
    IEnumerable<IIngestionJob> jobs,
    IEnumerable<IRunCheck> checks,
    IServiceScopeFactory scopes,
    IngestionRunLog runLog,
    TimeProvider time,
    IOptions<IngestionOptions> options,
    ILogger<IngestionRunner> logger)
{
    private readonly Dictionary<string, IIngestionJob> jobsByName = jobs.ToDictionary(j => j.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<IIngestionJob> Jobs => jobsByName.Values;

    public bool IsKnown(string job) => jobsByName.ContainsKey(job);

    public async Task<IngestionRun> RunAsync(
        string jobName,
        IngestionRequest request,
        IProgress<IngestionProgress>? progress,
        CancellationToken cancellationToken,
        DateTimeOffset? scheduledFor = null)
    {
        var job = jobsByName.TryGetValue(jobName, out var found)
            ? found
            : throw new ArgumentException($"Unknown job '{jobName}'. Jobs: {string.Join(", ", jobsByName.Keys)}.", nameof(jobName));

        await runLog.MarkAbandonedAsync(cancellationToken);
        var (runId, started) = await runLog.StartAsync(job.Name, request.Trigger, request, scheduledFor, cancellationToken);
        if (!started)
        {
            // The run was closed before it could start (abandoned while it waited): report it as it stands.
            return await runLog.FindAsync(runId, cancellationToken)
                ?? throw new InvalidOperationException($"Run {runId} does not exist.");
        }

        runLog.Track(runId);
        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = BeatAsync(runId, heartbeatStop.Token);
        string? runError = null;
        string? suspicion = null;
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<IngestionItem>();
        try
        {
            IReadOnlyList<string> items;
            await using (var scope = scopes.CreateAsyncScope())
            {
                items = await job.SelectItemsAsync(request, scope.ServiceProvider.GetRequiredService<EtfDataDbContext>(), cancellationToken);
            }

            logger.LogInformation("Run {RunId}: {Job} over {Count} item(s), trigger {Trigger}, backfill {Backfill}",
                runId, job.Name, items.Count, request.Trigger, request.Backfill);
            var done = 0;
            var failed = 0;
            long rows = 0;
            progress?.Report(new IngestionProgress(job.Name, items.Count, 0, 0, 0, null));

            await Parallel.ForEachAsync(
                items,
                new ParallelOptions { MaxDegreeOfParallelism = job.ItemsInOrder ? 1 : options.Value.MaxParallelism, CancellationToken = cancellationToken },
                async (item, token) =>
                {
                    var outcome = await RunItemAsync(job, runId, item, request, token);
                    outcomes.Add(outcome);
                    Interlocked.Add(ref rows, outcome.RowsInserted + outcome.RowsUpdated);
                    if (outcome.Status == ItemStatus.Failed)
                    {
                        Interlocked.Increment(ref failed);
                    }

                    progress?.Report(new IngestionProgress(job.Name, items.Count, Interlocked.Increment(ref done), Volatile.Read(ref failed), Interlocked.Read(ref rows), item));
                });

            suspicion = await CheckAsync(job.Name, runId, [.. outcomes], cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && DatabaseUnavailable.Is(ex))
        {
            // The database went away under the run (an item's outcome could not even be recorded): what
            // is stored stands (each item committed whole or not at all) and the next run does the rest.
            runError = $"database unavailable during the run: {DatabaseUnavailable.Reason(ex)}; the items recorded before stand, the next run does the rest";
            logger.LogError("Run {RunId} of {Job} stopped: the database is unavailable ({Reason}); the run is closed as failed once it is back",
                runId, job.Name, DatabaseUnavailable.Reason(ex));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A job-level failure (e.g. the universe could not be read); items already written stay.
            runError = ex.Message;
            logger.LogError(ex, "Run {RunId} of {Job} failed", runId, job.Name);
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
        }

        try
        {
            var run = await FinishWhenReachableAsync(runId, runError, suspicion, cancellationToken);
            if (run.Status == RunStatus.Suspect)
            {
                logger.LogError("Run {RunId} of {Job} is suspect: {Suspicion}", run.Id, run.Job, suspicion);
            }

            logger.LogInformation(
                "Run {RunId} of {Job} {Status}: {Succeeded}/{Total} items, {Inserted} inserted, {Updated} updated, {Unchanged} unchanged",
                run.Id, run.Job, run.Status, run.ItemsSucceeded, run.ItemsTotal, run.RowsInserted, run.RowsUpdated, run.RowsUnchanged);
            return run;
        }
        finally
        {
            runLog.Untrack(runId);
        }
    }

    /// <summary>
    /// Closes the run; while the database cannot be reached, tries again with a growing pause until it
    /// can, for at most <see cref="IngestionOptions.AbandonAfter"/> (after which any host abandons the
    /// run anyway) or until the host stops (then the next start abandons it). So a run the database
    /// dropped out of is closed as failed with its reason instead of being left running.
    /// </summary>
    private async Task<IngestionRun> FinishWhenReachableAsync(long runId, string? runError, string? suspicion, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                return await runLog.FinishAsync(runId, runError, CancellationToken.None, suspicion);
            }
            catch (Exception ex) when (DatabaseUnavailable.Is(ex) && time.GetElapsedTime(started) < options.Value.AbandonAfter && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Run {RunId} cannot be closed yet, the database is unavailable ({Reason}); trying again in {Seconds} s",
                    runId, DatabaseUnavailable.Reason(ex), pause.TotalSeconds);
            }

            try
            {
                await Task.Delay(pause, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The host stops: one last try below, then the next start abandons the run.
            }

            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
        }
    }

    private async Task<string?> CheckAsync(string job, long runId, IReadOnlyList<IngestionItem> items, CancellationToken cancellationToken)
    {
        foreach (var check in checks.Where(c => string.Equals(c.Job, job, StringComparison.OrdinalIgnoreCase)))
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await check.FindSuspicionAsync(runId, items, scope.ServiceProvider.GetRequiredService<EtfDataDbContext>(), cancellationToken) is { } suspicion)
            {
                return suspicion;
            }
        }

        return null;
    }

    private async Task<IngestionItem> RunItemAsync(IIngestionJob job, long runId, string item, IngestionRequest request, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var result = BulkWriteResult.Empty;
        ItemStatus status;
        string? error = null;
        string? note = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
            switch (await job.PlanAsync(item, request, db, cancellationToken))
            {
                case ItemPlan.Write write:
                    await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
                    {
                        result = await write.Store(new ItemWriteContext(db, new BulkWriter(db)) { RunId = runId, Job = job.Name }, cancellationToken);
                        await transaction.CommitAsync(cancellationToken);
                    }

                    status = ItemStatus.Succeeded;
                    note = write.NoteAfterStore?.Invoke() ?? write.Note;
                    break;
                case ItemPlan.Skip skip:
                    status = ItemStatus.Skipped;
                    note = skip.Reason;
                    break;
                case ItemPlan.Fail fail:
                    status = ItemStatus.Failed;
                    error = fail.Error;
                    break;
                default:
                    throw new InvalidOperationException("Unknown plan");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The transaction was rolled back on dispose: nothing of this item was stored.
            status = ItemStatus.Failed;
            result = BulkWriteResult.Empty;
            error = ex is Npgsql.PostgresException pg ? $"database refused the rows: {pg.MessageText} ({pg.ConstraintName ?? pg.SqlState})" : ex.Message;
            logger.LogWarning(ex, "Run {RunId}: {Job} failed for {Item}", runId, job.Name, item);
        }

        if (status == ItemStatus.Failed)
        {
            logger.LogWarning("Run {RunId}: {Job} {Item} failed: {Error}", runId, job.Name, item, error);
        }

        var record = new IngestionItem
        {
            RunId = runId,
            Item = item,
            Status = status,
            RowsInserted = result.Inserted,
            RowsUpdated = result.Updated + result.Deleted,
            RowsUnchanged = result.Unchanged,
            Error = error,
            Note = note,
            DurationMs = (int)Math.Min(clock.ElapsedMilliseconds, int.MaxValue),
            StartedAt = startedAt,
        };
        await runLog.RecordItemAsync(record, CancellationToken.None);
        return record;
    }

    private async Task BeatAsync(long runId, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await BeatOnceAsync(runId, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The run finished.
        }
    }

    private async Task BeatOnceAsync(long runId, CancellationToken cancellationToken)
    {
        try
        {
            await runLog.HeartbeatAsync(runId, cancellationToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException || DatabaseUnavailable.Is(ex))
        {
            // Missed beats are fine while the database is away; stopping for good would get a live run abandoned later.
            logger.LogWarning("Heartbeat of run {RunId} missed: {Reason}", runId, DatabaseUnavailable.Reason(ex));
        }
    }
}
