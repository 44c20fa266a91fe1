using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using EtfData.Api.Ingestion;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace EtfData.Api.Endpoints;

/// <summary>A scheduled or on-demand job with its schedule and latest runs.</summary>
/// <param name="Name">Job name for <c>POST /api/admin/jobs/{name}/run</c>.</param>
/// <param name="Description">What it does.</param>
/// <param name="Jobs">The ingestion jobs it runs, in order (a chain runs several).</param>
/// <param name="Schedule">Cron expression and time zone, or null when it only runs on demand.</param>
/// <param name="NextFireUtc">Next scheduled fire, UTC.</param>
/// <param name="PreviousFireUtc">Previous scheduled fire, UTC.</param>
/// <param name="LastRuns">Up to five latest runs of the ingestion jobs it covers.</param>
public sealed record AdminJob(
    string Name, string Description, IReadOnlyList<string> Jobs, string? Schedule, DateTimeOffset? NextFireUtc, DateTimeOffset? PreviousFireUtc,
    IReadOnlyList<IngestionRun> LastRuns);

/// <summary>A run with its per-item outcomes.</summary>
public sealed record AdminRunDetail(IngestionRun Run, IReadOnlyList<IngestionItem> Items);

/// <summary>Body of a run request.</summary>
/// <param name="Symbols">Limit the run to these symbols; omitted = the active universe.</param>
/// <param name="Backfill">Fetch whole histories instead of recent days.</param>
/// <remarks>An unknown property is refused (400): <c>{"symbol": "SPY"}</c> must not run the whole universe.</remarks>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RunJobRequest(IReadOnlyList<string>? Symbols, bool Backfill = false);

/// <summary>Body of a request to add a fund to the universe by hand.</summary>
/// <param name="Symbol" example="SCHD">Ticker of a listed ETF that discovery did not pick up.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AddEtfRequest(string? Symbol);

/// <summary>An accepted run request.</summary>
/// <param name="RunId">The queued run; follow it at <c>/api/admin/runs/{runId}</c>.</param>
/// <param name="Job">Job name.</param>
/// <param name="Status">Always <c>queued</c> when accepted.</param>
public sealed record RunAccepted(long RunId, string Job, RunStatus Status);

