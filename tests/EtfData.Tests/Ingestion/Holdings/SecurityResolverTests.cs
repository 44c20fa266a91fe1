using EtfData.Api.Ingestion.Holdings;
using EtfData.Domain;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Ingestion.Holdings;

public sealed class SecurityResolverTests
{
    private const string AppleCusip = "037833100";
    private const string AppleIsin = "US0378331005";
    private const string AlphabetACusip = "02079K305";
    private const string AlphabetCCusip = "02079K107";

    [Theory]
    [InlineData("brk.b", "BRK-B")]
    [InlineData("BRK/B", "BRK-B")]
    [InlineData(" BRK B ", "BRK-B")]
    [InlineData("AAPL", "AAPL")]
    [InlineData("-", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Tickers_are_upper_cased_with_share_class_separators_as_dashes(string? ticker, string? expected) =>
        SecurityResolver.NormaliseTicker(ticker).Should().Be(expected);

    [Theory]
    [InlineData("Apple Inc.", "APPLE INC")]
    [InlineData("  APPLE   INC ", "APPLE INC")]
    [InlineData("Berkshire Hathaway Inc. Class B", "BERKSHIRE HATHAWAY INC CLASS B")]
    [InlineData("S&P 500 E-mini", "S P 500 E MINI")]
    [InlineData("U.S. Dollar", "US DOLLAR")]
    [InlineData("McDonald's Corp", "MCDONALDS CORP")]
    public void Names_are_keyed_by_upper_case_letters_and_digits_with_single_spaces(string name, string key) =>
        SecurityResolver.NameKey(name).Should().Be(key);

    [Fact]
    public void An_ishares_ticker_then_an_spdr_ticker_and_cusip_then_an_nport_cusip_and_isin_are_one_security()
    {
        var ishares = Resolve([], HoldingSources.IShares, Claim(1, ticker: "AAPL", exchange: "NASDAQ", sector: "Information Technology"));
        ishares.Created.Should().ContainSingle();
        var known = ishares.Created.Select(c => c with { Id = 1 }).ToList();

        var spdr = Resolve(known, HoldingSources.Spdr, Claim(1, ticker: "AAPL", cusip: AppleCusip));
        spdr.Created.Should().BeEmpty();
        spdr.Assignments.Should().Equal(new Dictionary<int, long> { [1] = 1 });
        spdr.Updated.Should().ContainSingle().Which.Should().Be(known[0] with { Cusip = AppleCusip });

        var nport = Resolve(spdr.Updated, NportSource.Name, Claim(7, cusip: AppleCusip, isin: AppleIsin, name: "Apple Inc", country: "US"));
        nport.Created.Should().BeEmpty();
        nport.Merged.Should().BeEmpty();
        nport.Assignments.Should().Equal(new Dictionary<int, long> { [7] = 1 });
        nport.Updated.Should().ContainSingle().Which.Should().Be(new SecurityRecord(
            1, AppleCusip, AppleIsin, "AAPL", "NASDAQ", "APPLE INC", "APPLE INC", "Information Technology", HoldingSources.IShares, "US", "Equity"));
    }

    [Fact]
    public void A_position_stating_a_ticker_and_a_cusip_merges_the_ticker_only_security_into_the_cusip_one()
    {
        SecurityRecord[] known =
        [
            Record(10, ticker: "AAPL", exchange: "NASDAQ", sector: "Information Technology", sectorSource: HoldingSources.IShares),
            Record(11, cusip: AppleCusip, isin: AppleIsin, country: "US"),
        ];

        var resolution = Resolve(known, HoldingSources.Spdr, Claim(1, ticker: "AAPL", cusip: AppleCusip));

        resolution.Merged.Should().Equal((10L, 11L));
        resolution.Assignments.Should().Equal(new Dictionary<int, long> { [1] = 11 });
        resolution.Created.Should().BeEmpty();
        resolution.Updated.Should().ContainSingle().Which.Should().Be(known[1] with
        {
            Ticker = "AAPL", Exchange = "NASDAQ", Sector = "Information Technology", SectorSource = HoldingSources.IShares, AssetClass = "Equity",
        });
    }

    [Fact]
    public void Googl_and_goog_stay_two_securities_and_a_ticker_reused_under_another_cusip_is_not_merged()
    {
        var ishares = Resolve([], HoldingSources.IShares,
            Claim(1, ticker: "GOOGL", exchange: "NASDAQ", name: "ALPHABET INC CLASS A"),
            Claim(2, ticker: "GOOG", exchange: "NASDAQ", name: "ALPHABET INC CLASS C"));
        ishares.Created.Should().HaveCount(2);
        var known = ishares.Created.Select((c, i) => c with { Id = i + 1 }).ToList();

        var spdr = Resolve(known, HoldingSources.Spdr,
            Claim(1, ticker: "GOOGL", cusip: AlphabetACusip, name: "Alphabet Inc. Class A"),
            Claim(2, ticker: "GOOG", cusip: AlphabetCCusip, name: "Alphabet Inc. Class C"),
            // The same ticker under a third CUSIP (a reused ticker) is a security of its own.
            Claim(3, ticker: "GOOGL", cusip: "38259P508", name: "Google Inc"));

        spdr.Assignments[1].Should().Be(1);
        spdr.Assignments[2].Should().Be(2);
        spdr.Assignments[3].Should().BeNegative();
        spdr.Merged.Should().BeEmpty();
        spdr.Updated.Select(u => (u.Id, u.Ticker, u.Cusip)).Should().Equal((1L, "GOOGL", AlphabetACusip), (2L, "GOOG", AlphabetCCusip));
        spdr.Created.Should().ContainSingle().Which.Cusip.Should().Be("38259P508");

        // N-PORT names both "Alphabet Inc": the CUSIP decides, never the name.
        var nport = Resolve([.. spdr.Updated], NportSource.Name,
            Claim(1, cusip: AlphabetCCusip, name: "Alphabet Inc"), Claim(2, cusip: AlphabetACusip, name: "Alphabet Inc"));
        nport.Assignments.Should().Equal(new Dictionary<int, long> { [1] = 2, [2] = 1 });
    }

    [Fact]
    public void Exchanges_must_be_equal_or_one_unknown()
    {
        SecurityRecord[] known = [Record(1, ticker: "SAP", exchange: "XETRA")];

        var other = Resolve(known, HoldingSources.IShares, Claim(1, ticker: "SAP", exchange: "NEW YORK STOCK EXCHANGE INC."));
        var unknown = Resolve(known, HoldingSources.Schwab, Claim(1, ticker: "SAP"));

        other.Assignments[1].Should().BeNegative();
        unknown.Assignments[1].Should().Be(1);
    }

    [Fact]
    public void A_ticker_of_another_country_is_another_security()
    {
        // SPDR states AbbVie as ABBV with its CUSIP and no exchange (country US from N-PORT); a German stock that
        // trades as ABBV on Xetra in an iShares EAFE file must not become AbbVie because SPDR names no exchange.
        SecurityRecord[] known = [Record(1, cusip: "00287Y109", ticker: "ABBV", name: "AbbVie Inc", country: "US")];

        var german = Resolve(known, HoldingSources.IShares, Claim(1, ticker: "ABBV", exchange: "Xetra", name: "DEMO DELTA BRANDS HOLDINGS", country: "DE"));
        var american = Resolve(known, HoldingSources.IShares, Claim(1, ticker: "ABBV", exchange: "New York Stock Exchange Inc.", name: "ABBVIE INC", country: "US"));
        var unstated = Resolve(known, HoldingSources.Schwab, Claim(1, ticker: "ABBV", name: "AbbVie Inc"));

        german.Assignments[1].Should().BeNegative("a new security");
        american.Assignments[1].Should().Be(1);
        unstated.Assignments[1].Should().Be(1);
    }

    [Fact]
    public void A_position_without_identifiers_is_found_by_its_normalised_name_and_a_name_never_overrides_an_identifier()
    {
        SecurityRecord[] known = [Record(5, name: "US DOLLAR"), Record(6, cusip: AppleCusip, name: "Apple Inc")];

        var resolution = Resolve(known, HoldingSources.IShares,
            Claim(1, name: "U.S. Dollar"),
            Claim(2, ticker: "AAPL2", name: "APPLE INC"),
            Claim(3, name: "Fresh Name Ltd"),
            Claim(4, name: "FRESH NAME, LTD."));

        resolution.Assignments[1].Should().Be(5);
        resolution.Assignments[2].Should().BeNegative();
        resolution.Assignments[3].Should().BeNegative().And.Be(resolution.Assignments[4]);
    }

    [Fact]
    public void A_sector_is_learned_first_come_except_that_an_issuer_file_replaces_another_sources()
    {
        SecurityRecord[] known = [Record(1, cusip: AppleCusip, sector: "Technology", sectorSource: HoldingSources.Schwab)];

        var yahoo = Resolve(known, HoldingSources.Yahoo, Claim(1, cusip: AppleCusip, sector: "Tech"));
        var spdr = Resolve(known, HoldingSources.Spdr, Claim(1, cusip: AppleCusip, sector: "Information Technology"));
        var ishares = Resolve(spdr.Updated, HoldingSources.IShares, Claim(1, cusip: AppleCusip, sector: "IT"));

        yahoo.Updated.Should().ContainSingle().Which.Sector.Should().Be("Technology"); // asset class learned, sector kept
        spdr.Updated.Should().ContainSingle().Which.Should().Match<SecurityRecord>(s => s.Sector == "Information Technology" && s.SectorSource == HoldingSources.Spdr);
        ishares.Updated.Should().BeEmpty();
    }

    [Fact]
    public void Two_positions_of_one_snapshot_naming_one_security_create_it_once()
    {
        var resolution = Resolve([], HoldingSources.Spdr,
            Claim(1, ticker: "BRK.B", cusip: "084670702"), Claim(2, cusip: "084670702", name: "Berkshire Hathaway Inc Class B"));

        resolution.Created.Should().ContainSingle().Which.Ticker.Should().Be("BRK-B");
        resolution.Assignments[1].Should().Be(resolution.Assignments[2]);
    }

    private static SecurityResolution Resolve(IEnumerable<SecurityRecord> known, string source, params Holding[] positions) =>
        new SecurityResolver(known, source).Resolve(positions.Select(SecurityClaim.From));

    private static Holding Claim(
        int position, string? ticker = null, string? cusip = null, string? isin = null, string? exchange = null, string? name = null,
        string? sector = null, string? country = null) => new()
        {
            SnapshotId = 1, Position = position, Ticker = ticker, Cusip = cusip, Isin = isin, Exchange = exchange,
            Name = name ?? "APPLE INC", Sector = sector, Country = country, AssetClass = "Equity",
        };

    private static SecurityRecord Record(
        long id, string? cusip = null, string? isin = null, string? ticker = null, string? exchange = null, string? name = null,
        string? sector = null, string? sectorSource = null, string? country = null)
    {
        var named = name ?? "APPLE INC";
        return new SecurityRecord(id, cusip, isin, ticker, exchange, named, SecurityResolver.NameKey(named), sector, sectorSource, country, null);
    }
}
