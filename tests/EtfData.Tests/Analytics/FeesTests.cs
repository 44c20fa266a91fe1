using EtfData.Domain.Analytics;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Analytics;

public sealed class FeesTests
{
    [Fact]
    public void The_textbook_year_costs_one_percent_of_a_constant_aum_by_both_methods()
    {
        // AUM 100M at both ends of 2025 (365 days), 1 % a year:
        //   simple        = (100M + 100M) / 2 × 0.01 × 365 / 365 = 1,000,000.00
        //   time-weighted = Σ over 365 days of 100M × 0.01 / 365 = 365 × 2,739.726… = 1,000,000.00
        var observations = new[] { (new DateOnly(2025, 1, 1), 100_000_000m), (new DateOnly(2026, 1, 1), 100_000_000m) };

        var fee = Fees.Estimate(0.01m, observations, new DateOnly(2025, 1, 1), new DateOnly(2026, 1, 1));

        fee.Days.Should().Be(365);
        fee.DayCount.Should().Be("actual/365");
        fee.YearFraction.Should().Be(1m);
        fee.SimpleFeeUsd.Should().Be(1_000_000.00m);
        fee.TimeWeightedFeeUsd.Should().Be(1_000_000.00m);
    }

    [Fact]
    public void A_mid_month_inflow_makes_the_time_weighted_fee_smaller_than_the_simple_one()
    {
        // Acceptance example: 100M on 06-01, a 5M inflow on 06-16 (105M), 107M on 07-01; 1 % a year
        // from 2025-06-01 to 2025-07-01 = 30 days (06-01 … 06-30 accrue; 07-01 does not).
        //   simple average = (100M + 107M) / 2 = 103.5M → fee 103.5M × 0.01 × 30 / 365
        //                  = 1,035,000 × 30 / 365 = 31,050,000 / 365 = 85,068.4931… → 85,068.49
        //   time-weighted: 100M for 15 days (06-01 … 06-15), 105M for 15 days (06-16 … 06-30):
        //     Σ AUM(d) = 1,500M + 1,575M = 3,075M → average 3,075M / 30 = 102.5M
        //     fee = 3,075M × 0.01 / 365 = 30,750,000 / 365 = 84,246.5753… → 84,246.58
        var observations = new[]
        {
            (new DateOnly(2025, 7, 1), 107_000_000m),
            (new DateOnly(2025, 6, 1), 100_000_000m),
            (new DateOnly(2025, 6, 16), 105_000_000m),
        };

        var fee = Fees.Estimate(0.01m, observations, new DateOnly(2025, 6, 1), new DateOnly(2025, 7, 1));

        fee.Days.Should().Be(30);
        fee.YearFraction.Should().Be(30m / 365m);
        fee.BeginAumUsd.Should().Be(100_000_000m);
        fee.EndAumUsd.Should().Be(107_000_000m);
        fee.SimpleAverageAumUsd.Should().Be(103_500_000m);
        fee.TimeWeightedAverageAumUsd.Should().Be(102_500_000m);
        fee.SimpleFeeUsd.Should().Be(85_068.49m);
        fee.TimeWeightedFeeUsd.Should().Be(84_246.58m);
    }

    [Fact]
    public void A_period_starting_between_observations_accrues_the_balance_each_day_held()
    {
        // From 2025-01-31 to 2025-03-15: 43 days. Begin = latest on or before 01-31 = 01-15 (43M); end = latest
        // on or before 03-15 = 03-01 (86M); the 2024-12-01 and 03-20 observations play no part.
        //   simple average = (43M + 86M) / 2 = 64.5M → 64.5M × 0.0012 × 43 / 365 = 77,400 × 43 / 365
        //                  = 3,328,200 / 365 = 9,118.3561… → 9,118.36
        //   time-weighted: 43M on 01-31 … 02-28 (29 days), 86M on 03-01 … 03-14 (14 days):
        //     Σ AUM(d) = 1,247M + 1,204M = 2,451M → average 2,451M / 43 = 57M
        //     fee = 2,451M × 0.0012 / 365 = 2,941,200 / 365 = 8,058.0821… → 8,058.08
        var observations = new[]
        {
            (new DateOnly(2024, 12, 1), 1m),
            (new DateOnly(2025, 1, 15), 43_000_000m),
            (new DateOnly(2025, 3, 1), 86_000_000m),
            (new DateOnly(2025, 3, 20), 999_000_000m),
        };

        var fee = Fees.Estimate(0.0012m, observations, new DateOnly(2025, 1, 31), new DateOnly(2025, 3, 15));

        fee.Days.Should().Be(43);
        fee.BeginAumUsd.Should().Be(43_000_000m);
        fee.EndAumUsd.Should().Be(86_000_000m);
        fee.SimpleAverageAumUsd.Should().Be(64_500_000m);
        fee.TimeWeightedAverageAumUsd.Should().Be(57_000_000m);
        fee.SimpleFeeUsd.Should().Be(9_118.36m);
        fee.TimeWeightedFeeUsd.Should().Be(8_058.08m);
    }

