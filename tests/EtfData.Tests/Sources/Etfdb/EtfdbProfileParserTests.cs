using EtfData.Api.Sources;
using EtfData.Api.Sources.Etfdb;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Sources.Etfdb;

public sealed class EtfdbProfileParserTests
{
    private static readonly string Page = Fixtures.Etfdb("qrst_profile.html");

    [Fact]
    public void Reads_the_vitals_aum_and_flows_exactly()
    {
        var profile = EtfdbProfileParser.Parse(Page).ShouldBeData();

        profile.Issuer.Should().Be("Example Advisors");
        profile.Category.Should().Be("Global Equities");
        profile.Structure.Should().Be(EtfdbStructure.Etf);
        // 0.35 % = 0.0035
        profile.ExpenseRatio.Should().Be(0.0035m);
        profile.Inception.Should().Be(new DateOnly(2015, 9, 3));
        profile.IndexTracked.Should().Be("Example Global Dividend Leaders Index");
        // $1,482.6 M = 1 482 600 000
        profile.AumUsd.Should().Be(1_482_600_000m);
        profile.AumAsOf.Should().Be(new DateOnly(2024, 3, 8));
        // 10-year shows N/A: no figure, not a zero.
        profile.NetFlows.Should().Equal(
            new EtfdbNetFlow("5-day", -2_350_000m),
            new EtfdbNetFlow("1-month", 14_080_000m),
            new EtfdbNetFlow("3-month", -31_500_000m),
            new EtfdbNetFlow("6-month", 120_400_000m),
            new EtfdbNetFlow("1-year", 1_020_000_000m),
            new EtfdbNetFlow("3-year", 1_300_000_000m),
            new EtfdbNetFlow("5-year", 1_410_000_000m));
    }

    [Fact]
    public void A_uit_with_no_index_reads_as_such()
    {
        var html = Page
            .Replace("<span class=\"text-right\">ETF</span>", "<span class=\"text-right\">UIT</span>", StringComparison.Ordinal)
            .Replace("<a href=\"https://etfdb.com/index/example-dividend/\">Example Global Dividend Leaders Index</a>", "N/A", StringComparison.Ordinal);

        var profile = EtfdbProfileParser.Parse(html).ShouldBeData();

        profile.Structure.Should().Be(EtfdbStructure.Uit);
        profile.IndexTracked.Should().BeNull();
    }

    [Fact]
    public void A_page_without_the_fund_body_is_invalid()
    {
        var html = Page.Replace("id=\"etf-ticker-body\"", "id=\"etf-body-v2\"", StringComparison.Ordinal);

        Reason(EtfdbProfileParser.Parse(html)).Should().Contain("#etf-ticker-body");
    }

    [Fact]
    public void A_lost_row_is_named()
    {
        var html = Page
            .Replace("<div class=\"row\"> <span>Expense Ratio</span> <span class=\"text-right\">0.35%</span> </div>", string.Empty, StringComparison.Ordinal)
            .Replace("<li> <span>AUM</span> <span class=\"pull-right\">$1,482.6 M</span> </li>", string.Empty, StringComparison.Ordinal);

        Reason(EtfdbProfileParser.Parse(html)).Should().Contain("rows missing: Expense Ratio, AUM");
    }

    [Fact]
    public void An_unreadable_value_is_named_not_guessed()
    {
        var html = Page.Replace("$1,482.6 M", "$1,482.6 MM", StringComparison.Ordinal);

        Reason(EtfdbProfileParser.Parse(html)).Should().Contain("AUM '$1,482.6 MM' unreadable");
    }

    [Fact]
    public void An_unknown_structure_is_invalid()
    {
        var html = Page.Replace("<span class=\"text-right\">ETF</span>", "<span class=\"text-right\">ETN</span>", StringComparison.Ordinal);

        Reason(EtfdbProfileParser.Parse(html)).Should().Contain("Structure 'ETN'");
    }

    [Fact]
    public void Missing_aum_date_is_invalid()
    {
        var html = Page.Replace("datetime=\"2024-03-08\"", string.Empty, StringComparison.Ordinal);

        Reason(EtfdbProfileParser.Parse(html)).Should().Contain("AUM date");
    }

    [Fact]
    public void A_lost_flow_window_is_named()
    {
        var html = Page.Replace("net-fund-flow 1-year", "net-fund-flow one-year", StringComparison.Ordinal);

        Reason(EtfdbProfileParser.Parse(html)).Should().Contain("fund flow window '1-year' missing");
    }

    [Fact]
    public void A_page_without_flows_is_invalid()
    {
        var html = Page.Replace("net-fund-flow", "fund-flow-v2", StringComparison.Ordinal);

        Reason(EtfdbProfileParser.Parse(html)).Should().Contain("fund flows (span.net-fund-flow) missing");
    }

    private static string Reason(SourceResult<EtfdbProfile> result) =>
        result.Should().BeOfType<SourceResult<EtfdbProfile>.Invalid>().Subject.Reason;
}
