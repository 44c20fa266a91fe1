using EtfData.Api.Ingestion;
using EtfData.Api.Ingestion.Sec;
using EtfData.Domain;
using EtfData.FakeUpstream.Sec;
using EtfData.IntegrationTests.Infrastructure;
using EtfData.IntegrationTests.Ingestion;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Xunit.Abstractions;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>
/// The demo's SEC dataset behind the fake with two of AGG's filings made absurd: the first one's pctVal written as
/// fractions × 100 (Σ|pctVal| in the thousands of percent), the last one's net assets 1,000× the filing before.
/// </summary>
public sealed class NportQuarantineHost : SecDatasetHost
{
    public FakeNportFiling BadWeights { get; private set; } = null!;

    public FakeNportFiling BadNetAssets { get; private set; } = null!;

    public IReadOnlyList<FakeNportFiling> AggFilings { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var agg = SecDatasets.Funds.Single(f => f.Symbol == "AGG");
        var own = Visible(f => f.FilerCik == agg.Cik && f.Report.SeriesId == agg.SeriesId)
            .OrderBy(f => f.FilingDate).ThenBy(f => f.Accession, StringComparer.Ordinal).ToList();
        // Filings alone in their period (no amendment beside them), so leaving one out changes no other's winner.
        var alone = own.Where(f => own.Count(o => o.Report.ReportDate == f.Report.ReportDate) == 1).ToList();
        var weights = alone[0];
        var assets = alone[^1];
        BadWeights = weights with { Holdings = [.. weights.Holdings.Select(h => h with { PercentOfNetAssets = h.PercentOfNetAssets * 100m })] };
        BadNetAssets = assets with
        {
            Report = assets.Report with
            {
                NetAssetsUsd = assets.Report.NetAssetsUsd * 1000m,
                TotalAssetsUsd = assets.Report.TotalAssetsUsd * 1000m,
            },
        };
        AggFilings = [.. own.Select(f => f.Accession == weights.Accession ? BadWeights : f.Accession == assets.Accession ? BadNetAssets : f)];
        Fake.Sec.Dataset = new SecDataset(Sec.Funds, [.. Sec.Filings.Select(f =>
            f.Accession == weights.Accession ? BadWeights : f.Accession == assets.Accession ? BadNetAssets : f)]);
    }
}

public sealed class NportQuarantineTests(NportQuarantineHost host, ITestOutputHelper output) : IClassFixture<NportQuarantineHost>
{
    [Fact]
    public async Task Holdings_job_quarantines_an_absurd_filing_whole_and_stores_the_funds_other_filings()
    {
        await PrepareAsync();

        var run = await host.RunAsync(JobNames.Holdings, backfill: true);

        run.Status.Should().Be(RunStatus.Succeeded, run.Error);
        await using var db = host.Database.NewDbContext();
        var item = await db.IngestionItems.AsNoTracking().SingleAsync(i => i.RunId == run.Id && i.Item == "AGG");
        item.Note.Should().Contain("2 filing(s) NOT stored")
            .And.Contain($"{host.BadWeights.Accession}: quarantined: N-PORT filing {host.BadWeights.Accession}")
            .And.Contain($"{host.BadNetAssets.Accession}: quarantined: N-PORT filing {host.BadNetAssets.Accession}");
        await AssertOnlyTheAbsurdFilingsAreMissingAsync(JobNames.Holdings, run.Id);
    }

    [Fact]
    public async Task Bulk_load_quarantines_an_absurd_filing_whole_and_stores_the_quarters_other_filings()
    {
        await PrepareAsync();
        var visible = host.Visible(_ => true);
        var quarters = $"{NportQuarter.Of(visible.Min(f => f.FilingDate))}..{NportQuarter.Of(visible.Max(f => f.FilingDate))}";
        NportQuarter.TryParseRange(quarters, out var range, out _).Should().BeTrue();

        var run = await host.Runner.RunAsync(JobNames.NportBulk, new IngestionRequest("test", Quarters: [.. range!.Select(q => q.ToString())]), null, CancellationToken.None);

        run.Status.Should().Be(RunStatus.Succeeded, run.Error);
        await using var db = host.Database.NewDbContext();
        var notes = string.Join(" | ", await db.IngestionItems.AsNoTracking().Where(i => i.RunId == run.Id).Select(i => i.Note).ToListAsync());
        notes.Should().Contain($"1 quarantined, not stored (see GET /api/admin/quarantine): {host.BadWeights.Accession} (N-PORT filing {host.BadWeights.Accession}")
            .And.Contain($"{host.BadNetAssets.Accession} (N-PORT filing {host.BadNetAssets.Accession}");
        await AssertOnlyTheAbsurdFilingsAreMissingAsync(JobNames.NportBulk, run.Id);
    }

