using System.Net;
using EtfData.Api.Sources;
using EtfData.Api.Sources.Issuers;
using EtfData.FakeUpstream;
using EtfData.FakeUpstream.Control;
using EtfData.FakeUpstream.Issuers;
using EtfData.Tests.Sources;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.FakeUpstream;

/// <summary>The fake issuer downloads, read over HTTP by the real parsers.</summary>
public sealed class IssuerFilesTests
{
    // Wednesday 2025-03-12, 17:30 EDT: the latest session is that day.
    private static readonly DateTimeOffset Wednesday = new(2025, 3, 12, 21, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Tuesday = new(2025, 3, 11);

    [Fact]
    public async Task IShares_csv_states_yahoos_shares_outstanding_of_the_day_and_the_index_positions()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };

        var bytes = await http.GetByteArrayAsync(IShares("IVV", Tuesday));
        var file = ISharesHoldingsParser.Parse("IVV", bytes).ShouldBeData();

        bytes.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        var yahoo = fake.Yahoo.Dataset;
        var bar = yahoo.History(yahoo.Find("IVV")!, Tuesday).Bars[^1];
        bar.Date.Should().Be(Tuesday);
        file.AsOf.Should().Be(Tuesday);
        // Shares outstanding = round(Yahoo bar's shares outstanding of 2025-03-11).
        file.SharesOutstanding.Should().Be((decimal)Math.Round(bar.SharesOutstanding));
        file.FundName.Should().Be("iShares Core S&P 500 ETF");
        // 500 stocks, money market, USD cash, the future.
        file.Holdings.Should().HaveCount(503);
        var netAssets = Math.Round(file.SharesOutstanding!.Value * Math.Round((decimal)bar.Nav, 2), 2);
        file.Holdings.Sum(h => h.MarketValue!.Value).Should().BeApproximately(netAssets, 1m, "positions and cash add up to SO × NAV");
        file.Holdings.Sum(h => h.Weight!.Value).Should().BeApproximately(1m, 0.02m, "weights printed to 2 decimals sum to about 100 %");
        // NVDA: Yahoo weight 7.12 % of the 99.8 % invested → 7.10576 %, printed 7.11.
        var nvda = file.Holdings[0];
        nvda.Ticker.Should().Be("NVDA");
        nvda.Name.Should().Be("NVIDIA CORP");
        nvda.Weight.Should().Be(0.0711m);
        nvda.Exchange.Should().Be("NASDAQ");
        nvda.MarketValue.Should().Be(Math.Round(netAssets * 0.998m * 0.0712m, 2));
        file.Holdings.Should().Contain(h => h.Ticker == "BRKB" && h.Sector == "Financials");
        file.Holdings.Should().ContainSingle(h => h.AssetClass == "Futures").Which.MarketValue.Should().Be(0m);
        file.Holdings.Should().ContainSingle(h => h.Ticker == "XTSLA" && h.AssetClass == "Money Market");
    }

    [Fact]
    public async Task IShares_csv_without_a_date_is_the_latest_session_and_a_day_without_data_is_the_template()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };

        var latest = ISharesHoldingsParser.Parse("AGG", await http.GetByteArrayAsync(IShares("AGG", null))).ShouldBeData();
        var saturday = await http.GetAsync(IShares("IVV", new DateOnly(2025, 3, 8)));
        var beforeHistory = await http.GetByteArrayAsync(IShares("IVV", new DateOnly(2015, 6, 1)));
        var tomorrow = await http.GetByteArrayAsync(IShares("IVV", new DateOnly(2025, 3, 13)));

        latest.AsOf.Should().Be(new DateOnly(2025, 3, 12));
        latest.Holdings.Where(h => h.AssetClass == "Fixed Income").Should().HaveCount(250).And.OnlyContain(h => h.Cusip != null && h.Isin != null && h.Ticker == null);
        saturday.StatusCode.Should().Be(HttpStatusCode.OK);
        ISharesHoldingsParser.Parse("IVV", await saturday.Content.ReadAsByteArrayAsync()).Should().BeOfType<SourceResult<IssuerHoldingsFile>.NotFound>();
        ISharesHoldingsParser.Parse("IVV", beforeHistory).Should().BeOfType<SourceResult<IssuerHoldingsFile>.NotFound>();
        ISharesHoldingsParser.Parse("IVV", tomorrow).Should().BeOfType<SourceResult<IssuerHoldingsFile>.NotFound>();
        (await http.GetAsync("/us/products/239726/ishares-core-sp-500-etf/1467271812596.ajax?fileType=csv&fileName=AGG_holdings&dataType=fund"))
            .StatusCode.Should().Be(HttpStatusCode.NotFound, "AGG's file is not on IVV's product page");
        fake.Requests.To("/us/products/").Should().HaveCount(5);
    }

    [Fact]
    public async Task Two_ishares_days_give_the_shares_method_flow_of_the_yahoo_dataset()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };

        var monday = ISharesHoldingsParser.Parse("IWM", await http.GetByteArrayAsync(IShares("IWM", new DateOnly(2025, 3, 10)))).ShouldBeData();
        var tuesday = ISharesHoldingsParser.Parse("IWM", await http.GetByteArrayAsync(IShares("IWM", Tuesday))).ShouldBeData();

        var yahoo = fake.Yahoo.Dataset;
        var bars = yahoo.History(yahoo.Find("IWM")!, Tuesday).Bars;
        // (SO_t − SO_prev) × NAV_t with both SO from Yahoo rounded to whole shares.
        var expected = ((decimal)Math.Round(bars[^1].SharesOutstanding) - (decimal)Math.Round(bars[^2].SharesOutstanding)) * (decimal)bars[^1].Nav;
        ((tuesday.SharesOutstanding!.Value - monday.SharesOutstanding!.Value) * (decimal)bars[^1].Nav).Should().Be(expected);
    }

    [Fact]
    public async Task A_drifted_ishares_header_makes_the_parser_report_invalid()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };
        using (var post = await http.PostAsync(new Uri("_fake/drift?source=ishares&symbol=IVV", UriKind.Relative), null))
        {
            post.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var drifted = ISharesHoldingsParser.Parse("IVV", await http.GetByteArrayAsync(IShares("IVV", Tuesday)));
        var other = ISharesHoldingsParser.Parse("EFA", await http.GetByteArrayAsync(IShares("EFA", Tuesday)));
        fake.Drift.Restore(LayoutDrift.IShares, "IVV");
        var restored = ISharesHoldingsParser.Parse("IVV", await http.GetByteArrayAsync(IShares("IVV", Tuesday)));

        drifted.Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>().Which.Reason.Should().Contain("Weight (%)");
        other.ShouldBeData().Holdings.Should().Contain(h => h.Currency == "JPY" && h.Location == "Japan");
        restored.ShouldBeData();
    }

    [Fact]
    public async Task Spdr_workbook_names_spys_positions_by_cusip_and_the_same_stocks_as_ivv()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };

        var response = await http.GetAsync(IssuerFake.SpdrPathPrefix + "spy.xlsx");
        var spy = SpdrHoldingsParser.Parse("SPY", await response.Content.ReadAsByteArrayAsync()).ShouldBeData();
        var ivv = ISharesHoldingsParser.Parse("IVV", await http.GetByteArrayAsync(IShares("IVV", null))).ShouldBeData();
        var xlf = SpdrHoldingsParser.Parse("XLF", await http.GetByteArrayAsync(IssuerFake.SpdrPathPrefix + "xlf.xlsx")).ShouldBeData();

        response.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        spy.AsOf.Should().Be(new DateOnly(2025, 3, 12));
        spy.FundName.Should().Be("SPDR S&P 500 ETF Trust");
        spy.Holdings.Should().HaveCount(503);
        spy.Holdings[0].Should().Match<IssuerHolding>(h => h.Cusip == "67066G104" && h.Ticker == "NVDA" && h.Sedol != null && h.Currency == "USD");
        spy.Holdings.Should().Contain(h => h.Ticker == "BRK.B" && h.Cusip == "084670702");
        // NVDA: 7.12 % × 99.8 % = 7.10576 %, written to 6 decimals.
        spy.Holdings[0].Weight.Should().Be(0.0710576m);
        spy.Holdings.Sum(h => h.Weight!.Value).Should().BeApproximately(1m, 0.0001m);
        // The same 500 names as IVV, only spelled per issuer.
        spy.Holdings.Where(h => h.Cusip != null).Select(h => h.Ticker!.Replace(".", "", StringComparison.Ordinal))
            .Should().BeEquivalentTo(ivv.Holdings.Where(h => h.AssetClass == "Equity").Select(h => h.Ticker));
        xlf.Holdings[0].Ticker.Should().Be("BRK.B");
        xlf.Holdings.Where(h => h.Cusip != null).Should().OnlyContain(h => h.Sector == "Financials");
        (await http.GetAsync(IssuerFake.SpdrPathPrefix + "ivv.xlsx")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invesco_csv_is_qqqs_nasdaq_100_by_cusip()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };

        var bytes = await http.GetByteArrayAsync(IssuerFake.InvescoPath + "?audienceType=Investor&action=download&ticker=QQQ");
        var qqq = InvescoHoldingsParser.Parse("QQQ", bytes).ShouldBeData();

        qqq.AsOf.Should().Be(new DateOnly(2025, 3, 12));
        System.Text.Encoding.UTF8.GetString(bytes).Should().Contain(",AAPL ,");
        qqq.Holdings.Where(h => h.Cusip != null).Should().HaveCount(100);
        // Yahoo's QQQ top holding Apple 8.74 % × 99.8 % = 8.72252 %, written 8.723.
        qqq.Holdings[0].Should().Match<IssuerHolding>(h => h.Cusip == "037833100" && h.Ticker == "AAPL" && h.Weight == 0.08723m);
        qqq.Holdings.Sum(h => h.Weight!.Value).Should().BeApproximately(1m, 0.001m);
        (await http.GetAsync(IssuerFake.InvescoPath + "?audienceType=Investor&action=download&ticker=SPY")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Drifted_spdr_and_invesco_files_make_their_parsers_report_invalid()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };
        fake.Drift.Drift(LayoutDrift.Spdr, "SPY");
        fake.Drift.Drift(LayoutDrift.Invesco, "QQQ");

        var spy = SpdrHoldingsParser.Parse("SPY", await http.GetByteArrayAsync(IssuerFake.SpdrPathPrefix + "spy.xlsx"));
        var xlk = SpdrHoldingsParser.Parse("XLK", await http.GetByteArrayAsync(IssuerFake.SpdrPathPrefix + "xlk.xlsx"));
        var qqq = InvescoHoldingsParser.Parse("QQQ", await http.GetByteArrayAsync(IssuerFake.InvescoPath + "?audienceType=Investor&action=download&ticker=QQQ"));

        spy.Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>().Which.Reason.Should().Contain("no header row");
        xlk.ShouldBeData();
        qqq.Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>().Which.Reason.Should().Contain("'Weight'");
    }

    [Fact]
    public async Task Fault_rules_apply_to_the_issuer_routes()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };
        fake.Faults.On("/us/products/", EtfData.FakeUpstream.Faults.Fault.TooManyRequests(TimeSpan.FromSeconds(2)), times: 1);

        var first = await http.GetAsync(IShares("IVV", Tuesday));
        var second = await http.GetAsync(IShares("IVV", Tuesday));

        first.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        first.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        fake.Requests.To("/us/products/").Should().HaveCount(2);
    }

    internal static string IShares(string symbol, DateOnly? asOf) =>
        IssuerFake.ISharesPath(symbol) + IssuerFake.ISharesQuery(symbol, asOf);
}
