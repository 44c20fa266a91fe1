using System.Diagnostics;
using System.Globalization;
using EtfData.Domain;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EtfData.Api.Ingestion;

/// <summary>
/// <c>ingest discovery|prices|dividends|splits|aum|flows|all [--symbols SPY,QQQ] [--backfill]</c>:
/// runs jobs in this process with a live progress bar and a summary table. Exit code 0 when every
/// item succeeded, 1 when any item or run failed or a run is suspect, 2 for a usage error, symbols
/// not in the universe, or a job that is already running elsewhere (one run of a job at a time).
/// <c>ingest add SYMBOL [SYMBOL…]</c> adds listed funds discovery missed, after Yahoo confirmed them
/// as ETFs: 0 when all were added (or already tracked), 2 when the upstream rejected one, 1 when it
/// could not be asked.
/// </summary>
public static class IngestCommand
{
    public const string Usage =
        "usage: ingest <discovery|prices|dividends|splits|aum|holdings-issuer|flows|holdings|holdings-schwab|etfdb|all>[,<job>...] [--symbols SPY,QQQ] [--backfill]\n" +
        "       ingest nport-bulk --quarter 2026q2 | --quarter 2025q3..2026q2\n" +
        "       ingest add SYMBOL [SYMBOL...]";

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var console = CreateConsole(Console.IsOutputRedirected, Console.Out);
        if (args.Count > 0 && args[0] == "add")
        {
            return await AddAsync(services, args.Skip(1).ToList(), console, cancellationToken);
        }

        if (!TryParse(args, out var jobs, out var symbols, out var backfill, out var quarters, out var problem))
        {
            console.MarkupLineInterpolated($"[red]{problem}[/]");
            console.WriteLine(Usage);
            return 2;
        }

        var runner = services.GetRequiredService<IngestionRunner>();
        var unknown = jobs.Where(j => !runner.IsKnown(j)).ToList();
        if (unknown.Count > 0)
        {
            console.MarkupLineInterpolated($"[red]Unknown job(s): {string.Join(", ", unknown)}.[/]");
            console.WriteLine(Usage);
            return 2;
        }

        // Discovery may add the named funds itself; every other job needs them in the universe already.
        if (symbols is { Count: > 0 } && jobs.All(Universe.RequiresKnownSymbols))
        {
            await using var scope = services.CreateAsyncScope();
            var missing = await Universe.UnknownAsync(symbols, scope.ServiceProvider.GetRequiredService<Storage.EtfDataDbContext>(), cancellationToken);
            if (missing.Count > 0)
            {
                console.MarkupLineInterpolated($"[red]{Universe.DescribeUnknown(missing)}[/]");
                return 2;
            }
        }

        var runLog = services.GetRequiredService<IngestionRunLog>();
        await runLog.MarkAbandonedAsync(cancellationToken);
        if (await runLog.RunningAsync(jobs, cancellationToken) is { Count: > 0 } busy)
        {
            console.MarkupLineInterpolated($"[red]{RunConflictException.Describe(busy[0].Job, busy)}[/]");
            return 2;
        }

        RunConflictException? conflict = null;

        var results = new List<(IngestionRun Run, TimeSpan Elapsed)>();
        await console.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .StartAsync(async progress =>
            {
                foreach (var job in jobs)
                {
                    var task = progress.AddTask(Describe(job, 0, 0, 0, 0, null), maxValue: 1);
                    var reporter = new SynchronousProgress(p =>
                    {
                        task.MaxValue = Math.Max(p.Total, 1);
                        task.Value = Math.Max(task.Value, p.Done);
                        task.Description = Describe(job, p.Done, p.Total, p.Failed, p.RowsChanged, Rate(p.Done, task.ElapsedTime));
                    });
                    var clock = Stopwatch.StartNew();
                    IngestionRun run;
                    try
                    {
                        run = await runner.RunAsync(job, new IngestionRequest("cli", symbols, backfill, WaitIfBusy: false, Quarters: quarters), reporter, cancellationToken);
                    }
                    catch (RunConflictException ex)
                    {
                        // Another process started this job meanwhile: stop here rather than overlap it.
                        task.StopTask();
                        conflict = ex;
                        break;
                    }

                    task.Value = task.MaxValue;
                    task.StopTask();
                    results.Add((run, clock.Elapsed));
                }
            });

