using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace EtfData.Api.Ingestion.Sec;

/// <summary>A calendar quarter of SEC's Form N-PORT data sets (<c>2026q2</c>); published from 2019q4 on.</summary>
public readonly partial record struct NportQuarter(int Year, int Quarter) : IComparable<NportQuarter>
{
    public static bool operator <(NportQuarter left, NportQuarter right) => left.CompareTo(right) < 0;

    public static bool operator <=(NportQuarter left, NportQuarter right) => left.CompareTo(right) <= 0;

    public static bool operator >(NportQuarter left, NportQuarter right) => left.CompareTo(right) > 0;

    public static bool operator >=(NportQuarter left, NportQuarter right) => left.CompareTo(right) >= 0;

    public static readonly NportQuarter First = new(2019, 4);

    public int CompareTo(NportQuarter other) => (Year * 4 + Quarter).CompareTo(other.Year * 4 + other.Quarter);

    public NportQuarter Next() => Quarter == 4 ? new(Year + 1, 1) : new(Year, Quarter + 1);

    /// <summary>The quarter <paramref name="date"/> falls in.</summary>
    public static NportQuarter Of(DateOnly date) => new(date.Year, (date.Month + 2) / 3);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year}q{Quarter}");

    /// <summary>Parses <c>2026q2</c> (case-insensitive).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out NportQuarter? quarter)
    {
        quarter = null;
        var match = text is null ? Match.Empty : Pattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        quarter = new NportQuarter(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value[0] - '0');
        return true;
    }

    /// <summary>
    /// <c>2026q2</c> or a range <c>2025q3..2026q2</c> into the quarters it names, oldest first; a problem
    /// sentence when it is not one, is reversed, or starts before the first published data set.
    /// </summary>
    public static bool TryParseRange(string text, [NotNullWhen(true)] out IReadOnlyList<NportQuarter>? quarters, out string problem)
    {
        quarters = null;
        problem = "";
        var parts = text.Split("..", StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2 || !TryParse(parts[0], out var from) || !TryParse(parts[^1], out var to))
        {
            problem = $"'{text}' is not a quarter (2026q2) or a range of quarters (2025q3..2026q2).";
            return false;
        }

        if (from.Value > to.Value)
        {
            problem = $"The range {text} runs backwards.";
            return false;
        }

        if (from.Value < First)
        {
            problem = $"SEC publishes Form N-PORT data sets from {First} on; {from} has none.";
            return false;
        }

        var list = new List<NportQuarter>();
        for (var q = from.Value; q <= to.Value; q = q.Next())
        {
            list.Add(q);
        }

        quarters = list;
        return true;
    }

    [GeneratedRegex("^([0-9]{4})[qQ]([1-4])$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