    private async Task PrepareAsync()
    {
        await host.ResetAsync();
        await host.Database.ExecuteAsync("DELETE FROM quarantine");
        (await host.RunAsync(JobNames.Discovery)).Status.Should().Be(RunStatus.Succeeded);
    }

    private async Task AssertOnlyTheAbsurdFilingsAreMissingAsync(string job, long runId)
    {
        var bad = new[] { host.BadWeights, host.BadNetAssets };
        await using var db = host.Database.NewDbContext();
        var aggSeries = SecDatasets.Funds.Single(f => f.Symbol == "AGG").SeriesId;
        // Every AGG filing but the two absurd ones; nothing of those: no filing row, no snapshot, no net assets.
        (await db.NportFilings.AsNoTracking().Where(f => f.SeriesId == aggSeries && f.IsRelevant).Select(f => f.Accession).ToListAsync())
            .Should().BeEquivalentTo(host.AggFilings.Select(f => f.Accession).Except(bad.Select(f => f.Accession)));
        var badDates = bad.Select(f => f.Report.ReportDate).ToList();
        (await db.HoldingSnapshots.AsNoTracking().CountAsync(s => s.Symbol == "AGG" && s.Source == "sec-nport" && badDates.Contains(s.AsOf))).Should().Be(0);
        (await db.FundMetrics.AsNoTracking().CountAsync(m => m.Symbol == "AGG" && m.Source == "sec-nport" && badDates.Contains(m.AsOf))).Should().Be(0);
        (await db.HoldingSnapshots.AsNoTracking().CountAsync(s => s.Symbol == "AGG" && s.Source == "sec-nport"))
            .Should().Be(host.AggFilings.Select(f => f.Report.ReportDate).Distinct().Count() - 2);

        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT kind AS "Kind", to_char(as_of, 'YYYY-MM-DD') AS "AsOf", source AS "Source", job AS "Job", symbol AS "Symbol", reason AS "Reason", run_id AS "RunId"
              FROM quarantine ORDER BY as_of
            """).ToListAsync();
        rows.Should().HaveCount(2).And.OnlyContain(r => r.Source == "sec-nport" && r.Job == job && r.Symbol == "AGG" && r.RunId == runId);
        var weights = rows.Single(r => r.Kind == QuarantineKinds.HoldingsSnapshot);
        weights.AsOf.Should().Be(host.BadWeights.Report.ReportDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        // The generated pctVal sum to about 100 %; × 100 they sum to about 10,000 %, far above the 500 % bound.
        var absSum = host.BadWeights.Holdings.Sum(h => Math.Abs(h.PercentOfNetAssets ?? 0m));
        absSum.Should().BeGreaterThan(NportChecks.MaxAbsPercentSum);
        weights.Reason.Should().Be(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"N-PORT filing {host.BadWeights.Accession} of {weights.AsOf} has {host.BadWeights.Holdings.Count} positions whose |pctVal| sum to {absSum:0.##} %, above 500 % of net assets; nothing of the filing is stored"));
        var assets = rows.Single(r => r.Kind == QuarantineKinds.Aum);
        assets.AsOf.Should().Be(host.BadNetAssets.Report.ReportDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        // Judged against the served filing of the period before (the latest filed of it): generated net assets move a few
        // percent a quarter, so × 1,000 lands just above 1,000× of it.
        var previous = host.AggFilings.Where(f => f.Report.ReportDate < host.BadNetAssets.Report.ReportDate)
            .OrderBy(f => f.Report.ReportDate).ThenBy(f => f.FilingDate).Last();
        var factor = Math.Round(host.BadNetAssets.Report.NetAssetsUsd!.Value / previous.Report.NetAssetsUsd!.Value, 0, MidpointRounding.AwayFromZero);
        factor.Should().BeGreaterThanOrEqualTo(1000m);
        assets.Reason.Should().Be(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"N-PORT filing {host.BadNetAssets.Accession} of {assets.AsOf} reports net assets of {host.BadNetAssets.Report.NetAssetsUsd:#,##0.##} USD, {factor:N0}× the previous filing's {previous.Report.NetAssetsUsd:#,##0.##} USD of {previous.Report.ReportDate:yyyy-MM-dd}; nothing of the filing is stored"));
        Figures.Report(output, $"quarantine: sec-nport via {job}: {host.AggFilings.Count} AGG filings, 2 absurd → quarantined whole, {host.AggFilings.Count - 2} stored");
    }

    private sealed record Row(string Kind, string? AsOf, string Source, string Job, string? Symbol, string Reason, long? RunId);
}
