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
            hhi,
            hhi == 0 ? null : 1m / hhi,
            holdings.Count);
    }
}

/// <summary>Concentration of a portfolio; see <see cref="Concentration.Of"/>.</summary>
/// <param name="Top10Weight">Sum of the 10 largest weights, a fraction.</param>
/// <param name="Hhi"><c>Σ w²</c> over the weights as fractions (0..1).</param>
/// <param name="EffectiveHoldings"><c>1 / Hhi</c>: the number of equal positions that would be as concentrated; null when Hhi = 0.</param>
/// <param name="Count">Number of positions.</param>
public sealed record ConcentrationResult(decimal Top10Weight, decimal Hhi, decimal? EffectiveHoldings, int Count);
