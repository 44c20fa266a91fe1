using EtfData.FakeUpstream.Securities;
using EtfData.FakeUpstream.Yahoo;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.FakeUpstream;

/// <summary>The shared security universe: valid, unique identifiers and index weights aligned with Yahoo's top holdings.</summary>
public sealed class SecurityUniverseTests
{
    private static readonly YahooDataset Dataset = new();

    [Fact]
    public void Check_digits_follow_the_cusip_and_isin_rules()
    {
        // Apple: CUSIP 03783310 + check 0; ISIN US0378331005 (Luhn over "US037833100" spelled as digits gives 5).
        SecurityIdentifiers.CusipCheckDigit("03783310").Should().Be('0');
        SecurityIdentifiers.UsIsin("037833100").Should().Be("US0378331005");
        // NVIDIA 67066G10 + 4; Microsoft 59491810 + 4.
        SecurityIdentifiers.IsValidCusip("67066G104").Should().BeTrue();
        SecurityIdentifiers.IsValidCusip("594918104").Should().BeTrue();
        SecurityIdentifiers.IsValidCusip("594918105").Should().BeFalse();
        SecurityIdentifiers.IsValidIsin("NL0010273215").Should().BeTrue();
    }

    [Fact]
    public void Every_security_has_valid_unique_identifiers_and_the_documented_shape()
    {
        var all = SecurityUniverse.All;

        SecurityUniverse.LargeCaps.Should().HaveCount(500);
        SecurityUniverse.SmallCaps.Should().HaveCount(200);
        SecurityUniverse.Developed.Should().HaveCount(150);
        SecurityUniverse.Emerging.Should().HaveCount(100);
        SecurityUniverse.LongTreasuries.Should().HaveCount(40);
        SecurityUniverse.AggregateBonds.Should().HaveCount(250);
        all.Where(s => s.Cusip is not null).Should().OnlyContain(s => SecurityIdentifiers.IsValidCusip(s.Cusip), "every CUSIP, real or generated, has its check digit");
        all.Should().OnlyContain(s => SecurityIdentifiers.IsValidIsin(s.Isin));
        all.Where(s => s.Country == "US").Should().OnlyContain(s => s.Isin == SecurityIdentifiers.UsIsin(s.Cusip!));
        all.Select(s => s.Isin).Should().OnlyHaveUniqueItems();
        all.Select(s => s.Sedol).Should().OnlyHaveUniqueItems();
        all.Select(s => s.Name).Should().OnlyHaveUniqueItems();
        all.Where(s => s.Country == "US" && s.Ticker is not null).Select(s => s.Ticker).Should().OnlyHaveUniqueItems();
        SecurityUniverse.Developed.Concat(SecurityUniverse.Emerging).Should().OnlyContain(s => s.Cusip == null && s.Ticker != null && s.Currency != "USD");
        all.Where(s => s.Kind == FakeSecurityKind.Bond).Should().OnlyContain(s => s.Ticker == null && s.Cusip != null);
        SecurityUniverse.Find("037833100")!.Should().Match<FakeSecurity>(s => s.Ticker == "AAPL" && s.Sector == "Information Technology" && s.Real);
        SecurityUniverse.Find("BRK-B")!.Cusip.Should().Be("084670702");
        SecurityUniverse.Find("DE0007164600")!.Should().Match<FakeSecurity>(s => s.Name == "SAP SE" && s.Sector == "Information Technology" && s.Currency == "EUR");
    }

    [Fact]
    public void Sp500_weights_equal_yahoos_top_holdings_and_the_three_sp500_funds_hold_the_same_names()
    {
        var spy = SecurityUniverse.Weights(Dataset.Find("SPY")!);
        var ivv = SecurityUniverse.Weights(Dataset.Find("IVV")!);
        var voo = SecurityUniverse.Weights(Dataset.Find("VOO")!);

        spy.Should().HaveCount(500);
        spy.Sum(m => m.Weight).Should().BeApproximately(1m, 0.000001m);
        foreach (var (symbol, _, weight) in Dataset.Find("SPY")!.TopHoldings)
        {
            spy.Single(m => m.Security.Ticker == symbol).Weight.Should().Be(weight, symbol);
        }

        spy.Take(3).Select(m => m.Security.Ticker).Should().Equal("NVDA", "MSFT", "AAPL");
        ivv.Should().Equal(spy);
        voo.Should().Equal(spy);
    }

    [Fact]
    public void A_fund_day_is_in_that_days_units_even_before_a_later_split()
    {
        var schd = Dataset.Find("SCHD")!;
        var beforeSplit = new DateOnly(2024, 10, 8);
        var afterSplit = new DateOnly(2024, 10, 15);

        var before = FundDay.On(Dataset, schd, beforeSplit)!;
        var after = FundDay.On(Dataset, schd, afterSplit)!;

        // As Yahoo served them on the day: the 3:1 split of 2024-10-11 not yet applied on the 8th.
        before.SharesOutstanding.Should().Be((decimal)Math.Round(Dataset.History(schd, beforeSplit).Bars[^1].SharesOutstanding));
        before.NavPerShare.Should().Be((decimal)Dataset.History(schd, beforeSplit).Bars[^1].Nav);
        after.SharesOutstanding.Should().Be((decimal)Math.Round(Dataset.History(schd, afterSplit).Bars[^1].SharesOutstanding));
        (after.SharesOutstanding / before.SharesOutstanding).Should().BeInRange(2.9m, 3.1m);
        FundDay.On(Dataset, schd, new DateOnly(2024, 10, 12)).Should().BeNull("a Saturday has no bar");
        FundDay.On(Dataset, Dataset.Find("IWM")!, new DateOnly(2024, 11, 29))!.NavPerShare
            .Should().Be((decimal)Dataset.History(Dataset.Find("IWM")!, new DateOnly(2024, 11, 27)).Bars[^1].Nav, "Yahoo's null row keeps the last served NAV");
    }

    [Fact]
    public void Each_index_draws_on_its_part_of_the_universe()
    {
        var qqq = SecurityUniverse.Weights(Dataset.Find("QQQ")!);
        var xlk = SecurityUniverse.Weights(Dataset.Find("XLK")!);
        var schd = SecurityUniverse.Weights(Dataset.Find("SCHD")!);
        var vti = SecurityUniverse.Weights(Dataset.Find("VTI")!);
        var eem = SecurityUniverse.Weights(Dataset.Find("EEM")!);
        var tlt = SecurityUniverse.Weights(Dataset.Find("TLT")!);

        qqq.Should().HaveCount(100).And.OnlyContain(m => m.Security.Exchange == "NASDAQ");
        // Yahoo's QQQ top holding: Apple 8.74 %.
        qqq[0].Security.Ticker.Should().Be("AAPL");
        qqq[0].Weight.Should().Be(0.0874m);
        xlk.Should().OnlyContain(m => m.Security.Sector == "Information Technology");
        schd.Should().HaveCount(100);
        vti.Should().HaveCount(700);
        eem[0].Security.Isin.Should().Be("TW0002330008");
        tlt[0].Security.Name.Should().Be("United States Treasury Bonds 4.625% 2054-05-15");
        SecurityUniverse.Weights(Dataset.Find("GLD")!).Should().BeEmpty();
    }
}
