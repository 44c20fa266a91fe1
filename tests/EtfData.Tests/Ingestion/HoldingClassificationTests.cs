using EtfData.Api.Ingestion.Holdings;
using EtfData.Api.Sources.Issuers;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Ingestion;

/// <summary>One sector and asset-class spelling across issuers, applied where positions become holding rows.</summary>
public sealed class HoldingClassificationTests
{
    [Theory]
    // iShares (real IVV file) spells it "Communication"; SPDR and Invesco "Communication Services".
    [InlineData("Communication", "Communication Services")]
    [InlineData("Communication Services", "Communication Services")]
    [InlineData("Information Technology", "Information Technology")]
    [InlineData("information technology", "Information Technology")]
    [InlineData("Technology", "Information Technology")]
    [InlineData("Healthcare", "Health Care")]
    [InlineData(" Real Estate ", "Real Estate")]
    [InlineData("Cash and/or Derivatives", null)]
    [InlineData("-", null)]
    [InlineData(null, null)]
    [InlineData("Multi-Sector", "Multi-Sector")]
    public void Sectors_map_to_their_GICS_names(string? stated, string? expected) =>
        HoldingClassification.Sector(stated).Should().Be(expected);

    [Theory]
    // iShares "Equity", Invesco's "Class of Shares" (real QQQ file) "Common Stock" and ADRs: one Equity bucket.
    [InlineData("Equity", "Equity")]
    [InlineData("Common Stock", "Equity")]
    [InlineData("American Depository Receipt", "Equity")]
    [InlineData("American Depository Receipt - NY", "Equity")]
    [InlineData("Fixed Income", "Fixed Income")]
    [InlineData("Cash", "Cash")]
    [InlineData("Cash Collateral and Margins", "Cash")]
    [InlineData("Money Market", "Money Market")]
    [InlineData("Futures", "Derivative")]
    [InlineData("Warrant", "Other")]
    [InlineData(null, null)]
    public void Asset_classes_map_to_one_set(string? stated, string? expected) =>
        HoldingClassification.AssetClass(stated).Should().Be(expected);

    [Fact]
    public void Issuer_positions_are_stored_mapped_while_the_parsed_file_keeps_its_own_spelling()
    {
        var line = new IssuerHolding(1, "GOOGL", "ALPHABET INC CLASS A", null, null, null, "Communication", "Equity",
            "United States", "NASDAQ", "USD", 0.02m, 10m, 1_000m, 100m);
        var invesco = line with { Ticker = "GOOG", Sector = "Communication Services", AssetClass = "Common Stock" };
        var file = new IssuerHoldingsFile("IVV", null, new DateOnly(2026, 11, 20), null, null, null, [line, invesco]);

        var rows = IssuerPositions.From(file, 1);

        rows.Select(r => (r.Sector, r.AssetClass)).Should().Equal(("Communication Services", "Equity"), ("Communication Services", "Equity"));
        file.Holdings[0].Sector.Should().Be("Communication");
    }
}
