using EtfData.Api.Ingestion;
using EtfData.Api.Ingestion.Sec;
using EtfData.Domain;
using EtfData.FakeUpstream.Sec;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>The generated SEC dataset behind the fake; each test sets up its own universe.</summary>
public class SecDatasetHost : IngestionHost
{
    public SecDataset Sec { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Sec = SecDatasets.Demo(Dataset, DataDate);
        Fake.Sec.Dataset = Sec;
    }

    public IReadOnlyList<FakeNportFiling> Visible(Func<FakeNportFiling, bool> where) =>
        [.. Sec.Filings.Where(f => f.FilingDate <= DataDate && where(f))];
}

/// <summary>Series' filings read from the trust's submissions, where every series of iShares Trust is mixed.</summary>
public sealed class SubmissionsPathHost : SecDatasetHost
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } =
        new Dictionary<string, string?> { ["Ingestion:Sec:SeriesFilingsFrom"] = "submissions" };
}

public sealed class NportSiblingSeriesTests(SubmissionsPathHost host) : IClassFixture<SubmissionsPathHost>
{
    [Fact]
    public async Task A_sibling_series_newer_filing_is_never_taken_as_the_funds_own_and_every_filing_read_is_remembered()
    {
        var ivv = SecDatasets.Funds.Single(f => f.Symbol == "IVV");
        var trust = host.Visible(f => f.FilerCik == ivv.Cik);
        var own = trust.Where(f => f.Report.SeriesId == ivv.SeriesId).ToList();
        var latestOwn = own.MaxBy(f => f.FilingDate)!;
        // The trap is armed: a sibling series (IWM) filed after IVV's latest report.
        trust.Should().Contain(f => f.Report.SeriesId != ivv.SeriesId && f.FilingDate > latestOwn.FilingDate);

        await host.ResetAsync(host.Dataset.Find("IVV")!);
        (await host.Runner.RunAsync(JobNames.Discovery, new IngestionRequest("test", ["IVV"]), null, CancellationToken.None))
            .Status.Should().Be(RunStatus.Succeeded);
        var run = await host.RunAsync(JobNames.Holdings, backfill: true);

        run.Status.Should().Be(RunStatus.Succeeded, run.Error);
        await using var db = host.Database.NewDbContext();
        var snapshot = await db.HoldingSnapshots.AsNoTracking().Where(s => s.Symbol == "IVV").OrderByDescending(s => s.AsOf).FirstAsync();
        snapshot.NportAccession.Should().Be(latestOwn.Accession);
        var stored = await db.NportFilings.AsNoTracking().ToListAsync();
        stored.Where(f => f.IsRelevant).Select(f => f.Accession).Should().BeEquivalentTo(own.Select(f => f.Accession));
        // Every sibling filing read is remembered as irrelevant, by its own series.
        stored.Where(f => !f.IsRelevant).Select(f => (f.Accession, f.SeriesId))
            .Should().BeEquivalentTo(trust.Where(f => f.Report.SeriesId != ivv.SeriesId).Select(f => (f.Accession, f.Report.SeriesId)));
        var item = await db.IngestionItems.AsNoTracking().SingleAsync(i => i.RunId == run.Id && i.Item == "IVV");
        item.Note.Should().Contain("read and remembered, not taken as the fund's");

        host.Fake.Requests.Clear();
        var again = await host.RunAsync(JobNames.Holdings, backfill: true);
        again.Status.Should().Be(RunStatus.Succeeded, again.Error);
        host.Fake.Requests.All.Should().NotContain(r => r.Path.EndsWith("primary_doc.xml", StringComparison.Ordinal),
            "no filing, relevant or not, is downloaded twice");
    }
}

/// <summary>Without a declared User-Agent the SEC jobs refuse, naming the option, and send nothing.</summary>
public sealed class NoUserAgentHost : SecDatasetHost
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } =
        new Dictionary<string, string?> { ["Sources:Sec:UserAgent"] = "" };
}

