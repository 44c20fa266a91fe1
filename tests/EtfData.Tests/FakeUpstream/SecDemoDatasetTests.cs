using EtfData.Domain;
using EtfData.FakeUpstream.Sec;
using EtfData.FakeUpstream.Securities;
using EtfData.FakeUpstream.Yahoo;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.FakeUpstream;

/// <summary>The generated demo SEC dataset: identities, filings and the rules its doc comment states.</summary>
public sealed class SecDemoDatasetTests
{
    private static readonly DateOnly Through = new(2025, 12, 31);
    private static readonly YahooDataset Yahoo = new();
    private static readonly Lazy<SecDataset> Dataset = new(() => SecDatasets.Demo(Yahoo, Through));

    [Fact]
    public void Identities_cover_uits_a_grantor_trust_sibling_series_and_multi_class_series()
    {
        var funds = Dataset.Value.Funds;

        funds.Single(f => f.Symbol == "SPY").Should().Be(new FakeSecFund("SPY", 884394, null, null, "SPDR S&P 500 ETF TRUST"));
        funds.Single(f => f.Symbol == "QQQ").Cik.Should().Be(1067839);
        funds.Single(f => f.Symbol == "GLD").SeriesId.Should().BeNull();
        funds.Where(f => f.Cik == 1100663).Select(f => f.Symbol).Should().Equal("IVV", "IWM", "EFA", "EEM", "AGG", "TLT");
        funds.Where(f => f.Cik == 1100663).Select(f => f.SeriesId).Should().OnlyHaveUniqueItems();
        funds.Where(f => f.SeriesId == "S000002839").Select(f => f.Symbol).Should().Equal("VOO", "VFIAX", "VFINX");
        funds.Single(f => f.Symbol == "VTSAX").SeriesId.Should().Be(funds.Single(f => f.Symbol == "VTI").SeriesId);
        funds.Single(f => f.Symbol == "VBTLX").SeriesId.Should().Be(funds.Single(f => f.Symbol == "BND").SeriesId);
        funds.Should().Contain(f => f.Symbol == "VWELX");
    }

    [Fact]
    public void One_filing_per_fund_and_quarter_for_eight_quarters_filed_within_sixty_days_and_one_amendment()
    {
        var filings = Dataset.Value.Filings;
        var originals = filings.Where(f => !f.Report.IsAmendment).ToList();

        // 14 filers (every demo fund but GLD) × 8 quarter ends 2024-03-31 … 2025-12-31.
        originals.Should().HaveCount(14 * 8);
        originals.Select(f => f.Report.ReportDate).Distinct().Order().Should().Equal(SecDatasets.QuarterEnds(Through, 8));
        originals.Select(f => f.Report.ReportDate).Min().Should().Be(new DateOnly(2024, 3, 31));
        originals.Should().OnlyContain(f => f.FilingDate.DayNumber - f.Report.ReportDate.DayNumber >= 55 && f.FilingDate.DayNumber - f.Report.ReportDate.DayNumber <= 60);
        filings.Should().NotContain(f => f.Report.RegistrantCik == 1222333);
        filings.Select(f => f.Accession).Should().OnlyHaveUniqueItems();
        // repPdEnd is the fiscal year end, not the as-of date: SPY's year ends in September.
        originals.Single(f => f.Report.RegistrantCik == 884394 && f.Report.ReportDate == new DateOnly(2025, 3, 31))
            .Report.FiscalYearEnd.Should().Be(new DateOnly(2025, 9, 30));

        var amendment = filings.Single(f => f.Report.IsAmendment);
        var original = originals.Single(f => f.Report.SeriesId == amendment.Report.SeriesId && f.Report.ReportDate == amendment.Report.ReportDate);
        amendment.Report.SeriesId.Should().Be("S000004362");
        amendment.Report.ReportDate.Should().Be(new DateOnly(2025, 9, 30));
        amendment.FilingDate.Should().Be(original.FilingDate.AddDays(20));
        amendment.Report.NetAssetsUsd.Should().Be(original.Report.NetAssetsUsd + 1_000_000m);
        amendment.Holdings.Should().Equal(original.Holdings);
    }

