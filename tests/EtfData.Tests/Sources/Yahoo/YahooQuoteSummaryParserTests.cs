using EtfData.Api.Sources;
using EtfData.Api.Sources.Yahoo;
using EtfData.Domain;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Sources.Yahoo;

public sealed class YahooQuoteSummaryParserTests
{
    private static readonly DateTimeOffset FetchedAt = new(2025, 8, 3, 14, 0, 0, TimeSpan.Zero);

    private static YahooFundSnapshot Parse(string fixture, string symbol) =>
        YahooQuoteSummaryParser.Parse(symbol, Fixtures.Yahoo(fixture), FetchedAt).ShouldBeData();

    [Fact]
    public void Fund_modules_give_aum_with_its_date_nav_shares_and_the_profile()
    {
        var snapshot = Parse("IVV_quoteSummary_fund_modules.json", "IVV");

        // regularMarketTime is 16:00 EDT on Friday 2025-08-01: the session the figures describe.
        snapshot.Metric.Should().Be(new FundMetric("IVV", new DateOnly(2025, 8, 1), "yahoo", 641_981_431_808m, 626.93m, 1_024_013_000));

        var profile = snapshot.Profile;
        profile.Name.Should().Be("iShares Core S&P 500 ETF");
        profile.InstrumentType.Should().Be("ETF");
        profile.Issuer.Should().Be("iShares");
        profile.Category.Should().Be("Large Blend");
        profile.LegalType.Should().Be("Exchange Traded Fund");
        profile.ExpenseRatio.Should().Be(0.0003m);
        profile.HoldingsTurnover.Should().Be(0.03m);
        profile.Yield.Should().Be(0.0125m);
        profile.InceptionDate.Should().Be(new DateOnly(2000, 5, 15));
        profile.FetchedAt.Should().Be(FetchedAt);
        profile.AssetMix.Should().Be(new AssetMix(0.9989m, 0m, 0.0011m, 0m, 0m, 0m));
        snapshot.Diagnostics.MissingModules.Should().BeEmpty();
    }

    [Fact]
    public void Top_holdings_and_sector_weights_stay_fractions_without_float32_noise()
    {
        var snapshot = Parse("IVV_quoteSummary_fund_modules.json", "IVV");

        // The payload carries 0.071200006 for NVIDIA: float32 of 0.0712.
        Fixtures.YahooText("IVV_quoteSummary_fund_modules.json").Should().Contain("0.071200006");
        snapshot.Profile.TopHoldings.Should().HaveCount(10);
        snapshot.Profile.TopHoldings[0].Should().Be(new TopHolding(1, "NVDA", "NVIDIA Corp", 0.0712m));
        snapshot.Profile.TopHoldings[9].Should().Be(new TopHolding(10, "BRK.B", "Berkshire Hathaway Inc Class B", 0.0161m));
        snapshot.Profile.SectorWeights.Should().HaveCount(11);
        snapshot.Profile.SectorWeights.Should().Contain(new SectorWeight("technology", 0.3254m));
        snapshot.Profile.SectorWeights.Sum(s => s.Weight).Should().Be(1.0000m);
    }

    [Fact]
    public void Etf_without_topHoldings_is_data_with_the_module_reported_missing()
    {
        var snapshot = Parse("GLD_quoteSummary_no_topHoldings.json", "GLD");

        snapshot.Diagnostics.MissingModules.Should().Equal("topHoldings");
        snapshot.Profile.TopHoldings.Should().BeEmpty();
        snapshot.Profile.SectorWeights.Should().BeEmpty();
        snapshot.Profile.AssetMix.Should().BeNull();
        snapshot.Profile.Yield.Should().BeNull();
        snapshot.Profile.ExpenseRatio.Should().Be(0.004m);
        snapshot.Profile.InceptionDate.Should().Be(new DateOnly(2004, 11, 18));
        snapshot.Metric.Should().Be(new FundMetric("GLD", new DateOnly(2025, 8, 1), "yahoo", 101_453_611_008m, 309.93m, null));
    }

    [Fact]
    public void Raw_fmt_numeric_form_is_read_from_raw_and_empty_objects_are_absent()
    {
        var snapshot = Parse("QQQ_quoteSummary_formatted.json", "QQQ");

        snapshot.Profile.ExpenseRatio.Should().Be(0.002m);
        snapshot.Profile.HoldingsTurnover.Should().Be(0.0807m);
        snapshot.Profile.Yield.Should().Be(0.0049m);
        snapshot.Profile.InceptionDate.Should().Be(new DateOnly(1999, 3, 10));
        // sharesOutstanding is {} (absent): null, not 0. regularMarketTime 1760731200 = 2025-10-17 16:00 EDT.
        snapshot.Metric.Should().Be(new FundMetric("QQQ", new DateOnly(2025, 10, 17), "yahoo", 389_612_748_800m, 565.73m, null));
    }

    [Fact]
    public void Not_found_error_for_missing_modules_is_not_available_rather_than_a_failure()
    {
        var snapshot = Parse("QQQ_quoteSummary_modules_404.json", "QQQ");

        snapshot.Metric.Should().BeNull();
        snapshot.Profile.Symbol.Should().Be("QQQ");
        snapshot.Profile.Issuer.Should().BeNull();
        snapshot.Diagnostics.MissingModules.Should().Equal(YahooQuoteSummaryParser.FundModules);
    }

    [Fact]
    public void Not_found_error_for_an_unknown_symbol_is_not_found()
    {
        var result = YahooQuoteSummaryParser.Parse("ZZZZ", Fixtures.Yahoo("ZZZZ_quoteSummary_unknown_404.json"), FetchedAt);

        result.Should().BeOfType<SourceResult<YahooFundSnapshot>.NotFound>()
            .Which.Detail.Should().Be("Quote not found for symbol: ZZZZ");
    }

    [Fact]
    public void Missing_market_time_dates_the_metric_by_the_fetch_day_on_the_exchange_and_says_so()
    {
        var json = Fixtures.YahooText("GLD_quoteSummary_no_topHoldings.json")
            .Replace("\"regularMarketTime\":1754078400,", "", StringComparison.Ordinal);

        var snapshot = YahooQuoteSummaryParser.Parse("GLD", json, new DateTimeOffset(2025, 8, 5, 2, 0, 0, TimeSpan.Zero)).ShouldBeData();

        // 02:00 UTC on 5 August is still 4 August in New York.
        snapshot.Metric!.AsOf.Should().Be(new DateOnly(2025, 8, 4));
        snapshot.Diagnostics.AsOfFromFetchTime.Should().BeTrue();
    }
}
