using System.Globalization;

namespace EtfData.FakeUpstream.Securities;

/// <summary>Check digits of CUSIPs (modulus 10 "double add double") and ISINs (Luhn over the letters spelled as numbers).</summary>
public static class SecurityIdentifiers
{
    /// <summary>The ninth character of a CUSIP whose first eight are <paramref name="base8"/>.</summary>
    public static char CusipCheckDigit(string base8)
    {
        ArgumentNullException.ThrowIfNull(base8);
        if (base8.Length != 8)
        {
            throw new ArgumentException("A CUSIP base has 8 characters", nameof(base8));
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = base8[i];
            var v = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'A' and <= 'Z' => c - 'A' + 10,
                '*' => 36,
                '@' => 37,
                '#' => 38,
                _ => throw new ArgumentException("Not a CUSIP character: " + c, nameof(base8)),
            };
            if (i % 2 == 1)
            {
                v *= 2;
            }

            sum += (v / 10) + (v % 10);
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    public static bool IsValidCusip(string? cusip) =>
        cusip is { Length: 9 } && cusip.All(char.IsAsciiLetterOrDigit) && CusipCheckDigit(cusip[..8]) == cusip[8];

    /// <summary>The twelfth character of an ISIN whose first eleven are <paramref name="base11"/>.</summary>
    public static char IsinCheckDigit(string base11)
    {
        ArgumentNullException.ThrowIfNull(base11);
        if (base11.Length != 11)
        {
            throw new ArgumentException("An ISIN base has 11 characters", nameof(base11));
        }

        var digits = string.Concat(base11.Select(c => char.IsAsciiDigit(c)
            ? c.ToString()
            : (char.ToUpperInvariant(c) - 'A' + 10).ToString(CultureInfo.InvariantCulture)));
        var sum = 0;
        // Luhn from the right: the rightmost digit of the base is doubled, since the check digit follows it.
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
            }

            sum += (d / 10) + (d % 10);
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    public static bool IsValidIsin(string? isin) =>
        isin is { Length: 12 } && isin.All(char.IsAsciiLetterOrDigit) && char.IsAsciiLetterUpper(isin[0]) && char.IsAsciiLetterUpper(isin[1])
        && IsinCheckDigit(isin[..11]) == isin[11];

    /// <summary>A US ISIN from a CUSIP: <c>US</c> + CUSIP + check digit.</summary>
    public static string UsIsin(string cusip) => "US" + cusip + IsinCheckDigit("US" + cusip);
}
