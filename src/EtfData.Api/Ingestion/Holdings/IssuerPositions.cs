using EtfData.Api.Sources.Issuers;
using EtfData.Api.Sources.Schwab;
using EtfData.Domain;

namespace EtfData.Api.Ingestion.Holdings;

/// <summary>Positions of the scraped and issuer sources as <see cref="Holding"/> rows to store.</summary>
public static class IssuerPositions
{
    // The countries issuer files name most; anything else is kept off the position rather than guessed
    // (N-PORT and the security table hold ISO 3166 alpha-2 codes).
    private static readonly Dictionary<string, string> Countries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["United States"] = "US", ["Canada"] = "CA", ["United Kingdom"] = "GB", ["Japan"] = "JP", ["China"] = "CN",
        ["Hong Kong"] = "HK", ["Taiwan"] = "TW", ["Korea (South)"] = "KR", ["South Korea"] = "KR", ["India"] = "IN",
        ["France"] = "FR", ["Germany"] = "DE", ["Switzerland"] = "CH", ["Netherlands"] = "NL", ["Australia"] = "AU",
        ["Ireland"] = "IE", ["Sweden"] = "SE", ["Denmark"] = "DK", ["Spain"] = "ES", ["Italy"] = "IT", ["Brazil"] = "BR",
        ["Mexico"] = "MX", ["South Africa"] = "ZA", ["Singapore"] = "SG", ["Israel"] = "IL", ["Belgium"] = "BE",
        ["Finland"] = "FI", ["Norway"] = "NO", ["Saudi Arabia"] = "SA", ["Indonesia"] = "ID", ["Thailand"] = "TH",
        ["Malaysia"] = "MY", ["Bermuda"] = "BM", ["Cayman Islands"] = "KY", ["Luxembourg"] = "LU",
    };

    public static IReadOnlyList<Holding> From(IssuerHoldingsFile file, int parserVersion)
    {
        ArgumentNullException.ThrowIfNull(file);
        return [.. file.Holdings.Select(h => new Holding
        {
            SnapshotId = 0,
            Position = h.Position,
            Ticker = IssuerTickers.Canonical(h.Ticker, h.Name, h.Exchange),
            Name = h.Name,
            Cusip = h.Cusip,
            Isin = h.Isin,
            Sedol = h.Sedol,
            Sector = HoldingClassification.Sector(h.Sector),
            AssetClass = HoldingClassification.AssetClass(h.AssetClass),
            Country = CountryCode(h.Location),
            Exchange = h.Exchange,
            Currency = h.Currency,
            Weight = h.Weight,
            Shares = h.Shares,
            MarketValueUsd = h.MarketValue,
            ParserVersion = parserVersion,
        })];
    }

    public static IReadOnlyList<Holding> From(IReadOnlyList<SchwabHolding> rows, int parserVersion)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return [.. rows.Select((h, i) => new Holding
        {
            SnapshotId = 0,
            Position = i + 1,
            Ticker = h.Ticker,
            Name = h.Name,
            Weight = h.Weight,
            Shares = h.Shares,
            MarketValueUsd = h.MarketValueUsd,
            ParserVersion = parserVersion,
        })];
    }

    /// <summary>ISO 3166 alpha-2 for a country name or code an issuer file states; null when unknown.</summary>
    public static string? CountryCode(string? location)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            return null;
        }

        var trimmed = location.Trim();
        if (trimmed.Length == 2 && trimmed.All(char.IsAsciiLetter))
        {
            return trimmed.ToUpperInvariant();
        }

        return Countries.GetValueOrDefault(trimmed);
    }
}