public sealed class NportUserAgentTests(NoUserAgentHost host) : IClassFixture<NoUserAgentHost>
{
    [Fact]
    public async Task The_sec_jobs_refuse_to_run_naming_the_option_and_no_request_reaches_sec()
    {
        await host.ResetAsync(host.Dataset.Find("AGG")!);

        var holdings = await host.RunAsync(JobNames.Holdings);
        var discovery = await host.RunAsync(JobNames.Discovery);
        var bulk = await host.Runner.RunAsync(JobNames.NportBulk, new IngestionRequest("test", Quarters: ["2024q4"]), null, CancellationToken.None);

        holdings.Status.Should().Be(RunStatus.Failed);
        holdings.Error.Should().Contain("Sources:Sec:UserAgent").And.Contain("Sources__Sec__UserAgent");
        bulk.Status.Should().Be(RunStatus.Failed);
        bulk.Error.Should().Contain("Sources:Sec:UserAgent");
        // Discovery still refreshes the universe from Nasdaq; its SEC item fails saying why.
        discovery.Status.Should().Be(RunStatus.Partial);
        await using var db = host.Database.NewDbContext();
        var secItem = await db.IngestionItems.AsNoTracking().SingleAsync(i => i.RunId == discovery.Id && i.Item == "sec-ticker-maps");
        secItem.Error.Should().StartWith("SEC identifiers not refreshed: ").And.Contain("Sources:Sec:UserAgent");
        host.Fake.Requests.To("/sec").Should().BeEmpty();
    }
}

public sealed class NportBulkTests(SecDatasetHost host) : IClassFixture<SecDatasetHost>
{
    [Fact]
    public async Task A_bulk_data_set_load_gives_the_same_rows_as_the_per_filing_path_and_a_reload_changes_nothing()
    {
        var visible = host.Visible(_ => true);
        var quarters = $"{NportQuarter.Of(visible.Min(f => f.FilingDate))}..{NportQuarter.Of(visible.Max(f => f.FilingDate))}";
        NportQuarter.TryParseRange(quarters, out var range, out _).Should().BeTrue();

        await host.ResetAsync();
        (await host.RunAsync(JobNames.Discovery)).Status.Should().Be(RunStatus.Succeeded);
        var perFiling = await host.RunAsync(JobNames.Holdings, backfill: true);
        perFiling.Status.Should().Be(RunStatus.Succeeded, perFiling.Error);
        var viaDocuments = await ContentsAsync();

        await host.ResetAsync();
        (await host.RunAsync(JobNames.Discovery)).Status.Should().Be(RunStatus.Succeeded);
        var bulk = await Bulk(range!);
        bulk.Status.Should().Be(RunStatus.Succeeded, bulk.Error);
        var viaDataSets = await ContentsAsync();

        viaDataSets.Filings.Should().HaveCount(visible.Count(f => SecDatasets.Funds.Any(d => d.Cik == f.FilerCik && d.SeriesId == f.Report.SeriesId)));
        viaDataSets.Filings.Should().Equal(viaDocuments.Filings);
        viaDataSets.Returns.Should().Equal(viaDocuments.Returns);
        viaDataSets.Snapshots.Should().Equal(viaDocuments.Snapshots);
        viaDataSets.Holdings.Should().Equal(viaDocuments.Holdings);
        viaDataSets.Metrics.Should().Equal(viaDocuments.Metrics);

        var reload = await Bulk(range!);
        reload.Status.Should().Be(RunStatus.Succeeded, reload.Error);
        reload.RowsInserted.Should().Be(0);
        reload.RowsUpdated.Should().Be(0);
        reload.RowsUnchanged.Should().BeGreaterThan(viaDataSets.Holdings.Count);
    }

    [Fact]
    public async Task A_data_set_missing_a_column_fails_its_quarter_and_writes_nothing()
    {
        var visible = host.Visible(_ => true);
        var quarter = NportQuarter.Of(visible.Max(f => f.FilingDate));
        await host.ResetAsync();
        (await host.RunAsync(JobNames.Discovery)).Status.Should().Be(RunStatus.Succeeded);
        host.Fake.Sec.WriteDataSet = (zip, filings) =>
        {
            using var whole = new MemoryStream();
            NportDocuments.WriteDataSet(whole, filings);
            DropColumn(whole, zip, "FUND_REPORTED_INFO.tsv", "NET_ASSETS");
        };
        try
        {
            var run = await Bulk([quarter]);

            run.Status.Should().Be(RunStatus.Failed);
            await using var db = host.Database.NewDbContext();
            var item = await db.IngestionItems.AsNoTracking().SingleAsync(i => i.RunId == run.Id);
            item.Error.Should().Contain("FUND_REPORTED_INFO").And.Contain("NET_ASSETS");
            (await db.NportFilings.CountAsync()).Should().Be(0);
            (await db.Holdings.CountAsync()).Should().Be(0);
        }
        finally
        {
            host.Fake.Sec.WriteDataSet = NportDocuments.WriteDataSet;
        }
    }

