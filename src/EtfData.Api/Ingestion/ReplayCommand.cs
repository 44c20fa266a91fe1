using System.Diagnostics;
using System.Globalization;
using EtfData.Domain;

namespace EtfData.Api.Ingestion;

/// <summary>
/// <c>replay --days 45 --clock-url http://127.0.0.1:5099/_fake/clock [--jobs aum,holdings-issuer]
/// [--backfill all] [--then aum,holdings-issuer,flows]</c>: the demo's whole load in one process (one host
/// start instead of one per step). First the <c>--backfill</c> jobs run as <c>ingest JOBS --backfill</c> would,
/// on the fake's real-time clock. Then, since Yahoo reports AUM for the day it is asked only, for each weekday
/// from N days ago to yesterday this pins the fake upstream's data clock to that day and runs the
/// <c>--jobs</c> (one after another, or all at once with <c>--concurrent</c> when they do not read each other's
/// rows), one line per day. The clock returns to real time and the <c>--then</c> jobs run as of today,
/// as <c>ingest JOBS</c> would. Every run goes through the same <see cref="IngestionRunner"/> as <c>ingest</c>
/// (run log rows as usual). Exit code 0 when every phase and day succeeded, 1 naming the failed ones (or
/// when the clock could not be set), 2 for a usage error.
/// </summary>
public static class ReplayCommand
{
    public const string Usage = "usage: replay --days N --clock-url http://HOST:PORT/_fake/clock [--jobs aum,holdings-issuer] [--concurrent] [--backfill all|JOB,...] [--then JOB,...]";

    private static readonly IReadOnlyList<string> DefaultJobs = [JobNames.Aum, JobNames.HoldingsIssuer];

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        var runner = services.GetRequiredService<IngestionRunner>();
        if (!TryParse(args, out var plan, out var problem)
            || !AllKnown(runner, [.. plan.Backfill, .. plan.Jobs, .. plan.Then], ref problem))
        {
            await output.WriteLineAsync(problem);
            await output.WriteLineAsync(Usage);
            return 2;
        }

        var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        await services.GetRequiredService<IngestionRunLog>().MarkAbandonedAsync(cancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            var failedPhases = new List<string>();
            if (plan.Backfill.Count > 0 && !await RunPhaseAsync(runner, "backfill", plan.Backfill, backfill: true, output, cancellationToken))
            {
                failedPhases.Add("backfill");
            }

            var failed = await ReplayAsync(runner, http, plan.ClockUrl, Weekdays(today, plan.Days), plan.Jobs, plan.Concurrent, output, cancellationToken);
            if (plan.Then.Count > 0 && !await RunPhaseAsync(runner, "then", plan.Then, backfill: false, output, cancellationToken))
            {
                failedPhases.Add("then (as of today)");
            }

            if (failed.Count == 0 && failedPhases.Count == 0)
            {
                await output.WriteLineAsync("All days succeeded.");
                return 0;
            }

            var named = failed.Select(Iso).Concat(failedPhases);
            await output.WriteLineAsync($"Failed: {string.Join(", ", named)}. See the run log (ingestion_run / ingestion_item) for details.");
            return 1;
        }
        catch (HttpRequestException ex)
        {
            await output.WriteLineAsync($"Could not set the data clock at {plan.ClockUrl}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The weekdays from <paramref name="days"/> days before <paramref name="today"/> to yesterday, oldest first.</summary>
    internal static IReadOnlyList<DateOnly> Weekdays(DateOnly today, int days) =>
        [.. Enumerable.Range(1, days).Reverse().Select(d => today.AddDays(-d))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))];

    /// <summary>
    /// Runs <paramref name="jobs"/> as of each of <paramref name="days"/> and returns the days on which a run
    /// failed, was partial or suspect. A day's failure does not stop the replay; a clock that cannot be set does
    /// (every later day would be read as of the wrong date). The clock is released however the replay ends.
    /// </summary>
    internal static Task<IReadOnlyList<DateOnly>> ReplayAsync(
        IngestionRunner runner, HttpClient http, Uri clockUrl, IReadOnlyList<DateOnly> days, IReadOnlyList<string> jobs,
        TextWriter output, CancellationToken cancellationToken) =>
        ReplayAsync(runner, http, clockUrl, days, jobs, concurrent: false, output, cancellationToken);

