using System.Globalization;
using System.Text.RegularExpressions;

namespace EtfData.Api.Sources.Web;

/// <summary>How a display string read: a number, an explicit "no value" placeholder, or something unreadable.</summary>
public enum DisplayReading
{
    Value,
    Placeholder,
    Unreadable,
}

/// <summary>
/// Display strings of scraped web pages ("$1.2B", "$52,107.0 M", "-0.05%", "1,234,567", "N/A", "--") read into exact
/// decimals. Scaling multiplies a decimal literal, so "$350.5M" is exactly 350 500 000, never a binary-float neighbour;
/// percentages come back as fractions (0.08% → 0.0008). A placeholder is told apart from garbage so callers can
/// accept "no value" and reject layout drift.
/// </summary>
public static partial class DisplayNumbers
{
    private const char UnicodeMinus = '\u2212';

    private static readonly string[] Placeholders = ["N/A", "NA", "--", "-", "\u2014", "\u2013", ""];

    private static readonly string[] DateFormats = ["MMM d, yyyy", "MMM dd, yyyy", "yyyy-MM-dd", "MM/dd/yyyy", "M/d/yyyy"];

    /// <summary>An amount with optional sign, "$", thousands separators and a K/M/B/T suffix (space before it allowed).</summary>
    public static DisplayReading TryParseAmount(string? text, out decimal value)
    {
        value = 0m;
        if (!Prepare(text, out var body, out var negative))
        {
            return DisplayReading.Placeholder;
        }

        if (body.StartsWith('$'))
        {
            body = body[1..].TrimStart();
        }

        var multiplier = 1m;
        if (body.Length > 0)
        {
            var scale = char.ToUpperInvariant(body[^1]) switch
            {
                'K' => 1_000m,
                'M' => 1_000_000m,
                'B' => 1_000_000_000m,
                'T' => 1_000_000_000_000m,
                _ => 1m,
            };
            if (scale != 1m)
            {
                multiplier = scale;
                body = body[..^1].TrimEnd();
            }
        }

        if (!TryParsePlain(body, out var number))
        {
            return DisplayReading.Unreadable;
        }

        value = (negative ? -number : number) * multiplier;
        return DisplayReading.Value;
    }

    /// <summary>A percentage that must carry its "%" sign, returned as a fraction.</summary>
    public static DisplayReading TryParsePercent(string? text, out decimal fraction)
    {
        fraction = 0m;
        if (!Prepare(text, out var body, out var negative))
        {
            return DisplayReading.Placeholder;
        }

        if (!body.EndsWith('%') || !TryParsePlain(body[..^1].TrimEnd(), out var number))
        {
            return DisplayReading.Unreadable;
        }

        fraction = (negative ? -number : number) / 100m;
        return DisplayReading.Value;
    }

    /// <summary>A page date: "Jan 26, 2011", "2021-12-09" or US "10/31/2023".</summary>
    public static DisplayReading TryParseDate(string? text, out DateOnly date)
    {
        date = default;
        var body = Normalize(text);
        if (IsPlaceholder(body))
        {
            return DisplayReading.Placeholder;
        }

        return DateOnly.TryParseExact(body, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            ? DisplayReading.Value
            : DisplayReading.Unreadable;
    }

    /// <summary>Trimmed text with non-breaking spaces folded to spaces and runs of whitespace collapsed.</summary>
    public static string Normalize(string? text) =>
        string.Join(' ', (text ?? string.Empty).Replace('\u00A0', ' ').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>True for an explicit "no value" ("N/A", "--", "-", a dash, empty).</summary>
    public static bool IsPlaceholder(string? text) => Placeholders.Contains(Normalize(text), StringComparer.OrdinalIgnoreCase);

    /// <summary>False for a placeholder; otherwise the body without its sign.</summary>
    private static bool Prepare(string? text, out string body, out bool negative)
    {
        body = Normalize(text);
        negative = false;
        if (IsPlaceholder(body))
        {
            return false;
        }

        if (body[0] is '-' or UnicodeMinus)
        {
            negative = true;
            body = body[1..].TrimStart();
        }
        else if (body[0] == '+')
        {
            body = body[1..].TrimStart();
        }

        return true;
    }

    [GeneratedRegex(@"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();

    private static bool TryParsePlain(string body, out decimal number)
    {
        number = 0m;
        // Thousands separators only in groups of three ("1,2" is drift, not 12); a stray sign or symbol here is drift too.
        return PlainNumber().IsMatch(body)
            && decimal.TryParse(body, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number);
    }
}