    [Fact]
    public void Totals_and_flows_of_a_single_class_fund_follow_the_stated_rule_from_the_yahoo_dataset()
    {
        var filing = Dataset.Value.Filings.Single(f => f.Report.SeriesId == "S000004310" && f.Report.ReportDate == new DateOnly(2025, 6, 30));
        var history = Yahoo.History(Yahoo.Find("IVV")!, new DateOnly(2025, 6, 30));
        (decimal Nav, decimal Shares) Mark(DateOnly day)
        {
            var bar = history.Bars.Last(b => b.Date <= day && !b.IsNullRow);
            return (Math.Round((decimal)bar.Nav, 2), Math.Round((decimal)bar.SharesOutstanding, 0));
        }

        var (may, june) = (Mark(new DateOnly(2025, 5, 31)), Mark(new DateOnly(2025, 6, 30)));
        // Net assets = so(30 Jun) × nav(30 Jun); month 3 (June) net = (so(Jun) − so(May)) × nav(Jun);
        // churn = so(Jun) × nav(Jun) × 0.004 on both sides.
        var netAssets = Math.Round(june.Shares * june.Nav, 2);
        var net = Math.Round((june.Shares - may.Shares) * june.Nav, 2);
        var churn = Math.Round(june.Shares * june.Nav * 0.004m, 2);

        filing.Report.NetAssetsUsd.Should().Be(netAssets);
        filing.Report.TotalAssetsUsd.Should().Be(Math.Round(netAssets * 1.002m, 2));
        filing.Report.Month3Flow.Should().Be(new NportMonthFlow(Math.Max(net, 0) + churn, 0m, Math.Max(-net, 0) + churn));
        filing.Report.Month3Flow.NetNewCashUsd.Should().Be(net);
        filing.Report.Returns.Should().ContainSingle().Which.Month3Pct.Should().Be(Math.Round(((june.Nav / may.Nav) - 1) * 100, 4));
    }

    [Fact]
    public void A_multi_class_series_reports_series_figures_and_a_return_per_class()
    {
        var voo = Dataset.Value.Filings.Single(f => f.Report.SeriesId == "S000002839" && f.Report.ReportDate == Through);
        var history = Yahoo.History(Yahoo.Find("VOO")!, Through);
        var last = history.Bars.Last(b => !b.IsNullRow);

        // The series is three times the ETF class: so × nav × 3.
        voo.Report.NetAssetsUsd.Should().Be(Math.Round(Math.Round((decimal)last.SharesOutstanding, 0) * Math.Round((decimal)last.Nav, 2) * 3m, 2));
        voo.Report.ClassIds.Should().Equal("C000092055", "C000007774", "C000007773");
        voo.Report.Returns.Select(r => r.ClassId).Should().Equal(voo.Report.ClassIds);
        voo.Report.Returns[1].Month1Pct.Should().Be(voo.Report.Returns[0].Month1Pct - 0.01m);
    }

    [Fact]
    public void Agg_holds_a_full_bond_portfolio_with_non_usd_lines_a_repo_and_a_negative_derivative()
    {
        var agg = Dataset.Value.Filings.Single(f => !f.Report.IsAmendment && f.Report.SeriesId == "S000004362" && f.Report.ReportDate == Through);
        var holdings = agg.Holdings;

        holdings.Should().HaveCount(402);
        agg.Report.HoldingCount.Should().Be(402);
        holdings.Select(h => h.Position).Should().Equal(Enumerable.Range(1, 402));
        holdings.Where(h => h.InstrumentKind == NportInstrumentKind.Security).Should().OnlyContain(h => h.Units == "PA");
        holdings.Select(h => h.IssuerCategory).Distinct().Should().Contain(["UST", "CORP", "USGSE"]);
        holdings.Where(h => h.Currency != "USD").Should().HaveCount(6).And.OnlyContain(h => h.ExchangeRate != null);
        holdings.Should().ContainSingle(h => h.InstrumentKind == NportInstrumentKind.Repo);
        holdings.Should().ContainSingle(h => h.InstrumentKind == NportInstrumentKind.Derivative)
            .Which.ValueUsd.Should().BeNegative();
        holdings.Sum(h => h.PercentOfNetAssets!.Value).Should().BeApproximately(100m, 0.02m);
        holdings.Sum(h => h.ValueUsd!.Value).Should().BeApproximately(agg.Report.NetAssetsUsd!.Value, agg.Report.NetAssetsUsd!.Value * 0.0002m);
    }

