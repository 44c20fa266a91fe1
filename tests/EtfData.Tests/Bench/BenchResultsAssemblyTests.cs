using System.Diagnostics;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Bench;

/// <summary>
/// <c>./etfdata bench</c>'s results file: the head, the status table and each part's section in run
/// order, a missing part only in the table, a failed part with its failure and the end of its log.
/// Runs the script's own <c>bench_assemble</c> (sourcing <c>./etfdata</c> runs nothing else).
/// </summary>
public sealed class BenchResultsAssemblyTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("etfdata-bench-test-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public async Task Results_file_has_the_head_the_status_table_and_each_part_in_run_order()
    {
        await File.WriteAllTextAsync(Path.Combine(_out, "_head.md"), "- Machine: test box\n");
        await File.WriteAllTextAsync(Path.Combine(_out, "_status.tsv"),
            "settings\tnot run\t0\nread\tok\t12\nwrite\tfailed (exit 1)\t3\nparse\tok\t40\n");
        await File.WriteAllTextAsync(Path.Combine(_out, "read.md"), "## Read\n\nread table\n");
        await File.WriteAllTextAsync(Path.Combine(_out, "write.log"), string.Concat(Enumerable.Range(1, 30).Select(i => $"write line {i}\n")));
        await File.WriteAllTextAsync(Path.Combine(_out, "parse.md"), "## Parse\n\nparse table\n");
        var result = Path.Combine(_out, "2026-11-26.md");

        var (exitCode, stderr) = await RunBashAsync("source \"$1\" && bench_assemble \"$2\" \"$3\"", EtfdataScript(), _out, result);

        exitCode.Should().Be(0, stderr);
        var text = await File.ReadAllTextAsync(result);
        text.Should().StartWith("# Benchmark results 2026-11-26\n");
        text.Should().Contain("- Machine: test box\n");
        text.Should().Contain("| part | status | seconds |\n|---|---|---|\n| settings | not run | 0 |\n| read | ok | 12 |\n| write | failed (exit 1) | 3 |\n| parse | ok | 40 |\n");
        text.Should().NotContain("## Settings");
        // The failed part: its failure, then the last 15 of its 30 log lines, no earlier ones.
        text.Should().Contain("## Write: failed (exit 1)\n\nLast lines of its log:\n\n```\nwrite line 16\n");
        text.Should().Contain("write line 30\n```\n");
        text.Should().NotContain("write line 15\n");
        text.IndexOf("## Read", StringComparison.Ordinal).Should().BeLessThan(text.IndexOf("## Write", StringComparison.Ordinal));
        text.IndexOf("## Write", StringComparison.Ordinal).Should().BeLessThan(text.IndexOf("## Parse", StringComparison.Ordinal));
        text.Should().EndWith("## Parse\n\nparse table\n");
    }

    [Fact]
    public async Task A_last_part_that_overran_and_wrote_nothing_still_gives_a_results_file()
    {
        await File.WriteAllTextAsync(Path.Combine(_out, "_status.tsv"), "read\tok\t12\nholdings\tfailed: over its budget of 110 s\t125\n");
        await File.WriteAllTextAsync(Path.Combine(_out, "read.md"), "## Read\n\nread table\n");
        await File.WriteAllTextAsync(Path.Combine(_out, "holdings.log"), "generating quarter 7 of 28\n");
        var result = Path.Combine(_out, "2026-11-27.md");

        var (exitCode, stderr) = await RunBashAsync("set -euo pipefail; source \"$1\"; bench_assemble \"$2\" \"$3\"", EtfdataScript(), _out, result);

        exitCode.Should().Be(0, stderr);
        var text = await File.ReadAllTextAsync(result);
        text.Should().Contain("| holdings | failed: over its budget of 110 s | 125 |\n");
        text.Should().EndWith("## Read\n\nread table\n\n## Holdings: failed: over its budget of 110 s\n\nLast lines of its log:\n\n```\ngenerating quarter 7 of 28\n```\n\n");
    }

    private static string EtfdataScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "etfdata");
            if (File.Exists(script) && File.Exists(Path.Combine(dir.FullName, "EtfData.sln")))
            {
                return script;
            }
        }

        throw new InvalidOperationException("./etfdata not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string Stderr)> RunBashAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("bash");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stderr);
    }
}