    /// <summary>As the other overload; with <paramref name="concurrent"/>, a day's jobs run at the same time.</summary>
    internal static async Task<IReadOnlyList<DateOnly>> ReplayAsync(
        IngestionRunner runner, HttpClient http, Uri clockUrl, IReadOnlyList<DateOnly> days, IReadOnlyList<string> jobs,
        bool concurrent, TextWriter output, CancellationToken cancellationToken)
    {
        var failed = new List<DateOnly>();
        try
        {
            for (var i = 0; i < days.Count; i++)
            {
                var day = days[i];
                using (var pinned = await http.PostAsync(new Uri(clockUrl + "?date=" + Iso(day)), null, cancellationToken))
                {
                    pinned.EnsureSuccessStatusCode();
                }

                var clock = Stopwatch.StartNew();
                var (ok, outcomes) = concurrent
                    ? await RunJobsTogetherAsync(runner, jobs, cancellationToken)
                    : await RunJobsAsync(runner, jobs, backfill: false, cancellationToken);
                if (!ok)
                {
                    failed.Add(day);
                }

                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"[{i + 1,2}/{days.Count}] {Iso(day)} {(ok ? "ok    " : "FAILED")} {string.Join("; ", outcomes)} ({clock.Elapsed.TotalSeconds:0.0} s)"));
            }
        }
        finally
        {
            // Not the caller's token: an interrupted replay must still leave the fake on real time.
            using var released = await http.DeleteAsync(clockUrl, CancellationToken.None);
            released.EnsureSuccessStatusCode();
        }

        return failed;
    }

    /// <summary>
    /// Runs <paramref name="jobs"/> one after another (not on a pinned day) and writes one line: the phase,
    /// each job's outcome and the time taken. Says whether every run succeeded.
    /// </summary>
    private static async Task<bool> RunPhaseAsync(
        IngestionRunner runner, string phase, IReadOnlyList<string> jobs, bool backfill, TextWriter output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (ok, outcomes) = await RunJobsAsync(runner, jobs, backfill, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{phase}: {(ok ? "ok    " : "FAILED")} {string.Join("; ", outcomes)} ({clock.Elapsed.TotalSeconds:0.0} s)"));
        return ok;
    }

    /// <summary>Runs each job in turn as the CLI does (refused, not queued, when one is already running).</summary>
    private static async Task<(bool Ok, List<string> Outcomes)> RunJobsAsync(
        IngestionRunner runner, IReadOnlyList<string> jobs, bool backfill, CancellationToken cancellationToken)
    {
        var outcomes = new List<string>();
        var ok = true;
        foreach (var job in jobs)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var run = await runner.RunAsync(job, new IngestionRequest("cli", Backfill: backfill, WaitIfBusy: false), null, cancellationToken);
                ok &= run.Status is RunStatus.Succeeded;
                outcomes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{job} {run.Status.ToString().ToLowerInvariant()} {run.ItemsSucceeded} ok {run.ItemsFailed} failed{(backfill ? $" {clock.Elapsed.TotalSeconds:0.0} s" : "")}"));
            }
            catch (RunConflictException ex)
            {
                ok = false;
                outcomes.Add($"{job} not run: {ex.Message}");
            }
        }

        return (ok, outcomes);
    }

    /// <summary>
    /// Runs every job at once (for jobs that do not read each other's rows, as AUM and issuer files), outcomes in
    /// the order named. They share the database's locks as scheduled runs of different jobs always do.
    /// </summary>
    private static async Task<(bool Ok, List<string> Outcomes)> RunJobsTogetherAsync(
        IngestionRunner runner, IReadOnlyList<string> jobs, CancellationToken cancellationToken)
    {
        var runs = await Task.WhenAll(jobs.Select(job => RunJobsAsync(runner, [job], backfill: false, cancellationToken)));
        return (runs.All(r => r.Ok), [.. runs.SelectMany(r => r.Outcomes)]);
    }

    /// <summary>What one replay does: the parsed command line.</summary>
    internal sealed record ReplayPlan(
        int Days, Uri ClockUrl, IReadOnlyList<string> Jobs, IReadOnlyList<string> Backfill, IReadOnlyList<string> Then, bool Concurrent);

    internal static bool TryParse(IReadOnlyList<string> args, out ReplayPlan plan, out string problem)
    {
        plan = null!;
        var days = 0;
        Uri? clockUrl = null;
        var jobs = DefaultJobs;
        IReadOnlyList<string> backfill = [];
        IReadOnlyList<string> then = [];
        var concurrent = false;
        problem = "";
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--days" when i + 1 < args.Count:
                    if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out days) || days is < 1 or > 3660)
                    {
                        problem = $"--days must be a number of days from 1 to 3660, got '{args[i]}'.";
                        return false;
                    }

                    break;
                case "--clock-url" when i + 1 < args.Count:
                    if (!Uri.TryCreate(args[++i], UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Query.Length > 0)
                    {
                        problem = $"--clock-url must be an http(s) URL without a query, got '{args[i]}'.";
                        return false;
                    }

                    clockUrl = url;
                    break;
                case "--concurrent":
                    concurrent = true;
                    break;
                case "--jobs" or "--backfill" or "--then" when i + 1 < args.Count:
                    var option = args[i];
                    IReadOnlyList<string> named = args[++i] == "all" && option == "--backfill"
                        ? JobNames.All
                        : [.. args[i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(j => j.ToLowerInvariant())];
                    if (named.Count == 0)
                    {
                        problem = $"{option} names no job.";
                        return false;
                    }

                    if (option == "--jobs")
                    {
                        jobs = named;
                    }
                    else if (option == "--backfill")
                    {
                        backfill = named;
                    }
                    else
                    {
                        then = named;
                    }

                    break;
                default:
                    problem = $"Unexpected argument {args[i]}.";
                    return false;
            }
        }

        if (days == 0 || clockUrl is null)
        {
            problem = "Give --days and --clock-url.";
            return false;
        }

        plan = new ReplayPlan(days, clockUrl, jobs, backfill, then, concurrent);
        return true;
    }

    private static bool AllKnown(IngestionRunner runner, IReadOnlyList<string> jobs, ref string problem)
    {
        var unknown = jobs.Where(j => !runner.IsKnown(j)).ToList();
        if (unknown.Count > 0)
        {
            problem = $"Unknown job(s): {string.Join(", ", unknown)}.";
        }

        return unknown.Count == 0;
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
