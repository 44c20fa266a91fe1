using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream.Sec;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>
/// The demo's generated SEC dataset behind the fake, discovery for the identifiers, then the
/// <c>holdings</c> job per filing: figures checked against the generator (see <see cref="SecDatasets"/>).
/// </summary>
public sealed class NportIngestionHost : SecDatasetHost
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ResetAsync();
        (await RunAsync(JobNames.Discovery)).Status.Should().Be(RunStatus.Succeeded);
        // Yahoo's top 10 as of the data date: a later, partial snapshot next to N-PORT's complete ones.
        (await RunAsync(JobNames.Aum)).Status.Should().Be(RunStatus.Succeeded);
        Holdings = await RunAsync(JobNames.Holdings, backfill: true);
    }

    /// <summary>The first <c>holdings --backfill</c> run.</summary>
    public IngestionRun Holdings { get; private set; } = null!;

    /// <summary>The fund's filings as served by the fake on the data date, oldest first.</summary>
    public IReadOnlyList<FakeNportFiling> VisibleFilings(string symbol)
    {
        var fund = SecDatasets.Funds.Single(f => f.Symbol == symbol);
        return [.. Visible(f => f.FilerCik == fund.Cik && f.Report.SeriesId == fund.SeriesId)
            .OrderBy(f => f.FilingDate).ThenBy(f => f.Accession, StringComparer.Ordinal)];
    }
}

public sealed class NportIngestionTests(NportIngestionHost host) : IClassFixture<NportIngestionHost>
{
    private readonly HttpClient _client = host.Factory.CreateClient();

    [Fact]
    public async Task Discovery_maps_a_series_class_a_multi_class_series_and_a_unit_trust_by_cik()
    {
        await using var db = host.Database.NewDbContext();
        var etfs = await db.Etfs.AsNoTracking().ToDictionaryAsync(e => e.Symbol);
        var agg = SecDatasets.Funds.Single(f => f.Symbol == "AGG");
        etfs["AGG"].SecCik.Should().Be(agg.Cik);
        etfs["AGG"].SecSeriesId.Should().Be(agg.SeriesId);
        etfs["AGG"].SecSeriesClassCount.Should().Be(1);
        // VOO shares S000002839 with VFIAX and VFINX: three classes in company_tickers_mf.json.
        etfs["VOO"].SecSeriesId.Should().Be("S000002839");
        etfs["VOO"].SecSeriesClassCount.Should().Be(3);
        // SPY is in company_tickers.json only: its CIK, no series.
        etfs["SPY"].SecCik.Should().Be(884394);
        etfs["SPY"].SecSeriesId.Should().BeNull();
    }

