using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EtfData.Api.Sources.Issuers;

/// <summary>Cell conventions shared by the issuer files: <c>-</c> means empty, numbers carry thousands separators.</summary>
internal static class IssuerValues
{
    /// <summary>The trimmed text, or null for an empty cell or the issuers' <c>-</c> placeholder.</summary>
    public static string? Text(string? raw)
    {
        var trimmed = raw?.Trim(' ', '\t', '\u00A0');
        return string.IsNullOrEmpty(trimmed) || trimmed == "-" ? null : trimmed;
    }

    /// <summary>True for a row that is empty or holds only whitespace (the non-breaking space included).</summary>
    public static bool IsBlank(IReadOnlyList<string?> fields) => fields.All(f => string.IsNullOrWhiteSpace(f));

    /// <summary>
    /// Parses <c>"21,749,937,094.76"</c>-style numbers exactly (and <c>1E-05</c>, how a spreadsheet cell may print). False when the cell is neither empty nor a number;
    /// an empty cell succeeds with null.
    /// </summary>
    public static bool TryNumber(string? raw, out decimal? value)
    {
        value = null;
        var text = Text(raw);
        if (text is null)
        {
            return true;
        }

        if (decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    /// <summary>A percent cell as a fraction: 7.12 → 0.0712.</summary>
    public static bool TryPercentAsFraction(string? raw, out decimal? fraction)
    {
        if (!TryNumber(raw, out var percent))
        {
            fraction = null;
            return false;
        }

        fraction = percent / 100m;
        return true;
    }

    public static bool TryDate(string? raw, string format, [NotNullWhen(true)] out DateOnly? date)
    {
        date = null;
        var text = Text(raw);
        if (text is not null
            && DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }
}
