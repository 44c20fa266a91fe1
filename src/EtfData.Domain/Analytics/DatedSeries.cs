using System.Globalization;

namespace EtfData.Domain.Analytics;

/// <summary>Shared plumbing of the analytics: sorting dated observations and looking dates up in them.</summary>
internal static class DatedSeries
{
    /// <summary>The items sorted by date; two items for one date are ambiguous and refused.</summary>
    public static List<T> SortedByDate<T>(IEnumerable<T> items, Func<T, DateOnly> date, string paramName)
    {
        ArgumentNullException.ThrowIfNull(items, paramName);
        var sorted = items.OrderBy(date).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (date(sorted[i]) == date(sorted[i - 1]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Two observations for {Iso(date(sorted[i]))}; a series holds one per date."),
                    paramName);
            }
        }

        return sorted;
    }

    /// <summary>Index of the last item of <paramref name="sorted"/> dated on or before <paramref name="day"/>; −1 when none.</summary>
    public static int LastOnOrBefore<T>(IReadOnlyList<T> sorted, Func<T, DateOnly> date, DateOnly day)
    {
        int lo = 0, hi = sorted.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (date(sorted[mid]) <= day)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    /// <summary>ISO 8601 form of a date (<c>2025-06-01</c>).</summary>
    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>USD amount with thousands separators and no decimals (<c>$1,234,567</c>; negatives <c>-$5</c>).</summary>
    public static string Usd(decimal amount) =>
        (amount < 0 ? "-$" : "$") + Math.Abs(amount).ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A fraction written as a percent with two decimals (0.1234 → <c>12.34 %</c>).</summary>
    public static string Percent(decimal fraction) =>
        (fraction * 100m).ToString("0.00", CultureInfo.InvariantCulture) + " %";
}