    [Fact]
    public async Task Agg_holdings_are_the_full_generated_portfolio_of_its_latest_served_report()
    {
        host.Holdings.Status.Should().Be(RunStatus.Succeeded, host.Holdings.Error);
        // The latest report period AGG has; the amendment of the second-latest does not change which that is.
        var latest = host.VisibleFilings("AGG").GroupBy(f => f.Report.ReportDate).MaxBy(g => g.Key)!.MaxBy(f => f.FilingDate)!;

        // No source named: the complete portfolio, although Yahoo's top 10 is of a later day.
        var response = await _client.GetFromJsonAsync<JsonElement>("/api/etfs/AGG/holdings");
        await using (var db = host.Database.NewDbContext())
        {
            (await db.HoldingSnapshots.AsNoTracking().SingleAsync(s => s.Symbol == "AGG" && s.Source == "yahoo")).AsOf
                .Should().BeAfter(latest.Report.ReportDate);
        }

        response.GetProperty("source").GetString().Should().Be("sec-nport");
        response.GetProperty("asOf").GetString().Should().Be(latest.Report.ReportDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        response.GetProperty("filingAccession").GetString().Should().Be(latest.Accession);
        response.GetProperty("positionCount").GetInt32().Should().Be(latest.Holdings.Count);
        var rows = response.GetProperty("holdings").EnumerateArray().ToDictionary(r => r.GetProperty("position").GetInt32());
        rows.Should().HaveCount(latest.Holdings.Count);
        foreach (var expected in latest.Holdings)
        {
            var row = rows[expected.Position];
            row.GetProperty("name").GetString().Should().Be(expected.Name);
            row.GetProperty("cusip").GetString().Should().Be(expected.Cusip);
            row.GetProperty("marketValueUsd").GetDecimal().Should().Be(expected.ValueUsd!.Value);
            // pctVal is a percent of net assets; the API's weight is the fraction: pct / 100.
            row.GetProperty("weight").GetDecimal().Should().Be(expected.PercentOfNetAssets!.Value / 100m);
            row.GetProperty("units").GetString().Should().Be(expected.Units);
            row.GetProperty("instrumentKind").GetString().Should().Be(expected.InstrumentKind);
        }

        latest.Holdings.Should().Contain(h => h.Units == "PA", "a bond fund's balances are principal amounts");
        latest.Holdings.Should().Contain(h => h.ValueUsd < 0, "the forward's negative value stays negative");
    }

    [Fact]
    public async Task Agg_filings_and_monthly_flows_match_the_generator_and_the_amendment_replaces_its_original()
    {
        var generated = host.VisibleFilings("AGG");
        var amendment = generated.Single(f => f.Report.IsAmendment);
        var original = generated.Single(f => !f.Report.IsAmendment && f.Report.ReportDate == amendment.Report.ReportDate);

        var filings = await _client.GetFromJsonAsync<JsonElement>("/api/etfs/AGG/filings");
        var items = filings.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("accession").GetString()!);
        items.Keys.Should().BeEquivalentTo(generated.Select(f => f.Accession));
        items[original.Accession].GetProperty("supersededBy").GetString().Should().Be(amendment.Accession);
        items[amendment.Accession].GetProperty("isAmendment").GetBoolean().Should().BeTrue();
        // The amendment's net assets are the original's + 1,000,000.00 (the generator's rule).
        items[amendment.Accession].GetProperty("netAssetsUsd").GetDecimal()
            .Should().Be(original.Report.NetAssetsUsd!.Value + 1_000_000m).And.Be(amendment.Report.NetAssetsUsd!.Value);
        items[amendment.Accession].GetProperty("scope").GetString().Should().Be("fund", "AGG is the only class of its series");

        var flows = await _client.GetFromJsonAsync<JsonElement>("/api/etfs/AGG/flows?method=nport-monthly");
        var months = flows.GetProperty("months").EnumerateArray().ToDictionary(m => DateOnly.Parse(m.GetProperty("monthEnd").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        // Each quarter's report gives its three months; the amendment's replace its original's.
        var served = generated.Where(f => f.Accession != original.Accession).ToList();
        months.Should().HaveCount(served.Count * 3);
        foreach (var filing in served)
        {
            for (var month = 1; month <= 3; month++)
            {
                var flow = month switch { 1 => filing.Report.Month1Flow, 2 => filing.Report.Month2Flow, _ => filing.Report.Month3Flow };
                var row = months[filing.Report.MonthEnd(month)];
                row.GetProperty("salesUsd").GetDecimal().Should().Be(flow.SalesUsd!.Value);
                row.GetProperty("redemptionUsd").GetDecimal().Should().Be(flow.RedemptionUsd!.Value);
                // Net new cash = sales − redemption = the generator's N (churn cancels out).
                row.GetProperty("netNewCashUsd").GetDecimal().Should().Be(flow.SalesUsd.Value - flow.RedemptionUsd.Value);
                row.GetProperty("accession").GetString().Should().Be(filing.Accession);
            }
        }
    }

    [Fact]
    public async Task Voo_series_figures_are_labelled_series_and_never_served_as_voo_aum()
    {
        var vooFilings = host.VisibleFilings("VOO");
        vooFilings.Should().NotBeEmpty();

        var filings = await _client.GetFromJsonAsync<JsonElement>("/api/etfs/VOO/filings");
        filings.GetProperty("items").EnumerateArray().Should().OnlyContain(i => i.GetProperty("scope").GetString() == "series");
        // VOO's series only, never the whole registrant: VTI's series files under the same CIK.
        var vti = host.VisibleFilings("VTI");
        vti.Should().OnlyContain(f => f.FilerCik == vooFilings[0].FilerCik);
        filings.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("accession").GetString())
            .Should().BeEquivalentTo(vooFilings.Select(f => f.Accession)).And.NotIntersectWith(vti.Select(f => f.Accession));
        var holdings = await _client.GetFromJsonAsync<JsonElement>("/api/etfs/VOO/holdings");
        holdings.GetProperty("filingAccession").GetString().Should().Be(vooFilings.MaxBy(f => f.Report.ReportDate)!.Accession);
        var flows = await _client.GetFromJsonAsync<JsonElement>("/api/etfs/VOO/flows?method=nport-monthly");
        flows.GetProperty("scope").GetString().Should().Be("series");

        await using var db = host.Database.NewDbContext();
        (await db.FundMetrics.CountAsync(m => m.Symbol == "VOO" && m.Source == "sec-nport")).Should().Be(0);
        // AGG, a single-class series, does get its month-end net assets as its own observations.
        (await db.FundMetrics.CountAsync(m => m.Symbol == "AGG" && m.Source == "sec-nport")).Should().BeGreaterThan(0);

        var aum = await _client.GetFromJsonAsync<JsonElement>("/api/etfs/VOO/aum");
        var seriesNetAssets = vooFilings.Select(f => f.Report.NetAssetsUsd!.Value).ToHashSet();
        aum.ToString().Should().NotContain("sec-nport");
        foreach (var value in seriesNetAssets)
        {
            aum.ToString().Should().NotContain(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Spy_holdings_come_from_its_own_cik_and_gld_is_skipped_with_a_reason()
    {
        var spy = host.VisibleFilings("SPY");
        var holdings = await _client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/holdings");
        holdings.GetProperty("filingAccession").GetString().Should().Be(spy.MaxBy(f => f.Report.ReportDate)!.Accession);

        await using var db = host.Database.NewDbContext();
        var gld = await db.IngestionItems.AsNoTracking().SingleAsync(i => i.RunId == host.Holdings.Id && i.Item == "GLD");
        gld.Status.Should().Be(ItemStatus.Skipped);
        gld.Note.Should().Contain("CIK 1222333");
    }

    [Fact]
    public async Task A_second_run_downloads_no_document_again_and_reports_nothing_new()
    {
        // The first run stored every fund that files N-PORT (all but GLD).
        var filers = SecDatasets.Funds.Count(f => f.FilesNport);
        host.Holdings.ItemsSucceeded.Should().BeGreaterThanOrEqualTo(filers);
        host.Holdings.RowsInserted.Should().BeGreaterThan(host.VisibleFilings("AGG").Sum(f => f.Holdings.Count));
        host.Fake.Requests.Clear();

        var again = await host.RunAsync(JobNames.Holdings);

        again.Status.Should().Be(RunStatus.Succeeded, again.Error);
        again.RowsInserted.Should().Be(0);
        again.RowsUpdated.Should().Be(0);
        host.Fake.Requests.All.Should().NotContain(r => r.Path.EndsWith("primary_doc.xml", StringComparison.Ordinal));
    }
}
