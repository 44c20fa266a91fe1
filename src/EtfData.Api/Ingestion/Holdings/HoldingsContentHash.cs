using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EtfData.Domain;

namespace EtfData.Api.Ingestion.Holdings;

/// <summary>
/// The SHA-256 (lower-case hex) of a holdings list as it is stored: every stored field of every position in
/// <see cref="Holding.Position"/> order, numbers rounded to their column's scale and written without trailing
/// zeros in the invariant culture, so 0.07 and 0.0700 hash alike. The snapshot, the resolved security and the
/// parser version are not content.
/// </summary>
public static class HoldingsContentHash
{
    private const char FieldSeparator = '\u001F';
    private const char RowSeparator = '\u001E';

    public static string Compute(IEnumerable<Holding> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var text = new StringBuilder();
        foreach (var h in positions.OrderBy(p => p.Position))
        {
            Append(text, h.Position.ToString(CultureInfo.InvariantCulture));
            Append(text, h.Ticker);
            Append(text, h.Name);
            Append(text, h.Cusip);
            Append(text, h.Isin);
            Append(text, h.Sedol);
            Append(text, h.Exchange);
            Append(text, h.AssetClass);
            Append(text, h.Sector);
            Append(text, h.Country);
            Append(text, Number(h.Weight, 14));
            Append(text, Number(h.Shares, 6));
            Append(text, Number(h.MarketValueUsd, 2));
            Append(text, h.Lei);
            Append(text, h.Title);
            Append(text, h.OtherIdentifiers);
            Append(text, Number(h.Balance, 10));
            Append(text, h.Units);
            Append(text, h.UnitsDescription);
            Append(text, h.Currency);
            Append(text, Number(h.ExchangeRate, 10));
            Append(text, h.PayoffProfile);
            Append(text, h.AssetCategory);
            Append(text, h.AssetCategoryDescription);
            Append(text, h.IssuerCategory);
            Append(text, h.IssuerCategoryDescription);
            Append(text, h.FairValueLevel);
            Append(text, h.IsRestricted is { } restricted ? (restricted ? "true" : "false") : null);
            Append(text, h.InstrumentKind);
            Append(text, h.DerivativeCategory);
            text.Append(RowSeparator);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Rounded to the column's scale (as the database stores it), trailing zeros dropped.</summary>
    internal static string? Number(decimal? value, int scale)
    {
        if (value is not { } v)
        {
            return null;
        }

        // Dividing by 1 written with many zeros leaves the smallest scale that represents the value.
        var normalised = Math.Round(v, scale, MidpointRounding.AwayFromZero) / 1.000000000000000000000000000000000m;
        return normalised == 0 ? "0" : normalised.ToString(CultureInfo.InvariantCulture);
    }

    // "N" for null and "S…" for a value, so a null never hashes like any string.
    private static void Append(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append('N');
        }
        else
        {
            text.Append('S').Append(value);
        }

        text.Append(FieldSeparator);
    }
}
