using System.Net;
using EtfData.Api.Sources;
using EtfData.Api.Sources.Etfdb;
using EtfData.FakeUpstream;
using EtfData.FakeUpstream.Control;
using EtfData.FakeUpstream.Etfdb;
using EtfData.Tests.Sources;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.FakeUpstream;

/// <summary>The fake etfdb pages, read over HTTP by the real parser; flows derivable from the Yahoo dataset.</summary>
public sealed class EtfdbPagesTests
{
    // Wednesday 2025-03-12, 17:30 EDT: the latest session is that day.
    private static readonly DateTimeOffset Wednesday = new(2025, 3, 12, 21, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Latest = new(2025, 3, 12);

    [Fact]
    public async Task Every_demo_fund_has_a_page_the_parser_reads_with_the_datasets_facts()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };

        foreach (var fund in fake.Yahoo.Dataset.Funds)
        {
            var profile = EtfdbProfileParser.Parse(await http.GetStringAsync($"/etf/{fund.Symbol}/")).ShouldBeData();
            profile.Inception.Should().Be(fund.Inception, fund.Symbol);
            profile.ExpenseRatio.Should().Be(fund.ExpenseRatio, fund.Symbol);
            profile.AumAsOf.Should().Be(Latest, fund.Symbol);
            profile.NetFlows.Select(f => f.Window).Should().Equal("5-day", "1-month", "3-month", "6-month", "1-year", "3-year", "5-year");
        }

        (await http.GetAsync("/etf/ZZZZ/")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        fake.Requests.To("/etf/").Should().HaveCount(16);
    }

    [Fact]
    public async Task Aum_structure_and_flows_are_derivable_from_the_yahoo_dataset_within_display_rounding()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };

        var spy = EtfdbProfileParser.Parse(await http.GetStringAsync("/etf/SPY/")).ShouldBeData();

        var yahoo = fake.Yahoo.Dataset;
        var bars = yahoo.History(yahoo.Find("SPY")!, Latest).Bars;
        var last = bars[^1];
        spy.Structure.Should().Be(EtfdbStructure.Uit);
        spy.IndexTracked.Should().Be("S&P 500 Index");
        spy.Issuer.Should().Be("State Street");
        // AUM = round(SO) × NAV of 2025-03-12, shown in millions to one decimal: within 50 000 USD.
        var aum = (decimal)Math.Round(last.SharesOutstanding) * (decimal)last.Nav;
        spy.AumUsd.Should().BeApproximately(aum, 50_000m);
        // 1-month: sessions after 2025-02-12 through 2025-03-12, each (SO_d − SO_prev) × NAV_d.
        var month = 0m;
        for (var i = 1; i < bars.Count; i++)
        {
            if (bars[i].Date > new DateOnly(2025, 2, 12))
            {
                month += ((decimal)Math.Round(bars[i].SharesOutstanding) - (decimal)Math.Round(bars[i - 1].SharesOutstanding)) * (decimal)bars[i].Nav;
            }
        }

        var shown = spy.NetFlows.Single(f => f.Window == "1-month").NetFlowUsd;
        var unit = Math.Abs(month) >= 1_000_000_000m ? 1_000_000_000m : 1_000_000m;
        shown.Should().BeApproximately(month, unit * 0.005m, "the page shows two decimals of its unit");
        shown.Should().Be(decimal.Parse(EtfdbPages.Display(month)[..^2], System.Globalization.CultureInfo.InvariantCulture) * unit);
        // 5-day = the last five sessions.
        var fiveDay = Enumerable.Range(bars.Count - 5, 5).Sum(i =>
            ((decimal)Math.Round(bars[i].SharesOutstanding) - (decimal)Math.Round(bars[i - 1].SharesOutstanding)) * (decimal)bars[i].Nav);
        EtfdbPages.Flows(yahoo, yahoo.Find("SPY")!, Latest)[0].NetFlowUsd.Should().Be(fiveDay);
    }

    [Fact]
    public void Display_rounds_to_two_decimals_of_b_m_or_k()
    {
        EtfdbPages.Display(681_054_321m).Should().Be("681.05 M");
        EtfdbPages.Display(-2_345_678m).Should().Be("-2.35 M");
        EtfdbPages.Display(1_024_999_999m).Should().Be("1.02 B");
        EtfdbPages.Display(15_500m).Should().Be("15.50 K");
    }

    [Fact]
    public async Task A_drifted_page_lacks_the_profile_block_and_the_parser_says_so()
    {
        await using var fake = await FakeUpstreamServer.StartAsync(new FixedTimeProvider(Wednesday));
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };
        fake.Drift.Drift(LayoutDrift.Etfdb, "VOO");

        var voo = EtfdbProfileParser.Parse(await http.GetStringAsync("/etf/VOO/"));
        var ivv = EtfdbProfileParser.Parse(await http.GetStringAsync("/etf/IVV/"));

        voo.Should().BeOfType<SourceResult<EtfdbProfile>.Invalid>().Which.Reason.Should().Contain("#etf-ticker-body");
        ivv.ShouldBeData();
    }
}
