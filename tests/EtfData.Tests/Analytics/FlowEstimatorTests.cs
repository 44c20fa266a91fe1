using EtfData.Domain;
using EtfData.Domain.Analytics;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Analytics;

public sealed class FlowEstimatorTests
{
    private static readonly DateOnly Monday = new(2025, 3, 3);

    [Fact]
    public void A_price_move_without_creations_is_no_flow_by_either_method()
    {
        // Day 1: 10M shares at NAV 100 = AUM 1,000M. Day 2: market +3 %: NAV 103, same 10M shares,
        // AUM 1,030M. AUM method: 1,030M − 1,000M × (103 / 100) = 1,030M − 1,030M = 0.
        // Shares method: (10M − 10M) × 103 = 0.
        var days = new[]
        {
            Observation(Monday, aum: 1_000_000_000m, nav: 100m, shares: 10_000_000),
            Observation(Monday.AddDays(1), aum: 1_030_000_000m, nav: 103m, shares: 10_000_000),
        };

        FlowEstimator.ByAum(days).Single().NetFlowUsd.Should().Be(0m);
        FlowEstimator.ByShares(days).Single().NetFlowUsd.Should().Be(0m);
    }

    [Fact]
    public void A_creation_of_one_million_shares_at_nav_100_is_plus_100_million_by_both_methods()
    {
        // Day 1: 10M shares, NAV 100, AUM 1,000M. Day 2: NAV unchanged at 100, 11M shares, AUM 1,100M.
        // AUM method: 1,100M − 1,000M × (100 / 100) = +100M. Shares method: (11M − 10M) × 100 = +100M.
        var days = new[]
        {
            Observation(Monday, aum: 1_000_000_000m, nav: 100m, shares: 10_000_000),
            Observation(Monday.AddDays(1), aum: 1_100_000_000m, nav: 100m, shares: 11_000_000),
        };

        var byAum = FlowEstimator.ByAum(days).Single();
        var byShares = FlowEstimator.ByShares(days).Single();

        byAum.NetFlowUsd.Should().Be(100_000_000m);
        byShares.NetFlowUsd.Should().Be(100_000_000m);
        byAum.Method.Should().Be(FlowMethod.Aum);
        byShares.Method.Should().Be(FlowMethod.Shares);
        byAum.TradeDate.Should().Be(Monday.AddDays(1));
        byAum.PreviousDate.Should().Be(Monday);
        byAum.PreviousAumUsd.Should().Be(1_000_000_000m);
        byShares.PreviousSharesOutstanding.Should().Be(10_000_000);
    }

    [Fact]
    public void A_redemption_during_a_market_fall_separates_the_two_effects()
    {
        // Day 1: 20M shares, NAV 50, AUM 1,000M. Day 2: NAV falls 2 % to 49 and 400,000 shares are
        // redeemed: 19.6M shares × 49 = AUM 960.4M.
        // AUM method: 960.4M − 1,000M × (49 / 50) = 960.4M − 980M = −19.6M.
        // Shares method: (19.6M − 20M) × 49 = −400,000 × 49 = −19.6M.
        var days = new[]
        {
            Observation(Monday, aum: 1_000_000_000m, nav: 50m, shares: 20_000_000),
            Observation(Monday.AddDays(1), aum: 960_400_000m, nav: 49m, shares: 19_600_000),
        };

        FlowEstimator.ByAum(days).Single().NetFlowUsd.Should().Be(-19_600_000m);
        FlowEstimator.ByShares(days).Single().NetFlowUsd.Should().Be(-19_600_000m);
    }

    [Fact]
    public void Flows_are_only_computed_between_real_observations_close_enough_together()
    {
        // Friday -> Monday (3 days) yields a flow; Monday -> the next Monday (7 days) is too long a gap;
        // a day missing its NAV is not an observation the AUM method can use.
        var friday = Monday.AddDays(-3);
        var days = new[]
        {
            Observation(Monday, aum: 101m, nav: 1m, shares: null),
            Observation(friday, aum: 100m, nav: 1m, shares: null),
            Observation(Monday.AddDays(7), aum: 150m, nav: 1m, shares: null),
            Observation(Monday.AddDays(8), aum: 999m, nav: null, shares: null),
        };

        var flows = FlowEstimator.ByAum(days);

        flows.Should().ContainSingle();
        flows[0].TradeDate.Should().Be(Monday);
        flows[0].PreviousDate.Should().Be(friday);
        flows[0].NetFlowUsd.Should().Be(1m);
    }

    [Fact]
    public void Mixing_sources_is_refused()
    {
        var days = new[]
        {
            Observation(Monday, aum: 1m, nav: 1m, shares: 1),
            Observation(Monday.AddDays(1), aum: 1m, nav: 1m, shares: 1) with { Source = "issuer" },
        };

        var act = () => FlowEstimator.ByAum(days);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Flows_are_rounded_to_cents()
    {
        // 1,000 − 1,000 × (100.003 / 100) = 1,000 − 1,000.03 = −0.03 (cents, as the column stores).
        var days = new[]
        {
            Observation(Monday, aum: 1_000m, nav: 100m, shares: null),
            Observation(Monday.AddDays(1), aum: 1_000m, nav: 100.003m, shares: null),
        };

        FlowEstimator.ByAum(days).Single().NetFlowUsd.Should().Be(-0.03m);
    }

    private static FundMetric Observation(DateOnly day, decimal? aum, decimal? nav, long? shares) =>
        new("SPY", day, "yahoo", aum, nav, shares);
}
