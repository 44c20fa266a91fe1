using EtfData.Api.Sources.Yahoo;
using EtfData.Domain;
using EtfData.FakeUpstream;
using EtfData.FakeUpstream.Yahoo;
using EtfData.Tests.Sources;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.FakeUpstream;

/// <summary>The demo universe the fake serves: which funds, on which days, and how price, NAV, shares and AUM relate.</summary>
public sealed class DemoDatasetTests
{
    private static readonly DateOnly Through = new(2025, 3, 12);
    private static readonly YahooDataset Dataset = new();

    [Fact]
    public void Default_universe_is_the_fifteen_demo_funds_with_their_facts()
    {
        Dataset.Funds.Select(f => f.Symbol).Should().Equal(
            "AGG", "BND", "EEM", "EFA", "GLD", "IVV", "IWM", "QQQ", "SCHD", "SPY", "TLT", "VOO", "VTI", "XLF", "XLK");
        Dataset.Funds.Should().OnlyContain(f => f.ExpenseRatio > 0 && f.ExpenseRatio < 0.01m && f.Inception < YahooDataset.HistoryStart);
        Dataset.Funds.Where(f => f.AssetClass == "Fixed Income").Select(f => f.Symbol).Should().Equal("AGG", "BND", "TLT");
        Dataset.Funds.Where(f => f.AssetClass == "Commodity").Select(f => f.Symbol).Should().Equal("GLD");
        Dataset.Funds.Where(f => f.ListingExchange == "Q").Select(f => f.Symbol).Should().Equal("BND", "QQQ", "TLT");
        Dataset.Find("VOO")!.Should().Match<FakeFund>(f =>
            f.Name == "Vanguard S&P 500 ETF" && f.Family == "Vanguard" && f.ExpenseRatio == 0.0003m && f.Inception == new DateOnly(2010, 9, 7));
        Dataset.Find("EEM")!.ExpenseRatio.Should().Be(0.007m);
        Dataset.Funds.SelectMany(f => f.Splits).Should().Equal((new DateOnly(2024, 10, 11), 3, 1));
    }

    [Fact]
    public void Every_fund_trades_on_every_nyse_session_and_on_no_other_day()
    {
        var sessions = NyseCalendar.TradingDays(YahooDataset.HistoryStart, Through).ToList();

        sessions.Should().HaveCount(2311);
        foreach (var fund in Dataset.Funds)
        {
            Dataset.History(fund, Through).Bars.Select(b => b.Date).Should().Equal(sessions, fund.Symbol);
        }
    }

    [Fact]
    public void Exactly_one_fund_has_one_null_row()
    {
        var nullRows = Dataset.Funds
            .SelectMany(f => Dataset.History(f, Through).Bars.Where(b => b.IsNullRow).Select(b => (f.Symbol, b.Date)))
            .ToList();

        nullRows.Should().Equal(("IWM", new DateOnly(2024, 11, 29)));
    }

    [Fact]
    public void Payers_go_ex_once_a_quarter_and_gld_never()
    {
        foreach (var fund in Dataset.Funds)
        {
            var dividends = Dataset.History(fund, Through).Dividends;
            if (fund.Symbol == "GLD")
            {
                dividends.Should().BeEmpty();
                continue;
            }

            dividends.Should().HaveCount(36, fund.Symbol);
            dividends.Select(d => (d.ExDate.Year * 4) + ((d.ExDate.Month - 1) / 3)).Should().OnlyHaveUniqueItems();
            foreach (var (exDate, amount) in dividends)
            {
                // The first session on or after the 20th of the quarter's last month.
                var expected = NyseCalendar.TradingDays(new DateOnly(exDate.Year, exDate.Month, 20), exDate).First();
                exDate.Should().Be(expected);
                amount.Should().BePositive();
            }
        }
    }

