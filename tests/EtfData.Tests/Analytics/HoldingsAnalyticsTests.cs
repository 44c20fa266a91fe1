using EtfData.Domain;
using EtfData.Domain.Analytics;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Analytics;

public sealed class HoldingsAnalyticsTests
{
    [Fact]
    public void Positions_match_on_the_security_id_when_both_have_one_before_any_other_identifier()
    {
        // 1. Same security id 1, A names it by ticker GOOGL, B only by a different name → same security (Security).
        // 2. Ticker XYZ on both but security ids 2 and 3 → two securities, not matched.
        // 3. No security ids; tickers BRK.B and BRK/B are one ticker once class separators are written as "-".
        // By weight = min(0.3, 0.25) + min(0.1, 0.05) = 0.25 + 0.05 = 0.30; 2 of 3 common both ways.
        var a = new[]
        {
            H(1, "GOOGL", 0.3m, securityId: 1),
            H(2, "XYZ", 0.2m, securityId: 2),
            H(3, "BRK.B", 0.1m),
        };
        var b = new[]
        {
            H(1, null, 0.25m, name: "Alphabet Inc Class A", securityId: 1),
            H(2, "XYZ", 0.1m, securityId: 3),
            H(3, "BRK/B", 0.05m),
        };

        var overlap = Overlap.Between(a, b);

        overlap.ByWeight.Should().Be(0.30m);
        overlap.ByCountOfA.Should().BeApproximately(0.6667m, 0.00005m);
        overlap.ByCountOfB.Should().BeApproximately(0.6667m, 0.00005m);
        overlap.Common.Select(c => (c.InA.Position, c.InB.Position, c.MatchedOn)).Should().Equal(
            (1, 1, HoldingMatch.Security),
            (3, 3, HoldingMatch.Ticker));
    }

    [Fact]
    public void Overlap_of_two_three_holding_funds_in_both_directions()
    {
        // A = {X 0.5, Y 0.3, Z 0.2}, B = {X 0.4, Y 0.1, W 0.5}, each position with a security id.
        //   A vs B: by weight = min(0.5, 0.4) + min(0.3, 0.1) = 0.5; by count 2/3 of A, 2/3 of B.
        //   B vs A: the same weight (min is symmetric) and the counts swapped.
        // C = {X 0.6, P 0.4} vs A: by weight min(0.6, 0.5) = 0.5; count 1/2 of C, 1/3 of A (asymmetric).
        var a = new[] { H(1, "X", 0.5m, securityId: 10), H(2, "Y", 0.3m, securityId: 11), H(3, "Z", 0.2m, securityId: 12) };
        var b = new[] { H(1, "X", 0.4m, securityId: 10), H(2, "Y", 0.1m, securityId: 11), H(3, "W", 0.5m, securityId: 13) };
        var c = new[] { H(1, "X", 0.6m, securityId: 10), H(2, "P", 0.4m, securityId: 14) };

        var ab = Overlap.Between(a, b);
        var ba = Overlap.Between(b, a);
        var ca = Overlap.Between(c, a);

        (ab.ByWeight, ba.ByWeight).Should().Be((0.5m, 0.5m));
        ab.ByCountOfA.Should().BeApproximately(0.6667m, 0.00005m);
        ba.ByCountOfB.Should().BeApproximately(0.6667m, 0.00005m);
        (ca.ByWeight, ca.ByCountOfA).Should().Be((0.5m, 0.5m));
        ca.ByCountOfB.Should().BeApproximately(0.3333m, 0.00005m);
        ab.Common.Select(x => x.MatchedOn).Should().OnlyContain(m => m == HoldingMatch.Security);
    }

