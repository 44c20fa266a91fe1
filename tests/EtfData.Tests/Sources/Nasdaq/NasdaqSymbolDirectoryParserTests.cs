using System.Text;
using EtfData.Api.Sources;
using EtfData.Api.Sources.Nasdaq;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Sources.Nasdaq;

/// <summary>
/// The parser on the project's own <c>nasdaqtraded_sample.txt</c>: 16 rows in the real layout (CRLF,
/// trailer), of which 8 are ETFs across NYSE Arca, Nasdaq and Cboe BZX; 2 test issues (one with a
/// blank ETF flag), a warrant and a preferred, 3 other stocks (one a class share) and one non-test
/// row with a blank ETF flag.
/// </summary>
public sealed class NasdaqSymbolDirectoryParserTests
{
    private static readonly byte[] Sample = Fixtures.Nasdaq("nasdaqtraded_sample.txt");

    [Fact]
    public void Sample_file_keeps_exactly_the_etf_rows_with_trimmed_names_and_exchange_names()
    {
        Encoding.ASCII.GetString(Sample).Should().Contain("\r\n", "the fixture keeps the real file's CRLF line ends");

        var directory = NasdaqSymbolDirectoryParser.Parse(Sample).ShouldBeData();

        directory.Etfs.Should().Equal(
            new ListedEtf("AAAU", "Goldman Sachs Physical Gold ETF Shares", "Cboe BZX"),
            new ListedEtf("AGG", "iShares Core U.S. Aggregate Bond ETF", "NYSE Arca"),
            new ListedEtf("BND", "Vanguard Total Bond Market ETF", "Nasdaq"),
            new ListedEtf("GLD", "SPDR Gold Trust", "NYSE Arca"),
            new ListedEtf("QQQ", "Invesco QQQ Trust, Series 1", "Nasdaq"),
            new ListedEtf("SPY", "SPDR S&P 500 ETF Trust", "NYSE Arca"),
            new ListedEtf("TLT", "iShares 20+ Year Treasury Bond ETF", "Nasdaq"),
            new ListedEtf("XLK", "Technology Select Sector SPDR Fund", "NYSE Arca"));
    }

    [Fact]
    public void Sample_file_counts_every_dropped_row_by_reason()
    {
        var directory = NasdaqSymbolDirectoryParser.Parse(Sample).ShouldBeData();

        // 16 rows = 8 ETFs + 2 test issues + 2 unsupported (AACT+, ABR-D) + 3 non-ETFs (AAPL, BRK.B, IMO) + 1 blank flag (CBOE).
        directory.Diagnostics.Should().Be(new SymbolDirectoryDiagnostics(
            DataRows: 16,
            TestIssuesDropped: 2,
            UnsupportedSymbolsSkipped: 2,
            NonEtfRows: 3,
            BlankEtfFlagRows: 1,
            MalformedRowsSkipped: 0,
            DuplicateSymbolsSkipped: 0));
    }

    [Fact]
    public void Trailer_is_the_files_as_of_time_in_us_eastern_and_not_a_symbol()
    {
        var directory = NasdaqSymbolDirectoryParser.Parse(Sample).ShouldBeData();

        // 08/01/2024 21:32 EDT (UTC-4).
        directory.FileCreatedAt.Should().Be(new DateTimeOffset(2024, 8, 1, 21, 32, 0, TimeSpan.FromHours(-4)));
        directory.FileCreatedAt!.Value.UtcDateTime.Should().Be(new DateTime(2024, 8, 2, 1, 32, 0, DateTimeKind.Utc));
        directory.Etfs.Should().NotContain(e => e.Symbol.StartsWith("FILE", StringComparison.Ordinal));
    }

    [Fact]
    public void Winter_trailer_is_eastern_standard_time()
    {
        var text = Header + "\nY|SPY|SPDR S&P 500 ETF Trust|P| |Y|100|N||SPY|SPY|N\nFile Creation Time: 0115202508:05|||||\n";

        var directory = NasdaqSymbolDirectoryParser.Parse(text).ShouldBeData();

        directory.FileCreatedAt.Should().Be(new DateTimeOffset(2025, 1, 15, 8, 5, 0, TimeSpan.FromHours(-5)));
    }

    [Fact]
    public void Lf_line_ends_give_the_same_result_as_crlf()
    {
        var crlf = NasdaqSymbolDirectoryParser.Parse(Sample).ShouldBeData();
        var lf = NasdaqSymbolDirectoryParser.Parse(Encoding.ASCII.GetString(Sample).ReplaceLineEndings("\n")).ShouldBeData();

        lf.Etfs.Should().Equal(crlf.Etfs);
        lf.Diagnostics.Should().Be(crlf.Diagnostics);
        lf.FileCreatedAt.Should().Be(crlf.FileCreatedAt);
    }

    [Fact]
    public void Class_share_normalises_to_the_dot_form_and_preferred_warrant_unit_and_right_spellings_are_refused()
    {
        NasdaqSymbolDirectoryParser.TryNormalizeListedSymbol("BRK.B", out var classShare).Should().BeTrue();
        classShare.Should().Be("BRK.B");
        NasdaqSymbolDirectoryParser.TryNormalizeListedSymbol(" spy ", out var lower).Should().BeTrue();
        lower.Should().Be("SPY");

        foreach (var raw in new[] { "ABR-D", "ABR$D", "AACT+", "AACT=", "ABCD^", "AB#C", "" })
        {
            NasdaqSymbolDirectoryParser.TryNormalizeListedSymbol(raw, out _).Should().BeFalse(raw);
        }
    }

