using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;
using static EtfData.IntegrationTests.Infrastructure.NportSamples;

namespace EtfData.IntegrationTests.Endpoints;

/// <summary>
/// The monthly flow reconciliation and the outside facts of the ETF detail, over daily estimates, an N-PORT filing,
/// etfdb's profile and reported flows seeded through the DbContext.
/// </summary>
public sealed class OutsideFlowFactsApiTests(ApiHost host) : IClassFixture<ApiHost>, IAsyncLifetime
{
    private static readonly DateTimeOffset Fetched = new(2025, 4, 2, 12, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        await host.Database.TruncateDataAsync();
        await SeedUniverseAsync(host.Database);
        await host.Database.ExecuteAsync("""
            UPDATE etf SET structure = 'ETF', index_tracked = 'S&P 500',
                   field_sources = '{"category": "yahoo", "index_tracked": "etfdb", "structure": "sec"}'::jsonb
             WHERE symbol = 'IVV'
            """);
        await using var db = host.NewDbContext();
        FundFlow Flow(int month, int day, FlowMethod method, decimal net, string source) => new()
        {
            Symbol = "IVV", TradeDate = new DateOnly(2025, month, day), Method = method, NetFlowUsd = net,
            PreviousDate = new DateOnly(2025, month, day).AddDays(-1), Source = source,
        };
        db.FundFlows.AddRange(
            Flow(3, 3, FlowMethod.Shares, 1_000_000m, "ishares"), Flow(3, 4, FlowMethod.Shares, -505_000m, "ishares"),
            Flow(3, 5, FlowMethod.Shares, 1_990_000m, "yahoo"),
            Flow(3, 3, FlowMethod.Aum, 990_000m, "yahoo"), Flow(3, 4, FlowMethod.Aum, -505_050m, "yahoo"), Flow(3, 5, FlowMethod.Aum, 1_990_200m, "yahoo"));
        // Report 2025-03-31: January 1,000,000 − 0; February 1,100,000 − 300,000; March 3,000,000 + 10,000 − 500,000.
        db.NportFilings.Add(new NportFiling
        {
            Accession = "0001752724-25-100001", Cik = IsharesCik, SeriesId = IvvSeries, ReportPeriod = new DateOnly(2025, 3, 31),
            FiledDate = new DateOnly(2025, 5, 28), SubmissionType = "NPORT-P", FiguresScope = NportSource.FundScope, HoldingCount = 0,
            Month1SalesUsd = 1_000_000m, Month1RedemptionUsd = 0m,
            Month2SalesUsd = 1_100_000m, Month2RedemptionUsd = 300_000m,
            Month3SalesUsd = 3_000_000m, Month3ReinvestmentUsd = 10_000m, Month3RedemptionUsd = 500_000m,
        });
        db.ReportedFlows.AddRange(
            new ReportedFlow { Symbol = "IVV", Source = "etfdb", AsOf = new DateOnly(2025, 3, 14), WindowName = "1-month", NetFlowUsd = 1_000m, FetchedAt = Fetched },
            new ReportedFlow { Symbol = "IVV", Source = "etfdb", AsOf = new DateOnly(2025, 3, 28), WindowName = "1-month", NetFlowUsd = 2_600_000m, FetchedAt = Fetched },
            new ReportedFlow { Symbol = "IVV", Source = "etfdb", AsOf = new DateOnly(2025, 3, 28), WindowName = "5-day", NetFlowUsd = -40_000m, FetchedAt = Fetched });
        db.EtfSourceProfiles.Add(new EtfSourceProfile
        {
            Symbol = "IVV", Source = "etfdb", Issuer = "BlackRock", Category = "Large Cap Blend Equities", ExpenseRatio = 0.0003m,
            InceptionDate = new DateOnly(2000, 5, 15), Structure = "ETF", IndexTracked = "S&P 500", AumUsd = 584_000_000_000m,
            AumAsOf = new DateOnly(2025, 3, 27), FetchedAt = Fetched,
        });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_month_is_reconciled_against_nport_and_etfdb_with_the_differences_in_percent()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/ivv/flows/reconciliation?from=2025-02&to=2025-03");

        body.GetProperty("symbol").GetString().Should().Be("IVV");
        body.GetProperty("from").GetString().Should().Be("2025-02");
        body.GetProperty("to").GetString().Should().Be("2025-03");
        body.GetProperty("asOf").GetString().Should().Be("2025-03-31");
        var months = body.GetProperty("months").EnumerateArray().ToList();
        months.Select(m => m.GetProperty("month").GetString()).Should().Equal("2025-02", "2025-03");
        // February: no estimate on any of its 19 sessions; N-PORT 1,100,000 − 300,000 = 800,000.
        months[0].GetProperty("tradingDays").GetInt32().Should().Be(19);
        months[0].GetProperty("aum").GetProperty("netFlowUsd").ValueKind.Should().Be(JsonValueKind.Null);
        months[0].GetProperty("nport").GetProperty("netNewCashUsd").GetDecimal().Should().Be(800_000m);
        var march = months[1];
        // shares: 1,000,000 − 505,000 + 1,990,000 = 2,485,000 on 3 of 21 sessions; aum: 990,000 − 505,050 + 1,990,200 = 2,475,150.
        var shares = march.GetProperty("shares");
        shares.GetProperty("netFlowUsd").GetDecimal().Should().Be(2_485_000m);
        shares.GetProperty("daysWithEstimate").GetInt32().Should().Be(3);
        shares.GetProperty("tradingDays").GetInt32().Should().Be(21);
        shares.GetProperty("sources").EnumerateArray().Select(s => s.GetString()).Should().Equal("ishares", "yahoo");
        march.GetProperty("aum").GetProperty("netFlowUsd").GetDecimal().Should().Be(2_475_150m);
        // N-PORT net new cash: 3,000,000 − 500,000 = 2,500,000 (with the 10,000 reinvestment 2,510,000); differences (x − 2,500,000) / 2,500,000 × 100.
        var nport = march.GetProperty("nport");
        nport.GetProperty("netNewCashUsd").GetDecimal().Should().Be(2_500_000m);
        nport.GetProperty("netIncludingReinvestmentUsd").GetDecimal().Should().Be(2_510_000m);
        nport.GetProperty("scope").GetString().Should().Be("fund");
        nport.GetProperty("accession").GetString().Should().Be("0001752724-25-100001");
        shares.GetProperty("differencePct").GetDecimal().Should().Be(-0.6m);
        march.GetProperty("aum").GetProperty("differencePct").GetDecimal().Should().Be(-0.994m);
        var reported = march.GetProperty("reported");
        reported.GetProperty("source").GetString().Should().Be("etfdb");
        reported.GetProperty("windowName").GetString().Should().Be("1-month");
        reported.GetProperty("asOf").GetString().Should().Be("2025-03-28");
        reported.GetProperty("netFlowUsd").GetDecimal().Should().Be(2_600_000m);
        reported.GetProperty("differencePct").GetDecimal().Should().Be(4m);
    }

