using EtfData.Domain;
using EtfData.Domain.Analytics;
using EtfData.FakeUpstream.Sec;
using EtfData.FakeUpstream.Yahoo;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Analytics;

public sealed class FlowReconciliationTests
{
    private static readonly DateOnly March = new(2025, 3, 1);
    private static readonly DateOnly February = new(2025, 2, 1);

    private static FundFlow Flow(int month, int day, FlowMethod method, decimal net, string source = "yahoo") => new()
    {
        Symbol = "IVV", TradeDate = new DateOnly(2025, month, day), Method = method, NetFlowUsd = net,
        PreviousDate = new DateOnly(2025, month, day).AddDays(-1), Source = source,
    };

    private static NportMonthFigures Nport(
        int month, decimal sales, decimal reinvestment, decimal redemption, DateOnly reportDate, string accession, string scope = NportSource.FundScope) =>
        new(new DateOnly(2025, month, 1).AddMonths(1).AddDays(-1), sales, reinvestment, redemption, scope, "S000004310", accession, reportDate,
            reportDate.AddDays(58));

    private static ReportedFlow Reported(DateOnly asOf, string window, decimal net) =>
        new() { Symbol = "IVV", Source = "etfdb", AsOf = asOf, WindowName = window, NetFlowUsd = net };

    [Fact]
    public void A_month_of_known_creations_is_reconciled_against_its_nport_net_new_cash_and_etfdb()
    {
        // Creations in March 2025 (NAV per share of each day):
        //   03-03  +10,000 shares × NAV 100.00 =  1,000,000.00   (shares method, from the iShares file)
        //   03-04   −5,000 shares × NAV 101.00 =   −505,000.00   (shares method, from the iShares file)
        //   03-05  +20,000 shares × NAV  99.50 =  1,990,000.00   (shares method, from Yahoo)
        //   shares Σ = 1,000,000 − 505,000 + 1,990,000 = 2,485,000.00 on 3 of March's 21 sessions
        //   (03-03 … 03-31: four full weeks of 5 and Monday 03-31, no holiday).
        // The AUM method on the same days (AUM_t − AUM_prev × NAV_t / NAV_prev) gave 990,000.00, −505,050.00 and
        //   1,990,200.00: Σ = 2,475,150.00. Flows of 01-31 and 04-01 lie outside February and March.
        var daily = new[]
        {
            Flow(1, 31, FlowMethod.Shares, 7_000_000m),
            Flow(3, 3, FlowMethod.Shares, 1_000_000m, "ishares"), Flow(3, 4, FlowMethod.Shares, -505_000m, "ishares"), Flow(3, 5, FlowMethod.Shares, 1_990_000m),
            Flow(3, 3, FlowMethod.Aum, 990_000m), Flow(3, 4, FlowMethod.Aum, -505_050m), Flow(3, 5, FlowMethod.Aum, 1_990_200m),
            Flow(4, 1, FlowMethod.Aum, 9_000_000m),
        };
        // N-PORT, report 2025-03-31, month 3 = March: net new cash = sales 3,000,000 − redemption 500,000 = 2,500,000.00 (the 10,000 reinvestment
        // is only in netIncludingReinvestmentUsd, 2,510,000, as in the nport-monthly flows).
        // February is covered twice: report 2025-02-28 (month 3: 1,000,000 − 0 = 1,000,000) and report 2025-03-31
        // (month 2: 1,100,000 − 300,000 = 800,000); the later report wins: 800,000.00.
        var nport = new[]
        {
            Nport(2, 1_000_000m, 0m, 0m, new DateOnly(2025, 2, 28), "0001752724-25-000001"),
            Nport(2, 1_100_000m, 0m, 300_000m, new DateOnly(2025, 3, 31), "0001752724-25-000002"),
            Nport(3, 3_000_000m, 10_000m, 500_000m, new DateOnly(2025, 3, 31), "0001752724-25-000002"),
        };
        // etfdb: its latest 1-month figure dated in March (03-28) is 2,600,000; the 03-14 one is older and the
        // 3-month window is another window.
        var reported = new[]
        {
            Reported(new DateOnly(2025, 3, 14), "1-month", 1_000m),
            Reported(new DateOnly(2025, 3, 28), "1-month", 2_600_000m),
            Reported(new DateOnly(2025, 3, 28), "3-month", 5_000_000m),
        };

        var months = FlowReconciliation.Monthly(February, March, daily, nport, reported, through: new DateOnly(2025, 4, 15));

        months.Select(m => m.Month).Should().Equal("2025-02", "2025-03");
        var feb = months[0];
        // February 2025: 20 weekdays less Presidents Day (02-17) = 19 sessions; no estimate in it.
        feb.TradingDays.Should().Be(19);
        feb.Shares.NetFlowUsd.Should().BeNull();
        feb.Shares.DaysWithEstimate.Should().Be(0);
        feb.Shares.DifferencePct.Should().BeNull();
        feb.Nport!.NetNewCashUsd.Should().Be(800_000m);
        feb.Nport.Accession.Should().Be("0001752724-25-000002");
        feb.Reported.Should().BeNull();

        var mar = months[1];
        mar.MonthStart.Should().Be(new DateOnly(2025, 3, 1));
        mar.MonthEnd.Should().Be(new DateOnly(2025, 3, 31));
        mar.TradingDays.Should().Be(21);
        mar.Shares.Should().BeEquivalentTo(new { Method = "shares", NetFlowUsd = 2_485_000m, DaysWithEstimate = 3, TradingDays = 21 });
        mar.Shares.Sources.Should().Equal("ishares", "yahoo");
        mar.Aum.NetFlowUsd.Should().Be(2_475_150m);
        mar.Aum.Sources.Should().Equal("yahoo");
        mar.Nport!.NetNewCashUsd.Should().Be(2_500_000m);
        mar.Nport.NetIncludingReinvestmentUsd.Should().Be(2_510_000m);
        mar.Nport.Scope.Should().Be("fund");
        mar.Nport.Note.Should().BeNull();
        // shares: (2,485,000 − 2,500,000) / 2,500,000 × 100 = −15,000 / 25,000 = −0.6
        mar.Shares.DifferencePct.Should().Be(-0.6m);
        // aum:    (2,475,150 − 2,500,000) / 2,500,000 × 100 = −24,850 / 25,000 = −0.994
        mar.Aum.DifferencePct.Should().Be(-0.994m);
        // etfdb:  (2,600,000 − 2,500,000) / 2,500,000 × 100 = 100,000 / 25,000 = 4
        mar.Reported.Should().Be(new ReportedMonthFigure("etfdb", "1-month", new DateOnly(2025, 3, 28), 2_600_000m, 4m));
    }

