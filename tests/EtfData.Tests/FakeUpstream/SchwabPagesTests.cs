using System.Net;
using System.Text;
using System.Text.Json;
using EtfData.Api.Sources;
using EtfData.Api.Sources.Schwab;
using EtfData.FakeUpstream;
using EtfData.FakeUpstream.Control;
using EtfData.FakeUpstream.Schwab;
using EtfData.Tests.Sources;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.FakeUpstream;

/// <summary>The fake Schwab holdings page and module, read over HTTP by the real parser.</summary>
public sealed class SchwabPagesTests
{
    // Wednesday 2025-03-12, 17:30 EDT: the latest session is that day.
    private static readonly DateTimeOffset Wednesday = new(2025, 3, 12, 21, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_page_shows_twenty_rows_the_pager_and_the_session_and_the_module_serves_the_rest()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };

        var page = SchwabHoldingsParser.ParsePage(await http.GetStringAsync(SchwabFake.PageUrl("SCHD"))).ShouldBeData();
        var second = SchwabHoldingsParser.ParseModuleRows(await Module(http, page.Session, "SCHD", page: 2, numRows: 20)).ShouldBeData();
        var all = SchwabHoldingsParser.ParseModuleRows(await Module(http, page.Session, "SCHD", page: 1, numRows: 500)).ShouldBeData();

        page.AsOf.Should().Be(new DateOnly(2025, 3, 12));
        // 100 stocks, money market, cash, the future: 103 rows, 6 pages of 20.
        page.PageNumber.Should().Be(1);
        page.PageCount.Should().Be(6);
        page.Rows.Should().HaveCount(20);
        page.Session.WsodIssue.Should().Be(SchwabFake.WsodIssue("SCHD"));
        all.Should().HaveCount(103);
        all.Take(20).Should().Equal(page.Rows);
        second.Should().Equal(all.Skip(20).Take(20));
        // SCHD's pinned Yahoo top holding NVDA 7.12 % × 99.8 % = 7.10576 %, shown "7.11%".
        page.Rows[0].Ticker.Should().Be("NVDA");
        page.Rows[0].Weight.Should().Be(0.0711m);
        all.Sum(r => r.Weight).Should().BeApproximately(1m, 0.01m);
        all.Should().Contain(r => r.Ticker == null && r.Name == "US DOLLAR" && r.Shares == null);
        fake.Requests.To(SchwabFake.ModulePath).Should().HaveCount(2);
    }

    [Fact]
    public async Task Market_values_are_display_strings_within_their_rounding_of_the_portfolio()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };

        var page = SchwabHoldingsParser.ParsePage(await http.GetStringAsync(SchwabFake.PageUrl("VOO"))).ShouldBeData();
        var rows = fake.State.Schwab.Rows("VOO")!.Value.Rows;

        page.PageCount.Should().Be(26, "503 rows at 20 a page");
        rows[0][4].Should().MatchRegex(@"^\$\d+\.\d\dB$");
        SchwabFake.Money(1_234_567_890m).Should().Be("$1.23B");
        SchwabFake.Money(456_784_999m).Should().Be("$456.78M");
        SchwabFake.Money(12_345m).Should().Be("$12.35K");
        // "$x.yyB" read back is within half a unit of the second decimal (0.005 B) of NVDA's line: round(SO × NAV × 99.8 % × 7.12 %, 2).
        var yahoo = fake.Yahoo.Dataset;
        var bar = yahoo.History(yahoo.Find("VOO")!, new DateOnly(2025, 3, 12)).Bars[^1];
        var netAssets = Math.Round((decimal)Math.Round(bar.SharesOutstanding) * (decimal)bar.Nav, 2);
        page.Rows[0].Ticker.Should().Be("NVDA");
        page.Rows[0].MarketValueUsd!.Value.Should().BeApproximately(Math.Round(netAssets * 0.998m * 0.0712m, 2), 5_000_000m);
        var bnd = SchwabHoldingsParser.ParsePage(await http.GetStringAsync(SchwabFake.PageUrl("BND"))).ShouldBeData();
        bnd.Rows.Where(r => r.Name.StartsWith("United States Treasury", StringComparison.Ordinal)).Should().NotBeEmpty().And.OnlyContain(r => r.Ticker == null);
    }

    [Fact]
    public async Task A_module_post_without_the_pages_session_is_refused()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };

        var forged = await ModuleResponse(http, "not-a-session", "VOO", 1, 20);
        var none = await http.PostAsync(new Uri(SchwabFake.ModulePath, UriKind.Relative), new StringContent(""));

        forged.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        none.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_drifted_page_renames_the_container_and_an_unknown_fund_is_the_empty_template()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };
        fake.Drift.Drift(LayoutDrift.Schwab, "VTI");

        var vti = SchwabHoldingsParser.ParsePage(await http.GetStringAsync(SchwabFake.PageUrl("VTI")));
        var unknown = SchwabHoldingsParser.ParsePage(await http.GetStringAsync(SchwabFake.PageUrl("ZZZZ")));

        vti.Should().BeOfType<SourceResult<SchwabHoldingsPage>.Invalid>().Which.Reason.Should().Contain("#holdingsTableContainer");
        unknown.Should().BeOfType<SourceResult<SchwabHoldingsPage>.NotFound>();
    }

    [Fact]
    public async Task Demo_mode_drifts_bnds_schwab_page_and_serves_every_new_route()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday), demo: true);
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };

        var bnd = SchwabHoldingsParser.ParsePage(await http.GetStringAsync(SchwabFake.PageUrl("BND")));
        var schd = SchwabHoldingsParser.ParsePage(await http.GetStringAsync(SchwabFake.PageUrl("SCHD")));
        var drift = await http.GetStringAsync("_fake/drift");

        bnd.Should().BeOfType<SourceResult<SchwabHoldingsPage>.Invalid>();
        schd.ShouldBeData();
        drift.Should().Contain("\"schwab\"").And.Contain("\"BND\"");
        (await http.GetAsync(EtfData.FakeUpstream.Issuers.IssuerFake.ISharesPath("TLT") + EtfData.FakeUpstream.Issuers.IssuerFake.ISharesQuery("TLT"))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync(EtfData.FakeUpstream.Issuers.IssuerFake.SpdrPathPrefix + "xlk.xlsx")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync("/etf/GLD/")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task<string> Module(HttpClient http, SchwabSession session, string symbol, int page, int numRows)
    {
        var response = await ModuleResponse(http, session.SessionId, symbol, page, numRows, session.WsodIssue);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private static Task<HttpResponseMessage> ModuleResponse(HttpClient http, string sessionId, string symbol, int page, int numRows, string wsodIssue = "1")
    {
        var json = JsonSerializer.Serialize(new
        {
            module = "schwabETFHoldingsTable",
            moduleArgs = new
            {
                ModuleID = "holdingsTableContainer", symbol, wsodissue = wsodIssue, sortDir = "desc", sortBy = "PctNetAssets",
                page = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
                numRows = numRows.ToString(System.Globalization.CultureInfo.InvariantCulture), isThirdPartyETF = "true",
            },
        });
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["inputs"] = "B64ENC" + Convert.ToBase64String(Encoding.UTF8.GetBytes(json)),
            ["..contenttype.."] = "text/javascript",
            ["..requester.."] = "ContentBuffer",
        });
        return http.PostAsync(new Uri(SchwabFake.ModulePath + "?" + sessionId, UriKind.Relative), form);
    }
}
