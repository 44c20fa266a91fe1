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
        "{0}/us/products/{1}/{2}/1467271812596.ajax?fileType=csv&fileName={3}_holdings&dataType=fund");

    private static readonly CompositeFormat SpdrPattern = CompositeFormat.Parse(
        "{0}/us/en/intermediary/library-content/products/fund-data/etfs/us/holdings-daily-us-en-{1}.xlsx");

    // Not in sources.md: Invesco documents no download URL. This is the address public scrapers use for the
    // holdings CSV whose layout sources.md §9 describes (the "Export" link of a fund's holdings page).
    private static readonly CompositeFormat InvescoPattern = CompositeFormat.Parse(
        "{0}/us/financial-products/etfs/holdings/main/holdings/0?audienceType=Investor&action=download&ticker={1}");

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
    /// The file location for an ETF, or false and why not: an unknown sponsor or an iShares fund without its
    /// product page. <paramref name="hosts"/> replaces the issuers' real hosts (a test or demo upstream).
    /// </summary>
    public static bool TryLocate(
        string fundSymbol,
        string fundName,
        ISharesProductPage? iSharesPage,
        [NotNullWhen(true)] out IssuerFileLocation? location,
        [NotNullWhen(false)] out string? reason,
        IssuerHosts? hosts = null)
    {
        hosts ??= IssuerHosts.Real;
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
                    hosts.IShares.TrimEnd('/'),
                    Uri.EscapeDataString(iSharesPage!.ProductId),
                    Uri.EscapeDataString(iSharesPage.Slug),
                    Uri.EscapeDataString(symbol))));
                return true;
            case IssuerFamily.Spdr:
                location = new IssuerFileLocation(symbol, IssuerFamily.Spdr, IssuerFileFormat.SpdrXlsx, new Uri(string.Format(
                    CultureInfo.InvariantCulture, SpdrPattern, hosts.Spdr.TrimEnd('/'), Uri.EscapeDataString(symbol.ToLowerInvariant()))));
                return true;
            case IssuerFamily.Vanguard:
                location = new IssuerFileLocation(symbol, IssuerFamily.Vanguard, IssuerFileFormat.VanguardJson, new Uri(string.Format(
                    CultureInfo.InvariantCulture, VanguardPattern, Uri.EscapeDataString(symbol))));
                return true;
            case IssuerFamily.Invesco:
                location = new IssuerFileLocation(symbol, IssuerFamily.Invesco, IssuerFileFormat.InvescoCsv, new Uri(string.Format(
                    CultureInfo.InvariantCulture, InvescoPattern, hosts.Invesco.TrimEnd('/'), Uri.EscapeDataString(symbol))));
                return true;
            default:
                reason = $"no issuer holdings file is known for {symbol} ('{fundName}')";
                return false;
        }
    }
}

/// <summary>Scheme and host (optionally a path prefix) of each issuer's file server.</summary>
public sealed record IssuerHosts(string IShares, string Spdr, string Invesco)
{
    public static IssuerHosts Real { get; } = new("https://www.ishares.com", "https://www.ssga.com", "https://www.invesco.com");
}