    [Fact]
    public void Etf_with_a_class_suffix_is_listed_in_the_dot_form()
    {
        var text = Header + "\r\nY|ABCD.B|Example Fund Class B ETF|P| |Y|100|N||ABCD.B|ABCD.B|N\r\nFile Creation Time: 0801202421:32|||||\r\n";

        NasdaqSymbolDirectoryParser.Parse(text).ShouldBeData().Etfs.Should().Equal(new ListedEtf("ABCD.B", "Example Fund Class B ETF", "NYSE Arca"));
    }

    [Theory]
    [InlineData("Q", "Nasdaq")]
    [InlineData("N", "NYSE")]
    [InlineData("P", "NYSE Arca")]
    [InlineData("A", "NYSE American")]
    [InlineData("Z", "Cboe BZX")]
    [InlineData("V", "IEX")]
    [InlineData("M", "M")]
    public void Exchange_letters_map_to_names_and_unknown_letters_are_kept(string code, string name) =>
        NasdaqSymbolDirectoryParser.ExchangeName(code).Should().Be(name);

    [Fact]
    public void Unknown_exchange_letter_on_an_etf_row_is_kept_as_it_came()
    {
        var text = Header + "\nY|SPY|SPDR S&P 500 ETF Trust|M| |Y|100|N||SPY|SPY|N\nFile Creation Time: 0801202421:32|||||\n";

        NasdaqSymbolDirectoryParser.Parse(text).ShouldBeData().Etfs.Single().Exchange.Should().Be("M");
    }

    [Fact]
    public void Html_page_with_status_200_is_invalid()
    {
        var html = "\r\n<!DOCTYPE html><html><head><title>Access Denied</title></head><body>Blocked</body></html>";

        NasdaqSymbolDirectoryParser.Parse(html).Should().BeOfType<SourceResult<SymbolDirectory>.Invalid>()
            .Which.Reason.Should().Contain("HTML");
    }

    [Fact]
    public void Wrong_header_is_invalid()
    {
        var text = "Symbol|Name|Exchange\nSPY|SPDR S&P 500 ETF Trust|P\nFile Creation Time: 0801202421:32||\n";

        NasdaqSymbolDirectoryParser.Parse(text).Should().BeOfType<SourceResult<SymbolDirectory>.Invalid>()
            .Which.Reason.Should().Contain("unexpected header");
    }

    [Fact]
    public void File_cut_short_before_its_trailer_is_invalid()
    {
        var text = Encoding.ASCII.GetString(Sample);
        var cut = text[..text.IndexOf("Y|QQQ", StringComparison.Ordinal)];

        NasdaqSymbolDirectoryParser.Parse(cut).Should().BeOfType<SourceResult<SymbolDirectory>.Invalid>()
            .Which.Reason.Should().Contain("trailer");
    }

    [Fact]
    public void Empty_body_and_a_file_without_etfs_are_invalid()
    {
        NasdaqSymbolDirectoryParser.Parse("").Should().BeOfType<SourceResult<SymbolDirectory>.Invalid>();
        NasdaqSymbolDirectoryParser.Parse(Header + "\nY|AAPL|Apple Inc. - Common Stock|Q|Q|N|100|N|N||AAPL|N\nFile Creation Time: 0801202421:32|||||\n")
            .Should().BeOfType<SourceResult<SymbolDirectory>.Invalid>().Which.Reason.Should().Contain("no ETF rows");
    }

    [Fact]
    public void Rows_with_a_wrong_field_count_and_repeated_symbols_are_skipped_and_counted()
    {
        var text = Header + "\n"
            + "Y|SPY|SPDR S&P 500 ETF Trust|P| |Y|100|N||SPY|SPY|N\n"
            + "Y|SPY|SPDR S&P 500 ETF Trust (again)|P| |Y|100|N||SPY|SPY|N\n"
            + "Y|IVV|iShares Core S&P 500 ETF|P| |Y|100\n"
            + "File Creation Time: 0801202421:32|||||\n";

        var directory = NasdaqSymbolDirectoryParser.Parse(text).ShouldBeData();

        directory.Etfs.Should().Equal(new ListedEtf("SPY", "SPDR S&P 500 ETF Trust", "NYSE Arca"));
        directory.Diagnostics.MalformedRowsSkipped.Should().Be(1);
        directory.Diagnostics.DuplicateSymbolsSkipped.Should().Be(1);
    }

    [Fact]
    public void Unparseable_trailer_time_leaves_the_as_of_time_unknown()
    {
        var text = Header + "\nY|SPY|SPDR S&P 500 ETF Trust|P| |Y|100|N||SPY|SPY|N\nFile Creation Time: yesterday|||||\n";

        NasdaqSymbolDirectoryParser.Parse(text).ShouldBeData().FileCreatedAt.Should().BeNull();
    }

    private const string Header =
        "Nasdaq Traded|Symbol|Security Name|Listing Exchange|Market Category|ETF|Round Lot Size|Test Issue|Financial Status|CQS Symbol|NASDAQ Symbol|NextShares";
}
