using EtfData.Domain.Analytics;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Analytics;

public sealed class FeesTests
{
    [Fact]
    public void A_mid_month_inflow_makes_the_time_weighted_fee_smaller_than_the_simple_one()
    {
        // Acceptance example: 100M on 06-01, a 5M inflow on 06-16 (105M), 107M on 07-01; 1 % a year
        // from 2025-06-01 to 2025-07-01 (30 days, one whole month → year fraction 1/12).
        //   simple average = (100M + 107M) / 2 = 103.5M → fee 0.01 × 103.5M / 12 = 86,250.00
        //   time-weighted  = (100M × 15 + 105M × 15) / 30 = 102.5M → 0.01 × 102.5M / 12 = 85,416.666… → 85,416.67
        // (the 07-01 observation holds for 0 days inside the period).
        var observations = new[]
        {
            (new DateOnly(2025, 7, 1), 107_000_000m),
            (new DateOnly(2025, 6, 1), 100_000_000m),
            (new DateOnly(2025, 6, 16), 105_000_000m),
        };

        var fee = Fees.Estimate(0.01m, observations, new DateOnly(2025, 6, 1), new DateOnly(2025, 7, 1));

        fee.YearFraction.Should().Be(1m / 12m);
        fee.BeginAumUsd.Should().Be(100_000_000m);
        fee.EndAumUsd.Should().Be(107_000_000m);
        fee.SimpleAverageAumUsd.Should().Be(103_500_000m);
        fee.TimeWeightedAverageAumUsd.Should().Be(102_500_000m);
        fee.SimpleFeeUsd.Should().Be(86_250.00m);
        fee.TimeWeightedFeeUsd.Should().Be(85_416.67m);
    }

    [Fact]
    public void A_period_starting_between_observations_and_at_a_month_end_counts_whole_months_then_days()
    {
        // From 2025-01-31 to 2025-03-15 (43 days). Whole months: 01-31 + 1 month = 02-28 ≤ 03-15, + 2 months
        // = 03-31 > 03-15 → 1 month, then 02-28 → 03-15 = 15 days: year fraction 1/12 + 15/365 = 545/4380.
        // Begin = latest on or before 01-31 = 01-15 (43M); end = latest on or before 03-15 = 03-01 (86M);
        // the 2024-12-01 and 03-20 observations play no part.
        //   simple average = (43M + 86M) / 2 = 64.5M
        //   time-weighted: 43M holds 01-31 → 03-01 (29 days), 86M holds 03-01 → 03-15 (14 days):
        //     (43M × 29 + 86M × 14) / 43 = (1,247M + 1,204M) / 43 = 57M
        //   fees at 0.12 %: 0.0012 × 64.5M × 545 / 4,380 = 42,183,000 / 4,380 = 9,630.8219… → 9,630.82
        //                   0.0012 × 57M × 545 / 4,380 = 37,278,000 / 4,380 = 8,510.9589… → 8,510.96
        var observations = new[]
        {
            (new DateOnly(2024, 12, 1), 1m),
            (new DateOnly(2025, 1, 15), 43_000_000m),
            (new DateOnly(2025, 3, 1), 86_000_000m),
            (new DateOnly(2025, 3, 20), 999_000_000m),
        };

        var fee = Fees.Estimate(0.0012m, observations, new DateOnly(2025, 1, 31), new DateOnly(2025, 3, 15));

        fee.YearFraction.Should().Be(545m / 4380m);
        fee.BeginAumUsd.Should().Be(43_000_000m);
        fee.EndAumUsd.Should().Be(86_000_000m);
        fee.SimpleAverageAumUsd.Should().Be(64_500_000m);
        fee.TimeWeightedAverageAumUsd.Should().Be(57_000_000m);
        fee.SimpleFeeUsd.Should().Be(9_630.82m);
        fee.TimeWeightedFeeUsd.Should().Be(8_510.96m);
    }

    [Fact]
    public void One_observation_before_the_period_holds_for_all_of_it()
    {
        // 365M observed 2024-12-31, period 2025-01-01 → 2025-01-11: 0 whole months (02-01 > 01-11), 10 days
        // → year fraction 10/365. Both averages 365M; fee at 1 %: 0.01 × 365M × 10 / 365 = 100,000.00.
        var fee = Fees.Estimate(0.01m, [(new DateOnly(2024, 12, 31), 365_000_000m)], new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 11));

        fee.YearFraction.Should().Be(120m / 4380m);
        fee.SimpleFeeUsd.Should().Be(100_000.00m);
        fee.TimeWeightedFeeUsd.Should().Be(100_000.00m);
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