    [Fact]
    public void Equity_filings_draw_their_positions_from_the_shared_security_universe()
    {
        var voo = Dataset.Value.Filings.Single(f => f.Report.SeriesId == "S000002839" && f.Report.ReportDate == Through);
        var spy = Dataset.Value.Filings.Single(f => f.Report.RegistrantCik == 884394 && f.Report.ReportDate == Through);
        var eem = Dataset.Value.Filings.Single(f => f.Report.SeriesId == "S000004319" && f.Report.ReportDate == Through);
        var stocks = voo.Holdings.Where(h => h.AssetCategory == "EC").ToList();

        // The same NVIDIA as every issuer file: CUSIP 67066G104, ISIN US67066G1040, ticker NVDA.
        stocks[0].Should().Match<NportHolding>(h => h.Cusip == "67066G104" && h.Isin == "US67066G1040" && h.Ticker == "NVDA" && h.Name == "NVIDIA Corp");
        stocks.Should().HaveCount(100);
        stocks.Where(h => h.Cusip != null).Should().OnlyContain(h => SecurityUniverse.Find(h.Cusip!) != null);
        stocks.Where(h => h.Cusip == null).Should().NotBeEmpty()
            .And.OnlyContain(h => !SecurityUniverse.Find(h.Isin!)!.Real, "the 000000000 quirk is only on generated names");
        spy.Holdings.Where(h => h.AssetCategory == "EC").Select(h => h.Isin).Should().Equal(stocks.Select(h => h.Isin), "SPY and VOO track the same index");
        eem.Holdings[0].Isin.Should().Be("TW0002330008");
        eem.Holdings[0].Currency.Should().Be("TWD");
    }

    [Fact]
    public void Equity_funds_have_foreign_lines_in_local_currency_a_future_and_missing_identifiers()
    {
        var efa = Dataset.Value.Filings.Single(f => f.Report.SeriesId == "S000004297" && f.Report.ReportDate == Through);
        var spy = Dataset.Value.Filings.Single(f => f.Report.RegistrantCik == 884394 && f.Report.ReportDate == Through);

        efa.Holdings.Where(h => h.Currency == "JPY").Should().NotBeEmpty().And.OnlyContain(h => h.ExchangeRate == 149.25m && h.Cusip == null);
        spy.Holdings.Should().ContainSingle(h => h.DerivativeCategory == "FUT");
        spy.Holdings.Should().Contain(h => h.Lei == null);
        spy.Report.SeriesId.Should().BeNull();
        spy.Report.ClassIds.Should().BeEmpty();
    }

    [Fact]
    public void Same_inputs_give_the_same_bytes()
    {
        var again = SecDatasets.Demo(new YahooDataset(), Through);

        foreach (var (first, second) in Dataset.Value.Filings.Zip(again.Filings))
        {
            NportDocuments.PrimaryDoc(first).Should().Equal(NportDocuments.PrimaryDoc(second));
        }

        using var a = new MemoryStream();
        using var b = new MemoryStream();
        NportDocuments.WriteDataSet(a, Dataset.Value.Filings);
        NportDocuments.WriteDataSet(b, again.Filings);
        a.ToArray().Should().Equal(b.ToArray());
    }
}
