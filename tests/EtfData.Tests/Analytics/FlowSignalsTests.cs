using EtfData.Domain.Analytics;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Analytics;

public sealed class FlowSignalsTests
{
    [Fact]
    public void Inflows_rising_price_and_rising_volume_are_a_buy()
    {
        // flow5dPct = 10M / 1,000M × 100 = 1 → FlowScore 50 + 25 × 1 = 75.
        // return5dPct = 0.02 × 100 = 2 → PriceScore 50 + 5 × 2 = 60.
        // VolumeScore = 50 × 1.5M / 1M = 75. s = sign(75 − 50) = +1.
        // Composite = 0.5 × 25 + 0.3 × 10 + 0.2 × 25 × 1 = 12.5 + 3 + 5 = 20.5 ≥ 10 → Buy;
        // Strength = round(min(100, 41)) = 41. Flow up and price up: no divergence.
        var signal = FlowSignals.Compute(new FlowSignalInput("SPY", 10_000_000m, 1_000_000_000m, 0.02m, 1_500_000m, 1_000_000m));

        signal.Should().Be(new FlowSignal("SPY", SignalDirection.Buy, 41, 75m, 60m, 75m, 20.5m, Divergence.None));
    }

    [Fact]
    public void Outflows_into_a_rally_on_heavy_volume_are_a_sell_and_distribution()
    {
        // flow5dPct = −30M / 1,000M × 100 = −3 → 50 − 75 = −25 → clamped to 0.
        // return5dPct = 4 → PriceScore 70. VolumeScore = 50 × 2M / 1M = 100. s = sign(0 − 50) = −1.
        // Composite = 0.5 × (−50) + 0.3 × 20 + 0.2 × 50 × (−1) = −25 + 6 − 10 = −29 → Sell; Strength 58.
        // Flow < 0 while return > 0 → Distribution.
        var signal = FlowSignals.Compute(new FlowSignalInput("SPY", -30_000_000m, 1_000_000_000m, 0.04m, 2_000_000m, 1_000_000m));

        signal.Should().Be(new FlowSignal("SPY", SignalDirection.Sell, 58, 0m, 70m, 100m, -29m, Divergence.Distribution));
    }

    [Fact]
    public void Small_inflows_into_a_falling_price_are_buying_the_dip_and_strength_rounds_half_away_from_zero()
    {
        // flow5dPct = 1M / 1,000M × 100 = 0.1 → FlowScore 52.5. return5dPct = −1 → PriceScore 45.
        // Volume unknown → 50. Composite = 0.5 × 2.5 + 0.3 × (−5) + 0.2 × 0 × 1 = 1.25 − 1.5 = −0.25 → Neutral;
        // Strength = round(0.5) = 1 (away from zero). Flow > 0, return < 0 → BuyingTheDip.
        var signal = FlowSignals.Compute(new FlowSignalInput("SPY", 1_000_000m, 1_000_000_000m, -0.01m, null, 1_000_000m));

        signal.Should().Be(new FlowSignal("SPY", SignalDirection.Neutral, 1, 52.5m, 45m, 50m, -0.25m, Divergence.BuyingTheDip));
    }

    [Fact]
    public void Unknown_or_zero_denominators_score_50()
    {
        // Nothing known: every score 50, composite 0, Neutral, strength 0.
        FlowSignals.Compute(new FlowSignalInput("SPY", null, null, null, null, null))
            .Should().Be(new FlowSignal("SPY", SignalDirection.Neutral, 0, 50m, 50m, 50m, 0m, Divergence.None));

        // AUM 0 and 20-day volume 0: flow and volume scores 50, not a division by zero.
        var zero = FlowSignals.Compute(new FlowSignalInput("SPY", 5m, 0m, null, 10m, 0m));
        zero.FlowScore.Should().Be(50m);
        zero.VolumeScore.Should().Be(50m);
    }

    [Fact]
    public void Volume_only_counts_in_the_direction_of_the_flow()
    {
        // Flow unknown → FlowScore 50 → s = 0. return5dPct 4 → PriceScore 70. VolumeScore 50 × 3 / 1 → 150
        // → clamped to 100, but × 0. Composite = 0 + 0.3 × 20 + 0 = 6 → Neutral, Strength 12.
        var signal = FlowSignals.Compute(new FlowSignalInput("SPY", null, 1_000m, 0.04m, 3m, 1m));

        signal.Should().Be(new FlowSignal("SPY", SignalDirection.Neutral, 12, 50m, 70m, 100m, 6m, Divergence.None));
    }

    [Fact]
    public void A_composite_of_exactly_10_is_a_buy_and_the_maximum_is_50_with_strength_100()
    {
        // flow5dPct = 8M / 1,000M × 100 = 0.8 → FlowScore 70; price and volume unknown (50).
        // Composite = 0.5 × 20 = 10 → Buy (≥ 10); Strength 20.
        var edge = FlowSignals.Compute(new FlowSignalInput("SPY", 8_000_000m, 1_000_000_000m, null, null, null));
        (edge.Direction, edge.Composite, edge.Strength).Should().Be((SignalDirection.Buy, 10m, 20));

        // Everything saturated: scores 100 → Composite = 25 + 15 + 10 = 50; Strength = min(100, 100) = 100.
        var max = FlowSignals.Compute(new FlowSignalInput("SPY", 1_000m, 1_000m, 1m, 10m, 1m));
        (max.Composite, max.Strength, max.Direction).Should().Be((50m, 100, SignalDirection.Buy));

        // The mirror image: flow −100 %, return −100 %, heavy volume confirming the outflow.
        // Composite = 0.5 × (−50) + 0.3 × (−50) + 0.2 × 50 × (−1) = −50 → Sell, Strength 100.
        var min = FlowSignals.Compute(new FlowSignalInput("SPY", -1_000m, 1_000m, -1m, 10m, 1m));
        (min.Composite, min.Strength, min.Direction).Should().Be((-50m, 100, SignalDirection.Sell));
    }

    [Fact]
    public void The_published_formula_states_the_composite_and_that_flows_are_not_volume_times_price()
    {
        FlowSignals.Formula.Should().Contain("Composite = 0.5 × (FlowScore − 50) + 0.3 × (PriceScore − 50) + 0.2 × (VolumeScore − 50) × s");
        FlowSignals.Formula.Should().Contain("never volume × price");
    }
}
