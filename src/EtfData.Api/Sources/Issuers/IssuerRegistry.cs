using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace EtfData.Api.Sources.Issuers;

/// <summary>The fund families whose own holdings files EtfData knows how to locate or read.</summary>
public enum IssuerFamily
{
    IShares,
    Spdr,
    Invesco,
    Vanguard,
}

/// <summary>The layout of a family's holdings file, i.e. which parser reads it.</summary>
public enum IssuerFileFormat
{
    ISharesCsv,
    SpdrXlsx,
    InvescoCsv,

    /// <summary>Documented from public code only; no recording and no parser yet (sources.md §9).</summary>
    VanguardJson,
}

/// <summary>Where an ETF's holdings file is and how it is laid out.</summary>
public sealed record IssuerFileLocation(string FundSymbol, IssuerFamily Family, IssuerFileFormat Format, Uri Url);

/// <summary>
/// iShares file URLs carry the fund's product id and page slug (<c>/us/products/239726/ishares-core-sp-500-etf</c>),
/// which neither the ticker nor the name gives; the caller supplies them from its own records.
/// </summary>
public sealed record ISharesProductPage(string ProductId, string Slug);

/// <summary>
/// Maps an ETF to its issuer family (by the fund name the symbol directory gives) and to the file URL
/// pattern documented in sources.md §9. Every URL pattern of the issuer files lives here.
/// </summary>
public static class IssuerRegistry
{
    private static readonly CompositeFormat ISharesPattern = CompositeFormat.Parse(
        "https://www.ishares.com/us/products/{0}/{1}/1467271812596.ajax?fileType=csv&fileName={2}_holdings&dataType=fund");

    private static readonly CompositeFormat SpdrPattern = CompositeFormat.Parse(
        "https://www.ssga.com/us/en/intermediary/library-content/products/fund-data/etfs/us/holdings-daily-us-en-{0}.xlsx");

    private static readonly CompositeFormat VanguardPattern = CompositeFormat.Parse(
        "https://investor.vanguard.com/investment-products/etfs/profile/api/{0}/portfolio-holding/stock?start=1&count=500");

    /// <summary>The family by the fund's registered name, or null for a sponsor without a known file.</summary>
    public static IssuerFamily? FamilyOf(string fundName)
    {
        ArgumentNullException.ThrowIfNull(fundName);
        var name = fundName.Trim();
        if (name.StartsWith("iShares", StringComparison.OrdinalIgnoreCase))
        {
            return IssuerFamily.IShares;
        }

        // "SPDR S&P 500 ETF Trust", "SPDR Portfolio …", and the "… Select Sector SPDR Fund" series.
        if (name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => w.Trim('®').Equals("SPDR", StringComparison.OrdinalIgnoreCase)))
        {
            return IssuerFamily.Spdr;
        }

        if (name.StartsWith("Invesco", StringComparison.OrdinalIgnoreCase))
        {
            return IssuerFamily.Invesco;
        }

        return name.StartsWith("Vanguard", StringComparison.OrdinalIgnoreCase) ? IssuerFamily.Vanguard : null;
    }

    /// <summary>
    /// The file location for an ETF, or false and why not: an unknown sponsor, an iShares fund without its
    /// product page, or a family whose URL is not documented (Invesco: only the file layout is).
    /// </summary>
    public static bool TryLocate(
        string fundSymbol,
        string fundName,
        ISharesProductPage? iSharesPage,
        [NotNullWhen(true)] out IssuerFileLocation? location,
        [NotNullWhen(false)] out string? reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fundSymbol);
        location = null;
        reason = null;
        var symbol = fundSymbol.Trim().ToUpperInvariant();
        switch (FamilyOf(fundName))
        {
            case IssuerFamily.IShares when iSharesPage is null:
                reason = $"{symbol} is an iShares fund, but its product id and page slug are not known";
                return false;
            case IssuerFamily.IShares:
                location = new IssuerFileLocation(symbol, IssuerFamily.IShares, IssuerFileFormat.ISharesCsv, new Uri(string.Format(
                    CultureInfo.InvariantCulture,
                    ISharesPattern,
                    Uri.EscapeDataString(iSharesPage!.ProductId),
                    Uri.EscapeDataString(iSharesPage.Slug),
                    Uri.EscapeDataString(symbol))));
                return true;
            case IssuerFamily.Spdr:
                location = new IssuerFileLocation(symbol, IssuerFamily.Spdr, IssuerFileFormat.SpdrXlsx, new Uri(string.Format(
                    CultureInfo.InvariantCulture, SpdrPattern, Uri.EscapeDataString(symbol.ToLowerInvariant()))));
                return true;
            case IssuerFamily.Vanguard:
                location = new IssuerFileLocation(symbol, IssuerFamily.Vanguard, IssuerFileFormat.VanguardJson, new Uri(string.Format(
                    CultureInfo.InvariantCulture, VanguardPattern, Uri.EscapeDataString(symbol))));
                return true;
            case IssuerFamily.Invesco:
                reason = $"{symbol} is an Invesco fund; its holdings file layout is known but no download URL is documented";
                return false;
            default:
                reason = $"no issuer holdings file is known for {symbol} ('{fundName}')";
                return false;
        }
    }
}
