using EtfData.Api.Sources;
using EtfData.Api.Sources.Schwab;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Sources.Schwab;

public sealed class SchwabHoldingsParserTests
{
    private static readonly string Page = Fixtures.Schwab("qrst_holdings.html");
    private static readonly string ModuleAnswer = Fixtures.Schwab("qrst_holdings_page2.js");

    [Fact]
    public void Reads_session_paging_and_rows_exactly()
    {
        var page = SchwabHoldingsParser.ParsePage(Page).ShouldBeData();

        page.Session.Should().Be(new SchwabSession("48213377", "a1b2c3d4-e5f6-4711-8000-00000000beef"));
        page.AsOf.Should().Be(new DateOnly(2023, 10, 31));
        page.PageNumber.Should().Be(1);
        page.PageCount.Should().Be(3);
        page.Rows.Should().Equal(
            // 7.25 % = 0.0725; $98.4M = 98 400 000
            new SchwabHolding("EXMP", "Example Motors Corp", 0.0725m, 1_204_550m, 98_400_000m),
            // 3.2M shares = 3 200 000
            new SchwabHolding("SAMP.L", "Sample Holdings PLC", 0.041m, 3_200_000m, 55_612_300m),
            // "--" symbol and shares: no value, not zero
            new SchwabHolding(null, "US DOLLAR CASH", 0.0035m, null, 4_710_000m),
            // unicode minus: −0.02 % = −0.0002; −$270.5K = −270 500
            new SchwabHolding("ESZ3", "E-MINI FUTURE DEC 2023", -0.0002m, -12m, -270_500m));
    }

    [Fact]
    public void Columns_are_found_by_name_not_position()
    {
        var html = Page
            .Replace("<th>Shares Held</th><th>Market Value</th>", "<th>Market Value</th><th>Shares Held</th>", StringComparison.Ordinal)
            .Replace("<td>1,204,550</td><td>$98.4M</td>", "<td>$98.4M</td><td>1,204,550</td>", StringComparison.Ordinal)
            .Replace("<td>3.2M</td><td>$55,612,300</td>", "<td>$55,612,300</td><td>3.2M</td>", StringComparison.Ordinal)
            .Replace("<td>--</td><td>$4.71M</td>", "<td>$4.71M</td><td>--</td>", StringComparison.Ordinal)
            .Replace("<td>-12</td><td>&#8722;$270.5K</td>", "<td>&#8722;$270.5K</td><td>-12</td>", StringComparison.Ordinal);

        var page = SchwabHoldingsParser.ParsePage(html).ShouldBeData();

        page.Rows[0].Should().Be(new SchwabHolding("EXMP", "Example Motors Corp", 0.0725m, 1_204_550m, 98_400_000m));
        page.Rows[3].Should().Be(new SchwabHolding("ESZ3", "E-MINI FUTURE DEC 2023", -0.0002m, -12m, -270_500m));
    }

    [Fact]
    public void A_header_row_outside_a_thead_is_still_the_header()
    {
        var html = Page
            .Replace("<thead>", string.Empty, StringComparison.Ordinal)
            .Replace("</thead>", string.Empty, StringComparison.Ordinal);

        var page = SchwabHoldingsParser.ParsePage(html).ShouldBeData();

        page.Rows.Should().HaveCount(4);
        page.Rows[1].Should().Be(new SchwabHolding("SAMP.L", "Sample Holdings PLC", 0.041m, 3_200_000m, 55_612_300m));
    }

    [Fact]
    public void A_lost_column_is_named()
    {
        var html = Page.Replace("<th>Shares Held</th>", "<th>Quantity</th>", StringComparison.Ordinal);

        Reason(SchwabHoldingsParser.ParsePage(html)).Should().Contain("holdings columns missing: Shares Held");
    }

    [Fact]
    public void A_table_that_moved_out_of_the_module_is_invalid()
    {
        var html = Page.Replace("id=\"holdingsTableContainer\"", "id=\"holdingsGrid\"", StringComparison.Ordinal);

        Reason(SchwabHoldingsParser.ParsePage(html)).Should().Contain("#holdingsTableContainer");
    }

    [Fact]
    public void A_row_short_of_cells_is_invalid()
    {
        var html = Page.Replace("<td>3.2M</td>", string.Empty, StringComparison.Ordinal);

        Reason(SchwabHoldingsParser.ParsePage(html)).Should().Contain("holdings row 2 has 4 cells for 5 columns");
    }

