using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Api.Ingestion.Sec;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static EtfData.IntegrationTests.Infrastructure.NportSamples;

namespace EtfData.IntegrationTests.Endpoints;

/// <summary>N-PORT filings written through <see cref="NportStore"/> and read back through the API.</summary>
public sealed class NportApiTests(ApiHost host) : IClassFixture<ApiHost>, IAsyncLifetime
{
    private const string IvvOriginal = "0001752724-25-100001";
    private const string IvvAmendment = "0001752724-25-100002";
    private static readonly DateOnly Filed = new(2025, 5, 28);

    public async Task InitializeAsync()
    {
        await host.Database.TruncateDataAsync();
        await SeedUniverseAsync(host.Database);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_stored_filing_serves_every_holding_field_the_filing_and_its_monthly_flows()
    {
        await StoreAsync(host.Database, IvvOriginal, IsharesCik, Filed, Report(IvvSeries, [IvvClass], 500_000_000.55m), parserVersion: 2);

        var holdings = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/ivv/holdings");
        holdings.GetProperty("symbol").GetString().Should().Be("IVV");
        holdings.GetProperty("asOf").GetString().Should().Be("2025-03-31", "repPdDate, not the filing date");
        holdings.GetProperty("source").GetString().Should().Be("sec-nport");
        holdings.GetProperty("filingAccession").GetString().Should().Be(IvvOriginal);
        holdings.GetProperty("positionCount").GetInt32().Should().Be(3);
        var rows = holdings.GetProperty("holdings").EnumerateArray().ToList();
        // Largest weight first: 8.37 %, 1.5 %, then the forward at −0.0043 %.
        rows.Select(r => r.GetProperty("position").GetInt32()).Should().Equal(1, 2, 3);
        var apple = rows[0];
        apple.GetProperty("ticker").GetString().Should().Be("AAPL");
        apple.GetProperty("cusip").GetString().Should().Be("037833100");
        apple.GetProperty("isin").GetString().Should().Be("US0378331005");
        apple.GetProperty("lei").GetString().Should().Be("HWUPKR0MPOU8FGXBT394");
        apple.GetProperty("name").GetString().Should().Be("Apple Inc");
        // pctVal 8.373807487551 % as a fraction: / 100, every digit kept.
        apple.GetProperty("weight").GetDecimal().Should().Be(0.08373807487551m);
        apple.GetProperty("shares").GetDecimal().Should().Be(1_234_567m, "units NS: the balance is shares");
        apple.GetProperty("balance").GetDecimal().Should().Be(1_234_567m);
        apple.GetProperty("units").GetString().Should().Be("NS");
        apple.GetProperty("marketValueUsd").GetDecimal().Should().Be(271_604_850.25m);
        apple.GetProperty("currency").GetString().Should().Be("USD");
        apple.GetProperty("assetClass").GetString().Should().Be("Equity");
        apple.GetProperty("assetCategory").GetString().Should().Be("EC");
        apple.GetProperty("issuerCategory").GetString().Should().Be("CORP");
        apple.GetProperty("country").GetString().Should().Be("US");
        apple.GetProperty("payoffProfile").GetString().Should().Be("Long");
        apple.GetProperty("fairValueLevel").GetString().Should().Be("1");
        apple.GetProperty("isRestricted").GetBoolean().Should().BeFalse();
        apple.GetProperty("instrumentKind").GetString().Should().Be("security");

        var bond = rows[1];
        bond.GetProperty("title").GetString().Should().Be("JGB 0.1 03/20/2030");
        bond.GetProperty("otherIdentifiers").GetString().Should().Be("SEDOL: BKPJ2Z1");
        bond.GetProperty("cusip").ValueKind.Should().Be(JsonValueKind.Null);
        bond.GetProperty("shares").ValueKind.Should().Be(JsonValueKind.Null, "a principal amount is not a share count");
        bond.GetProperty("balance").GetDecimal().Should().Be(500_000_000m);
        bond.GetProperty("units").GetString().Should().Be("PA");
        bond.GetProperty("currency").GetString().Should().Be("JPY");
        bond.GetProperty("exchangeRate").GetDecimal().Should().Be(132.19281304m);
        bond.GetProperty("assetClass").GetString().Should().Be("Fixed Income");
        bond.GetProperty("weight").GetDecimal().Should().Be(0.015m);

        var forward = rows[2];
        forward.GetProperty("weight").GetDecimal().Should().Be(-0.000043m, "negative values stay negative: −0.0043 % / 100");
        forward.GetProperty("marketValueUsd").GetDecimal().Should().Be(-12_345.67m);
        forward.GetProperty("unitsDescription").GetString().Should().Be("Forward contract");
        forward.GetProperty("assetClass").GetString().Should().Be("Derivative");
        forward.GetProperty("issuerCategoryDescription").GetString().Should().Be("Broker-dealer");
        forward.GetProperty("instrumentKind").GetString().Should().Be("derivative");
        forward.GetProperty("derivativeCategory").GetString().Should().Be("FWD");
        forward.GetProperty("sector").ValueKind.Should().Be(JsonValueKind.Null);

        var filings = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/filings");
        var filing = filings.GetProperty("items").EnumerateArray().Single();
        filing.GetProperty("accession").GetString().Should().Be(IvvOriginal);
        filing.GetProperty("form").GetString().Should().Be("NPORT-P");
        filing.GetProperty("isAmendment").GetBoolean().Should().BeFalse();
        filing.GetProperty("supersededBy").ValueKind.Should().Be(JsonValueKind.Null);
        filing.GetProperty("reportDate").GetString().Should().Be("2025-03-31");
        filing.GetProperty("filedDate").GetString().Should().Be("2025-05-28");
        filing.GetProperty("fiscalYearEnd").GetString().Should().Be("2025-09-30");
        filing.GetProperty("scope").GetString().Should().Be("fund", "IVV is the only class of its series");
        filing.GetProperty("seriesId").GetString().Should().Be(IvvSeries);
        filing.GetProperty("totalAssetsUsd").GetDecimal().Should().Be(500_001_000.65m);
        filing.GetProperty("totalLiabilitiesUsd").GetDecimal().Should().Be(1_000.10m);
        filing.GetProperty("netAssetsUsd").GetDecimal().Should().Be(500_000_000.55m);
        filing.GetProperty("holdingCount").GetInt32().Should().Be(3);
        filing.GetProperty("parserVersion").GetInt32().Should().Be(2);
        filing.GetProperty("returnClassId").GetString().Should().Be(IvvClass);
        var months = filing.GetProperty("months").EnumerateArray().ToList();
        months.Select(m => m.GetProperty("monthEnd").GetString()).Should().Equal("2025-01-31", "2025-02-28", "2025-03-31");
        // Month 1: sales 1,000,000.50; reinvestment 2,000.25; redemption filed as −400,000.75 → 400,000.75.
        // Net new cash = 1,000,000.50 − 400,000.75 = 599,999.75; with reinvestment 599,999.75 + 2,000.25 = 602,000.00.
        months[0].GetProperty("redemptionUsd").GetDecimal().Should().Be(400_000.75m);
        months[0].GetProperty("netNewCashUsd").GetDecimal().Should().Be(599_999.75m);
        months[0].GetProperty("netIncludingReinvestmentUsd").GetDecimal().Should().Be(602_000.00m);
        months[0].GetProperty("returnPct").GetDecimal().Should().Be(1.25m);
        // Month 2: 300,000 − 500,000 = −200,000 either way (no reinvestment).
        months[1].GetProperty("netNewCashUsd").GetDecimal().Should().Be(-200_000m);
        months[1].GetProperty("returnPct").GetDecimal().Should().Be(-0.5m);
        // Month 3: 750,000.10 − 50,000.10 = 700,000.00; reinvestment not filed counts as 0.
        months[2].GetProperty("netNewCashUsd").GetDecimal().Should().Be(700_000.00m);
        months[2].GetProperty("netIncludingReinvestmentUsd").GetDecimal().Should().Be(700_000.00m);
        months[2].GetProperty("reinvestmentUsd").ValueKind.Should().Be(JsonValueKind.Null);
        months[2].GetProperty("returnPct").GetDecimal().Should().Be(2.12345678m);

        var monthly = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/flows?method=nport-monthly");
        monthly.GetProperty("method").GetString().Should().Be("nport-monthly");
        monthly.GetProperty("scope").GetString().Should().Be("fund");
        monthly.GetProperty("asOf").GetString().Should().Be("2025-03-31");
        // 599,999.75 − 200,000 + 700,000.00 = 1,099,999.75
        monthly.GetProperty("netNewCashUsd").GetDecimal().Should().Be(1_099_999.75m);
        var points = monthly.GetProperty("months").EnumerateArray().ToList();
        points.Select(p => p.GetProperty("netNewCashUsd").GetDecimal()).Should().Equal(599_999.75m, -200_000m, 700_000.00m);
        points.Should().OnlyContain(p => p.GetProperty("accession").GetString() == IvvOriginal);
        points[0].GetProperty("salesUsd").GetDecimal().Should().Be(1_000_000.50m);
        points[0].GetProperty("netIncludingReinvestmentUsd").GetDecimal().Should().Be(602_000.00m);

        // A single-class series: the month-end net assets are the ETF's own AUM, labelled with their source.
        var detail = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV");
        detail.GetProperty("aumUsd").GetProperty("value").GetDecimal().Should().Be(500_000_000.55m);
        detail.GetProperty("aumUsd").GetProperty("asOf").GetString().Should().Be("2025-03-31");
        detail.GetProperty("aumUsd").GetProperty("source").GetString().Should().Be("sec-nport");
        detail.GetProperty("latestNportFiling").GetProperty("scope").GetString().Should().Be("fund");
        detail.GetProperty("topHoldings").GetProperty("positionCount").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Storing_the_same_filing_again_reports_every_row_unchanged()
    {
        var report = Report(IvvSeries, [IvvClass], 500_000_000.55m);
        var first = await StoreAsync(host.Database, IvvOriginal, IsharesCik, Filed, report);

        var again = await StoreAsync(host.Database, IvvOriginal, IsharesCik, Filed, report);

        // filing 1 + class return 1 + snapshot 1 + holdings 3 + net assets 1 = 7 rows.
        first.Should().Be(new BulkWriteResult(Inserted: 7, Updated: 0, Unchanged: 0, Deleted: 0));
        again.Should().Be(new BulkWriteResult(Inserted: 0, Updated: 0, Unchanged: 7, Deleted: 0));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_amendment_replaces_the_rows_of_the_filing_it_amends_whatever_order_they_are_read_in(bool amendmentFirst)
    {
        var original = Report(IvvSeries, [IvvClass], 500_000_000.55m);
        var amendment = Report(IvvSeries, [IvvClass], 510_000_000m, type: "NPORT-P/A", salesScale: 2m);
        // The amendment restates the equity at 9 % and drops the forward.
        var amendedHoldings = Holdings(appleWeightPct: 9m).Take(2).ToList();
        if (amendmentFirst)
        {
            await StoreAsync(host.Database, IvvAmendment, IsharesCik, Filed.AddDays(20), amendment, amendedHoldings);
            var late = await StoreAsync(host.Database, IvvOriginal, IsharesCik, Filed, original);
            // Only the original's own rows (filing, class return) are written: nothing served changes.
            late.Should().Be(new BulkWriteResult(Inserted: 2, Updated: 0, Unchanged: 0, Deleted: 0));
        }
        else
        {
            await StoreAsync(host.Database, IvvOriginal, IsharesCik, Filed, original);
            await StoreAsync(host.Database, IvvAmendment, IsharesCik, Filed.AddDays(20), amendment, amendedHoldings);
        }

        var holdings = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/holdings");
        holdings.GetProperty("filingAccession").GetString().Should().Be(IvvAmendment);
        holdings.GetProperty("positionCount").GetInt32().Should().Be(2);
        holdings.GetProperty("holdings").EnumerateArray().Select(h => h.GetProperty("weight").GetDecimal()).Should().Equal(0.09m, 0.015m);

        var filings = (await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/filings")).GetProperty("items").EnumerateArray().ToList();
        filings.Select(f => f.GetProperty("accession").GetString()).Should().Equal(IvvAmendment, IvvOriginal);
        filings[0].GetProperty("isAmendment").GetBoolean().Should().BeTrue();
        filings[0].GetProperty("form").GetString().Should().Be("NPORT-P/A");
        filings[0].GetProperty("supersededBy").ValueKind.Should().Be(JsonValueKind.Null);
        filings[1].GetProperty("supersededBy").GetString().Should().Be(IvvAmendment);

        // The amendment's month 1: 2,000,001.00 − 400,000.75 = 1,600,000.25.
        var monthly = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/flows?method=nport-monthly");
        var first = monthly.GetProperty("months").EnumerateArray().First();
        first.GetProperty("netNewCashUsd").GetDecimal().Should().Be(1_600_000.25m);
        first.GetProperty("accession").GetString().Should().Be(IvvAmendment);

        await using var db = host.NewDbContext();
        (await db.FundMetrics.SingleAsync(m => m.Symbol == "IVV")).TotalAssetsUsd.Should().Be(510_000_000m);
        (await db.HoldingSnapshots.CountAsync()).Should().Be(1);
        (await db.Holdings.CountAsync()).Should().Be(2);
    }

    [Fact]
    public async Task A_sibling_series_filing_of_the_same_trust_is_stored_for_its_own_etf_only()
    {
        await StoreAsync(host.Database, IvvOriginal, IsharesCik, Filed, Report(IvvSeries, [IvvClass], 500_000_000.55m));
        // IJH's filing: same trust CIK, later filed, a different series.
        await StoreAsync(host.Database, "0001752724-25-100009", IsharesCik, Filed.AddDays(1), Report(IjhSeries, ["C000012041"], 90_000_000m), Holdings(appleWeightPct: 1m));

        var ivv = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/holdings");
        ivv.GetProperty("filingAccession").GetString().Should().Be(IvvOriginal);
        var ivvFilings = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/filings");
        ivvFilings.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("accession").GetString()).Should().Equal(IvvOriginal);
        ivvFilings.GetProperty("items")[0].GetProperty("supersededBy").ValueKind.Should().Be(JsonValueKind.Null, "a sibling's filing supersedes nothing");
        var ijh = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IJH/holdings");
        ijh.GetProperty("filingAccession").GetString().Should().Be("0001752724-25-100009");
        await using var db = host.NewDbContext();
        (await db.FundMetrics.Where(m => m.Symbol == "IVV").Select(m => m.TotalAssetsUsd).SingleAsync()).Should().Be(500_000_000.55m);
    }

    [Fact]
    public async Task A_multi_class_series_figures_are_never_the_etfs_aum_and_are_labelled_series()
    {
        await StoreAsync(host.Database, "0000932471-25-000101", VanguardCik, Filed,
            Report(VooSeries, ["C000007773", "C000007774", VooClass, "C000170274"], 1_300_000_000_000m));

        var detail = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/VOO");
        detail.GetProperty("aumUsd").ValueKind.Should().Be(JsonValueKind.Null, "the series' net assets include VFIAX and the other mutual-fund classes");
        detail.GetProperty("secSeriesClassCount").GetInt32().Should().Be(4);
        var nport = detail.GetProperty("latestNportFiling");
        nport.GetProperty("scope").GetString().Should().Be("series");
        nport.GetProperty("seriesId").GetString().Should().Be(VooSeries);
        nport.GetProperty("netAssetsUsd").GetDecimal().Should().Be(1_300_000_000_000m);
        (await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/VOO/aum")).GetProperty("points").GetArrayLength().Should().Be(0);

        var filing = (await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/VOO/filings")).GetProperty("items")[0];
        filing.GetProperty("scope").GetString().Should().Be("series");
        filing.GetProperty("classCount").GetInt32().Should().Be(4);
        // VOO's own class return (the third class: 1.25 + 2), not the first class's.
        filing.GetProperty("returnClassId").GetString().Should().Be(VooClass);
        filing.GetProperty("months")[0].GetProperty("returnPct").GetDecimal().Should().Be(3.25m);
        var monthly = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/VOO/flows?method=nport-monthly");
        monthly.GetProperty("scope").GetString().Should().Be("series");
        monthly.GetProperty("months").EnumerateArray().Should().OnlyContain(m => m.GetProperty("scope").GetString() == "series" && m.GetProperty("seriesId").GetString() == VooSeries);
        // Holdings weights are the one portfolio's and apply to VOO.
        var holdings = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/VOO/holdings");
        holdings.GetProperty("holdings")[0].GetProperty("weight").GetDecimal().Should().Be(0.08373807487551m);
        await using var db = host.NewDbContext();
        (await db.FundMetrics.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_unit_investment_trust_is_found_by_cik_and_its_figures_are_its_own()
    {
        await StoreAsync(host.Database, "0000884394-25-000007", SpyCik, Filed, Report(null, [], 650_000_000_000.59m));

        var holdings = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/holdings?source=sec-nport");
        holdings.GetProperty("filingAccession").GetString().Should().Be("0000884394-25-000007");
        var filing = (await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/filings")).GetProperty("items")[0];
        filing.GetProperty("scope").GetString().Should().Be("fund");
        filing.GetProperty("seriesId").ValueKind.Should().Be(JsonValueKind.Null);
        filing.GetProperty("months")[2].GetProperty("returnPct").GetDecimal().Should().Be(2.12345678m, "a UIT reports one return without a class");
        var detail = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY");
        detail.GetProperty("aumUsd").GetProperty("value").GetDecimal().Should().Be(650_000_000_000.59m);
        // No other ETF of any CIK gets SPY's positions.
        (await host.Client.GetAsync("/api/etfs/IVV/holdings")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Holdings_choose_the_snapshot_by_date_and_source_and_cut_by_limit()
    {
        await StoreAsync(host.Database, IvvOriginal, IsharesCik, Filed, Report(IvvSeries, [IvvClass], 500_000_000.55m));
        await using (var db = host.NewDbContext())
        {
            var yahoo = new HoldingSnapshot { Symbol = "IVV", AsOf = new DateOnly(2025, 6, 2), Source = "yahoo", PositionCount = 1, FetchedAt = Samples.Instant, Coverage = HoldingCoverage.Top };
            db.HoldingSnapshots.Add(yahoo);
            await db.SaveChangesAsync();
            db.Holdings.Add(new Holding { SnapshotId = yahoo.Id, Position = 1, Ticker = "NVDA", Name = "NVIDIA Corp", Weight = 0.07m });
            await db.SaveChangesAsync();
        }

        var byDefault = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/holdings");
        byDefault.GetProperty("source").GetString().Should().Be("sec-nport", "the complete portfolio, though Yahoo's top 10 is of a later day");
        byDefault.GetProperty("asOf").GetString().Should().Be("2025-03-31");
        (await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/holdings?source=yahoo")).GetProperty("asOf").GetString().Should().Be("2025-06-02");
        var nport = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/holdings?source=sec-nport&limit=2");
        nport.GetProperty("returned").GetInt32().Should().Be(2);
        nport.GetProperty("positionCount").GetInt32().Should().Be(3);
        nport.GetProperty("holdings").EnumerateArray().Select(h => h.GetProperty("cusip").GetString()).Should().Equal("037833100", null);
        var before = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/holdings?asOf=2025-05-31");
        before.GetProperty("source").GetString().Should().Be("sec-nport");
        before.GetProperty("asOf").GetString().Should().Be("2025-03-31");
    }

    [Theory]
    [InlineData("/api/etfs/NOPE/holdings", HttpStatusCode.NotFound)]
    [InlineData("/api/etfs/NOPE/filings", HttpStatusCode.NotFound)]
    [InlineData("/api/etfs/NOPE/flows?method=nport-monthly", HttpStatusCode.NotFound)]
    [InlineData("/api/etfs/VOO/holdings", HttpStatusCode.NotFound)]
    [InlineData("/api/etfs/IVV/holdings?asOf=2024-12-31", HttpStatusCode.NotFound)]
    [InlineData("/api/etfs/IVV/holdings?source=yahoo", HttpStatusCode.NotFound)]
    [InlineData("/api/etfs/IVV/holdings?asOf=2025-02-30", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/IVV/holdings?asOf=yesterday", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/IVV/holdings?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/IVV/holdings?limit=abc", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/IVV/holdings?source=SEC%20NPORT", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/IVV/flows?method=nport", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/not%20a%20symbol/filings", HttpStatusCode.BadRequest)]
    public async Task Client_mistakes_are_problem_details(string url, HttpStatusCode expected)
    {
        await StoreAsync(host.Database, IvvOriginal, IsharesCik, Filed, Report(IvvSeries, [IvvClass], 500_000_000.55m));

        using var response = await host.Client.GetAsync(url);

        response.StatusCode.Should().Be(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Holdings_filings_and_monthly_flows_answer_csv()
    {
        await StoreAsync(host.Database, IvvOriginal, IsharesCik, Filed, Report(IvvSeries, [IvvClass], 500_000_000.55m));

        var holdings = (await host.Client.GetStringAsync("/api/etfs/IVV/holdings?format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        holdings.Should().HaveCount(4);
        var header = holdings[0].Split(',');
        header.Should().StartWith(["symbol", "asOf", "source", "filingAccession"]);
        header.Should().Contain(["holding.position", "holding.ticker", "holding.cusip", "holding.isin", "holding.lei", "holding.weight", "holding.balance",
            "holding.units", "holding.marketValueUsd", "holding.currency", "holding.instrumentKind"]);
        var apple = holdings[1].Split(',');
        apple[Array.IndexOf(header, "holding.weight")].Should().Be("0.08373807487551");
        apple[Array.IndexOf(header, "holding.cusip")].Should().Be("037833100");
        apple[..4].Should().Equal("IVV", "2025-03-31", "sec-nport", IvvOriginal);

        var filings = (await host.Client.GetStringAsync("/api/etfs/IVV/filings?format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        filings.Should().HaveCount(4, "one row per filing and month");
        var filingHeader = filings[0].Split(',');
        filingHeader.Should().Contain(["filing.accession", "filing.scope", "month.monthEnd", "month.netNewCashUsd", "month.netIncludingReinvestmentUsd"]);
        filings[1].Split(',')[Array.IndexOf(filingHeader, "month.netNewCashUsd")].Should().Be("599999.75");

        var monthly = (await host.Client.GetStringAsync("/api/etfs/IVV/flows?method=nport-monthly&format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        monthly.Should().HaveCount(4);
        var monthlyHeader = monthly[0].Split(',');
        monthly[3].Split(',')[Array.IndexOf(monthlyHeader, "netNewCashUsd")].Should().Be("700000.00");
        monthly[3].Split(',')[Array.IndexOf(monthlyHeader, "scope")].Should().Be("fund");
    }

    [Fact]
    public async Task Monthly_flows_are_in_the_openapi_document()
    {
        var document = await host.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var schemas = document.GetProperty("components").GetProperty("schemas");
        schemas.TryGetProperty("NportMonthlyFlowSeries", out _).Should().BeTrue();
        schemas.TryGetProperty("HoldingsSnapshotResponse", out _).Should().BeTrue();
        schemas.TryGetProperty("NportFilingList", out _).Should().BeTrue();
    }
}
