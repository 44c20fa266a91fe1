using System.Globalization;
using System.Text.RegularExpressions;
using EtfData.FakeUpstream.Faults;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>What the <c>ingest</c> verb prints when its output goes to a pipe or a file.</summary>
public sealed class IngestOutputTests
{
    [Fact]
    public async Task Redirected_ingest_output_has_no_ansi_codes_and_one_line_per_summary_row_and_failure()
    {
        // The host runs in its own process on the real clock, so the fake serves the present (see HostProcessSetup).
        await using var setup = await HostProcessSetup.CreateAsync("SPY", "GLD");
        var database = setup.Database;
        setup.Fake.Faults.On("/yahoo/v8/finance/chart/GLD", Fault.MalformedJson(), times: null);

        var (exitCode, output, errors) = await setup.RunHostAsync("ingest", "prices", "--backfill");

        exitCode.Should().Be(1, errors);
        output.Should().NotContain("\u001b", "no ANSI escape codes when output is redirected");
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var inserted = await database.ScalarAsync<long>("SELECT rows_inserted FROM ingestion_run WHERE job = 'prices'");
        var runId = await database.ScalarAsync<long>("SELECT id FROM ingestion_run WHERE job = 'prices'");
        var error = await database.ScalarAsync<string>("SELECT error FROM ingestion_item WHERE item = 'GLD'");

        lines.Should().Contain("Ingestion summary");
        lines.Should().ContainSingle(l => Regex.IsMatch(l, @"^\s*Job\s+Run\s+Status\s+Items ok\s+Failed\s+Inserted\s+Updated\s+Unchanged\s+Time\s*$"));
        // One row, on one line: prices, run id, partial, 1 ok, 1 failed, SPY's rows inserted (bars and events), 0 updated, 0 unchanged, m:ss.f.
        var row = string.Create(CultureInfo.InvariantCulture, $@"^\s*prices\s+{runId}\s+partial\s+1\s+1\s+{inserted:N0}\s+0\s+0\s+\d+:\d\d\.\d\s*$");
        lines.Should().ContainSingle(l => Regex.IsMatch(l, row));
        error.Should().NotBeNullOrEmpty();
        lines.Should().Contain($"✗ prices GLD: {error}", "the whole error on one line, however long");
        lines.Should().Contain("Some items failed. See the run log (ingestion_run / ingestion_item) for details.");
    }
}
