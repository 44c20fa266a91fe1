using System.Text.RegularExpressions;

namespace EtfData.Api.Sources.Issuers;

/// <summary>How issuer files spell share-class tickers, turned into the spelling the other sources share.</summary>
public static partial class IssuerTickers
{
    /// <summary>
    /// iShares drops the separator of a NYSE share class: <c>"BRKB","BERKSHIRE HATHAWAY INC CLASS B",…,"New York Stock
    /// Exchange Inc."</c> in its IVV file, where SPDR, N-PORT and Yahoo write <c>BRK.B</c> / <c>BRK-B</c>. When the name ends
    /// in "CLASS X" for a class other than A, the ticker is at least three characters and ends in that X, and the listing
    /// is on the NYSE, the ticker is written <c>BRK-B</c>. Left as they are: Nasdaq class tickers, which carry the letter
    /// as part of the symbol (<c>FOXA</c>, <c>GOOGL</c>); class A tickers, which are mostly the plain symbol on the NYSE
    /// too (<c>MA</c> is "MASTERCARD INC CLASS A", <c>UAA</c> Under Armour's class A); tickers that already have a
    /// separator or whose last letter is not their class (<c>NKE</c>, "NIKE INC CLASS B"). A class A share listed with a
    /// separator (HEI.A) therefore stays HEIA and is matched by its CUSIP only where a file states one.
    /// </summary>
    /// <param name="ticker">The ticker as the file states it.</param>
    /// <param name="name">The security's name as the file states it.</param>
    /// <param name="exchange">The file's exchange column; null when the file has none.</param>
    public static string? Canonical(string? ticker, string name, string? exchange)
    {
        if (ticker is null || exchange is null || ticker.Length < 3 || ticker.IndexOfAny(['.', '-', '/', ' ']) >= 0
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
        return letter != 'A' && char.ToUpperInvariant(ticker[^1]) == letter ? string.Concat(ticker.AsSpan(0, ticker.Length - 1), "-", letter.ToString()) : ticker;
    }

    [GeneratedRegex(@"\bCLASS\s+(?<class>[A-Z])\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClassSuffix();
}