    [Fact]
    public void An_unreadable_weight_is_named()
    {
        var html = Page.Replace("<td>7.25%</td>", "<td>7.25</td>", StringComparison.Ordinal);

        Reason(SchwabHoldingsParser.ParsePage(html)).Should().Contain("holdings row 1: Portfolio Weight '7.25' unreadable");
    }

    [Theory]
    [InlineData("var gSymbolWSODIssue = '48213377';", "gSymbolWSODIssue missing")]
    [InlineData("WSDOM.Page.sessionID = WSOD_DATA.sessionID || 'a1b2c3d4-e5f6-4711-8000-00000000beef';", "WSDOM.Page.sessionID missing")]
    [InlineData("<span>Page 1 of 3</span>", "pager ('Page n of m') missing")]
    [InlineData("<span class=\"asof\">as of 10/31/2023</span>", "'as of' date missing")]
    public void Missing_session_or_paging_values_are_named(string removed, string reason)
    {
        var html = Page.Replace(removed, string.Empty, StringComparison.Ordinal);

        Reason(SchwabHoldingsParser.ParsePage(html)).Should().Contain(reason);
    }

    [Fact]
    public void An_empty_as_of_template_is_not_found()
    {
        var result = SchwabHoldingsParser.ParsePage(Fixtures.Schwab("empty_holdings.html"));

        result.Should().BeOfType<SourceResult<SchwabHoldingsPage>.NotFound>();
    }

    [Fact]
    public void Module_rows_are_read_exactly()
    {
        var rows = SchwabHoldingsParser.ParseModuleRows(ModuleAnswer).ShouldBeData();

        rows.Should().Equal(
            new SchwabHolding("WIDG", "Widget Industries Inc", 0.0105m, 210_400m, 15_570_000m),
            // 0.998 % = 0.00998; 1.1K = 1 100
            new SchwabHolding("GADG", "Gadget Works SA", 0.00998m, 1_100m, 14_791_020.50m));
    }

    [Fact]
    public void A_module_answer_without_the_rows_path_is_invalid()
    {
        // A colgroup ahead of the thead: c[1] is now the header row, whose cells are not rows.
        var answer = ModuleAnswer.Replace("{\"t\":\"table\",\"c\":[{\"t\":\"thead\"", "{\"t\":\"table\",\"c\":[{\"t\":\"colgroup\"},{\"t\":\"thead\"", StringComparison.Ordinal);

        var result = SchwabHoldingsParser.ParseModuleRows(answer);

        result.Should().BeOfType<SourceResult<IReadOnlyList<SchwabHolding>>.Invalid>()
            .Which.Reason.Should().Contain("row 1 cell 1 has no text at c[0]");
    }

    [Fact]
    public void A_module_row_that_lost_a_cell_is_invalid()
    {
        var answer = ModuleAnswer.Replace("{\"t\":\"td\",\"c\":[\"1.1K\"]},", string.Empty, StringComparison.Ordinal);

        SchwabHoldingsParser.ParseModuleRows(answer).Should().BeOfType<SourceResult<IReadOnlyList<SchwabHolding>>.Invalid>()
            .Which.Reason.Should().Contain("row 2 has 4 cells for 5 columns");
    }

    [Theory]
    [InlineData("<html>session expired</html>", "does not start with 'this.apiReturn ='")]
    [InlineData("this.apiReturn = {\"module\":", "not JSON")]
    [InlineData("this.apiReturn = {\"module\":{\"c\":[]}};", "rows (module.c[0].c[1].c) missing")]
    [InlineData("this.apiReturn = {\"module\":{\"c\":[{\"c\":[{\"c\":[]},{\"c\":[]}]}]}};", "rows (module.c[0].c[1].c) empty")]
    public void A_module_answer_that_is_not_the_documented_shape_is_invalid(string answer, string reason)
    {
        SchwabHoldingsParser.ParseModuleRows(answer).Should().BeOfType<SourceResult<IReadOnlyList<SchwabHolding>>.Invalid>()
            .Which.Reason.Should().Contain(reason);
    }

    private static string Reason(SourceResult<SchwabHoldingsPage> result) =>
        result.Should().BeOfType<SourceResult<SchwabHoldingsPage>.Invalid>().Subject.Reason;
}
