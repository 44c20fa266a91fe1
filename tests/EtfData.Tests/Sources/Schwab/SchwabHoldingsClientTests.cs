using System.Net;
using System.Text;
using System.Text.Json;
using EtfData.Api.Sources;
using EtfData.Api.Sources.Schwab;
using EtfData.Api.Sources.Web;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EtfData.Tests.Sources.Schwab;

/// <summary>The Schwab client's requests (page, then the holdings module per further page) and how it joins pages.</summary>
public sealed class SchwabHoldingsClientTests
{
    private static readonly string Page = Fixtures.Schwab("qrst_holdings.html");
    private static readonly string ModuleAnswer = Fixtures.Schwab("qrst_holdings_page2.js");

    [Fact]
    public async Task Reads_the_page_then_posts_the_module_for_pages_2_to_N_with_the_documented_body_and_the_page_as_referer()
    {
        var stub = new StubUpstream(r => r.Method == HttpMethod.Get ? (HttpStatusCode.OK, Page) : (HttpStatusCode.OK, ModuleAnswer));
        await using var services = ScrapedSourcesHost.Build(stub);

        var holdings = (await services.GetRequiredService<ISchwabHoldingsClient>().GetHoldingsAsync("QRST", CancellationToken.None)).ShouldBeData();

        // Page 1 of 3 shows 4 rows; pages 2 and 3 answer the module's 2 rows each: 4 + 2 + 2.
        holdings.Rows.Should().HaveCount(8);
        holdings.PageCount.Should().Be(3);
        holdings.AsOf.Should().Be(new DateOnly(2023, 10, 31));
        holdings.Rows[4].Ticker.Should().Be("WIDG");
        holdings.Rows[4].Weight.Should().Be(0.0105m);

        var requests = stub.Requests.ToList();
        requests.Should().HaveCount(3);
        var pageUrl = "http://schwab.test/schwab/Prospect/research/etfs/schwabETF/index.asp?type=holdings&symbol=QRST";
        requests[0].Method.Should().Be(HttpMethod.Get);
        requests[0].Uri.AbsoluteUri.Should().Be(pageUrl);
        requests[0].UserAgent.Should().Be(ScrapedUpstreamOptions.BrowserUserAgent);
        for (var page = 2; page <= 3; page++)
        {
            var post = requests[page - 1];
            post.Method.Should().Be(HttpMethod.Post);
            post.Uri.AbsoluteUri.Should().Be(
                "http://schwab.test/schwab/Prospect/research/resources/server/Module/SchwabETF.ModuleAPI.asp?a1b2c3d4-e5f6-4711-8000-00000000beef");
            post.Referrer!.AbsoluteUri.Should().Be(pageUrl);
            var form = post.Body!.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => WebUtility.UrlDecode(p[0]), p => WebUtility.UrlDecode(p[1]));
            form["..contenttype.."].Should().Be("text/javascript");
            form["..requester.."].Should().Be("ContentBuffer");
            form["inputs"].Should().StartWith("B64ENC");
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(form["inputs"]["B64ENC".Length..])));
            json.RootElement.GetProperty("module").GetString().Should().Be("schwabETFHoldingsTable");
            var args = json.RootElement.GetProperty("moduleArgs");
            args.GetProperty("ModuleID").GetString().Should().Be("holdingsTableContainer");
            args.GetProperty("symbol").GetString().Should().Be("QRST");
            args.GetProperty("wsodissue").GetString().Should().Be("48213377");
            args.GetProperty("sortDir").GetString().Should().Be("desc");
            args.GetProperty("sortBy").GetString().Should().Be("PctNetAssets");
            args.GetProperty("page").GetString().Should().Be(page.ToString(System.Globalization.CultureInfo.InvariantCulture));
            args.GetProperty("numRows").GetString().Should().Be("4");
            args.GetProperty("isThirdPartyETF").GetString().Should().Be("true");
        }
    }

    [Fact]
    public async Task A_further_page_that_cannot_be_read_fails_the_fund_naming_the_page()
    {
        var stub = new StubUpstream(r => r.Method == HttpMethod.Get
            ? (HttpStatusCode.OK, Page)
            : Decoded(r).Contains("\"page\":\"3\"", StringComparison.Ordinal)
                ? (HttpStatusCode.OK, "<html>moved</html>")
                : (HttpStatusCode.OK, ModuleAnswer));
        await using var services = ScrapedSourcesHost.Build(stub);

        var result = await services.GetRequiredService<ISchwabHoldingsClient>().GetHoldingsAsync("QRST", CancellationToken.None);

        result.Should().BeOfType<SourceResult<SchwabHoldings>.Invalid>()
            .Which.Reason.Should().Contain("holdings page 3 of 3 of QRST").And.Contain("this.apiReturn");
    }

    [Fact]
    public async Task An_unknown_fund_is_not_found()
    {
        var stub = new StubUpstream(_ => (HttpStatusCode.NotFound, "no such fund"));
        await using var services = ScrapedSourcesHost.Build(stub);

        var result = await services.GetRequiredService<ISchwabHoldingsClient>().GetHoldingsAsync("ZZZZ", CancellationToken.None);

        result.Should().BeOfType<SourceResult<SchwabHoldings>.NotFound>();
        stub.Requests.Should().ContainSingle();
    }

    private static string Decoded(StubRequest request)
    {
        var inputs = request.Body!.Split('&').Select(p => p.Split('=', 2)).First(p => p[0] == "inputs")[1];
        return Encoding.UTF8.GetString(Convert.FromBase64String(WebUtility.UrlDecode(inputs)["B64ENC".Length..]));
    }
}