    [Fact]
    public void Turnover_between_two_snapshots_counts_added_and_removed_positions_in_full()
    {
        // Before = {X 0.5 (100 sh), Y 0.3 (50 sh), Z 0.2 (20 sh)}; after = {X 0.4 (90 sh), Y 0.35 (50 sh), W 0.25 (30 sh)}.
        //   X: Δw = 0.4 − 0.5 = −0.10, shares −10        Y: Δw = +0.05, shares 0
        //   Z: removed, Δw = −0.20, shares −20           W: added, Δw = +0.25, shares +30
        //   turnover = ½ (0.10 + 0.05 + 0.20 + 0.25) = ½ × 0.60 = 0.30
        //   top 10 then = 0.5 + 0.3 + 0.2 = 1.0, now = 0.4 + 0.35 + 0.25 = 1.0
        var before = new[] { H(1, "X", 0.5m, shares: 100), H(2, "Y", 0.3m, shares: 50), H(3, "Z", 0.2m, shares: 20) };
        var after = new[] { H(1, "X", 0.4m, shares: 90), H(2, "Y", 0.35m, shares: 50), H(3, "W", 0.25m, shares: 30) };

        var changes = HoldingChanges.Between(before, after);

        changes.Turnover.Should().Be(0.30m);
        (changes.Top10WeightBefore, changes.Top10WeightAfter).Should().Be((1.0m, 1.0m));
        changes.Lines.Select(l => (l.Identity.Ticker, l.Kind, l.WeightChange, l.SharesChange)).Should().Equal(
            ("W", HoldingChangeKind.Added, 0.25m, 30m),
            ("Z", HoldingChangeKind.Removed, -0.20m, -20m),
            ("X", HoldingChangeKind.Changed, -0.10m, -10m),
            ("Y", HoldingChangeKind.Changed, 0.05m, 0m));
        changes.Added.Select(l => l.Identity.Ticker).Should().Equal("W");
        changes.Removed.Select(l => l.Identity.Ticker).Should().Equal("Z");
        changes.LargestAdditions(10).Select(l => l.Identity.Ticker).Should().Equal("W", "Y");
        changes.LargestDeletions(1).Select(l => l.Identity.Ticker).Should().Equal("Z");
    }

    [Fact]
    public void Concentration_of_a_top_list_states_the_top_ten_but_not_hhi()
    {
        // Full portfolio {0.5, 0.3, 0.2}: HHI = 0.25 + 0.09 + 0.04 = 0.38, effective N = 1 / 0.38 ≈ 2.6316.
        // The same lines as a top list: top-10 weight 1.0 and count 3 only; HHI and effective N need every position.
        var lines = new[] { H(1, "X", 0.5m), H(2, "Y", 0.3m), H(3, "Z", 0.2m) };

        var full = SnapshotConcentration.Of(lines, HoldingCoverage.Full);
        var top = SnapshotConcentration.Of(lines, HoldingCoverage.Top);

        full.Hhi.Should().Be(0.38m);
        full.EffectiveHoldings.Should().BeApproximately(2.6316m, 0.00005m);
        full.Note.Should().BeNull();
        (top.Top10Weight, top.Hhi, top.EffectiveHoldings, top.Count).Should().Be((1.0m, (decimal?)null, (decimal?)null, 3));
        top.Note.Should().Contain("full portfolio");
    }

    [Fact]
    public void Concentration_counts_two_lots_of_one_security_as_one_holding()
    {
        // X on two lines of 0.25 (two lots) and Y 0.5: per security {0.5, 0.5}, HHI = 0.25 + 0.25 = 0.5, effective N = 2.
        // Line by line it would be 0.0625 + 0.0625 + 0.25 = 0.375 (N ≈ 2.67): a fund of two holdings is not 2.67 of them.
        var lines = new[] { H(1, "X", 0.25m), H(2, "X", 0.25m), H(3, "Y", 0.5m) };

        var result = SnapshotConcentration.Of(lines, HoldingCoverage.Full);

        result.Hhi.Should().Be(0.5m);
        result.EffectiveHoldings.Should().Be(2m);
        result.Top10Weight.Should().Be(1.0m);
        result.Count.Should().Be(3, "the snapshot's lines");
    }