    [Fact]
    public async Task A_filing_the_database_refuses_is_skipped_and_named_and_its_quarters_other_filings_are_stored()
    {
        var visible = host.Visible(_ => true);
        var latest = NportQuarter.Of(visible.Max(f => f.FilingDate));
        var previous = new NportQuarter(latest.Quarter == 1 ? latest.Year - 1 : latest.Year, latest.Quarter == 1 ? 4 : latest.Quarter - 1);
        await host.ResetAsync();
        (await host.RunAsync(JobNames.Discovery)).Status.Should().Be(RunStatus.Succeeded);
        var refused = new List<string>();
        var written = new List<string>();
        host.Fake.Sec.WriteDataSet = (zip, filings) =>
        {
            // In each zip, the first filing of a universe fund carries a CUSIP the database's CHECK refuses.
            var list = filings.ToList();
            var bad = list.First(f => SecDatasets.Funds.Any(d => d.Cik == f.FilerCik && d.SeriesId == f.Report.SeriesId));
            lock (refused)
            {
                refused.Add(bad.Accession);
                written.AddRange(list.Select(f => f.Accession));
            }

            NportDocuments.WriteDataSet(zip, list.Select(f => f.Accession == bad.Accession
                ? f with { Holdings = [f.Holdings[0] with { Cusip = "BAD-CUSIP" }, .. f.Holdings.Skip(1)] }
                : f));
        };
        try
        {
            // Named newest first: they still run oldest first.
            var run = await Bulk([latest, previous]);

            run.Status.Should().Be(RunStatus.Succeeded, run.Error);
            refused.Should().HaveCount(2);
            await using var db = host.Database.NewDbContext();
            var items = await db.IngestionItems.AsNoTracking().Where(i => i.RunId == run.Id).OrderBy(i => i.StartedAt).ToListAsync();
            items.Select(i => i.Item).Should().Equal(previous.ToString(), latest.ToString());
            items[0].Note.Should().Contain($"1 refused by the database and skipped: {refused[0]} (database refused the rows:").And.Contain("holding_cusip_check");
            items[1].Note.Should().Contain($"1 refused by the database and skipped: {refused[1]} (");
            var stored = await db.NportFilings.AsNoTracking().Select(f => f.Accession).ToListAsync();
            stored.Should().NotContain(refused);
            var wanted = visible.Where(f => written.Contains(f.Accession) && SecDatasets.Funds.Any(d => d.Cik == f.FilerCik && d.SeriesId == f.Report.SeriesId));
            stored.Should().BeEquivalentTo(wanted.Select(f => f.Accession).Except(refused));
            (await db.HoldingSnapshots.AsNoTracking().CountAsync(s => refused.Contains(s.NportAccession!))).Should().Be(0);
        }
        finally
        {
            host.Fake.Sec.WriteDataSet = NportDocuments.WriteDataSet;
        }
    }

    private Task<IngestionRun> Bulk(IReadOnlyList<NportQuarter> quarters) =>
        host.Runner.RunAsync(JobNames.NportBulk, new IngestionRequest("test", Quarters: [.. quarters.Select(q => q.ToString())]), null, CancellationToken.None);

    private sealed record Contents(
        IReadOnlyList<string> Filings, IReadOnlyList<string> Returns, IReadOnlyList<string> Snapshots, IReadOnlyList<string> Holdings, IReadOnlyList<string> Metrics);

    /// <summary>Every N-PORT row as JSON text, without what says when or from where it was read.</summary>
    private async Task<Contents> ContentsAsync() => new(
        await RowsAsync("SELECT (to_jsonb(f) - 'parsed_at' - 'source_path')::text FROM nport_filing f"),
        await RowsAsync("SELECT to_jsonb(r)::text FROM nport_class_return r"),
        await RowsAsync("SELECT (to_jsonb(s) - 'id' - 'fetched_at' - 'checked_at')::text FROM holding_snapshot s"),
        await RowsAsync("""
                        SELECT (to_jsonb(h) - 'snapshot_id' - 'security_id' || jsonb_build_object('symbol', s.symbol, 'as_of', s.as_of, 'source', s.source,
                                'security', jsonb_build_object('cusip', sec.cusip, 'isin', sec.isin, 'ticker', sec.ticker)))::text
                        FROM holding h JOIN holding_snapshot s ON s.id = h.snapshot_id LEFT JOIN security sec ON sec.id = h.security_id
                        """),
        await RowsAsync("SELECT to_jsonb(m)::text FROM fund_metric_daily m WHERE source = 'sec-nport'"));

