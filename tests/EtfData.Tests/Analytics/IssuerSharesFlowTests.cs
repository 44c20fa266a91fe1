using EtfData.Domain;
using EtfData.Domain.Analytics;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Analytics;

/// <summary>The shares method on an issuer's dated shares outstanding, NAV from the issuer's own file of the same day.</summary>
public sealed class IssuerSharesFlowTests
{
    private static readonly DateOnly Mon = new(2026, 11, 16);
    private static readonly DateOnly Tue = new(2026, 11, 17);
    private static readonly DateOnly Wed = new(2026, 11, 18);
    private static readonly DateOnly Thu = new(2026, 11, 19);
    private static readonly DateOnly Fri = new(2026, 11, 20);

    [Fact]
    public void The_issuer_shares_flow_takes_only_the_issuers_own_nav_of_that_day_and_skips_a_day_without_one()
    {
        FundMetric[] ishares =
        [
            Issuer(Mon, 10_000_000, nav: 100m),
            Issuer(Tue, 10_250_000, nav: 101.5m),
            Issuer(Wed, 10_100_000),
            Issuer(Thu, 10_150_000, nav: 102.125m),
            Issuer(Fri, 10_140_000, nav: 101.25m),
        ];

        var result = FlowEstimator.ByIssuerShares(ishares);

        // Tue: (10,250,000 − 10,000,000) × 101.5 = 250,000 × 101.5 = 25,375,000.
        // Wed: the file of that day gives no NAV → skipped (no other source's NAV, never the close).
        // Thu: (10,150,000 − 10,100,000) × 102.125 = 50,000 × 102.125 = 5,106,250 (Wed's shares still count as SO_prev).
        // Fri: (10,140,000 − 10,150,000) × 101.25 = −10,000 × 101.25 = −1,012,500.
        result.Flows.Select(f => (f.TradeDate, f.NetFlowUsd, f.NavPerShare, f.PreviousDate)).Should().Equal(
            (Tue, 25_375_000m, (decimal?)101.5m, Mon),
            (Thu, 5_106_250m, (decimal?)102.125m, Wed),
            (Fri, -1_012_500m, (decimal?)101.25m, Thu));
        result.Flows.Should().AllSatisfy(f =>
        {
            f.Method.Should().Be(FlowMethod.Shares);
            f.Source.Should().Be(HoldingSources.IShares);
        });
        result.Flows[0].PreviousNavPerShare.Should().Be(100m);
        (result.Flows[0].SharesOutstanding, result.Flows[0].PreviousSharesOutstanding).Should().Be((10_250_000L, 10_000_000L));
        result.Skipped.Should().ContainSingle().Which.Should().Be(new SkippedFlowDay(Wed,
            "no NAV dated 2026-11-18: the ishares file of that day gives none"));
    }

    [Fact]
    public void Issuer_days_more_than_five_days_apart_give_no_flow()
    {
        // Mon → next Tue is 8 days: one day's flow would carry a week of creations.
        var result = FlowEstimator.ByIssuerShares([Issuer(Mon, 10_000_000, nav: 100m), Issuer(Mon.AddDays(8), 10_400_000, nav: 100m)]);

        result.Flows.Should().BeEmpty();
        result.Skipped.Should().BeEmpty();
    }

    private static FundMetric Issuer(DateOnly day, long shares, decimal? nav = null) =>
        new("IVV", day, HoldingSources.IShares, null, nav, shares);
}
