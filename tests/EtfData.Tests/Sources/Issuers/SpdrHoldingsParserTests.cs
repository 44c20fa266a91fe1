using EtfData.Api.Sources;
using EtfData.Api.Sources.Issuers;
using EtfData.FakeUpstream.Issuers;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Sources.Issuers;

public sealed class SpdrHoldingsParserTests
{
    private static readonly object?[] Header =
        ["Name", "Ticker", "Identifier", "SEDOL", "Weight", "Sector", "Shares Held", "Local Currency"];

    /// <summary>The SSGA layout: label/value pairs in A1:B3, a gap row, the header on row 5, a blank row, disclaimers.</summary>
    private static List<object?[]?> Workbook(object?[]? header = null, int gapRows = 1) =>
    [
        ["Fund Name:", "SPDR S&P 500 ETF Trust"],
        ["Ticker Symbol:", "SPY"],
        ["Holdings:", "As of 14-Mar-2025"],
        .. Enumerable.Repeat<object?[]?>(null, gapRows),
        header ?? Header,
        ["NVIDIA CORP", "NVDA", "67066G104", "2379504", 38.51234, "Information Technology", 290940470d, "USD"],
        ["MICROSOFT CORP", "MSFT", "594918104", "2588173", 31.2, "Information Technology", 1.5E8, "USD"],
        ["EXXON MOBIL CORP", "XOM", "30231G102", "2326618", 30.28, "Energy", 41250000d, "USD"],
        ["US DOLLAR", "-", "-", "-", 0.00766, "-", 2134567.89, "USD"],
        null,
        ["Portfolio holdings are as of the date indicated and are subject to change. Sample written for the EtfData tests."],
    ];

    private static IssuerHoldingsFile ParseData(List<object?[]?> rows)
    {
        var result = SpdrHoldingsParser.Parse("SPY", TinyXlsxWriter.Write(rows));
        result.Should().BeOfType<SourceResult<IssuerHoldingsFile>.Data>(result.Describe());
        result.TryGetData(out var file).Should().BeTrue();
        return file!;
    }

    [Fact]
    public void Parse_ReadsThePreambleLabels()
    {
        var file = ParseData(Workbook());

        file.FundSymbol.Should().Be("SPY");
        file.FundName.Should().Be("SPDR S&P 500 ETF Trust");
        file.AsOf.Should().Be(new DateOnly(2025, 3, 14));
        file.SharesOutstanding.Should().BeNull("this workbook does not state it");
    }

    [Fact]
    public void Parse_SharesOutstandingWhenThePreambleStatesIt()
    {
        var rows = Workbook();
        rows.Insert(3, ["Shares Outstanding:", "1,019,532,116.00"]);

        ParseData(rows).SharesOutstanding.Should().Be(1_019_532_116.00m);
    }

    [Fact]
    public void Parse_ReadsHoldingsExactly_AndStopsAtTheBlankRowBeforeTheDisclaimers()
    {
        var file = ParseData(Workbook());

        file.Holdings.Should().HaveCount(4);
        file.Holdings[0].Should().Be(new IssuerHolding(
            Position: 1, Ticker: "NVDA", Name: "NVIDIA CORP", Cusip: "67066G104", Isin: null, Sedol: "2379504",
            Sector: "Information Technology", AssetClass: null, Location: null, Exchange: null, Currency: "USD",
            Weight: 0.3851234m, Shares: 290_940_470m, MarketValue: null, Price: null));
        file.Holdings[1].Shares.Should().Be(150_000_000m, "1.5E8 in the cell");
        file.Holdings[3].Should().Match<IssuerHolding>(h =>
            h.Name == "US DOLLAR" && h.Ticker == null && h.Cusip == null && h.Sedol == null && h.Sector == null
            && h.Shares == 2_134_567.89m && h.Weight == 0.0000766m);
    }

    [Fact]
    public void Parse_WeightsInPercentBecomeFractionsThatSumToOne()
    {
        var file = ParseData(Workbook());

        // 38.51234 + 31.2 + 30.28 + 0.00766 = 100.00000 % = 1 as a fraction
        file.Holdings.Sum(h => h.Weight!.Value).Should().Be(1m);
    }

    [Fact]
    public void Parse_AHeaderRowThatMovedIsFoundByItsContent()
    {
        var file = ParseData(Workbook(gapRows: 3));

        file.Holdings.Should().HaveCount(4);
        file.Holdings[2].Ticker.Should().Be("XOM");
    }

    [Fact]
    public void Parse_AHeaderThatLostAColumn_IsInvalidNamingIt()
    {
        object?[] header = ["Name", "Ticker", "Identifier", "SEDOL", "Weight", "Sector", "Quantity", "Local Currency"];

        SpdrHoldingsParser.Parse("SPY", TinyXlsxWriter.Write(Workbook(header)))
            .Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>()
            .Which.Reason.Should().Contain("'Shares Held'").And.Contain("row 5");
    }

    [Fact]
    public void Parse_NoHeaderRow_IsInvalidNamingTheCellsLookedFor()
    {
        object?[] header = ["Security", "Ticker", "Identifier", "SEDOL", "Pct", "Sector", "Shares Held", "Local Currency"];

        SpdrHoldingsParser.Parse("SPY", TinyXlsxWriter.Write(Workbook(header)))
            .Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>()
            .Which.Reason.Should().Contain("no header row").And.Contain("'Weight'");
    }

    [Fact]
    public void Parse_AnotherFundsWorkbook_IsInvalid()
    {
        SpdrHoldingsParser.Parse("SPLG", TinyXlsxWriter.Write(Workbook()))
            .Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>()
            .Which.Reason.Should().Contain("'SPY'");
    }

    [Fact]
    public void Parse_BytesThatAreNotAWorkbook_AreInvalid()
    {
        SpdrHoldingsParser.Parse("SPY", "Name,Ticker\n"u8.ToArray())
            .Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>();
    }

    [Fact]
    public void Parse_APreambleWithoutTheHoldingsDate_IsInvalidNamingIt()
    {
        var rows = Workbook();
        rows.RemoveAt(2);

        SpdrHoldingsParser.Parse("SPY", TinyXlsxWriter.Write(rows))
            .Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>()
            .Which.Reason.Should().Contain("'Holdings:'");
    }
}