    [Fact]
    public void Exposure_sums_weights_by_sector_country_and_asset_class_with_the_classified_share()
    {
        // A Tech/US/Equity 0.4, B Tech/US/Equity 0.2, C Health/GB/Equity 0.3, D no sector/no country/Cash 0.1.
        //   sector: Tech 0.4 + 0.2 = 0.6 (2), Health 0.3 (1), Unclassified 0.1 (1); classified 0.9 of 1.0 → 0.9
        //   country: US 0.6, GB 0.3, Unclassified 0.1; asset class: Equity 0.9, Cash 0.1 (all classified → 1)
        var holdings = new[]
        {
            H(1, "A", 0.4m) with { Sector = "Information Technology", Country = "US", AssetClass = "Equity" },
            H(2, "B", 0.2m) with { Sector = "Information Technology", Country = "US", AssetClass = "Equity" },
            H(3, "C", 0.3m) with { Sector = "Health Care", Country = "GB", AssetClass = "Equity" },
            H(4, "D", 0.1m) with { AssetClass = "Cash" },
        };

        var exposure = Exposure.Of(holdings);

        exposure.Sector.Buckets.Should().Equal(
            new ExposureBucket("Information Technology", 0.6m, 2), new ExposureBucket("Health Care", 0.3m, 1), new ExposureBucket("Unclassified", 0.1m, 1));
        (exposure.Sector.ClassifiedWeight, exposure.Sector.TotalWeight, exposure.Sector.ClassifiedShare).Should().Be((0.9m, 1.0m, (decimal?)0.9m));
        exposure.Country.Buckets.Select(b => (b.Name, b.Weight)).Should().Equal(("US", 0.6m), ("GB", 0.3m), ("Unclassified", 0.1m));
        exposure.AssetClass.Buckets.Select(b => (b.Name, b.Weight)).Should().Equal(("Equity", 0.9m), ("Cash", 0.1m));
        exposure.AssetClass.ClassifiedShare.Should().Be(1m);
    }

    [Fact]
    public void Look_through_of_a_60_40_portfolio()
    {
        // S (60 %) = {AAPL 0.5 Tech, MSFT 0.3 Tech, JNJ 0.2 Health}, ticker only.
        // Q (40 %) = {AAPL 0.4 Tech (CUSIP and ticker), NVDA 0.35 Tech, UST 2030 0.25 no sector}. All US.
        //   AAPL = 0.6 × 0.5 + 0.4 × 0.4 = 0.30 + 0.16 = 0.46 (matched by ticker: only Q has a CUSIP)
        //   MSFT = 0.6 × 0.3 = 0.18, NVDA = 0.4 × 0.35 = 0.14, JNJ = 0.6 × 0.2 = 0.12, UST = 0.4 × 0.25 = 0.10; Σ = 1.00
        //   sector: Tech = 0.30 + 0.18 + 0.16 + 0.14 = 0.78, Health 0.12, Unclassified 0.10 → classified share 0.90
        //   hidden overlap: AAPL alone, 0.46; pair S–Q: by weight min(0.5, 0.4) = 0.4, by count 1/3 each way
        var s = new[]
        {
            H(1, "AAPL", 0.5m) with { Sector = "Tech", Country = "US" },
            H(2, "MSFT", 0.3m) with { Sector = "Tech", Country = "US" },
            H(3, "JNJ", 0.2m) with { Sector = "Health", Country = "US" },
        };
        var q = new[]
        {
            H(1, "AAPL", 0.4m) with { Cusip = "037833100", Sector = "Tech", Country = "US" },
            H(2, "NVDA", 0.35m) with { Sector = "Tech", Country = "US" },
            H(3, null, 0.25m, name: "UST 2030") with { Country = "US" },
        };

        var result = LookThrough.Of([new LookThroughFund("S", 0.6m, s), new LookThroughFund("Q", 0.4m, q)]);

        result.Securities.Select(x => (x.Identity.Name, x.Weight)).Should().Equal(
            ("AAPL", 0.46m), ("MSFT", 0.18m), ("NVDA", 0.14m), ("JNJ", 0.12m), ("UST 2030", 0.10m));
        result.Securities.Sum(x => x.Weight).Should().Be(1.00m);
        result.Securities[0].Contributions.Should().Equal(
            new LookThroughContribution("S", 0.5m, 0.30m), new LookThroughContribution("Q", 0.4m, 0.16m));
        result.Securities[0].Identity.Cusip.Should().Be("037833100", "the second fund's CUSIP joins the security");
        result.Sector.Buckets.Select(b => (b.Name, b.Weight)).Should().Equal(("Tech", 0.78m), ("Health", 0.12m), ("Unclassified", 0.10m));
        result.Sector.ClassifiedShare.Should().Be(0.90m);
        result.Country.Buckets.Select(b => (b.Name, b.Weight)).Should().Equal(("US", 1.00m));
        result.HiddenOverlap.Select(x => x.Identity.Ticker).Should().Equal("AAPL");
        result.HiddenOverlapWeight.Should().Be(0.46m);
        var pair = result.Pairs.Single();
        (pair.A, pair.B, pair.Overlap.ByWeight).Should().Be(("S", "Q", 0.4m));
        pair.Overlap.ByCountOfA.Should().BeApproximately(0.3333m, 0.00005m);
        pair.Overlap.ByCountOfB.Should().BeApproximately(0.3333m, 0.00005m);
    }

