using EtfData.Domain;
using EtfData.Domain.Analytics;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Analytics;

public sealed class StaleFiguresTests
{
    private static readonly DateOnly Monday = new(2025, 3, 3);

    private static FundMetric Metric(DateOnly day, decimal? aum, decimal? nav, long? shares, string symbol = "SPY", string source = "yahoo") =>
        new(symbol, day, source, aum, nav, shares);

    [Fact]
    public void Aum_held_while_nav_moves_is_stale_and_would_have_made_a_phantom_outflow()
    {
        // AUM 500B on Monday and again on Tuesday while NAV goes 500 → 505 (shares 1,000,000,000 → 1,000,100,000).
        // Stored, it would read as a flow of 500B − 500B × 505 / 500 = 500B − 505B = −5B.
        var monday = Metric(Monday, 500_000_000_000m, 500m, 1_000_000_000);
        var tuesday = Metric(Monday.AddDays(1), 500_000_000_000m, 505m, 1_000_100_000);
        FlowEstimator.ByAum([monday, tuesday]).Single().NetFlowUsd.Should().Be(-5_000_000_000m);

        var stale = StaleFigures.Check(monday, tuesday);

        stale.Should().Be(new StaleSnapshot(Monday.AddDays(1), Monday, 500m, 505m, 500_000_000_000m, null));
        stale!.Describe().Should().Be(
            "stale snapshot for 2025-03-04 not stored: total assets $500,000,000,000 unchanged since 2025-03-03 while NAV moved 500 → 505");
    }

    [Fact]
    public void Shares_held_while_nav_moves_are_stale_when_the_aum_does_not_vouch_for_them()
    {
        // Shares 10,000,000 on both days, NAV 100 → 103, no AUM reported: nothing confirms the day.
        var stale = StaleFigures.Check(
            Metric(Monday, null, 100m, 10_000_000),
            Metric(Monday.AddDays(1), null, 103m, 10_000_000));
        stale.Should().Be(new StaleSnapshot(Monday.AddDays(1), Monday, 100m, 103m, null, 10_000_000));
        stale!.Describe().Should().Be(
            "stale snapshot for 2025-03-04 not stored: shares outstanding 10,000,000 unchanged since 2025-03-03 while NAV moved 100 → 103");

        // AUM 1,000M → 1,050M with NAV 100 → 103 and shares unchanged: the AUM says a flow of
        // 1,050M − 1,000M × 103 / 100 = +20M (194,174 shares' worth at 103), so the shares are stale.
        StaleFigures.Check(
                Metric(Monday, 1_000_000_000m, 100m, 10_000_000),
                Metric(Monday.AddDays(1), 1_050_000_000m, 103m, 10_000_000))
            .Should().Be(new StaleSnapshot(Monday.AddDays(1), Monday, 100m, 103m, null, 10_000_000));

        // Both held: both named.
        StaleFigures.Check(
                Metric(Monday, 1_000_000_000m, 100m, 10_000_000),
                Metric(Monday.AddDays(3), 1_000_000_000m, 99m, 10_000_000))!
            .Describe().Should().Be(
                "stale snapshot for 2025-03-06 not stored: total assets $1,000,000,000 and shares outstanding 10,000,000 unchanged since 2025-03-03 while NAV moved 100 → 99");
    }

    [Fact]
    public void A_day_without_creations_is_real_when_the_aum_moved_with_nav_alone()
    {
        // Shares 10,000,000 on both days, NAV 100 → 103, AUM 1,000M → 1,030M:
        // 1,030M − 1,000M × 103 / 100 = 0, less than one share (103): a real day with no creations.
        StaleFigures.Check(
                Metric(Monday, 1_000_000_000m, 100m, 10_000_000),
                Metric(Monday.AddDays(1), 1_030_000_000m, 103m, 10_000_000))
            .Should().BeNull();

        // AUM rounded to the dollar: 1,030,000,050 − 1,000,000,000 × 1.03 = 50 < 103 → still one share's worth at most.
        StaleFigures.Check(
                Metric(Monday, 1_000_000_000m, 100m, 10_000_000),
                Metric(Monday.AddDays(1), 1_030_000_050m, 103m, 10_000_000))
            .Should().BeNull();

        // 1,030,000,103 − 1,030,000,000 = 103, not below 103: the AUM no longer vouches for unchanged shares.
        StaleFigures.Check(
                Metric(Monday, 1_000_000_000m, 100m, 10_000_000),
                Metric(Monday.AddDays(1), 1_030_000_103m, 103m, 10_000_000))
            .Should().NotBeNull();
    }

    [Fact]
    public void Moving_figures_an_unmoved_nav_or_a_missing_nav_or_predecessor_are_not_stale()
    {
        var monday = Metric(Monday, 1_000_000_000m, 100m, 10_000_000);

        // Everything moved: AUM 1,000M → 1,040M, NAV 100 → 103, shares 10.0M → 10.1M.
        StaleFigures.Check(monday, Metric(Monday.AddDays(1), 1_040_000_000m, 103m, 10_100_000)).Should().BeNull();
        // NAV unchanged at 100: unchanged AUM and shares are what a quiet day looks like.
        StaleFigures.Check(monday, Metric(Monday.AddDays(1), 1_000_000_000m, 100m, 10_000_000)).Should().BeNull();
        // Without a NAV on either side no move can be seen.
        StaleFigures.Check(monday, Metric(Monday.AddDays(1), 1_000_000_000m, null, 10_000_000)).Should().BeNull();
        StaleFigures.Check(monday with { NavPerShare = null }, Metric(Monday.AddDays(1), 1_000_000_000m, 103m, 10_000_000)).Should().BeNull();
        // A figure reported on one side only is not "unchanged".
        StaleFigures.Check(monday with { TotalAssetsUsd = null }, Metric(Monday.AddDays(1), 1_000_000_000m, 103m, 10_100_000)).Should().BeNull();
        // The first observation has nothing to be stale against.
        StaleFigures.Check(null, monday).Should().BeNull();
    }

    [Fact]
    public void The_predecessor_must_be_an_earlier_observation_of_the_same_fund_and_source()
    {
        var tuesday = Metric(Monday.AddDays(1), 1m, 1m, 1);

        ((Action)(() => StaleFigures.Check(Metric(Monday.AddDays(1), 1m, 2m, 1), tuesday))).Should().Throw<ArgumentException>();
        ((Action)(() => StaleFigures.Check(Metric(Monday, 1m, 2m, 1, symbol: "QQQ"), tuesday))).Should().Throw<ArgumentException>();
        ((Action)(() => StaleFigures.Check(Metric(Monday, 1m, 2m, 1, source: "nport"), tuesday))).Should().Throw<ArgumentException>();
    }
}
