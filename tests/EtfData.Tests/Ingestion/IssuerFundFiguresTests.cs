using EtfData.Api.Ingestion.Holdings;
using EtfData.Api.Sources.Issuers;
using EtfData.Domain;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Ingestion;

/// <summary>Net assets and NAV per share derived from an issuer file's own lines, dated by the file.</summary>
public sealed class IssuerFundFiguresTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    private static IssuerHolding Line(int position, decimal? marketValue, decimal? weight) =>
        new(position, null, "LINE " + position, null, null, null, null, null, null, null, "USD", weight, null, marketValue, null);

    private static readonly IssuerHolding[] Lines =
    [
        Line(1, 600m, 0.60m),
        Line(2, 300m, 0.30m),
        // Cash collateral the weights count against net assets, and a payable with a negative weight.
        Line(3, 150m, 0.15m),
        Line(4, -60m, -0.06m),
        // A future (no market value, weight 0) and a line without a weight: neither counts.
        Line(5, 0m, 0m),
        Line(6, 50m, null),
    ];

    [Fact]
    public void Net_assets_are_the_market_values_over_the_weights_of_the_lines_stating_both()
    {
        // Σ MV = 600 + 300 + 150 − 60 + 0 = 990; Σ weight = 0.60 + 0.30 + 0.15 − 0.06 + 0 = 0.99; 990 ÷ 0.99 = 1,000.
        IssuerFundFigures.NetAssetsFromLines(Lines).Should().Be(1_000m);
    }

    [Fact]
    public void The_observation_carries_the_headers_shares_and_the_derived_net_assets_and_nav_on_the_files_date()
    {
        var file = new IssuerHoldingsFile("IVV", "iShares Core S&P 500 ETF", Day, 3m, null, null, Lines);

        var metric = IssuerFundFigures.Observation("IVV", HoldingSources.IShares, file);

        // NAV = 1,000 ÷ 3 = 333.3333333… → 333.333333 (nav_per_share keeps 6 decimals).
        metric.Should().Be(new FundMetric("IVV", Day, HoldingSources.IShares, 1_000m, 333.333333m, 3));
    }

    [Fact]
    public void A_file_without_shares_outstanding_gives_no_observation_and_one_without_weights_no_nav()
    {
        IssuerFundFigures.Observation("SPY", HoldingSources.Spdr, new IssuerHoldingsFile("SPY", null, Day, null, null, null, Lines))
            .Should().BeNull();
        IssuerFundFigures.Observation("IVV", HoldingSources.IShares, new IssuerHoldingsFile("IVV", null, Day, 3m, null, null, [Line(1, 10m, null)]))
            .Should().Be(new FundMetric("IVV", Day, HoldingSources.IShares, null, null, 3));
    }
}
