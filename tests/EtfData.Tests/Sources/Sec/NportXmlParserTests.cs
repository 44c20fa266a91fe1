using EtfData.Api.Sources;
using EtfData.Api.Sources.Sec.Nport;
using EtfData.Domain;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Sources.Sec;

/// <summary>The streaming N-PORT parser on the project's own fixtures (format of EDGAR's primary_doc.xml).</summary>
public sealed class NportXmlParserTests
{
    internal static async Task<(SourceResult<NportReport> Result, List<NportHolding> Holdings)> ParseAsync(byte[] xml)
    {
        var holdings = new List<NportHolding>();
        using var stream = new MemoryStream(xml);
        var result = await NportXmlParser.ParseAsync(stream, (h, _) =>
        {
            holdings.Add(h);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        return (result, holdings);
    }

    private static async Task<(NportReport Report, List<NportHolding> Holdings)> ParseFixtureAsync(string name)
    {
        var (result, holdings) = await ParseAsync(Fixtures.Sec(name));
        return (result.ShouldBeData(), holdings);
    }

    [Fact]
    public async Task Reads_the_header_general_info_and_fund_totals()
    {
        var (report, _) = await ParseFixtureAsync("nport-multiclass-series.xml");

        report.SubmissionType.Should().Be("NPORT-P");
        report.IsAmendment.Should().BeFalse();
        report.RegistrantCik.Should().Be(36405);
        report.RegistrantName.Should().Be("EXAMPLE INDEX FUNDS");
        report.SeriesId.Should().Be("S000002839");
        report.SeriesName.Should().Be("Example 500 Index Fund");
        report.ClassIds.Should().Equal("C000092055", "C000007774");
        report.IsFinalFiling.Should().BeFalse();
        report.TotalAssetsUsd.Should().Be(1_250_000_000.50m);
        report.TotalLiabilitiesUsd.Should().Be(2_500_000.25m);
        report.NetAssetsUsd.Should().Be(1_247_500_000.25m);
        report.HoldingCount.Should().Be(6);
        report.Returns.Should().Equal(
            new NportClassReturn("C000092055", 2.78m, -1.30m, -5.63m),
            new NportClassReturn("C000007774", 2.77m, -1.31m, -5.64m));
    }

    [Fact]
    public async Task The_as_of_date_is_repPdDate_not_the_fiscal_year_end_repPdEnd()
    {
        var (report, _) = await ParseFixtureAsync("nport-multiclass-series.xml");

        report.ReportDate.Should().Be(new DateOnly(2025, 3, 31));
        report.FiscalYearEnd.Should().Be(new DateOnly(2025, 12, 31));
    }

    [Fact]
    public async Task The_three_monthly_flows_fall_in_the_quarters_months_with_month_3_ending_on_the_report_date()
    {
        var (report, _) = await ParseFixtureAsync("nport-multiclass-series.xml");

        report.Month1Flow.Should().Be(new NportMonthFlow(25_000_000.25m, 150_000.50m, 10_000_000m));
        report.Month2Flow.Should().Be(new NportMonthFlow(12_000_000m, 0m, 30_000_000m));
        report.Month3Flow.Should().Be(new NportMonthFlow(5_000_000.75m, 250_000m, 5_000_000.75m));
        // repPdDate 2025-03-31: mon1 = January, mon2 = February, mon3 = March.
        report.MonthEnd(1).Should().Be(new DateOnly(2025, 1, 31));
        report.MonthEnd(2).Should().Be(new DateOnly(2025, 2, 28));
        report.MonthEnd(3).Should().Be(new DateOnly(2025, 3, 31));
        // Net new cash = sales − redemption: 25,000,000.25 − 10,000,000 = 15,000,000.25;
        // including reinvestment: 15,000,000.25 + 150,000.50 = 15,150,000.75.
        report.Month1Flow.NetNewCashUsd.Should().Be(15_000_000.25m);
        report.Month1Flow.NetIncludingReinvestmentUsd.Should().Be(15_150_000.75m);
        // Month 2: 12,000,000 − 30,000,000 = −18,000,000 (an outflow).
        report.Month2Flow.NetNewCashUsd.Should().Be(-18_000_000m);
    }

    [Fact]
    public async Task An_equity_holding_with_its_identifiers()
    {
        var (_, holdings) = await ParseFixtureAsync("nport-multiclass-series.xml");

        holdings[0].Should().Be(new NportHolding
        {
            Position = 1,
            Name = "Example Equity Corp",
            Lei = "549300EXAMPLE0000001",
            Title = "Example Equity Corp",
            Cusip = "123456789",
            Isin = "US1234567897",
            Ticker = "EXQ",
            Balance = 1_500_000m,
            Units = "NS",
            Currency = "USD",
            ValueUsd = 87_654_321.12m,
            PercentOfNetAssets = 7.0264m,
            PayoffProfile = "Long",
            AssetCategory = "EC",
            IssuerCategory = "CORP",
            Country = "US",
            IsRestricted = false,
            FairValueLevel = "1",
            InstrumentKind = NportInstrumentKind.Security,
        });
    }

    [Fact]
    public async Task A_bond_in_principal_units()
    {
        var (_, holdings) = await ParseFixtureAsync("nport-multiclass-series.xml");

        var bond = holdings[1];
        bond.Units.Should().Be("PA");
        bond.Balance.Should().Be(2_000_000m);
        bond.ValueUsd.Should().Be(1_965_312.50m);
        bond.AssetCategory.Should().Be("DBT");
        bond.IssuerCategory.Should().Be("UST");
        bond.Title.Should().Be("T 4.25 11/15/34");
        bond.InstrumentKind.Should().Be(NportInstrumentKind.Security);
    }

    [Fact]
    public async Task A_non_usd_holding_with_N_A_lei_and_an_all_zero_cusip()
    {
        var (_, holdings) = await ParseFixtureAsync("nport-multiclass-series.xml");

        var foreign = holdings[2];
        foreign.Currency.Should().Be("CHF");
        foreign.ExchangeRate.Should().Be(0.8834m);
        foreign.ValueUsd.Should().Be(71_234_567.89m);
        foreign.Lei.Should().BeNull();
        foreign.Cusip.Should().BeNull();
        foreign.Isin.Should().Be("CH0012345678");
        foreign.OtherIdentifiers.Should().Be("SEDOL: B0EXMP1");
        foreign.Country.Should().Be("CH");
    }

    [Fact]
    public async Task A_derivative_is_typed_and_its_negative_position_stays_negative()
    {
        var (_, holdings) = await ParseFixtureAsync("nport-multiclass-series.xml");

        var future = holdings[3];
        future.InstrumentKind.Should().Be(NportInstrumentKind.Derivative);
        future.DerivativeCategory.Should().Be("FUT");
        future.Balance.Should().Be(-120m);
        future.ValueUsd.Should().Be(-1_543_210m);
        future.PercentOfNetAssets.Should().Be(-0.1237m);
        future.PayoffProfile.Should().Be("Short");
        future.IssuerCategory.Should().Be("OTHER");
        future.IssuerCategoryDescription.Should().Be("derivative");
        future.Cusip.Should().BeNull();
        // The reference index's identifier inside derivativeInfo is not the position's own.
        future.OtherIdentifiers.Should().Be("Internal Identifier: ESM5");
    }

    [Fact]
    public async Task A_repurchase_agreement_is_typed_repo()
    {
        var (_, holdings) = await ParseFixtureAsync("nport-multiclass-series.xml");

        holdings[4].InstrumentKind.Should().Be(NportInstrumentKind.Repo);
        holdings[4].DerivativeCategory.Should().BeNull();
        holdings[4].AssetCategory.Should().Be("RA");
    }

    [Fact]
    public async Task N_A_fields_become_nulls_and_conditional_categories_keep_their_description()
    {
        var (_, holdings) = await ParseFixtureAsync("nport-multiclass-series.xml");

        holdings[5].Should().Be(new NportHolding
        {
            Position = 6,
            Name = "Example Private Holdings LLC",
            Balance = 1m,
            Units = "OU",
            UnitsDescription = "Membership interest",
            Currency = "USD",
            PercentOfNetAssets = 0.01m,
            AssetCategory = "OTHER",
            AssetCategoryDescription = "Affiliated LLC",
            IssuerCategory = "CORP",
            Country = "XX",
            IsRestricted = true,
        });
    }

    [Fact]
    public async Task Negative_redemptions_are_taken_as_magnitudes_and_a_uit_has_no_series()
    {
        var (report, _) = await ParseFixtureAsync("nport-uit-negative-redemptions.xml");

        report.SeriesId.Should().BeNull();
        report.SeriesName.Should().BeNull();
        report.ClassIds.Should().BeEmpty();
        report.Returns.Should().Equal(new NportClassReturn(null, 1.2m, 0.4m, 6.7m));
        report.Month2Flow.Should().Be(new NportMonthFlow(1000m, 0m, 329_683.38m));
        report.Month3Flow.Should().Be(new NportMonthFlow(0m, 1358.54m, 163_220m));
        // Month 3: 0 − 163,220 = −163,220 net new cash; with reinvestment −163,220 + 1,358.54 = −161,861.46.
        report.Month3Flow.NetNewCashUsd.Should().Be(-163_220m);
        report.Month3Flow.NetIncludingReinvestmentUsd.Should().Be(-161_861.46m);
    }

    [Fact]
    public async Task An_amendment_is_recognised()
    {
        var (report, _) = await ParseFixtureAsync("nport-uit-amendment.xml");

        report.SubmissionType.Should().Be("NPORT-P/A");
        report.IsAmendment.Should().BeTrue();
        report.NetAssetsUsd.Should().Be(2_416_114_408m);
        report.ReportDate.Should().Be(new DateOnly(2025, 6, 30));
    }

    [Fact]
    public async Task Truncated_xml_is_invalid()
    {
        var whole = Fixtures.Sec("nport-multiclass-series.xml");
        var text = System.Text.Encoding.UTF8.GetString(whole);
        var cut = System.Text.Encoding.UTF8.GetBytes(text[..text.IndexOf("<name>Fixed Income Clearing Corp", StringComparison.Ordinal)]);

        var (result, holdings) = await ParseAsync(cut);

        result.Should().BeOfType<SourceResult<NportReport>.Invalid>()
            .Which.Reason.Should().Contain("malformed or truncated");
        // Holdings before the cut were handed over: the caller must drop them (see the parser's remarks).
        holdings.Should().HaveCount(4);
    }

    [Fact]
    public async Task Net_assets_with_zero_holdings_is_invalid_not_empty()
    {
        var (result, _) = await ParseAsync(Fixtures.Sec("nport-no-holdings.xml"));

        result.Should().BeOfType<SourceResult<NportReport>.Invalid>()
            .Which.Reason.Should().Contain("no holdings");
    }

    [Fact]
    public async Task A_missing_repPdDate_is_invalid()
    {
        var text = System.Text.Encoding.UTF8.GetString(Fixtures.Sec("nport-uit-negative-redemptions.xml"))
            .Replace("<repPdDate>2025-06-30</repPdDate>", string.Empty, StringComparison.Ordinal);

        var (result, _) = await ParseAsync(System.Text.Encoding.UTF8.GetBytes(text));

        result.Should().BeOfType<SourceResult<NportReport>.Invalid>()
            .Which.Reason.Should().Contain("repPdDate");
    }

    [Fact]
    public async Task Another_document_is_invalid_naming_its_root()
    {
        var (result, _) = await ParseAsync("<html><body>Request Rate Threshold Exceeded</body></html>"u8.ToArray());

        result.Should().BeOfType<SourceResult<NportReport>.Invalid>()
            .Which.Reason.Should().Contain("root element").And.Contain("html");
    }

    [Fact]
    public async Task A_value_that_is_not_a_number_is_invalid_naming_the_holding()
    {
        var text = System.Text.Encoding.UTF8.GetString(Fixtures.Sec("nport-uit-negative-redemptions.xml"))
            .Replace("<valUSD>2415114408</valUSD>", "<valUSD>12,5</valUSD>", StringComparison.Ordinal);

        var (result, _) = await ParseAsync(System.Text.Encoding.UTF8.GetBytes(text));

        result.Should().BeOfType<SourceResult<NportReport>.Invalid>()
            .Which.Reason.Should().Contain("invstOrSec 1 valUSD");
    }

    [Fact]
    public async Task Parse_and_discard_allocates_per_holding_little_more_than_the_holdings_own_strings()
    {
        // The demo's AGG report (bonds: name, title, LEI, CUSIP, ISIN, units, currency, value, percent,
        // categories, country, fair-value level per position) repeated to 1,000 and 5,000 positions. The
        // marginal allocation per position is what the parser costs beyond a fixed start-up: the holding
        // record and its ≈ 12 strings come to ≈ 1 KB; the async parser allocated ≈ 5.4 KB (a task per
        // field, the position's error labels built eagerly, a field buffer and closures per position).
        var small = BondReport(1_000);
        var large = BondReport(5_000);
        await ParseAndDiscardAsync(small);

        var smallBytes = await ParseAndDiscardAsync(small);
        var largeBytes = await ParseAndDiscardAsync(large);
        var perHolding = (largeBytes - smallBytes) / 4_000;

        perHolding.Should().BeLessThan(1_600, "the parser's own overhead per holding must stay small and constant");
    }

    private static async Task<long> ParseAndDiscardAsync(byte[] xml)
    {
        var count = 0;
        using var stream = new MemoryStream(xml, writable: false);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = await NportXmlParser.ParseAsync(stream, (_, _) =>
        {
            count++;
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        result.ShouldBeData().HoldingCount.Should().Be(count);
        return allocated;
    }

    private static byte[] BondReport(int holdings)
    {
        var demo = EtfData.FakeUpstream.Sec.SecDatasets.Demo(new EtfData.FakeUpstream.Yahoo.YahooDataset(), new DateOnly(2025, 12, 31));
        var agg = demo.Filings.Last(f => f.Report.SeriesId == "S000004362" && !f.Report.IsAmendment);
        var positions = Enumerable.Range(0, holdings).Select(i => agg.Holdings[i % agg.Holdings.Count] with { Position = i + 1 }).ToList();
        return EtfData.FakeUpstream.Sec.NportDocuments.PrimaryDoc(agg with { Holdings = positions, Report = agg.Report with { HoldingCount = holdings } });
    }
}
