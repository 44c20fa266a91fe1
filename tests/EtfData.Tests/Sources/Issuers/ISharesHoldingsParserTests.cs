using System.Text;
using EtfData.Api.Sources;
using EtfData.Api.Sources.Issuers;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Sources.Issuers;

public sealed class ISharesHoldingsParserTests
{
    private const string Fixture = "ishares_IVV_holdings.csv";

    private static IssuerHoldingsFile ParseData(byte[] bytes)
    {
        var result = ISharesHoldingsParser.Parse("IVV", bytes);
        result.Should().BeOfType<SourceResult<IssuerHoldingsFile>.Data>(result.Describe());
        result.TryGetData(out var file).Should().BeTrue();
        return file!;
    }

    [Fact]
    public void Parse_ReadsThePreamble()
    {
        var file = ParseData(IssuerFixtures.Bytes(Fixture));

        file.FundSymbol.Should().Be("IVV");
        file.FundName.Should().Be("iShares Core S&P 500 ETF");
        file.AsOf.Should().Be(new DateOnly(2025, 3, 14));
        file.SharesOutstanding.Should().Be(912_450_000.00m);
        file.NavPerShare.Should().BeNull();
        file.NetAssetsUsd.Should().BeNull();
    }

    [Fact]
    public void Parse_ReadsHoldingsExactly_AndStopsAtTheLegalTrailer()
    {
        var file = ParseData(IssuerFixtures.Bytes(Fixture));

        file.Holdings.Should().HaveCount(7);
        file.Holdings[0].Should().Be(new IssuerHolding(
            Position: 1, Ticker: "AAPL", Name: "APPLE INC", Cusip: null, Isin: null, Sedol: null,
            Sector: "Information Technology", AssetClass: "Equity", Location: "United States", Exchange: "NASDAQ",
            Currency: "USD", Weight: 0.4120m, Shares: 1_000_000.00m, MarketValue: 212_770_000.00m, Price: 212.77m));

        var futures = file.Holdings[6];
        futures.Ticker.Should().Be("ESH5");
        futures.AssetClass.Should().Be("Futures");
        futures.MarketValue.Should().Be(0m);
        futures.Weight.Should().Be(0m);
        futures.Location.Should().BeNull("'-' means empty");
        futures.Price.Should().Be(5_643.75m);

        file.Holdings[4].Should().Match<IssuerHolding>(h =>
            h.Ticker == "XTSLA" && h.AssetClass == "Money Market" && h.Exchange == null && h.Shares == 2_839_459.43m);
        file.Holdings.Select(h => h.Position).Should().Equal(1, 2, 3, 4, 5, 6, 7);
    }

    [Fact]
    public void Parse_WeightsArePercentsTurnedIntoFractionsThatSumToOne()
    {
        var file = ParseData(IssuerFixtures.Bytes(Fixture));

        // 41.20 + 33.15 + 14.05 + 10.90 + 0.55 + 0.15 + 0.00 = 100.00 % = 1.0000 as a fraction
        file.Holdings.Sum(h => h.Weight!.Value).Should().Be(1.0000m);
        file.Holdings[1].Weight.Should().Be(0.3315m);
    }

    [Fact]
    public void Parse_TheByteOrderMarkIsNotPartOfTheFundName_AndAFileWithoutItParsesTheSame()
    {
        var withBom = IssuerFixtures.Bytes(Fixture);
        withBom.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);

        var withoutBom = Encoding.UTF8.GetBytes(IssuerFixtures.Text(Fixture));

        ParseData(withBom).FundName.Should().Be("iShares Core S&P 500 ETF");
        var plain = ParseData(withoutBom);
        plain.FundName.Should().Be("iShares Core S&P 500 ETF");
        plain.Holdings.Should().Equal(ParseData(withBom).Holdings);
    }

    [Fact]
    public void Parse_TheAsOfDashTemplate_IsNotFound()
    {
        var result = ISharesHoldingsParser.Parse("IVV", IssuerFixtures.Bytes("ishares_IVV_no_data_template.csv"));

        result.Should().BeOfType<SourceResult<IssuerHoldingsFile>.NotFound>()
            .Which.Detail.Should().Contain("IVV");
    }

    [Fact]
    public void Parse_QuantityInsteadOfShares_IsMappedByName()
    {
        var text = IssuerFixtures.Text(Fixture).Replace(",Shares,Price,", ",Quantity,Price,", StringComparison.Ordinal);

        ParseData(IssuerFixtures.WithBom(text)).Holdings[0].Shares.Should().Be(1_000_000.00m);
    }

    [Fact]
    public void Parse_AHeaderThatLostAColumn_IsInvalidNamingIt()
    {
        var text = IssuerFixtures.Text(Fixture).Replace(",Weight (%),", ",Wt,", StringComparison.Ordinal);

        var result = ISharesHoldingsParser.Parse("IVV", IssuerFixtures.WithBom(text));

        result.Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>()
            .Which.Reason.Should().Contain("'Weight (%)'").And.NotContain("'Ticker'");
    }

    [Fact]
    public void Parse_AHeaderRowThatMovedBelowTheFirstHolding_IsInvalidNamingTheMissingHeader()
    {
        var lines = IssuerFixtures.Text(Fixture).Split('\n').ToList();
        var headerIndex = lines.FindIndex(l => l.StartsWith("Ticker,", StringComparison.Ordinal));
        (lines[headerIndex], lines[headerIndex + 1]) = (lines[headerIndex + 1], lines[headerIndex]);

        var result = ISharesHoldingsParser.Parse("IVV", IssuerFixtures.WithBom(string.Join('\n', lines)));

        result.Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>()
            .Which.Reason.Should().Contain("header row lacks columns").And.Contain("'Ticker'");
    }

    [Fact]
    public void Parse_AFileWithoutThePreambleSeparator_IsInvalid()
    {
        var text = IssuerFixtures.Text(Fixture).Replace("Other,\"-\"\n\u00A0\n", "Other,\"-\"\n", StringComparison.Ordinal);

        ISharesHoldingsParser.Parse("IVV", IssuerFixtures.WithBom(text))
            .Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>();
    }

    [Fact]
    public void Parse_AnUnreadableNumber_IsInvalidNamingLineAndColumn()
    {
        var text = IssuerFixtures.Text(Fixture).Replace("\"212.77\"", "\"n/a\"", StringComparison.Ordinal);

        ISharesHoldingsParser.Parse("IVV", IssuerFixtures.WithBom(text))
            .Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>()
            .Which.Reason.Should().Contain("line 11").And.Contain("'Price'");
    }

    [Fact]
    public void Parse_APreambleWithoutTheAsOfLine_IsInvalidNamingIt()
    {
        var text = IssuerFixtures.Text(Fixture).Replace("Fund Holdings as of,\"Mar 14, 2025\"\n", "", StringComparison.Ordinal);

        ISharesHoldingsParser.Parse("IVV", IssuerFixtures.WithBom(text))
            .Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>()
            .Which.Reason.Should().Contain("'Fund Holdings as of'");
    }
}