public static class AdminApi
{
    public const string ApiKeyHeader = "X-Api-Key";

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/admin").WithTags("Admin")
            .AddEndpointFilter(RequireApiKeyAsync)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/jobs", ListJobsAsync).WithName("ListJobs");
        group.MapGet("/runs/{id:long}", GetRunAsync).WithName("GetRun");
        group.MapPost("/jobs/{job}/run", RunJobAsync).WithName("RunJob")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/etfs", AddEtfAsync).WithName("AddEtf")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapQuarantineApi();
        return routes;
    }

    /// <summary>
    /// The admin API exists only when a key is configured (404 otherwise, as if there were no such
    /// route), and answers 401 to a missing or wrong <c>X-Api-Key</c>. Keys are compared as SHA-256
    /// digests in constant time, so neither content nor length leaks through timing.
    /// </summary>
    private static async ValueTask<object?> RequireApiKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var configured = http.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey;
        if (string.IsNullOrEmpty(configured))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found");
        }

        var presented = http.Request.Headers[ApiKeyHeader].ToString();
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(configured));
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        if (presented.Length == 0 || !CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: $"A valid {ApiKeyHeader} header is required.");
        }

        return await next(context);
    }

    /// <summary>Jobs and chains with their schedules, next fire times and latest runs.</summary>
    public static async Task<Ok<IReadOnlyList<AdminJob>>> ListJobsAsync(
        ISchedulerFactory schedulers, IngestionRunner runner, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var recent = await db.IngestionRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(200).ToListAsync(cancellationToken);
        var descriptions = runner.Jobs.ToDictionary(j => j.Name, j => j.Description);
        var entries = new List<AdminJob>();
        foreach (var (name, jobs) in AllJobs())
        {
            var triggers = await scheduler.GetTriggersOfJob(new JobKey(name, "ingestion"), cancellationToken);
            var cron = triggers.OfType<ICronTrigger>().FirstOrDefault();
            entries.Add(new AdminJob(
                name,
                jobs.Length == 1 && descriptions.TryGetValue(name, out var description) ? description : "Runs " + string.Join(" → ", jobs),
                jobs,
                cron is null ? null : $"{cron.CronExpressionString} ({cron.TimeZone.Id})",
                cron?.NextFireTimeUtc,
                cron?.PreviousFireTimeUtc,
                [.. recent.Where(r => jobs.Contains(r.Job)).Take(5)]));
        }

        return TypedResults.Ok<IReadOnlyList<AdminJob>>(entries);
    }

    /// <summary>One run with every item's status, rows and error.</summary>
    /// <param name="id" example="42">Run id, as returned by a run request or listed under a job.</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<AdminRunDetail>, ProblemHttpResult>> GetRunAsync(
        long id, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var run = await db.IngestionRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Run not found",
                detail: string.Create(CultureInfo.InvariantCulture, $"No ingestion run {id}."));
        }

        var items = await db.IngestionItems.AsNoTracking().Where(i => i.RunId == id).OrderBy(i => i.Item).ToListAsync(cancellationToken);
        return TypedResults.Ok(new AdminRunDetail(run, items));
    }

    /// <summary>
    /// Queues a run of a job or chain (optionally for some symbols, or as a backfill) and answers 202
    /// with the run id; a scheduler node of the cluster executes it under that id, however long it
    /// waits for a worker. 409 while a run of the job (or of a job of the chain) is queued or running;
    /// 400 naming the symbols that are not in the universe.
    /// </summary>
    /// <param name="job" example="prices">discovery, prices, dividends, splits, aum, flows, holdings, nightly or weekly-events.</param>
    /// <param name="request">Optional symbols and backfill flag.</param>
    /// <param name="schedulers">Scheduler.</param>
    /// <param name="runLog">Run log.</param>
    /// <param name="db">Database.</param>
    /// <param name="time">Clock.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Accepted<RunAccepted>, ProblemHttpResult, ValidationProblem>> RunJobAsync(
        string job, RunJobRequest? request, ISchedulerFactory schedulers, IngestionRunLog runLog, EtfDataDbContext db, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var known = AllJobs().ToDictionary(j => j.Name, j => j.Jobs, StringComparer.OrdinalIgnoreCase);
        if (!known.TryGetValue(job, out var jobs))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Job not found",
                detail: $"No job '{job}'. Jobs: {string.Join(", ", known.Keys)}.");
        }

        if (!EtfSymbol.TryNormalizeAll(request?.Symbols ?? [], out var symbols, out var invalid))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["symbols"] = [invalid] });
        }

        // A chain that starts with discovery may name funds discovery is about to add; any other job
        // needs its symbols in the universe.
        if (symbols.Count > 0 && Universe.RequiresKnownSymbols(jobs[0])
            && await Universe.UnknownAsync(symbols, db, cancellationToken) is { Count: > 0 } unknown)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["symbols"] = [Universe.DescribeUnknown(unknown)] });
        }

        var name = known.Keys.First(k => string.Equals(k, job, StringComparison.OrdinalIgnoreCase));
        var ingestionRequest = new IngestionRequest("admin", symbols.Count > 0 ? symbols : null, request?.Backfill ?? false);
        var (queued, conflicts) = await runLog.TryQueueAsync(jobs[0], jobs, "admin", ingestionRequest, cancellationToken);
        if (queued is not { } runId)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Job already queued or running",
                detail: RunConflictException.Describe(name, conflicts),
                extensions: new Dictionary<string, object?> { ["runIds"] = conflicts.Select(r => r.Id).ToArray() });
        }

        var data = new JobDataMap
        {
            [IngestionQuartzJob.RunIdKey] = runId.ToString(CultureInfo.InvariantCulture),
            [IngestionQuartzJob.BackfillKey] = ingestionRequest.Backfill ? "true" : "false",
        };
        if (ingestionRequest.Symbols is { } list)
        {
            data[IngestionQuartzJob.SymbolsKey] = string.Join(',', list);
        }

        // A trigger named after the run: while it exists the run waits for a worker and is never abandoned.
        var trigger = TriggerBuilder.Create()
            .WithIdentity(IngestionQuartzJob.AdminTriggerKey(runId))
            .ForJob(new JobKey(name, "ingestion"))
            .UsingJobData(data)
            // Quartz runs on the application's clock; a start it has already passed fires at once.
            .StartAt(time.GetUtcNow())
            .WithSimpleSchedule(schedule => schedule.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), cancellationToken);
        }
        catch (Exception ex)
        {
            await runLog.AbandonQueuedAsync(runId, "abandoned: its trigger could not be stored: " + ex.Message, CancellationToken.None);
            throw;
        }

        return TypedResults.Accepted(
            string.Create(CultureInfo.InvariantCulture, $"/api/admin/runs/{runId}"),
            new RunAccepted(runId, name, RunStatus.Queued));
    }

    /// <summary>
    /// Adds a listed ETF that discovery did not pick up, after Yahoo Finance confirmed it is an ETF:
    /// 201 with the new fund (recorded with <c>source: manual</c>; discovery never deactivates it), 200
    /// when an inactive fund was reactivated, 409 when it is already tracked, 400 when the upstream does
    /// not know it as an ETF, 503 when the upstream could not be asked.
    /// </summary>
    /// <param name="request">The symbol.</param>
    /// <param name="manualFunds">Adds verified funds.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Created<Etf>, Ok<Etf>, ProblemHttpResult, ValidationProblem>> AddEtfAsync(
        AddEtfRequest? request, ManualFunds manualFunds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manualFunds);
        if (!EtfSymbol.TryNormalize(request?.Symbol, out var symbol))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["symbol"] = ["symbol must be 1-10 letters or digits, optionally a class suffix such as BRK.B."],
            });
        }

        return await manualFunds.AddAsync(symbol, cancellationToken) switch
        {
            AddFundOutcome.Added added => TypedResults.Created($"/api/etfs/{added.Etf.Symbol}", added.Etf),
            AddFundOutcome.Reactivated reactivated => TypedResults.Ok(reactivated.Etf),
            AddFundOutcome.AlreadyTracked tracked => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Fund already tracked",
                detail: $"{tracked.Etf.Symbol} is already in the universe (source {tracked.Etf.Source})."),
            AddFundOutcome.Rejected rejected => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["symbol"] = [rejected.Reason] }),
            AddFundOutcome.Unavailable unavailable => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Upstream unavailable", detail: unavailable.Reason),
            var other => throw new InvalidOperationException("Unknown outcome " + other.GetType().Name),
        };
    }

    private static IEnumerable<(string Name, string[] Jobs)> AllJobs() =>
        JobNames.All.Select(j => (j, new[] { j }))
            .Concat(IngestionServiceCollectionExtensions.Chains.Select(c => (c.Key, c.Value)));
}
