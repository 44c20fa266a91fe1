using System.Globalization;
using System.Text.Json;

namespace EtfData.Api.Sources.Yahoo;

/// <summary>
/// Reading Yahoo's numbers. With <c>formatted=false</c> they are plain JSON numbers; in the default
/// formatted mode they are <c>{"raw": 0.002, "fmt": "0.20%"}</c> and an absent value is <c>{}</c>.
/// Both forms are accepted everywhere; <c>null</c>, <c>{}</c> and strings mean "not reported".
/// </summary>
internal static class YahooJson
{
    public static JsonElement? Child(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) && child.ValueKind != JsonValueKind.Null
            ? child
            : null;

    public static JsonElement? Child(this JsonElement? element, string name) => element?.Child(name);

    public static string? String(this JsonElement? element, string name) =>
        element.Child(name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;

    public static decimal? Decimal(this JsonElement? element, string name) =>
        element.Child(name) is { } value ? ToDecimal(value) : null;

    /// <summary>
    /// A ratio (weight, expense ratio, yield) rounded to <see cref="FractionSignificantDigits"/>
    /// significant digits. quoteSummary's ratios are float32 values (<c>0.0139999995</c> for 0.014,
    /// <c>0.080699995</c> for 0.0807): float32 carries about 7 significant digits and the noise sits
    /// in the 8th, so 6 significant digits give back the published value.
    /// </summary>
    public static decimal? Fraction(this JsonElement? element, string name) =>
        element.Decimal(name) is { } value ? RoundSignificant(value, FractionSignificantDigits) : null;

    public static decimal? Fraction(JsonElement value) =>
        ToDecimal(value) is { } number ? RoundSignificant(number, FractionSignificantDigits) : null;

    public const int FractionSignificantDigits = 6;

    public static decimal RoundSignificant(decimal value, int digits)
    {
        if (value == 0)
        {
            return 0;
        }

        var magnitude = (int)Math.Floor(Math.Log10((double)Math.Abs(value)));
        var decimals = Math.Clamp(digits - 1 - magnitude, 0, 28);
        return Math.Round(value, decimals, MidpointRounding.AwayFromZero) / 1.000000000000000000000000000000000m;
    }

    public static long? Int64(this JsonElement? element, string name) =>
        element.Child(name) is { } value ? ToInt64(value) : null;

    /// <summary>
    /// A JSON number (or <c>{raw}</c>) as decimal. The number's own text is parsed, not a double: Yahoo
    /// writes the shortest round-trip form of its doubles (<c>239.64999389648438</c>), so the decimal
    /// equals the double exactly as written and no float noise is added by the conversion.
    /// </summary>
    public static decimal? ToDecimal(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return value.TryGetProperty("raw", out var raw) ? ToDecimal(raw) : null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        if (value.TryGetDecimal(out var exact))
        {
            return exact;
        }

        // Out of decimal's range or an exotic form: go through the double's round-trip string.
        var asDouble = value.GetDouble();
        return double.IsFinite(asDouble) && Math.Abs(asDouble) < 7.9e27
            ? decimal.Parse(asDouble.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;
    }

    public static long? ToInt64(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var integer))
        {
            return integer;
        }

        return ToDecimal(value) is { } number && number >= long.MinValue && number <= long.MaxValue
            ? (long)Math.Round(number, MidpointRounding.AwayFromZero)
            : null;
    }

    /// <summary>The array <paramref name="name"/>, or null when absent or not an array.</summary>
    public static JsonElement? Array(this JsonElement? element, string name) =>
        element.Child(name) is { ValueKind: JsonValueKind.Array } array ? array : null;

    public static JsonElement? FirstItem(this JsonElement? array) =>
        array is { ValueKind: JsonValueKind.Array } a && a.GetArrayLength() > 0 ? a[0] : null;

    /// <summary>Reads the <c>{result, error}</c> envelope every Yahoo API wraps its payload in.</summary>
    public static (JsonElement? Result, string? ErrorCode, string? ErrorDescription) Envelope(JsonElement root, string api)
    {
        JsonElement? body = root.Child(api);
        var error = body.Child("error");
        var result = body.Array("result").FirstItem();
        return (result, error.String("code"), error.String("description"));
    }
}