    [Fact]
    public void A_series_figure_is_labelled_as_not_the_etfs_own()
    {
        var nport = new[] { Nport(3, 300m, 0m, 100m, new DateOnly(2025, 3, 31), "0000036405-25-000001", NportSource.SeriesScope) };

        var month = FlowReconciliation.Monthly(March, March, [Flow(3, 3, FlowMethod.Aum, 50m)], nport, [], new DateOnly(2025, 4, 1)).Single();

        month.Nport!.Scope.Should().Be("series");
        month.Nport.Note.Should().Contain("not the ETF's own").And.Contain("S000004310");
        // (50 − 200) / 200 × 100 = −75: the other classes' flows are in N-PORT's figure.
        month.Aum.DifferencePct.Should().Be(-75m);
    }

    [Fact]
    public void The_month_in_progress_counts_sessions_up_to_today_only()
    {
        // Through Wednesday 2025-03-12: 03-03 … 03-07 (5) and 03-10 … 03-12 (3) = 8 sessions.
        var month = FlowReconciliation.Monthly(March, March, [], [], [], new DateOnly(2025, 3, 12)).Single();

        month.TradingDays.Should().Be(8);
        month.Aum.TradingDays.Should().Be(8);
        month.Nport.Should().BeNull();
        month.Aum.DifferencePct.Should().BeNull();
    }

    [Theory]
    // Relative to |N-PORT|, so a positive difference always means "above N-PORT".
    [InlineData(110, 100, 10)]
    [InlineData(-900, -1000, 10)]
    [InlineData(-1100, -1000, -10)]
    // 1 / 3 × 100 = 33.3333… → 33.3333
    [InlineData(4, 3, 33.3333)]
    public void The_difference_is_relative_to_the_magnitude_of_nport(double figure, double nport, double expected)
    {
        FlowReconciliation.DifferencePct((decimal)figure, (decimal)nport).Should().Be((decimal)expected);
    }

