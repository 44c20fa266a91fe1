using System.Diagnostics;
using System.Globalization;
using EtfData.Domain;

namespace EtfData.Api.Ingestion;

/// <summary>
/// <c>replay --days 45 --clock-url http://127.0.0.1:5099/_fake/clock [--jobs aum,holdings-issuer]</c>: the
/// demo's history in one process. Yahoo reports AUM for the day it is asked only, so for each weekday from
/// N days ago to yesterday this pins the fake upstream's data clock to that day and runs the jobs through
/// the same <see cref="IngestionRunner"/> as <c>ingest</c> (run log rows as usual), one line per day.
/// The clock returns to real time at the end. Exit code 0 when every day succeeded, 1 naming the failed
/// days (or when the clock could not be set), 2 for a usage error.
/// </summary>
public static class ReplayCommand
{
    public const string Usage = "usage: replay --days N --clock-url http://HOST:PORT/_fake/clock [--jobs aum,holdings-issuer]";

    private static readonly IReadOnlyList<string> DefaultJobs = [JobNames.Aum, JobNames.HoldingsIssuer];

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        var runner = services.GetRequiredService<IngestionRunner>();
        if (!TryParse(args, out var days, out var clockUrl, out var jobs, out var problem)
            || !AllKnown(runner, jobs, ref problem))
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
            var failed = await ReplayAsync(runner, http, clockUrl, Weekdays(today, days), jobs, output, cancellationToken);
            if (failed.Count == 0)
            {
                await output.WriteLineAsync("All days succeeded.");
                return 0;
            }

            await output.WriteLineAsync($"Failed days: {string.Join(", ", failed.Select(Iso))}. See the run log (ingestion_run / ingestion_item) for details.");
            return 1;
        }
        catch (HttpRequestException ex)
        {
            await output.WriteLineAsync($"Could not set the data clock at {clockUrl}: {ex.Message}");
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
    internal static async Task<IReadOnlyList<DateOnly>> ReplayAsync(
        IngestionRunner runner, HttpClient http, Uri clockUrl, IReadOnlyList<DateOnly> days, IReadOnlyList<string> jobs,
        TextWriter output, CancellationToken cancellationToken)
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
                var outcomes = new List<string>();
                var ok = true;
                foreach (var job in jobs)
                {
                    try
                    {
                        var run = await runner.RunAsync(job, new IngestionRequest("cli", WaitIfBusy: false), null, cancellationToken);
                        ok &= run.Status is RunStatus.Succeeded;
                        outcomes.Add(string.Create(CultureInfo.InvariantCulture,
                            $"{job} {run.Status.ToString().ToLowerInvariant()} {run.ItemsSucceeded} ok {run.ItemsFailed} failed"));
                    }
                    catch (RunConflictException ex)
                    {
                        ok = false;
                        outcomes.Add($"{job} not run: {ex.Message}");
                    }
                }

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

    internal static bool TryParse(
        IReadOnlyList<string> args, out int days, out Uri clockUrl, out IReadOnlyList<string> jobs, out string problem)
    {
        days = 0;
        clockUrl = null!;
        jobs = DefaultJobs;
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
                case "--jobs" when i + 1 < args.Count:
                    jobs = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(j => j.ToLowerInvariant())];
                    if (jobs.Count == 0)
                    {
                        problem = "--jobs names no job.";
                        return false;
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
