using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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
public sealed record RunJobRequest(IReadOnlyList<string>? Symbols, bool Backfill = false);

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
        group.MapPost("/jobs/{job}/run", RunJobAsync).WithName("RunJob");
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
    /// with the run id; a scheduler node of the cluster executes it.
    /// </summary>
    /// <param name="job" example="prices">discovery, prices, dividends, splits, aum, flows, nightly or weekly-events.</param>
    /// <param name="request">Optional symbols and backfill flag.</param>
    /// <param name="schedulers">Scheduler.</param>
    /// <param name="runLog">Run log.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Accepted<RunAccepted>, ProblemHttpResult, ValidationProblem>> RunJobAsync(
        string job, RunJobRequest? request, ISchedulerFactory schedulers, IngestionRunLog runLog, CancellationToken cancellationToken)
    {
        var known = AllJobs().ToDictionary(j => j.Name, j => j.Jobs, StringComparer.OrdinalIgnoreCase);
        if (!known.TryGetValue(job, out var jobs))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Job not found",
                detail: $"No job '{job}'. Jobs: {string.Join(", ", known.Keys)}.");
        }

        var symbols = new List<string>();
        foreach (var raw in request?.Symbols ?? [])
        {
            if (!EtfSymbol.TryNormalize(raw, out var symbol))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["symbols"] = [$"'{raw}' is not a valid symbol."] });
            }

            symbols.Add(symbol);
        }

        var name = known.Keys.First(k => string.Equals(k, job, StringComparison.OrdinalIgnoreCase));
        var ingestionRequest = new IngestionRequest("admin", symbols.Count > 0 ? symbols : null, request?.Backfill ?? false);
        var runId = await runLog.QueueAsync(jobs[0], "admin", ingestionRequest, cancellationToken);
        var data = new JobDataMap
        {
            [IngestionQuartzJob.RunIdKey] = runId.ToString(CultureInfo.InvariantCulture),
            [IngestionQuartzJob.BackfillKey] = ingestionRequest.Backfill ? "true" : "false",
        };
        if (ingestionRequest.Symbols is { } list)
        {
            data[IngestionQuartzJob.SymbolsKey] = string.Join(',', list);
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(new JobKey(name, "ingestion"), data, cancellationToken);
        return TypedResults.Accepted(
            string.Create(CultureInfo.InvariantCulture, $"/api/admin/runs/{runId}"),
            new RunAccepted(runId, name, RunStatus.Queued));
    }

    private static IEnumerable<(string Name, string[] Jobs)> AllJobs() =>
        JobNames.All.Select(j => (j, new[] { j }))
            .Concat(IngestionServiceCollectionExtensions.Chains.Select(c => (c.Key, c.Value)));
}
