using EtfData.Domain;
using EtfData.Domain.Analytics;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Analytics;

public sealed class OverlapTests
{
    [Fact]
    public void Acceptance_example_overlap_and_concentration_of_two_three_holding_funds()
    {
        // A = {X 0.5, Y 0.3, Z 0.2}, B = {X 0.4, Y 0.1, W 0.5}. Common: X and Y.
        //   by weight = min(0.5, 0.4) + min(0.3, 0.1) = 0.4 + 0.1 = 0.5
        //   by count of A = 2 / 3 ≈ 0.6667, by count of B = 2 / 3
        //   HHI(A) = 0.5² + 0.3² + 0.2² = 0.25 + 0.09 + 0.04 = 0.38; effective holdings = 1 / 0.38 ≈ 2.6316
        var a = new[] { H(1, "X", 0.5m), H(2, "Y", 0.3m), H(3, "Z", 0.2m) };
        var b = new[] { H(1, "X", 0.4m), H(2, "Y", 0.1m), H(3, "W", 0.5m) };

        var overlap = Overlap.Between(a, b);

        overlap.ByWeight.Should().Be(0.5m);
        overlap.ByCountOfA.Should().BeApproximately(0.6667m, 0.00005m);
        overlap.ByCountOfB.Should().BeApproximately(0.6667m, 0.00005m);
        overlap.Common.Select(c => (c.InA.Ticker, c.WeightA, c.WeightB, c.MinWeight, c.MatchedOn)).Should().Equal(
            ("X", 0.5m, 0.4m, 0.4m, HoldingMatch.Ticker),
            ("Y", 0.3m, 0.1m, 0.1m, HoldingMatch.Ticker));

        var concentration = Concentration.Of(a);
        concentration.Hhi.Should().Be(0.38m);
        concentration.EffectiveHoldings.Should().BeApproximately(2.6316m, 0.00005m);
        concentration.Top10Weight.Should().Be(1.0m);
        concentration.Count.Should().Be(3);
    }

    [Fact]
    public void Ratios_are_stated_to_ten_decimal_places()
    {
        // A = {X 0.5, Y 0.3, Z 0.2}, B = {X 0.4, Y 0.1, W 0.5}: by count 2 / 3 = 0.66666666666… → 0.6666666667
        // (not decimal division's 28 digits); 1 / HHI(A) = 1 / 0.38 = 2.63157894736… → 2.6315789474;
        // sector exposure of A with only X classified: 0.5 / 1.0 = 0.5; of {X 0.1 classified, Y 0.2} 0.1 / 0.3 = 0.3333333333.
        var a = new[] { H(1, "X", 0.5m), H(2, "Y", 0.3m), H(3, "Z", 0.2m) };
        var b = new[] { H(1, "X", 0.4m), H(2, "Y", 0.1m), H(3, "W", 0.5m) };

        var overlap = Overlap.Between(a, b);
        overlap.ByCountOfA.Should().Be(0.6666666667m);
        overlap.ByCountOfB.Should().Be(0.6666666667m);
        Concentration.Of(a).EffectiveHoldings.Should().Be(2.6315789474m);
        Exposure.By([("IT", 0.1m), (null, 0.2m)]).ClassifiedShare.Should().Be(0.3333333333m);
    }

    [Fact]
    public void Overlap_by_count_is_asymmetric()
    {
        // A = {X, Y}, B = {X, P, Q, R}: one common holding → 1 / 2 = 0.5 of A, 1 / 4 = 0.25 of B.
        // By weight: min(0.6, 0.1) = 0.1.
        var a = new[] { H(1, "X", 0.6m), H(2, "Y", 0.4m) };
        var b = new[] { H(1, "X", 0.1m), H(2, "P", 0.3m), H(3, "Q", 0.3m), H(4, "R", 0.3m) };

        var overlap = Overlap.Between(a, b);

        (overlap.ByWeight, overlap.ByCountOfA, overlap.ByCountOfB).Should().Be((0.1m, 0.5m, 0.25m));
    }

    [Fact]
    public void Holdings_match_on_the_first_identifier_both_carry()
    {
        // 1. Apple: CUSIP in A only, ticker "AAPL" vs " aapl" in B → matched by ticker (upper-cased, trimmed).
        // 2. Same ticker "XYZ" but different CUSIPs on both sides → different securities, not matched.
        // 3. Same ISIN, CUSIP on one side only → matched by ISIN (the CUSIP is not on both).
        // 4. No identifiers but the name, "Acme Private Placement" vs "ACME PRIVATE PLACEMENT " → matched by name.
        // 5. Same CUSIP, different tickers (a renamed ticker) → matched by CUSIP.
        // By weight = min(0.1, 0.2) + min(0.05, 0.05) + min(0.02, 0.01) + min(0.3, 0.25)
        //           = 0.1 + 0.05 + 0.01 + 0.25 = 0.41; 4 of 5 in common → 0.8 both ways.
        var a = new[]
        {
            H(1, "AAPL", 0.1m) with { Cusip = "037833100" },
            H(2, "XYZ", 0.2m) with { Cusip = "111111111" },
            H(3, null, 0.05m, name: "Bund 2030") with { Isin = "DE0001102499" },
            H(4, null, 0.02m, name: "Acme Private Placement"),
            H(5, "FB", 0.3m) with { Cusip = "30303M102" },
        };
        var b = new[]
        {
            H(1, " aapl", 0.2m),
            H(2, "XYZ", 0.2m) with { Cusip = "222222222" },
            H(3, null, 0.05m, name: "Bundesrepublik 0% 2030") with { Isin = "de0001102499", Cusip = "D20658CJ6" },
            H(4, null, 0.01m, name: "ACME PRIVATE PLACEMENT "),
            H(5, "META", 0.25m) with { Cusip = "30303M102" },
        };

        var overlap = Overlap.Between(a, b);

        overlap.ByWeight.Should().Be(0.41m);
        overlap.ByCountOfA.Should().Be(0.8m);
        overlap.ByCountOfB.Should().Be(0.8m);
        overlap.Common.Select(c => (c.InA.Position, c.InB.Position, c.MatchedOn)).Should().BeEquivalentTo(new[]
        {
            (1, 1, HoldingMatch.Ticker),
            (3, 3, HoldingMatch.Isin),
            (4, 4, HoldingMatch.Name),
            (5, 5, HoldingMatch.Cusip),
        });
    }

