using System.Globalization;
using EtfData.Domain;

namespace EtfData.Api.Sources.Sec.Nport;

/// <summary>
/// The value rules both N-PORT readers share (the XML document and the quarterly data set), so one
/// filing gives equal records whichever way it was read.
/// </summary>
internal static class NportValues
{
    /// <summary>Trimmed text; null for empty and for EDGAR's <c>N/A</c>.</summary>
    public static string? Text(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var trimmed = raw.Trim();
        return trimmed.Length == 0 || trimmed.Equals("N/A", StringComparison.OrdinalIgnoreCase) ? null : trimmed;
    }

    /// <summary>A CUSIP, null for <c>N/A</c> and the all-zero placeholder (<c>000000000</c>) filers use for foreign issuers.</summary>
    public static string? Cusip(string? raw)
    {
        var text = Text(raw);
        return text is null || text.AsSpan().IndexOfAnyExcept('0') < 0 ? null : text;
    }

    /// <summary>A decimal in the invariant culture (exponents allowed); null for empty or <c>N/A</c>.</summary>
    /// <exception cref="FormatException">Not a number; the message names <paramref name="what"/>.</exception>
    public static decimal? Decimal(string? raw, string what)
    {
        var text = Text(raw);
        if (text is null)
        {
            return null;
        }

        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{what} is not a number: '{Preview(text)}'");
    }

    /// <summary>Redemptions as a positive magnitude: some filers (the Adams report) file them negative.</summary>
    public static decimal? Magnitude(decimal? value) => value is { } v ? Math.Abs(v) : null;

    /// <summary><c>Y</c>/<c>N</c> (also <c>true</c>/<c>false</c>); null for empty or <c>N/A</c>.</summary>
    public static bool? Flag(string? raw, string what) => Text(raw)?.ToUpperInvariant() switch
    {
        null => null,
        "Y" or "TRUE" or "1" => true,
        "N" or "FALSE" or "0" => false,
        var other => throw new FormatException($"{what} is not Y or N: '{Preview(other)}'"),
    };

    /// <summary>An ISO date (XML) or the data set's <c>30-APR-2026</c>.</summary>
    public static DateOnly? Date(string? raw, string what)
    {
        var text = Text(raw);
        if (text is null)
        {
            return null;
        }

        string[] formats = ["yyyy-MM-dd", "dd-MMM-yyyy", "d-MMM-yyyy"];
        return DateOnly.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException($"{what} is not a date: '{Preview(text)}'");
    }

    /// <summary>
    /// The instrument kind: a position with derivative details is a derivative; a repurchase agreement
    /// (its own section, or asset category RA) a repo; anything else a security.
    /// </summary>
    public static string Kind(string? derivativeCategory, bool hasRepoSection, string? assetCategory) =>
        derivativeCategory is not null ? NportInstrumentKind.Derivative
        : hasRepoSection || assetCategory == "RA" ? NportInstrumentKind.Repo
        : NportInstrumentKind.Security;

    /// <summary>Further identifiers as <c>desc: value</c> (or the value alone), joined with <c>; </c>.</summary>
    public static void AddOther(ref string? joined, string? description, string? value)
    {
        var cleanValue = Text(value);
        if (cleanValue is null)
        {
            return;
        }

        var cleanDescription = Text(description);
        var item = cleanDescription is null ? cleanValue : cleanDescription + ": " + cleanValue;
        joined = joined is null ? item : joined + "; " + item;
    }

    private static string Preview(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
