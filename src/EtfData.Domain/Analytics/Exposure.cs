namespace EtfData.Domain.Analytics;

/// <summary>Where a fund's weight sits: by sector, country and asset class.</summary>
public static class Exposure
{
    /// <summary>The bucket of positions with no value for the dimension.</summary>
    public const string Unclassified = "Unclassified";

    /// <summary>
    /// Weights summed by <see cref="Holding.Sector"/>, <see cref="Holding.Country"/> and <see cref="Holding.AssetClass"/>
    /// (a null weight counts as 0), each with the share of weight that is classified.
    /// </summary>
    public static ExposureResult Of(IReadOnlyList<Holding> holdings)
    {
        ArgumentNullException.ThrowIfNull(holdings);
        return new ExposureResult(
            By(holdings.Select(h => (h.Sector, h.Weight ?? 0m))),
            By(holdings.Select(h => (h.Country, h.Weight ?? 0m))),
            By(holdings.Select(h => (h.AssetClass, h.Weight ?? 0m))));
    }

    /// <summary>
    /// Sums <c>weight</c> by trimmed <c>key</c> (blank or null → <see cref="Unclassified"/>), largest first
    /// (<see cref="Unclassified"/> sorts like any bucket). Keys are compared case-insensitively; the first spelling names the bucket.
    /// </summary>
    public static ExposureBreakdown By(IEnumerable<(string? Key, decimal Weight)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var buckets = new Dictionary<string, (string Name, decimal Weight, int Count)>(StringComparer.OrdinalIgnoreCase);
        decimal total = 0m, classified = 0m;
        var classifiedCount = 0;
        foreach (var (key, weight) in items)
        {
            var name = string.IsNullOrWhiteSpace(key) ? Unclassified : key.Trim();
            total += weight;
            if (!string.IsNullOrWhiteSpace(key))
            {
                classified += weight;
                classifiedCount++;
            }

            buckets[name] = buckets.TryGetValue(name, out var b) ? (b.Name, b.Weight + weight, b.Count + 1) : (name, weight, 1);
        }

        var list = buckets.Values
            .Select(b => new ExposureBucket(b.Name, b.Weight, b.Count))
            .OrderByDescending(b => b.Weight)
            .ThenBy(b => b.Name, StringComparer.Ordinal)
            .ToList();
        return new ExposureBreakdown(list, total, classified, Ratio.Of(classified, total), classifiedCount);
    }
}

/// <summary>One bucket of an exposure breakdown.</summary>
/// <param name="Name">Sector, country or asset class; <c>Unclassified</c> for positions without one.</param>
/// <param name="Weight">Summed weight, a fraction of the fund (or portfolio).</param>
/// <param name="Count">Positions in the bucket.</param>
public sealed record ExposureBucket(string Name, decimal Weight, int Count);

/// <summary>Exposure along one dimension.</summary>
/// <param name="Buckets">Largest weight first.</param>
/// <param name="TotalWeight">Σ weight over every position.</param>
/// <param name="ClassifiedWeight">Σ weight of the positions that have a value for the dimension.</param>
/// <param name="ClassifiedShare"><c>ClassifiedWeight / TotalWeight</c>; null when the total is 0.</param>
/// <param name="ClassifiedCount">Positions that have a value.</param>
public sealed record ExposureBreakdown(IReadOnlyList<ExposureBucket> Buckets, decimal TotalWeight, decimal ClassifiedWeight, decimal? ClassifiedShare, int ClassifiedCount);

/// <summary>See <see cref="Exposure.Of"/>.</summary>
public sealed record ExposureResult(ExposureBreakdown Sector, ExposureBreakdown Country, ExposureBreakdown AssetClass);
