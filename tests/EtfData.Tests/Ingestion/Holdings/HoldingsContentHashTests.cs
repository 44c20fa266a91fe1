using EtfData.Api.Ingestion.Holdings;
using EtfData.Domain;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Ingestion.Holdings;

public sealed class HoldingsContentHashTests
{
    private static readonly Holding[] Positions =
    [
        new() { SnapshotId = 1, Position = 1, Ticker = "AAPL", Name = "APPLE INC", Weight = 0.07m, Shares = 1_000m, MarketValueUsd = 230_000.5m },
        new() { SnapshotId = 1, Position = 2, Ticker = "MSFT", Name = "MICROSOFT CORP", Weight = 0.065m, Sector = "Information Technology" },
    ];

    [Fact]
    public void Trailing_zeros_snapshot_ids_securities_and_input_order_do_not_change_the_hash()
    {
        var rewritten = Positions.Reverse()
            .Select(p => p with { SnapshotId = 99, SecurityId = 5, Weight = p.Weight * 1.0000m, Shares = p.Shares * 1.00m })
            .ToList();

        HoldingsContentHash.Compute(rewritten).Should().Be(HoldingsContentHash.Compute(Positions)).And.MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public void Any_stored_field_changes_the_hash()
    {
        var hash = HoldingsContentHash.Compute(Positions);

        Holding[][] variants =
        [
            [Positions[0] with { Weight = 0.0701m }, Positions[1]],
            [Positions[0] with { Sector = "" }, Positions[1]], // empty is not null
            [Positions[0] with { Exchange = "NASDAQ" }, Positions[1]],
            [Positions[0] with { Position = 3 }, Positions[1]],
            [Positions[0]],
        ];
        variants.Select(HoldingsContentHash.Compute).Should().OnlyHaveUniqueItems().And.NotContain(hash);
    }

    [Theory]
    [InlineData("0.0700", 14, "0.07")]
    [InlineData("0.123456789012345678", 14, "0.12345678901235")] // rounded to numeric(18,14) as stored
    [InlineData("100.00", 2, "100")]
    [InlineData("-0.000", 2, "0")]
    public void Numbers_are_written_as_stored_without_trailing_zeros(string value, int scale, string expected) =>
        HoldingsContentHash.Number(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), scale).Should().Be(expected);
}