    [Fact]
    public void Names_match_only_securities_without_any_identifier_and_with_the_same_title()
    {
        // Each pair shares a name; none is a common holding except the last:
        // 1. "USD CASH", asset class Cash on both sides → cash, never matched by name.
        // 2. "GOLDMAN SACHS" swap lines (N-PORT derivative, category SWP) sharing the counterparty's name → not matched.
        // 3. "CASH COLLATERAL USD" with sector "Cash and/or Derivatives" → not matched.
        // 4. "Acme Corp" with a ticker in A only → a name alone is too weak against an identifier → not matched.
        // 5. "Acme Corp" bonds, no identifiers, titles "4% 2030" vs "5% 2035" → different issues, not matched.
        // 6. "Zeta Holdings", no identifiers, same title on both → matched by name: min(0.03, 0.02) = 0.02.
        // By weight = 0.02; 1 of 6 in common → 1/6 both ways.
        var a = new[]
        {
            H(1, null, 0.05m, name: "USD CASH") with { AssetClass = "Cash" },
            H(2, null, 0.01m, name: "GOLDMAN SACHS") with { InstrumentKind = NportInstrumentKind.Derivative, DerivativeCategory = "SWP" },
            H(3, null, 0.02m, name: "CASH COLLATERAL USD") with { Sector = "Cash and/or Derivatives" },
            H(4, "ACME", 0.04m, name: "Acme Corp"),
            H(5, null, 0.01m, name: "Acme Corp") with { Title = "4% 2030" },
            H(6, null, 0.03m, name: "Zeta Holdings") with { Title = "Class A" },
        };
        var b = new[]
        {
            H(1, null, 0.04m, name: "USD CASH") with { AssetClass = "Cash" },
            H(2, null, -0.01m, name: "GOLDMAN SACHS") with { InstrumentKind = NportInstrumentKind.Derivative, DerivativeCategory = "SWP" },
            H(3, null, 0.02m, name: "CASH COLLATERAL USD") with { Sector = "Cash and/or Derivatives" },
            H(4, null, 0.04m, name: "ACME CORP"),
            H(5, null, 0.01m, name: "Acme Corp") with { Title = "5% 2035" },
            H(6, null, 0.02m, name: "ZETA HOLDINGS") with { Title = "CLASS A" },
        };

        var overlap = Overlap.Between(a, b);

        overlap.Common.Select(c => (c.InA.Position, c.InB.Position, c.MatchedOn)).Should().Equal((6, 6, HoldingMatch.Name));
        overlap.ByWeight.Should().Be(0.02m);
        overlap.ByCountOfA.Should().Be(0.1666666667m);
    }

    [Fact]
    public void A_null_weight_counts_as_zero_and_an_empty_fund_has_no_count_ratio()
    {
        // X in both, weight unknown in B: min(0.5, 0) = 0; counts still 1 / 1.
        var overlap = Overlap.Between([H(1, "X", 0.5m)], [H(1, "X", null)]);
        (overlap.ByWeight, overlap.ByCountOfA, overlap.ByCountOfB).Should().Be((0m, 1m, 1m));
        overlap.Common.Single().WeightB.Should().BeNull();

        var empty = Overlap.Between([], [H(1, "X", 0.5m)]);
        (empty.ByWeight, empty.ByCountOfA, empty.ByCountOfB).Should().Be((0m, (decimal?)null, 0m));
        empty.Common.Should().BeEmpty();
    }

    [Fact]
    public void Concentration_takes_the_ten_largest_weights_and_skips_unknown_ones()
    {
        // Weights 0.30, 0.20 and ten of 0.05, plus one position without a weight (13 positions).
        //   top 10 = 0.30 + 0.20 + 8 × 0.05 = 0.90
        //   HHI = 0.09 + 0.04 + 10 × 0.0025 = 0.155; effective holdings = 1 / 0.155 = 6.4516…
        var holdings = new[] { H(1, "A", 0.30m), H(2, "B", 0.20m), H(13, "N", null) }
            .Concat(Enumerable.Range(3, 10).Select(i => H(i, "T" + i, 0.05m)))
            .ToList();

        var result = Concentration.Of(holdings);

        result.Top10Weight.Should().Be(0.90m);
        result.Hhi.Should().Be(0.155m);
        result.EffectiveHoldings.Should().BeApproximately(6.4516m, 0.00005m);
        result.Count.Should().Be(13);
    }

    [Fact]
    public void Concentration_of_no_weights_has_no_effective_count()
    {
        // No weights: HHI 0 → 1 / 0 undefined → null.
        Concentration.Of([]).Should().Be(new ConcentrationResult(0m, 0m, null, 0));
        Concentration.Of([H(1, "X", null)]).Should().Be(new ConcentrationResult(0m, 0m, null, 1));
    }

    private static Holding H(int position, string? ticker, decimal? weight, string? name = null) => new()
    {
        SnapshotId = 1,
        Position = position,
        Ticker = ticker,
        Name = name ?? ticker ?? "?",
        Weight = weight,
    };
}
