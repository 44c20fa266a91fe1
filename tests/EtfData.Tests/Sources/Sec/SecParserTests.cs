using EtfData.Api.Sources;
using EtfData.Api.Sources.Sec;
using EtfData.Domain;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Sources.Sec;

/// <summary>SEC's ticker maps, submissions and series Atom feed, on the project's own fixtures in the real formats.</summary>
public sealed class SecParserTests
{
    [Fact]
    public void Fund_ticker_map_gives_one_entry_per_class_with_the_series_shared_by_VOO_and_VFIAX()
    {
        var entries = SecTickerParser.ParseFundTickers(Fixtures.Sec("company_tickers_mf_sample.json")).ShouldBeData();

        entries.Should().ContainEquivalentOf(new SecTickerEntry("VOO", 36405, "S000002839", "C000092055"));
        entries.Should().ContainEquivalentOf(new SecTickerEntry("VFIAX", 36405, "S000002839", "C000007773"));
        entries.Where(e => e.SeriesId == "S000002839").Select(e => e.Symbol).Should().BeEquivalentTo("VFIAX", "VFINX", "VOO");
        // An empty symbol and an impossible one are skipped; a dashed class is normalised.
        entries.Select(e => e.Symbol).Should().Equal("VFIAX", "VFINX", "VOO", "VTSAX", "VTI", "IVV", "BRK.B");
    }

    [Fact]
    public void Fund_ticker_map_without_a_needed_column_is_invalid_naming_it()
    {
        var result = SecTickerParser.ParseFundTickers("""{"fields":["cik","seriesId","symbol"],"data":[[36405,"S000002839","VOO"]]}"""u8.ToArray());

        result.Should().BeOfType<SourceResult<IReadOnlyList<SecTickerEntry>>.Invalid>().Which.Reason.Should().Contain("classId");
    }

    [Fact]
    public void Company_ticker_map_holds_SPY_by_CIK_without_a_series()
    {
        var entries = SecTickerParser.ParseCompanyTickers(Fixtures.Sec("company_tickers_sample.json")).ShouldBeData();

        entries.Should().ContainEquivalentOf(new SecTickerEntry("SPY", 884394, null, null, "SPDR S&P 500 ETF TRUST"));
        entries.Should().ContainEquivalentOf(new SecTickerEntry("BRK.B", 1067983, null, null, "BERKSHIRE HATHAWAY INC"));
        entries.Should().HaveCount(5);
    }

    [Fact]
    public void Submissions_keep_only_NPORT_rows_with_amendments_and_list_the_older_page()
    {
        var submissions = SecSubmissionsParser.Parse(Fixtures.Sec("submissions_CIK0000036405_recent.json")).ShouldBeData();

        submissions.Filings.Should().Equal(
            new SecFilingRef("0001752724-25-201111", "NPORT-P", new DateOnly(2025, 8, 28), new DateOnly(2025, 6, 30)),
            new SecFilingRef("0001752724-25-201110", "NPORT-P", new DateOnly(2025, 8, 28), new DateOnly(2025, 6, 30)),
            new SecFilingRef("0001752724-25-190001", "NPORT-P/A", new DateOnly(2025, 8, 20), new DateOnly(2025, 3, 31)),
            // An N-PORT row with an empty reportDate keeps its filing and has no period.
            new SecFilingRef("0001752724-25-120002", "NPORT-P", new DateOnly(2025, 5, 29), null));
        submissions.OlderPages.Should().Equal(new SecSubmissionsPage("CIK0000036405-submissions-001.json", new DateOnly(2024, 2, 27), new DateOnly(2025, 2, 27)));
    }

    [Fact]
    public void Older_submissions_page_has_the_columns_at_its_top_level()
    {
        var filings = SecSubmissionsParser.ParsePage(Fixtures.Sec("CIK0000036405-submissions-001.json")).ShouldBeData();

        filings.Select(f => (f.Accession, f.ReportDate)).Should().Equal(
            ("0001752724-25-040001", new DateOnly(2024, 12, 31)),
            ("0001752724-24-260001", new DateOnly(2024, 9, 30)),
            ("0001752724-24-050001", new DateOnly(2023, 12, 31)));
    }

    [Fact]
    public void Submissions_with_columns_of_different_lengths_are_invalid()
    {
        var result = SecSubmissionsParser.ParsePage("""{"accessionNumber":["0001752724-25-040001"],"filingDate":[],"form":["NPORT-P"]}"""u8.ToArray());

        result.Should().BeOfType<SourceResult<IReadOnlyList<SecFilingRef>>.Invalid>().Which.Reason.Should().Contain("different lengths");
    }

    [Fact]
    public void Series_feed_lists_its_NPORT_filings_newest_first_without_other_forms()
    {
        var filings = SecAtomParser.Parse(Fixtures.Sec("browse_edgar_atom_S000002839.xml")).ShouldBeData();

        filings.Should().Equal(
            new SecFilingRef("0001752724-25-201110", "NPORT-P", new DateOnly(2025, 8, 28), null),
            new SecFilingRef("0001752724-25-190001", "NPORT-P/A", new DateOnly(2025, 8, 20), null));
    }

    [Fact]
    public void An_html_page_instead_of_the_feed_is_invalid()
    {
        var result = SecAtomParser.Parse("<html><body>No matching CIK.</body></html>"u8.ToArray());

        result.Should().BeOfType<SourceResult<IReadOnlyList<SecFilingRef>>.Invalid>().Which.Reason.Should().Contain("<html>");
    }

    [Theory]
    [InlineData("", "none is configured")]
    [InlineData("EtfData research", "has no e-mail address")]
    public void Options_without_a_contact_name_the_option_to_set(string userAgent, string problem)
    {
        var options = new SecOptions { UserAgent = userAgent };

        options.ConfigurationProblem().Should().Contain(problem).And.Contain("Sources:Sec:UserAgent").And.Contain("Sources__Sec__UserAgent");
        new SecOptions { UserAgent = "EtfData admin@example.org" }.ConfigurationProblem().Should().BeNull();
    }

    [Fact]
    public void A_403_is_throttling_only_with_the_threshold_page()
    {
        var options = new SecOptions();

        options.IsThrottling(System.Net.HttpStatusCode.Forbidden, System.Text.Encoding.UTF8.GetBytes(EtfData.FakeUpstream.Sec.SecFake.ThresholdPage)).Should().BeTrue();
        options.IsThrottling(System.Net.HttpStatusCode.Forbidden, "Forbidden"u8).Should().BeFalse();
        options.IsThrottling(System.Net.HttpStatusCode.TooManyRequests, default).Should().BeTrue();
    }
}
