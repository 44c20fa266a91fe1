using EtfData.Domain.Analytics;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Analytics;

public sealed class AumChangesTests
{
    // Observations (given out of order): Mon 2025-06-02 1,000; Tue 06-03 1,100; Mon 06-09 990 (6 days on);
    // Wed 07-02 1,188 (a long gap).
    private static readonly (DateOnly Date, decimal AumUsd)[] Observations =
    [
        (new DateOnly(2025, 7, 2), 1_188m),
        (new DateOnly(2025, 6, 2), 1_000m),
        (new DateOnly(2025, 6, 9), 990m),
        (new DateOnly(2025, 6, 3), 1_100m),
    ];

    [Fact]
    public void Changes_are_measured_against_real_earlier_observations_only()
    {
        var series = AumChanges.Series(Observations);

        series.Select(c => c.Date).Should().Equal(
            new DateOnly(2025, 6, 2), new DateOnly(2025, 6, 3), new DateOnly(2025, 6, 9), new DateOnly(2025, 7, 2));

        // 06-02: the first observation, nothing to compare with.
        series[0].DayOverDay.Should().BeNull();
        series[0].SevenDay.Should().BeNull();
        series[0].ThirtyDay.Should().BeNull();

        // 06-03: day over day vs 06-02: 1,100 − 1,000 = +100, 100 / 1,000 = 0.1. Seven days back is
        // 05-27: no observation on or before it.
        series[1].DayOverDay.Should().Be(new Change(new DateOnly(2025, 6, 2), 1_000m, 100m, 0.1m));
        series[1].SevenDay.Should().BeNull();

        // 06-09: the previous observation 06-03 is 6 days earlier, more than the flow rule's 5-day gap:
        // no day-over-day change. Seven days back = 06-02, observed: 990 − 1,000 = −10, −0.01.
        // Thirty back = 05-10: none.
        series[2].DayOverDay.Should().BeNull();
        series[2].SevenDay.Should().Be(new Change(new DateOnly(2025, 6, 2), 1_000m, -10m, -0.01m));
        series[2].ThirtyDay.Should().BeNull();

        // 07-02: the previous observation 06-09 is 23 days earlier: no day-over-day change. Seven back =
        // 06-25 → the latest on or before it is 06-09, 16 days before 06-25 (more than 5): none. Thirty
        // back = 06-02, observed: 1,188 − 1,000 = +188, 0.188.
        series[3].DayOverDay.Should().BeNull();
        series[3].SevenDay.Should().BeNull();
        series[3].ThirtyDay.Should().Be(new Change(new DateOnly(2025, 6, 2), 1_000m, 188m, 0.188m));
    }

    [Fact]
    public void A_day_over_day_change_spans_at_most_the_flow_rules_gap()
    {
        AumChanges.ToleranceDays.Should().Be(FlowEstimator.MaxGapDays);

        // Fri 06-06 100 → Wed 06-11 110: 5 days apart → +10, 0.1.
        AumChanges.Series([(new DateOnly(2025, 6, 6), 100m), (new DateOnly(2025, 6, 11), 110m)])[1].DayOverDay
            .Should().Be(new Change(new DateOnly(2025, 6, 6), 100m, 10m, 0.1m));
        // Fri 06-06 100 → Thu 06-12 110: 6 days apart → none.
        AumChanges.Series([(new DateOnly(2025, 6, 6), 100m), (new DateOnly(2025, 6, 12), 110m)])[1].DayOverDay
            .Should().BeNull();
        // 100M on Thu 2025-01-02, then 112M on Mon 2025-02-03 (32 days): no daily change.
        AumChanges.Series([(new DateOnly(2025, 1, 2), 100_000_000m), (new DateOnly(2025, 2, 3), 112_000_000m)])[1].DayOverDay
            .Should().BeNull();
    }

    [Fact]
    public void Seven_and_thirty_day_changes_take_the_latest_observation_on_or_before_within_five_days()
    {
        // 7-day change of Fri 06-20 (1,200): target 06-13. Base Sun 06-08 (1,000) is 5 days before the
        // target → 1,200 − 1,000 = +200, 0.2. Base Sat 06-07 is 6 days before → none.
        AumChanges.Series([(new DateOnly(2025, 6, 8), 1_000m), (new DateOnly(2025, 6, 20), 1_200m)])[1].SevenDay
            .Should().Be(new Change(new DateOnly(2025, 6, 8), 1_000m, 200m, 0.2m));
        AumChanges.Series([(new DateOnly(2025, 6, 7), 1_000m), (new DateOnly(2025, 6, 20), 1_200m)])[1].SevenDay
            .Should().BeNull();

        // 30-day change of Tue 07-15 (1,100): target 06-15. Base 06-10 (1,000), 5 days before → +100, 0.1.
        // Base 06-09, 6 days before → none. An observation after the target (06-16) never stands in.
        AumChanges.Series([(new DateOnly(2025, 6, 10), 1_000m), (new DateOnly(2025, 7, 15), 1_100m)])[1].ThirtyDay
            .Should().Be(new Change(new DateOnly(2025, 6, 10), 1_000m, 100m, 0.1m));
        AumChanges.Series([(new DateOnly(2025, 6, 9), 1_000m), (new DateOnly(2025, 7, 15), 1_100m)])[1].ThirtyDay
            .Should().BeNull();
        AumChanges.Series([(new DateOnly(2025, 6, 16), 1_000m), (new DateOnly(2025, 7, 15), 1_100m)])[1].ThirtyDay
            .Should().BeNull();
    }

    [Fact]
    public void A_change_from_zero_has_an_absolute_amount_but_no_fraction()
    {
        // 0 → 50: +50 USD, 50 / 0 undefined → null.
        var series = AumChanges.Series([(new DateOnly(2025, 6, 2), 0m), (new DateOnly(2025, 6, 3), 50m)]);

        series[1].DayOverDay.Should().Be(new Change(new DateOnly(2025, 6, 2), 0m, 50m, null));
    }

    [Fact]
    public void No_observations_give_no_changes_and_duplicate_dates_are_refused()
    {
        AumChanges.Series([]).Should().BeEmpty();

        var act = () => AumChanges.Series([(new DateOnly(2025, 6, 2), 1m), (new DateOnly(2025, 6, 2), 2m)]);
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Growth_is_read_from_the_latest_observation()
    {
        // Latest = 07-02, 1,188: no 1d (previous 23 days earlier), no 7d (base 16 days off), 30d 0.188
        // (worked in the first test).
        AumScreen.Growth(Observations).Should().Be(new AumGrowth(new DateOnly(2025, 7, 2), 1_188m, null, null, 0.188m));
    }

    [Fact]
    public void Growth_of_one_observation_has_no_changes_and_of_none_is_refused()
    {
        AumScreen.Growth([(new DateOnly(2025, 6, 2), 5m)])
            .Should().Be(new AumGrowth(new DateOnly(2025, 6, 2), 5m, null, null, null));

        var act = () => AumScreen.Growth([]);
        act.Should().Throw<ArgumentException>();
    }
}
