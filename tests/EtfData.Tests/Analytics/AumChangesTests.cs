using EtfData.Domain.Analytics;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Analytics;

public sealed class AumChangesTests
{
    // Observations (given out of order): Mon 2025-06-02 1,000; Tue 06-03 1,100; Mon 06-09 990 (a gap);
    // Wed 07-02 1,188.
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

        // 06-09: vs the previous observation 06-03: 990 − 1,100 = −110, −110 / 1,100 = −0.1.
        // Seven days back = 06-02, observed: 990 − 1,000 = −10, −0.01. Thirty back = 05-10: none.
        series[2].DayOverDay.Should().Be(new Change(new DateOnly(2025, 6, 3), 1_100m, -110m, -0.1m));
        series[2].SevenDay.Should().Be(new Change(new DateOnly(2025, 6, 2), 1_000m, -10m, -0.01m));
        series[2].ThirtyDay.Should().BeNull();

        // 07-02: vs 06-09: 1,188 − 990 = +198, 198 / 990 = 0.2. Seven back = 06-25 → latest on or before
        // is 06-09 (no interpolation): again +198, 0.2. Thirty back = 06-02: 1,188 − 1,000 = +188, 0.188.
        series[3].DayOverDay.Should().Be(new Change(new DateOnly(2025, 6, 9), 990m, 198m, 0.2m));
        series[3].SevenDay.Should().Be(new Change(new DateOnly(2025, 6, 9), 990m, 198m, 0.2m));
        series[3].ThirtyDay.Should().Be(new Change(new DateOnly(2025, 6, 2), 1_000m, 188m, 0.188m));
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
        // Latest = 07-02, 1,188: 1d 0.2, 7d 0.2, 30d 0.188 (worked in the first test).
        AumScreen.Growth(Observations).Should().Be(new AumGrowth(new DateOnly(2025, 7, 2), 1_188m, 0.2m, 0.2m, 0.188m));
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