    [Fact]
    public void No_difference_without_nport_or_when_nport_is_zero()
    {
        FlowReconciliation.DifferencePct(5m, 0m).Should().BeNull();
        FlowReconciliation.DifferencePct(5m, null).Should().BeNull();
        FlowReconciliation.DifferencePct(null, 5m).Should().BeNull();
    }

    [Fact]
    public void The_generators_creations_reconcile_to_its_nport_month_up_to_the_nav_drift()
    {
        // IVV (single-class series) in February 2025 of the demo dataset. With so(d) = whole shares outstanding and
        // nav(d) = NAV in cents of the generator's bar on d:
        //   daily shares-method flow on session t (previous session p): (so(t) − so(p)) × nav(t), to the cent;
        //     the first, 02-03, is measured from 01-31, so the month's creations telescope to so(02-28) − so(01-31);
        //   N-PORT's February (report 2025-03-31, month 2): N = (so(02-28) − so(01-31)) × nav(02-28), with equal churn
        //     added to sales and to redemption and no reinvestment, so its net new cash is exactly N.
        // Hence Σ daily − N = Σ_t (so(t) − so(p)) × (nav(t) − nav(02-28)): the NAV drift over the month, and nothing else
        // (± a cent of rounding per day).
        var yahoo = new YahooDataset();
        var through = new DateOnly(2025, 12, 31);
        var history = yahoo.History(yahoo.Find("IVV")!, through);
        (decimal So, decimal Nav) Mark(DateOnly day)
        {
            var bar = history.Bars.Last(b => b.Date <= day && !b.IsNullRow);
            return (Math.Round((decimal)bar.SharesOutstanding, 0), Math.Round((decimal)bar.Nav, 2));
        }

        var sessions = NyseCalendar.TradingDays(new DateOnly(2025, 1, 31), new DateOnly(2025, 2, 28)).ToList();
        var daily = sessions.Skip(1).Select((day, i) => new FundFlow
        {
            Symbol = "IVV", TradeDate = day, PreviousDate = sessions[i], Method = FlowMethod.Shares, Source = "ishares",
            NetFlowUsd = Math.Round((Mark(day).So - Mark(sessions[i]).So) * Mark(day).Nav, 2),
        }).ToList();
        var filing = SecDatasets.Demo(yahoo, through).Filings
            .Single(f => f.Report.SeriesId == "S000004310" && f.Report.ReportDate == new DateOnly(2025, 3, 31) && !f.Report.IsAmendment);
        var february = filing.Report.Month2Flow;
        var nport = new NportMonthFigures(
            new DateOnly(2025, 2, 28), february.SalesUsd, february.ReinvestmentUsd, february.RedemptionUsd, NportSource.FundScope, "S000004310",
            filing.Accession, filing.Report.ReportDate, filing.FilingDate);

        var month = FlowReconciliation.Monthly(February, February, daily, [nport], [], through).Single();

        var end = Mark(new DateOnly(2025, 2, 28));
        var creations = end.So - Mark(new DateOnly(2025, 1, 31)).So;
        creations.Should().NotBe(0m, "the generator created or redeemed shares that month");
        month.Shares.DaysWithEstimate.Should().Be(19);
        month.TradingDays.Should().Be(19);
        month.Nport!.NetNewCashUsd.Should().Be(Math.Round(creations * end.Nav, 2));
        var drift = sessions.Skip(1).Select((day, i) => (Mark(day).So - Mark(sessions[i]).So) * (Mark(day).Nav - end.Nav)).Sum();
        (month.Shares.NetFlowUsd!.Value - month.Nport.NetNewCashUsd!.Value).Should().BeApproximately(drift, 0.20m);
        month.Shares.DifferencePct.Should().Be(
            Math.Round((month.Shares.NetFlowUsd.Value - month.Nport.NetNewCashUsd.Value) / Math.Abs(month.Nport.NetNewCashUsd.Value) * 100, 4, MidpointRounding.AwayFromZero));
    }
}