        console.Write(SummaryTable(results, plain: !console.Profile.Capabilities.Ansi));
        var failures = await FailuresAsync(services, results.Select(r => r.Run.Id).ToList(), cancellationToken);
        foreach (var failure in failures.Take(25))
        {
            console.MarkupLineInterpolated($"[red]✗[/] {failure.Job} {failure.Item}: {failure.Error}");
        }

        if (failures.Count > 25)
        {
            console.WriteLine($"… and {failures.Count - 25} more failed item(s).");
        }

        foreach (var (run, _) in results.Where(r => r.Run.Error is not null))
        {
            console.MarkupLineInterpolated($"[red]✗[/] {run.Job} run {run.Id} {run.Status.ToString().ToLowerInvariant()}: {run.Error}");
        }

        if (conflict is not null)
        {
            console.MarkupLineInterpolated($"[red]{conflict.Message}[/]");
            return 2;
        }

        var failed = results.Any(r => r.Run.Status is RunStatus.Failed or RunStatus.Partial or RunStatus.Suspect);
        console.MarkupLine(failed ? "[red]Some items failed.[/] See the run log (ingestion_run / ingestion_item) for details." : "[green]All items succeeded.[/]");
        return failed ? 1 : 0;
    }

    private static async Task<int> AddAsync(IServiceProvider services, IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (!EtfSymbol.TryNormalizeAll(args, out var symbols, out var invalid))
        {
            console.MarkupLineInterpolated($"[red]{invalid}[/]");
            console.WriteLine(Usage);
            return 2;
        }

        if (symbols.Count == 0)
        {
            console.MarkupLine("[red]Name the fund(s) to add.[/]");
            console.WriteLine(Usage);
            return 2;
        }

        var manualFunds = services.GetRequiredService<ManualFunds>();
        var exitCode = 0;
        var added = new List<string>();
        foreach (var symbol in symbols)
        {
            switch (await manualFunds.AddAsync(symbol, cancellationToken))
            {
                case AddFundOutcome.Added { Etf: var etf }:
                    console.MarkupLineInterpolated($"[green]✓[/] {etf.Symbol} added ({etf.Name}), source manual: every job covers it from now on.");
                    added.Add(etf.Symbol);
                    break;
                case AddFundOutcome.Reactivated { Etf: var etf }:
                    console.MarkupLineInterpolated($"[green]✓[/] {etf.Symbol} was inactive; active again, source manual.");
                    added.Add(etf.Symbol);
                    break;
                case AddFundOutcome.AlreadyTracked { Etf: var etf }:
                    console.MarkupLineInterpolated($"= {etf.Symbol} is already tracked (source {etf.Source}).");
                    break;
                case AddFundOutcome.Rejected { Reason: var reason }:
                    console.MarkupLineInterpolated($"[red]✗[/] {symbol}: {reason}");
                    exitCode = 2;
                    break;
                case AddFundOutcome.Unavailable { Reason: var reason }:
                    console.MarkupLineInterpolated($"[red]✗[/] {symbol}: {reason}");
                    exitCode = Math.Max(exitCode, 1);
                    break;
            }
        }

        if (added.Count > 0)
        {
            console.WriteLine($"Fetch the history now with: ingest prices --symbols {string.Join(',', added)} --backfill");
        }

        return exitCode;
    }

    internal static bool TryParse(
        IReadOnlyList<string> args, out IReadOnlyList<string> jobs, out IReadOnlyList<string>? symbols, out bool backfill,
        out IReadOnlyList<string>? quarters, out string problem)
    {
        jobs = [];
        symbols = null;
        backfill = false;
        quarters = null;
        problem = "";
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--backfill":
                    backfill = true;
                    break;
                case "--symbols" when i + 1 < args.Count:
                    if (!EtfSymbol.TryNormalizeAll(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), out var parsed, out var invalid))
                    {
                        problem = invalid;
                        return false;
                    }

                    symbols = parsed.Count > 0 ? parsed : null;
                    break;
                case "--quarter" or "--quarters" when i + 1 < args.Count:
                    if (!Sec.NportQuarter.TryParseRange(args[++i], out var range, out problem))
                    {
                        return false;
                    }

                    quarters = [.. range.Select(q => q.ToString())];
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    problem = $"Unknown option {option}.";
                    return false;
                default:
                    positional.Add(args[i]);
                    break;
            }
        }

        if (positional.Count != 1)
        {
            problem = "Name one job (or several joined with commas), or all.";
            return false;
        }

        // "aum,holdings-issuer": several jobs in one process, in the order named (the demo's nightly replay).
        jobs = positional[0] == "all"
            ? JobNames.All
            : [.. positional[0].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(j => j.ToLowerInvariant())];
        if (jobs.Contains(JobNames.NportBulk) != quarters is not null)
        {
            problem = quarters is null
                ? "nport-bulk needs the data set quarter(s): --quarter 2026q2 or --quarter 2025q3..2026q2."
                : "--quarter applies to nport-bulk only.";
            return false;
        }

        return true;
    }

    private static string Describe(string job, int done, int total, int failed, long rows, string? rate) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{job,-10} {done,5}/{total,-5} [red]{failed,3} failed[/] {rows,9:N0} rows {rate}");

    private static string? Rate(int done, TimeSpan? elapsed) =>
        elapsed is { TotalSeconds: > 0.5 } e && done > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{done / e.TotalSeconds,6:0.0}/s")
            : null;

    /// <summary>
    /// The terminal as Spectre detects it; when output is piped or redirected, plain text instead: no
    /// ANSI codes, no cursor movement (the progress bar falls back to printed lines), and no wrapping
    /// at the 80 columns Spectre assumes without a terminal, so each table row stays on one line.
    /// </summary>
    internal static IAnsiConsole CreateConsole(bool redirected, TextWriter output)
    {
        if (!redirected)
        {
            return AnsiConsole.Console;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = PlainWidth;
        return console;
    }

    /// <summary>Wide enough that no summary row or error line is wrapped; tables take only the width they need.</summary>
    private const int PlainWidth = 4096;

    private static IRenderable SummaryTable(IEnumerable<(IngestionRun Run, TimeSpan Elapsed)> results, bool plain)
    {
        const string title = "Ingestion summary";
        var table = new Table().AddColumns("Job", "Run", "Status", "Items ok", "Failed", "Inserted", "Updated", "Unchanged", "Time");
        if (!plain)
        {
            table.Title(title);
        }
        else
        {
            // Space-aligned columns under a plain title line, easy to read in a log and to cut or awk.
            table.Border(TableBorder.None);
        }

        foreach (var (run, elapsed) in results)
        {
            var status = run.Status switch
            {
                RunStatus.Succeeded => "[green]succeeded[/]",
                RunStatus.Partial => "[yellow]partial[/]",
                _ => $"[red]{run.Status.ToString().ToLowerInvariant()}[/]",
            };
            table.AddRow(
                run.Job, run.Id.ToString(CultureInfo.InvariantCulture), status,
                run.ItemsSucceeded.ToString(CultureInfo.InvariantCulture), run.ItemsFailed.ToString(CultureInfo.InvariantCulture),
                run.RowsInserted.ToString("N0", CultureInfo.InvariantCulture), run.RowsUpdated.ToString("N0", CultureInfo.InvariantCulture),
                run.RowsUnchanged.ToString("N0", CultureInfo.InvariantCulture), elapsed.ToString(@"m\:ss\.f", CultureInfo.InvariantCulture));
        }

        return plain ? new Rows(new Text(title), table) : table;
    }

    private static async Task<IReadOnlyList<(string Job, string Item, string? Error)>> FailuresAsync(
        IServiceProvider services, IReadOnlyList<long> runIds, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Storage.EtfDataDbContext>();
        var rows = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.IngestionItems.Where(i => runIds.Contains(i.RunId) && i.Status == ItemStatus.Failed)
                .Join(db.IngestionRuns, i => i.RunId, r => r.Id, (i, r) => new { r.Job, i.Item, i.Error })
                .OrderBy(x => x.Job).ThenBy(x => x.Item),
            cancellationToken);
        return [.. rows.Select(r => (r.Job, r.Item, r.Error))];
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and reorder updates).</summary>
    private sealed class SynchronousProgress(Action<IngestionProgress> report) : IProgress<IngestionProgress>
    {
        private readonly Lock gate = new();

        public void Report(IngestionProgress value)
        {
            lock (gate)
            {
                report(value);
            }
        }
    }
}
