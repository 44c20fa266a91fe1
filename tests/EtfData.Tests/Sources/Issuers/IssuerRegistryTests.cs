using EtfData.Api.Sources.Issuers;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Sources.Issuers;

public sealed class IssuerRegistryTests
{
    [Theory]
    [InlineData("iShares Core S&P 500 ETF", IssuerFamily.IShares)]
    [InlineData("SPDR S&P 500 ETF Trust", IssuerFamily.Spdr)]
    [InlineData("Technology Select Sector SPDR Fund", IssuerFamily.Spdr)]
    [InlineData("Invesco QQQ Trust, Series 1", IssuerFamily.Invesco)]
    [InlineData("Vanguard S&P 500 ETF", IssuerFamily.Vanguard)]
    public void FamilyOf_RecognisesTheSponsorFromTheFundName(string name, IssuerFamily expected) =>
        IssuerRegistry.FamilyOf(name).Should().Be(expected);

    [Fact]
    public void FamilyOf_AnotherSponsor_IsNull() =>
        IssuerRegistry.FamilyOf("Schwab U.S. Broad Market ETF").Should().BeNull();

    [Fact]
    public void TryLocate_IShares_FillsProductIdSlugAndTicker()
    {
        IssuerRegistry.TryLocate("ivv", "iShares Core S&P 500 ETF", new ISharesProductPage("239726", "ishares-core-sp-500-etf"),
            out var location, out _).Should().BeTrue();

        location!.Format.Should().Be(IssuerFileFormat.ISharesCsv);
        location.FundSymbol.Should().Be("IVV");
        location.Url.AbsoluteUri.Should().Be(
            "https://www.ishares.com/us/products/239726/ishares-core-sp-500-etf/1467271812596.ajax?fileType=csv&fileName=IVV_holdings&dataType=fund");
    }

    [Fact]
    public void TryLocate_ISharesWithoutItsProductPage_SaysWhy()
    {
        IssuerRegistry.TryLocate("IVV", "iShares Core S&P 500 ETF", null, out var location, out var reason).Should().BeFalse();

        location.Should().BeNull();
        reason.Should().Contain("product id");
    }

    [Fact]
    public void TryLocate_Spdr_UsesTheLowerCaseTicker()
    {
        IssuerRegistry.TryLocate("SPY", "SPDR S&P 500 ETF Trust", null, out var location, out _).Should().BeTrue();

        location!.Format.Should().Be(IssuerFileFormat.SpdrXlsx);
        location.Url.AbsoluteUri.Should().Be(
            "https://www.ssga.com/us/en/intermediary/library-content/products/fund-data/etfs/us/holdings-daily-us-en-spy.xlsx");
    }

    [Fact]
    public void TryLocate_Vanguard_UsesTheDocumentedPortfolioHoldingApi()
    {
        IssuerRegistry.TryLocate("VOO", "Vanguard S&P 500 ETF", null, out var location, out _).Should().BeTrue();

        location!.Format.Should().Be(IssuerFileFormat.VanguardJson);
        location.Url.AbsoluteUri.Should().Be(
            "https://investor.vanguard.com/investment-products/etfs/profile/api/VOO/portfolio-holding/stock?start=1&count=500");
    }

    [Fact]
    public void TryLocate_Invesco_UsesThePublicScrapersDownloadUrl()
    {
        IssuerRegistry.TryLocate("QQQ", "Invesco QQQ Trust, Series 1", null, out var location, out _).Should().BeTrue();

        location!.Format.Should().Be(IssuerFileFormat.InvescoCsv);
        location.Url.AbsoluteUri.Should().Be(
            "https://www.invesco.com/us/financial-products/etfs/holdings/main/holdings/0?audienceType=Investor&action=download&ticker=QQQ");
    }

    [Fact]
    public void TryLocate_OnOtherHosts_KeepsEachIssuersPathAndQuery()
    {
        var hosts = new IssuerHosts("http://127.0.0.1:5099", "http://127.0.0.1:5099/", "http://127.0.0.1:5099");

        IssuerRegistry.TryLocate("IVV", "iShares Core S&P 500 ETF", new ISharesProductPage("239726", "ishares-core-sp-500-etf"), out var iShares, out _, hosts);
        IssuerRegistry.TryLocate("XLK", "Technology Select Sector SPDR Fund", null, out var spdr, out _, hosts);

        iShares!.Url.AbsoluteUri.Should().Be(
            "http://127.0.0.1:5099/us/products/239726/ishares-core-sp-500-etf/1467271812596.ajax?fileType=csv&fileName=IVV_holdings&dataType=fund");
        spdr!.Url.AbsoluteUri.Should().Be(
            "http://127.0.0.1:5099/us/en/intermediary/library-content/products/fund-data/etfs/us/holdings-daily-us-en-xlk.xlsx");
    }

    [Fact]
    public void TryLocate_AnotherSponsor_SaysWhy()
    {
        IssuerRegistry.TryLocate("SCHB", "Schwab U.S. Broad Market ETF", null, out var location, out var reason).Should().BeFalse();

        location.Should().BeNull();
        reason.Should().Contain("no issuer holdings file");
    }
}
