using System.Text;
using EtfData.Api.Sources;
using EtfData.Api.Sources.Issuers;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Sources.Issuers;

public sealed class InvescoHoldingsParserTests
{
    private const string Fixture = "invesco_QQQ_holdings.csv";

    private static IssuerHoldingsFile ParseData(byte[] bytes)
    {
        var result = InvescoHoldingsParser.Parse("QQQ", bytes);
        result.Should().BeOfType<SourceResult<IssuerHoldingsFile>.Data>(result.Describe());
        result.TryGetData(out var file).Should().BeTrue();
        return file!;
    }

    [Fact]
    public void Parse_ReadsTheDateFromTheRows_AndStatesNoFundTotals()
    {
        var file = ParseData(IssuerFixtures.Bytes(Fixture));

        file.FundSymbol.Should().Be("QQQ");
        file.AsOf.Should().Be(new DateOnly(2025, 3, 14));
        file.SharesOutstanding.Should().BeNull();
        file.NavPerShare.Should().BeNull();
        file.NetAssetsUsd.Should().BeNull();
    }

    [Fact]
    public void Parse_ReadsHoldingsExactly_TrimmingThePaddedTicker()
    {
        var file = ParseData(IssuerFixtures.Bytes(Fixture));

        file.Holdings.Should().HaveCount(6);
        file.Holdings[0].Should().Be(new IssuerHolding(
            Position: 1, Ticker: "NVDA", Name: "NVIDIA Corp", Cusip: "67066G104", Isin: null, Sedol: null,
            Sector: "Information Technology", AssetClass: "Common Stock", Location: null, Exchange: null,
            Currency: null, Weight: 0.45000m, Shares: 150_000_000m, MarketValue: 27_450_000_000.00m, Price: null));
        file.Holdings[2].Cusip.Should().Be("G39387108");
        file.Holdings[3].Should().Match<IssuerHolding>(h => h.Isin == "US0420682058" && h.Cusip == null && h.Ticker == "ARM");
        file.Holdings[5].Should().Match<IssuerHolding>(h => h.Cusip == null && h.Isin == null && h.Sector == null && h.AssetClass == "Cash");
    }

    [Fact]
    public void Parse_WeightsSumToOne()
    {
        var file = ParseData(IssuerFixtures.Bytes(Fixture));

        // 45.000 + 32.000 + 0.600 + 1.000 + 20.400 + 1.000 = 100.000 % = 1 as a fraction
        file.Holdings.Sum(h => h.Weight!.Value).Should().Be(1m);
        file.Holdings[2].Weight.Should().Be(0.006m);
    }

    [Fact]
    public void Parse_AByteOrderMarkIsIgnored()
    {
        var withBom = IssuerFixtures.WithBom(IssuerFixtures.Text(Fixture));

        ParseData(withBom).Holdings.Should().Equal(ParseData(IssuerFixtures.Bytes(Fixture)).Holdings);
    }

    [Fact]
    public void Parse_AHeaderWithoutRows_IsNotFound()
    {
        var header = IssuerFixtures.Text(Fixture).Split('\n')[0] + "\n";

        InvescoHoldingsParser.Parse("QQQ", Encoding.UTF8.GetBytes(header))
            .Should().BeOfType<SourceResult<IssuerHoldingsFile>.NotFound>();
    }

    [Fact]
    public void Parse_AHeaderThatLostAColumn_IsInvalidNamingIt()
    {
        var text = IssuerFixtures.Text(Fixture).Replace(",MarketValue,", ",Market Val,", StringComparison.Ordinal);

        InvescoHoldingsParser.Parse("QQQ", Encoding.UTF8.GetBytes(text))
            .Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>()
            .Which.Reason.Should().Contain("'MarketValue'");
    }

    [Fact]
    public void Parse_AHeaderRowThatMovedDown_IsInvalidNamingTheMissingHeader()
    {
        var lines = IssuerFixtures.Text(Fixture).Split('\n');
        (lines[0], lines[1]) = (lines[1], lines[0]);

        InvescoHoldingsParser.Parse("QQQ", Encoding.UTF8.GetBytes(string.Join('\n', lines)))
            .Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>()
            .Which.Reason.Should().Contain("header row lacks columns").And.Contain("'Fund Ticker'");
    }

    [Fact]
    public void Parse_AnotherFundsFile_IsInvalid()
    {
        InvescoHoldingsParser.Parse("QQQM", IssuerFixtures.Bytes(Fixture))
            .Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>()
            .Which.Reason.Should().Contain("'Fund Ticker' is 'QQQ'");
    }

    [Fact]
    public void Parse_RowsDisagreeingOnTheDate_AreInvalid()
    {
        var lines = IssuerFixtures.Text(Fixture).Split('\n');
        lines[3] = lines[3].Replace("03/14/2025", "03/13/2025", StringComparison.Ordinal);

        InvescoHoldingsParser.Parse("QQQ", Encoding.UTF8.GetBytes(string.Join('\n', lines)))
            .Should().BeOfType<SourceResult<IssuerHoldingsFile>.Invalid>()
            .Which.Reason.Should().Contain("line 4");
    }
}