    [Fact]
    public async Task By_default_the_twelve_months_up_to_the_latest_figure_and_csv_one_row_a_month()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/flows/reconciliation");

        // The latest figure is N-PORT's March 2025: April 2024 … March 2025.
        body.GetProperty("from").GetString().Should().Be("2024-04");
        body.GetProperty("to").GetString().Should().Be("2025-03");
        body.GetProperty("months").GetArrayLength().Should().Be(12);

        var csv = (await host.Client.GetStringAsync("/api/etfs/IVV/flows/reconciliation?from=2025-03&to=2025-03&format=csv")).Split("\r\n");
        csv[0].Should().StartWith("month,monthStart,monthEnd,tradingDays,aum.method,aum.netFlowUsd,");
        csv[1].Should().StartWith("2025-03,2025-03-01,2025-03-31,21,aum,");
    }

    [Fact]
    public async Task The_nport_figure_is_the_one_the_nport_monthly_flows_serve()
    {
        // March: net new cash 3,000,000 − 500,000 = 2,500,000 on both answers (reinvestment 10,000 only in the "including" figure).
        var flows = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/flows?method=nport-monthly");
        var reconciliation = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/flows/reconciliation?from=2025-01&to=2025-03");

        var served = flows.GetProperty("months").EnumerateArray()
            .Select(m => (m.GetProperty("netNewCashUsd").GetDecimal(), m.GetProperty("netIncludingReinvestmentUsd").GetDecimal())).ToList();
        var reconciled = reconciliation.GetProperty("months").EnumerateArray()
            .Select(m => (m.GetProperty("nport").GetProperty("netNewCashUsd").GetDecimal(), m.GetProperty("nport").GetProperty("netIncludingReinvestmentUsd").GetDecimal()))
            .ToList();
        reconciled.Should().Equal(served);
        reconciled[2].Should().Be((2_500_000m, 2_510_000m));
    }

    [Theory]
    [InlineData("/api/etfs/IVV/flows/reconciliation?from=2025-13", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/IVV/flows/reconciliation?from=2025-03-01", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/IVV/flows/reconciliation?from=2025-04&to=2025-03", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/IVV/flows/reconciliation?from=2010-01&to=2025-03", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/IVV/flows/reconciliation?to=9999-12", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/IVV/flows/reconciliation?to=0001-05", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/IVV/flows/reconciliation?from=0001-01", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/IVV/flows/reconciliation?from=2000-01", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/IVV/flows/reconciliation?from=2031-01", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/NOPE/flows/reconciliation", HttpStatusCode.NotFound)]
    public async Task Client_mistakes_are_problems(string url, HttpStatusCode status)
    {
        var response = await host.Client.GetAsync(url);

        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task The_detail_shows_the_outside_profile_and_reported_flows_next_to_its_own_figures_and_who_set_each_field()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV");

        body.GetProperty("structure").GetString().Should().Be("ETF");
        body.GetProperty("indexTracked").GetString().Should().Be("S&P 500");
        var sources = body.GetProperty("fieldSources");
        sources.GetProperty("category").GetString().Should().Be("yahoo");
        sources.GetProperty("index_tracked").GetString().Should().Be("etfdb");
        sources.GetProperty("structure").GetString().Should().Be("sec");

        var profile = body.GetProperty("outsideProfiles").EnumerateArray().Single();
        profile.GetProperty("source").GetString().Should().Be("etfdb");
        profile.GetProperty("aumUsd").GetDecimal().Should().Be(584_000_000_000m);
        profile.GetProperty("aumAsOf").GetString().Should().Be("2025-03-27");
        profile.GetProperty("issuer").GetString().Should().Be("BlackRock");
        profile.GetProperty("expenseRatio").GetDecimal().Should().Be(0.0003m);

        // The latest figure per source and window, shortest window first: the 1-month of 03-28, not of 03-14.
        var flows = body.GetProperty("reportedFlows").EnumerateArray().ToList();
        flows.Select(f => f.GetProperty("windowName").GetString()).Should().Equal("5-day", "1-month");
        flows[1].GetProperty("asOf").GetString().Should().Be("2025-03-28");
        flows[1].GetProperty("netFlowUsd").GetDecimal().Should().Be(2_600_000m);
        flows[0].GetProperty("netFlowUsd").GetDecimal().Should().Be(-40_000m);

        var voo = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/VOO");
        voo.GetProperty("outsideProfiles").GetArrayLength().Should().Be(0);
        voo.GetProperty("reportedFlows").GetArrayLength().Should().Be(0);
        voo.GetProperty("fieldSources").EnumerateObject().Should().BeEmpty();
    }
}
