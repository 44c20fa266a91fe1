using EtfData.Domain.Analytics;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Analytics;

public sealed class PremiumDiscountTests
{
    [Fact]
    public void Premium_is_price_over_nav_minus_one_and_null_without_a_positive_nav()
    {
        // (102 − 100) / 100 = 0.02 premium; (99 − 100) / 100 = −0.01 discount; NAV 0 or −1: undefined.
        PremiumDiscount.Of(102m, 100m).Should().Be(0.02m);
        PremiumDiscount.Of(99m, 100m).Should().Be(-0.01m);
        PremiumDiscount.Of(1m, 0m).Should().BeNull();
        PremiumDiscount.Of(1m, -1m).Should().BeNull();
    }

    [Fact]
    public void Runs_break_at_the_threshold_on_a_change_of_sign_and_on_a_day_without_nav()
    {
        // NAV 100 every day, threshold 2 %:
        //   d1 103 (+3 %), d2 102.5 (+2.5 %), d3 104 (+4 %)   → premium run of 3 days, max 0.04
        //   d4 102 (+2 %, exactly at the threshold: not beyond) → ends it
        //   d5 97 (−3 %), d6 96 (−4 %)                         → discount run of 2 days, max 0.04
        //   d7 103 (+3 %, other sign)                          → ends it; a premium run of 1 day
        //   d8 NAV 0 (no premium)                              → ends that
        // minDays 2 keeps runs of more than 2 days: only d1–d3. minDays 1 also keeps d5–d6.
        var d = new DateOnly(2025, 6, 2);
        var days = new (DateOnly, decimal, decimal)[]
        {
            (d.AddDays(7), 103m, 0m),
            (d, 103m, 100m),
            (d.AddDays(1), 102.5m, 100m),
            (d.AddDays(2), 104m, 100m),
            (d.AddDays(3), 102m, 100m),
            (d.AddDays(4), 97m, 100m),
            (d.AddDays(5), 96m, 100m),
            (d.AddDays(6), 103m, 100m),
        };

        PremiumDiscount.RunsBeyond(days, 0.02m, 2).Should().Equal(
            new PremiumRun(d, d.AddDays(2), 3, 0.04m, IsPremium: true));
        PremiumDiscount.RunsBeyond(days, 0.02m, 1).Should().Equal(
            new PremiumRun(d, d.AddDays(2), 3, 0.04m, IsPremium: true),
            new PremiumRun(d.AddDays(4), d.AddDays(5), 2, 0.04m, IsPremium: false));
    }

    [Fact]
    public void Rule_6c_11_needs_more_than_seven_consecutive_trading_days_beyond_two_percent()
    {
        // Discount of 2.5 % (close 97.5, NAV 100) on trading days Mon 06-02 .. Wed 06-11: 06-02, 03, 04,
        // 05, 06, 09, 10, 11 = 8 days (the weekend is no gap: the days are consecutive observations).
        // 8 > 7 → one run. The same without 06-11 is 7 days: not more than 7 → none.
        var tradingDays = new[] { 2, 3, 4, 5, 6, 9, 10, 11 }.Select(day => new DateOnly(2025, 6, day)).ToList();
        var eight = tradingDays.Select(day => (day, 97.5m, 100m)).ToList();
        var seven = eight.Take(7).ToList();

        PremiumDiscount.RunsBeyond(eight, 0.02m, 7).Should().Equal(
            new PremiumRun(new DateOnly(2025, 6, 2), new DateOnly(2025, 6, 11), 8, 0.025m, IsPremium: false));
        PremiumDiscount.RunsBeyond(seven, 0.02m, 7).Should().BeEmpty();
    }

    [Fact]
    public void No_days_give_no_runs_and_a_negative_threshold_is_refused()
    {
        PremiumDiscount.RunsBeyond([], 0.02m, 7).Should().BeEmpty();

        var act = () => PremiumDiscount.RunsBeyond([], -0.02m, 7);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
