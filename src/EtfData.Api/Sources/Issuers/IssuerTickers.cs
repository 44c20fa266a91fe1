using System.Text.RegularExpressions;

namespace EtfData.Api.Sources.Issuers;

/// <summary>How issuer files spell share-class tickers, turned into the spelling the other sources share.</summary>
public static partial class IssuerTickers
{
    /// <summary>
    /// iShares drops the separator of a NYSE share class: <c>"BRKB","BERKSHIRE HATHAWAY INC CLASS B",…,"New York Stock
    /// Exchange Inc."</c> in its IVV file, where SPDR, N-PORT and Yahoo write <c>BRK.B</c> / <c>BRK-B</c>. When the name ends
    /// in "CLASS X", the ticker ends in that X and the listing is on the NYSE, the ticker is written <c>BRK-B</c>. Nasdaq
    /// class tickers carry the letter as part of the symbol (<c>FOXA</c>, <c>GOOGL</c>) and are left as they are, as is
    /// every ticker that already has a separator or whose last letter is not its class (<c>NKE</c>, "NIKE INC CLASS B").
    /// </summary>
    /// <param name="ticker">The ticker as the file states it.</param>
    /// <param name="name">The security's name as the file states it.</param>
    /// <param name="exchange">The file's exchange column; null when the file has none.</param>
    public static string? Canonical(string? ticker, string name, string? exchange)
    {
        if (ticker is null || exchange is null || ticker.Length < 2 || ticker.IndexOfAny(['.', '-', '/', ' ']) >= 0
            || !exchange.Contains("New York Stock Exchange", StringComparison.OrdinalIgnoreCase))
        {
            return ticker;
        }

        var shareClass = ClassSuffix().Match(name);
        if (!shareClass.Success)
        {
            return ticker;
        }

        var letter = char.ToUpperInvariant(shareClass.Groups["class"].Value[0]);
        return char.ToUpperInvariant(ticker[^1]) == letter ? string.Concat(ticker.AsSpan(0, ticker.Length - 1), "-", letter.ToString()) : ticker;
    }

    [GeneratedRegex(@"\bCLASS\s+(?<class>[A-Z])\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClassSuffix();
}