    [Fact]
    public void One_observation_before_the_period_holds_for_all_of_it()
    {
        // 365M observed 2024-12-31, period 2025-01-01 → 2025-01-11: 10 days. Both averages 365M;
        // fee at 1 %: 365M × 0.01 × 10 / 365 = 100,000.00.
        var fee = Fees.Estimate(0.01m, [(new DateOnly(2024, 12, 31), 365_000_000m)], new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 11));

        fee.Days.Should().Be(10);
        fee.SimpleFeeUsd.Should().Be(100_000.00m);
        fee.TimeWeightedFeeUsd.Should().Be(100_000.00m);
    }

    [Fact]
    public void Thirty_days_of_january_cost_more_than_twenty_eight_days_of_february()
    {
        // Constant 100M at 1 %: January 01-01 → 01-31 = 30 days → 100M × 0.01 × 30 / 365 = 82,191.7808… → 82,191.78;
        // February 02-01 → 03-01 = 28 days → 100M × 0.01 × 28 / 365 = 76,712.3287… → 76,712.33.
        // (A months/12 year fraction charged February a whole 1/12 = 83,333.33, more than January's 30 days.)
        var observations = new[] { (new DateOnly(2025, 1, 1), 100_000_000m) };

        var january = Fees.Estimate(0.01m, observations, new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31));
        var february = Fees.Estimate(0.01m, observations, new DateOnly(2025, 2, 1), new DateOnly(2025, 3, 1));

        (january.SimpleFeeUsd, january.TimeWeightedFeeUsd).Should().Be((82_191.78m, 82_191.78m));
        (february.SimpleFeeUsd, february.TimeWeightedFeeUsd).Should().Be((76_712.33m, 76_712.33m));
    }

    [Fact]
    public void At_a_constant_aum_the_fee_never_decreases_as_the_period_grows_wherever_it_starts()
    {
        // Property: with AUM constant, a period of n + 1 days never costs less than one of n days,
        // whatever the start (every start in 2024, a leap year, and 2025), for n = 1 … 800, by both methods.
        var observations = new[] { (new DateOnly(2023, 12, 1), 250_000_000m) };
        var starts = Enumerable.Range(0, 731).Select(i => new DateOnly(2024, 1, 1).AddDays(i)).Where((_, i) => i % 3 == 0).ToList();
        var previousMax = (Simple: 0m, TimeWeighted: 0m);
        for (var days = 1; days <= 800; days++)
        {
            var fees = starts.Select(start => Fees.Estimate(0.0009m, observations, start, start.AddDays(days))).ToList();
            fees.Min(f => f.SimpleFeeUsd).Should().BeGreaterThanOrEqualTo(previousMax.Simple, "a {0}-day period must not cost less than a shorter one", days);
            fees.Min(f => f.TimeWeightedFeeUsd).Should().BeGreaterThanOrEqualTo(previousMax.TimeWeighted, "a {0}-day period must not cost less than a shorter one", days);
            previousMax = (fees.Max(f => f.SimpleFeeUsd), fees.Max(f => f.TimeWeightedFeeUsd));
        }
    }

    [Fact]
    public void The_daily_accrual_never_decreases_when_a_period_is_extended_at_either_end()
    {
        // Property: for a varying AUM (a seeded random walk of observations on random days), extending a
        // period by one day at its end or at its start never lowers the time-weighted fee, since each
        // day adds AUM(d) × rate / 365 ≥ 0.
        var random = new Random(20250601);
        var observations = new List<(DateOnly Date, decimal AumUsd)>();
        var aum = 500_000_000m;
        for (var day = new DateOnly(2024, 1, 2); day < new DateOnly(2026, 1, 1); day = day.AddDays(random.Next(1, 6)))
        {
            aum = Math.Max(0m, aum * (decimal)(1 + ((random.NextDouble() - 0.5) * 0.2)));
            observations.Add((day, Math.Round(aum)));
        }

        for (var trial = 0; trial < 200; trial++)
        {
            var from = new DateOnly(2024, 1, 2).AddDays(random.Next(0, 600));
            var to = from.AddDays(random.Next(1, 90));
            var fee = Fees.Estimate(0.0075m, observations, from, to).TimeWeightedFeeUsd;
            Fees.Estimate(0.0075m, observations, from, to.AddDays(1)).TimeWeightedFeeUsd.Should().BeGreaterThanOrEqualTo(fee);
            if (from > observations[0].Date)
            {
                Fees.Estimate(0.0075m, observations, from.AddDays(-1), to).TimeWeightedFeeUsd.Should().BeGreaterThanOrEqualTo(fee);
            }
        }
    }

    [Fact]
    public void An_empty_period_or_no_observation_at_its_start_is_refused()
    {
        var observations = new[] { (new DateOnly(2025, 6, 1), 1m) };

        ((Action)(() => Fees.Estimate(0.01m, observations, new DateOnly(2025, 6, 1), new DateOnly(2025, 6, 1)))).Should().Throw<ArgumentException>();
        ((Action)(() => Fees.Estimate(0.01m, observations, new DateOnly(2025, 5, 31), new DateOnly(2025, 6, 30)))).Should().Throw<ArgumentException>();
        ((Action)(() => Fees.Estimate(0.01m, [], new DateOnly(2025, 6, 1), new DateOnly(2025, 6, 30)))).Should().Throw<ArgumentException>();
    }
}