    [Fact]
    public void Nav_sits_a_small_premium_or_discount_away_from_the_close_and_shares_move_with_flows()
    {
        foreach (var fund in Dataset.Funds)
        {
            var bars = Dataset.History(fund, Through).Bars.Where(b => !b.IsNullRow).ToList();

            bars.Should().OnlyContain(b => b.Nav != Math.Round(b.Close, 2), fund.Symbol);
            // Within four standard deviations of the premium plus a cent of rounding.
            bars.Should().OnlyContain(b => Math.Abs(b.Nav - b.Close) <= (b.Close * 4 * fund.NavPremiumSpread) + 0.0101, fund.Symbol);
            bars.Zip(bars.Skip(1)).Should().OnlyContain(p => p.First.SharesOutstanding != p.Second.SharesOutstanding, fund.Symbol);
        }
    }

    [Fact]
    public void Same_inputs_give_the_same_numbers()
    {
        var again = new YahooDataset();

        foreach (var symbol in new[] { "SPY", "IWM", "SCHD" })
        {
            again.History(again.Find(symbol)!, Through).Bars.Should().Equal(Dataset.History(Dataset.Find(symbol)!, Through).Bars);
        }

        // A longer history starts with the same days (adjclose aside: later dividends adjust earlier closes).
        var longer = again.History(again.Find("SPY")!, Through.AddDays(30)).Bars.Take(2311).Select(b => b with { AdjClose = 0 });
        longer.Should().Equal(Dataset.History(Dataset.Find("SPY")!, Through).Bars.Select(b => b with { AdjClose = 0 }));
    }

    [Fact]
    public void Before_a_split_takes_effect_the_history_is_served_in_the_old_units()
    {
        var schd = Dataset.Find("SCHD")!;
        var eve = Dataset.History(schd, new DateOnly(2024, 10, 10));
        var splitDay = Dataset.History(schd, new DateOnly(2024, 10, 11));

        eve.Splits.Should().BeEmpty();
        splitDay.Splits.Should().Equal((new DateOnly(2024, 10, 11), 3, 1));
        // The 3:1 split is applied from its day on: before it, prices and dividends were three times
        // higher and volume and shares a third. No dividend lies between the two days, so adjclose
        // scales the same way.
        splitDay.Bars.Should().HaveCount(eve.Bars.Count + 1);
        for (var i = 0; i < eve.Bars.Count; i++)
        {
            var (old, adjusted) = (eve.Bars[i], splitDay.Bars[i]);
            old.Close.Should().BeApproximately(adjusted.Close * 3, 1e-9);
            old.Open.Should().BeApproximately(adjusted.Open * 3, 1e-9);
            old.AdjClose.Should().BeApproximately(adjusted.AdjClose * 3, 1e-9);
            old.SharesOutstanding.Should().BeApproximately(adjusted.SharesOutstanding / 3, 1e-6);
            old.Volume.Should().BeCloseTo((long)Math.Round(adjusted.Volume / 3.0), 1);
            old.Nav.Should().Be(Math.Round(adjusted.Nav * 3, 2));
        }

        eve.Dividends.Select(d => d.Amount).Should().Equal(splitDay.Dividends.Select(d => Math.Round(d.Amount * 3, 6)));
    }

    [Fact]
    public async Task Quote_summary_reports_aum_as_shares_times_nav_of_the_days_close()
    {
        var clock = new FixedTimeProvider(new DateTimeOffset(2025, 3, 12, 21, 30, 0, TimeSpan.Zero));
        await using var fake = await FakeUpstreamServer.StartAsync(clock);
        await using var host = SourcesHost.ForYahoo(fake, clock: clock);
        var client = host.Get<IYahooFundClient>();

        foreach (var fund in fake.Yahoo.Dataset.Funds)
        {
            var metric = (await client.GetFundAsync(fund.Symbol, CancellationToken.None)).ShouldBeData().Metric!;
            var bar = fake.Yahoo.Dataset.History(fund, Through).Bars[^1];

            metric.AsOf.Should().Be(Through);
            metric.NavPerShare.Should().Be((decimal)bar.Nav, fund.Symbol);
            metric.TotalAssetsUsd.Should().Be((decimal)Math.Round(Math.Round(bar.SharesOutstanding) * bar.Nav), fund.Symbol);
            // Recorded QQQ payloads have no sharesOutstanding; the fake leaves it out for QQQ too.
            metric.SharesOutstanding.Should().Be(fund.Symbol == "QQQ" ? null : (long)Math.Round(bar.SharesOutstanding), fund.Symbol);
        }
    }
}