    private async Task<IReadOnlyList<string>> RowsAsync(string sql)
    {
        var rows = new List<string>();
        await using var command = host.Database.DataSource.CreateCommand(sql + " ORDER BY 1");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>Copies the zip <paramref name="source"/> into <paramref name="target"/> with one column removed from one table.</summary>
    private static void DropColumn(MemoryStream source, Stream target, string table, string column)
    {
        source.Position = 0;
        using var input = new System.IO.Compression.ZipArchive(source, System.IO.Compression.ZipArchiveMode.Read, leaveOpen: true);
        using var output = new System.IO.Compression.ZipArchive(target, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in input.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            var lines = reader.ReadToEnd().Split('\n');
            if (entry.FullName == table)
            {
                var drop = Array.IndexOf(lines[0].TrimEnd('\r').Split('\t'), column);
                lines = [.. lines.Select(l => l.Length == 0 ? l : string.Join('\t', l.Split('\t').Where((_, i) => i != drop)))];
            }

            using var writer = new StreamWriter(output.CreateEntry(entry.FullName).Open());
            writer.Write(string.Join('\n', lines));
        }
    }
}

public sealed class NportRecoveryTests(SecDatasetHost host) : IClassFixture<SecDatasetHost>
{
    [Fact]
    public async Task An_invalid_report_is_named_and_left_out_while_the_funds_other_filings_are_stored()
    {
        var agg = SecDatasets.Funds.Single(f => f.Symbol == "AGG");
        var filings = host.Visible(f => f.Report.SeriesId == agg.SeriesId);
        var broken = filings.Where(f => !f.Report.IsAmendment).MinBy(f => f.FilingDate)!;
        // Net assets and not one holding: EDGAR's "empty" report, invalid rather than empty.
        host.Fake.Sec.RenderPrimaryDoc = f => NportDocuments.PrimaryDoc(f.Accession == broken.Accession ? f with { Holdings = [] } : f);
        try
        {
            await host.ResetAsync(host.Dataset.Find("AGG")!);
            (await host.RunAsync(JobNames.Discovery, false, "AGG")).Status.Should().Be(RunStatus.Succeeded);

            var run = await host.RunAsync(JobNames.Holdings, backfill: true);

            run.Status.Should().Be(RunStatus.Succeeded, run.Error);
            await using var db = host.Database.NewDbContext();
            var item = await db.IngestionItems.AsNoTracking().SingleAsync(i => i.RunId == run.Id && i.Item == "AGG");
            item.Note.Should().Contain("1 filing(s) NOT stored: " + broken.Accession).And.Contain("no holdings");
            (await db.NportFilings.AsNoTracking().Select(f => f.Accession).ToListAsync())
                .Should().BeEquivalentTo(filings.Where(f => f.Accession != broken.Accession).Select(f => f.Accession));
        }
        finally
        {
            host.Fake.Sec.RenderPrimaryDoc = NportDocuments.PrimaryDoc;
        }
    }

    [Fact]
    public async Task Filings_remembered_as_another_funds_before_the_series_was_known_are_read_again_once_it_is()
    {
        var ivv = SecDatasets.Funds.Single(f => f.Symbol == "IVV");
        var own = host.Visible(f => f.Report.SeriesId == ivv.SeriesId);
        await host.ResetAsync(host.Dataset.Find("IVV")!);
        // SEC's fund map did not list IVV's series yet: only the trust's CIK is known, as for a trust without series.
        await using (var db = host.Database.NewDbContext())
        {
            await db.Etfs.Where(e => e.Symbol == "IVV").ExecuteUpdateAsync(u => u.SetProperty(e => e.SecCik, ivv.Cik));
        }

        var before = await host.RunAsync(JobNames.Holdings, backfill: true);
        before.Status.Should().Be(RunStatus.Succeeded, before.Error);
        await using (var db = host.Database.NewDbContext())
        {
            (await db.HoldingSnapshots.CountAsync(s => s.Symbol == "IVV")).Should().Be(0, "none of the trust's series filings is a trust-without-series' own");
            (await db.NportFilings.CountAsync(f => f.SeriesId == ivv.SeriesId && !f.IsRelevant)).Should().Be(own.Count);
            await db.Etfs.Where(e => e.Symbol == "IVV").ExecuteUpdateAsync(u => u.SetProperty(e => e.SecSeriesId, ivv.SeriesId).SetProperty(e => e.SecSeriesClassCount, 1));
        }

        var after = await host.RunAsync(JobNames.Holdings, backfill: true);

        after.Status.Should().Be(RunStatus.Succeeded, after.Error);
        await using (var db = host.Database.NewDbContext())
        {
            (await db.NportFilings.Where(f => f.SeriesId == ivv.SeriesId && f.IsRelevant).Select(f => f.Accession).ToListAsync())
                .Should().BeEquivalentTo(own.Select(f => f.Accession));
            (await db.HoldingSnapshots.CountAsync(s => s.Symbol == "IVV")).Should().Be(own.Select(f => f.Report.ReportDate).Distinct().Count());
        }
    }
}
