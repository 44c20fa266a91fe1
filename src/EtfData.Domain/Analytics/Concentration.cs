namespace EtfData.Domain.Analytics;

/// <summary>How concentrated a fund's portfolio is.</summary>
public static class Concentration
{
    /// <summary>
    /// <c>Top10Weight</c> = sum of the 10 largest weights; <c>Hhi = Σ w²</c> (Herfindahl–Hirschman index
    /// on fractions, 0..1, not the 0..10,000 scale); <c>EffectiveHoldings = 1 / Hhi</c> (null when Hhi = 0);
    /// <c>Count</c> = number of positions. Positions without a weight count in <c>Count</c> only.
    /// </summary>
    /// <param name="holdings">Positions of one snapshot, weights as fractions.</param>
    public static ConcentrationResult Of(IReadOnlyList<Holding> holdings)
    {
        ArgumentNullException.ThrowIfNull(holdings);
        var weights = holdings.Where(h => h.Weight is not null).Select(h => h.Weight!.Value).ToList();
        var hhi = weights.Sum(w => w * w);
        return new ConcentrationResult(
            weights.OrderByDescending(w => w).Take(10).Sum(),
            Ratio.Round(hhi),
            Ratio.Of(1m, hhi),
            holdings.Count);
    }
}

/// <summary>Concentration of a portfolio; see <see cref="Concentration.Of"/>.</summary>
/// <param name="Top10Weight">Sum of the 10 largest weights, a fraction.</param>
/// <param name="Hhi"><c>Σ w²</c> over the weights as fractions (0..1).</param>
/// <param name="EffectiveHoldings"><c>1 / Hhi</c>: the number of equal positions that would be as concentrated; null when Hhi = 0.</param>
/// <param name="Count">Number of positions.</param>
public sealed record ConcentrationResult(decimal Top10Weight, decimal Hhi, decimal? EffectiveHoldings, int Count);

/// <summary>Concentration of one stored snapshot, honest about a top list.</summary>
public static class SnapshotConcentration
{
    /// <summary>The note given instead of HHI and effective holdings for a top list.</summary>
    public const string TopListNote =
        "Only the largest positions are published (a top list): HHI and effective holdings need the full portfolio and are not computed.";

    /// <summary>
    /// <see cref="Concentration.Of"/> on a full portfolio. On a top list (<see cref="HoldingCoverage.Top"/>) the top-10
    /// weight and count are stated but HHI and effective holdings are null with <see cref="TopListNote"/>: Σ w² over
    /// ten lines would describe a ten-stock fund, not this one.
    /// </summary>
    /// <remarks>
    /// The weights are per security: lines of one security (N-PORT lots, see <see cref="Overlap.Aggregate"/>) are
    /// summed first, since two 5 % lots are one 10 % holding (Σ w² counts 0.01, not 0.005). <c>Count</c> stays the
    /// snapshot's number of lines.
    /// </remarks>
    public static SnapshotConcentrationResult Of(IReadOnlyList<Holding> holdings, string coverage)
    {
        ArgumentNullException.ThrowIfNull(holdings);
        var result = Concentration.Of(Overlap.Aggregate(holdings));
        return coverage == HoldingCoverage.Top
            ? new SnapshotConcentrationResult(result.Top10Weight, null, null, holdings.Count, TopListNote)
            : new SnapshotConcentrationResult(result.Top10Weight, result.Hhi, result.EffectiveHoldings, holdings.Count, null);
    }
}

/// <summary>See <see cref="SnapshotConcentration.Of"/>.</summary>
/// <param name="Top10Weight">Sum of the 10 largest weights, a fraction.</param>
/// <param name="Hhi"><c>Σ w²</c> on fractions; null for a top list.</param>
/// <param name="EffectiveHoldings"><c>1 / Hhi</c>; null for a top list or when Hhi = 0.</param>
/// <param name="Count">Number of positions in the snapshot.</param>
/// <param name="Note">Why Hhi and EffectiveHoldings are null, when they are.</param>
public sealed record SnapshotConcentrationResult(decimal Top10Weight, decimal? Hhi, decimal? EffectiveHoldings, int Count, string? Note);