    [Fact]
    public void A_security_on_two_lines_is_one_position_in_overlap_changes_and_look_through()
    {
        // A holds X in two lots, 0.035 + 0.035 = 0.07 (100 + 100 = 200 shares), and Y 0.93; B holds X 0.07 and Z 0.93.
        //   overlap by weight = min(0.07, 0.07) = 0.07 (one to one on lines gave min(0.035, 0.07) = 0.035);
        //   by count of A = 1 common / 2 securities = 0.5.
        var a = new[] { H(1, "X", 0.035m, securityId: 1, shares: 100m), H(2, "Y", 0.93m, securityId: 2, shares: 50m), H(3, "X", 0.035m, securityId: 1, shares: 100m) };
        var b = new[] { H(1, "X", 0.07m, securityId: 1, shares: 200m), H(2, "Z", 0.93m, securityId: 3, shares: 10m) };

        var overlap = Overlap.Between(a, b);
        overlap.ByWeight.Should().Be(0.07m);
        overlap.ByCountOfA.Should().Be(0.5m);
        overlap.Common.Single().WeightA.Should().Be(0.07m);

        // Changes from A to "A with the lots merged into one line" (X 0.07, 200 sh; Y 0.93): nothing moved.
        //   Line by line the second lot looked removed: turnover ½ × |−0.035| … = 0.0175 of phantom turnover.
        var merged = new[] { H(1, "X", 0.07m, securityId: 1, shares: 200m), H(2, "Y", 0.93m, securityId: 2, shares: 50m) };
        var changes = HoldingChanges.Between(a, merged);
        changes.Turnover.Should().Be(0m);
        changes.Lines.Select(l => (l.Identity.Ticker, l.Kind, l.WeightBefore, l.SharesChange)).Should().Equal(
            ("X", HoldingChangeKind.Unchanged, 0.07m, 0m), ("Y", HoldingChangeKind.Unchanged, 0.93m, 0m));

        // Look-through of 100 % A: X is one security of weight 1 × (0.035 + 0.035) = 0.07, not two lines.
        var look = LookThrough.Of([new LookThroughFund("A", 1m, a)]);
        look.Securities.Select(x => (x.Identity.Ticker, x.Weight)).Should().Equal(("Y", 0.93m), ("X", 0.07m));
    }

    [Fact]
    public void Long_and_short_lines_of_one_security_stay_apart()
    {
        // A TBA held long 0.10 and short −0.08: two positions, not one of 0.02. Against B holding it long 0.10:
        //   overlap = min(0.10, 0.10) = 0.10 on the long line; the short line has no partner.
        var a = new[]
        {
            H(1, "TBA", 0.10m, securityId: 9) with { PayoffProfile = "Long" },
            H(2, "TBA", -0.08m, securityId: 9) with { PayoffProfile = "Short" },
        };
        var b = new[] { H(1, "TBA", 0.10m, securityId: 9) with { PayoffProfile = "Long" } };

        Overlap.Aggregate(a).Select(h => h.Weight).Should().Equal(0.10m, -0.08m);
        Overlap.Between(a, b).ByWeight.Should().Be(0.10m);
    }

    private static Holding H(int position, string? ticker, decimal? weight, string? name = null, long? securityId = null, decimal? shares = null) => new()
    {
        SnapshotId = 1,
        Position = position,
        Ticker = ticker,
        Name = name ?? ticker ?? "?",
        Weight = weight,
        SecurityId = securityId,
        Shares = shares,
    };
}
