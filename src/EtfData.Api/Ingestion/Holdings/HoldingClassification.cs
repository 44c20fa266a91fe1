namespace EtfData.Api.Ingestion.Holdings;

/// <summary>
/// One spelling of sector and asset class across sources, applied where issuer positions become <c>holding</c> rows
/// (the parsers keep what the file states). Issuers spell the same bucket differently — iShares "Communication" vs
/// SPDR/Invesco "Communication Services", Invesco "Common Stock" vs iShares "Equity" — and exposure and look-through
/// group by the stored value, so unmapped spellings would split one bucket in two.
/// </summary>
public static class HoldingClassification
{
    public const string Equity = "Equity";
    public const string FixedIncome = "Fixed Income";
    public const string Cash = "Cash";
    public const string MoneyMarket = "Money Market";
    public const string Derivative = "Derivative";
    public const string Other = "Other";

    /// <summary>The eleven GICS sectors, by their GICS names.</summary>
    public static IReadOnlyList<string> GicsSectors { get; } =
    [
        "Communication Services", "Consumer Discretionary", "Consumer Staples", "Energy", "Financials", "Health Care",
        "Industrials", "Information Technology", "Materials", "Real Estate", "Utilities",
    ];

    private static readonly Dictionary<string, string> SectorAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Communication"] = "Communication Services",
        ["Communications"] = "Communication Services",
        ["Telecommunication Services"] = "Communication Services",
        ["Telecommunications"] = "Communication Services",
        ["Information Tech"] = "Information Technology",
        ["Technology"] = "Information Technology",
        ["Healthcare"] = "Health Care",
        ["Financial"] = "Financials",
        ["Financial Services"] = "Financials",
        ["Consumer Cyclical"] = "Consumer Discretionary",
        ["Consumer Defensive"] = "Consumer Staples",
        ["Basic Materials"] = "Materials",
        ["Industrial"] = "Industrials",
        ["Utility"] = "Utilities",
    };

    // Lines the issuers put in a sector column that name no sector (cash, derivatives, placeholders).
    private static readonly HashSet<string> NoSector = new(StringComparer.OrdinalIgnoreCase)
    {
        "Cash and/or Derivatives", "Cash", "Unassigned", "Other", "-", "N/A",
    };

    private static readonly Dictionary<string, string> AssetClasses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Equity"] = Equity,
        ["Common Stock"] = Equity,
        ["Stock"] = Equity,
        ["Preferred Stock"] = Equity,
        ["American Depository Receipt"] = Equity,
        ["American Depository Receipt - NY"] = Equity,
        ["American Depositary Receipt"] = Equity,
        ["ADR"] = Equity,
        ["REIT"] = Equity,
        ["Fixed Income"] = FixedIncome,
        ["Bond"] = FixedIncome,
        ["Bonds"] = FixedIncome,
        ["Cash"] = Cash,
        ["Cash Collateral and Margins"] = Cash,
        ["Currency"] = Cash,
        ["Money Market"] = MoneyMarket,
        ["Money Market Fund"] = MoneyMarket,
        ["Futures"] = Derivative,
        ["Future"] = Derivative,
        ["Swaps"] = Derivative,
        ["Options"] = Derivative,
        ["Forwards"] = Derivative,
        ["FX"] = Derivative,
    };

    /// <summary>The GICS name of <paramref name="stated"/>; null when it names no sector; a spelling not known is kept as stated.</summary>
    public static string? Sector(string? stated)
    {
        var text = stated?.Trim();
        if (string.IsNullOrEmpty(text) || NoSector.Contains(text))
        {
            return null;
        }

        return SectorAliases.TryGetValue(text, out var gics) ? gics
            : GicsSectors.FirstOrDefault(s => string.Equals(s, text, StringComparison.OrdinalIgnoreCase)) ?? text;
    }

    /// <summary>One of Equity, Fixed Income, Cash, Money Market, Derivative or Other; null when nothing is stated.</summary>
    public static string? AssetClass(string? stated)
    {
        var text = stated?.Trim();
        if (string.IsNullOrEmpty(text) || text == "-")
        {
            return null;
        }

        return AssetClasses.TryGetValue(text, out var mapped) ? mapped : Other;
    }
}
