using EtfData.Api.Sources.Issuers;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Sources.Issuers;

public sealed class IssuerTickersTests
{
    private const string Nyse = "New York Stock Exchange Inc.";

    [Theory]
    // iShares' IVV file: "BRKB","BERKSHIRE HATHAWAY INC CLASS B",…,"New York Stock Exchange Inc."
    [InlineData("BRKB", "BERKSHIRE HATHAWAY INC CLASS B", Nyse, "BRK-B")]
    [InlineData("BFB", "Brown-Forman Corp Class B", Nyse, "BF-B")]
    // the class letter is not the ticker's last letter: the ticker is the symbol as listed
    [InlineData("NKE", "NIKE INC CLASS B", Nyse, "NKE")]
    [InlineData("V", "VISA INC CLASS A", Nyse, "V")]
    // class A on the NYSE is the plain symbol: Mastercard is MA (not M-A), Under Armour's class A is UAA (not UA-A)
    [InlineData("MA", "MASTERCARD INC CLASS A", Nyse, "MA")]
    [InlineData("UAA", "UNDER ARMOUR INC CLASS A", Nyse, "UAA")]
    [InlineData("GEFB", "GREIF INC CLASS B", Nyse, "GEF-B")]
    // Nasdaq class symbols carry the letter (FOXA is Fox Corp Class A's Nasdaq symbol, not FOX-A)
    [InlineData("FOXA", "FOX CORP CLASS A", "NASDAQ", "FOXA")]
    [InlineData("GOOGL", "ALPHABET INC CLASS A", "NASDAQ", "GOOGL")]
    // already separated, no class in the name, or no exchange column (SPDR, Invesco): as stated
    [InlineData("BRK.B", "BERKSHIRE HATHAWAY INC CLASS B", Nyse, "BRK.B")]
    [InlineData("JPM", "JPMORGAN CHASE & CO", Nyse, "JPM")]
    [InlineData("BRKB", "BERKSHIRE HATHAWAY INC CLASS B", null, "BRKB")]
    public void Canonical_writes_an_nyse_share_class_with_its_separator(string ticker, string name, string? exchange, string expected) =>
        IssuerTickers.Canonical(ticker, name, exchange).Should().Be(expected);
}
