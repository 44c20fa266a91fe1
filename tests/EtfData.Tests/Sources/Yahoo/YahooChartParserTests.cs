using EtfData.Api.Sources;
using EtfData.Api.Sources.Yahoo;
using EtfData.Domain;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Sources.Yahoo;

public sealed class YahooChartParserTests
{
    private static readonly DateTimeOffset LongAfter = new(2025, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static YahooChart Parse(string fixture, string symbol, DateTimeOffset now) =>
        YahooChartParser.Parse(symbol, Fixtures.Yahoo(fixture), now).ShouldBeData();

    [Fact]
    public void Dividend_and_split_in_one_range_are_both_parsed_with_exchange_local_dates()
    {
        var chart = Parse("SCHD_chart_1d_2024-09-23_2024-10-15_div_split.json", "SCHD", LongAfter);

        chart.Dividends.Should().Equal(new Dividend("SCHD", new DateOnly(2024, 9, 25), 0.2504m));
        chart.Splits.Should().Equal(new Split("SCHD", new DateOnly(2024, 10, 11), 3m, 1m));
        chart.Splits[0].Ratio.Should().Be(3m);
        chart.Prices.Should().HaveCount(16);
        chart.Prices[0].Should().Be(new DailyPrice("SCHD", new DateOnly(2024, 9, 23), 27.76m, 27.94m, 27.67m, 27.83m, 27.5807m, 10_159_935));
        chart.Prices[^1].TradeDate.Should().Be(new DateOnly(2024, 10, 14));
        chart.Diagnostics.SkippedNullBars.Should().Be(0);
        chart.Diagnostics.PartialBarDropped.Should().BeFalse();
    }

    /// <summary>
    /// What <c>close</c> means: Yahoo's close is split-adjusted over the whole history (a bar before a
    /// 3:1 split shows a third of the traded price) but not dividend-adjusted; adjclose is both.
    /// So across the split the series is continuous, and adjclose differs from close only before the ex-date.
    /// </summary>
    [Fact]
    public void Split_adjusted_history_close_is_continuous_across_the_split_and_adjclose_adds_dividends()
    {
        var chart = Parse("SCHD_chart_1d_2024-09-23_2024-10-15_div_split.json", "SCHD", LongAfter);
        var beforeSplit = chart.Prices.Single(p => p.TradeDate == new DateOnly(2024, 10, 10));
        var splitDay = chart.Prices.Single(p => p.TradeDate == new DateOnly(2024, 10, 11));

        // Traded around 84 before the split; stored (as served) at a third of that.
        beforeSplit.Close.Should().Be(28.11m);
        splitDay.Close.Should().Be(28.36m);
        (splitDay.Close / beforeSplit.Close).Should().BeInRange(0.95m, 1.05m);

        var beforeExDate = chart.Prices.Where(p => p.TradeDate < new DateOnly(2024, 9, 25)).ToList();
        beforeExDate.Should().OnlyContain(p => p.AdjClose < p.Close);
        chart.Prices.Where(p => p.TradeDate >= new DateOnly(2024, 9, 25)).Should().OnlyContain(p => p.AdjClose == p.Close);
    }

    [Fact]
    public void Holiday_null_row_is_skipped_and_counted_never_stored_as_zero()
    {
        var chart = Parse("SPY_chart_1d_2025-06-30_2025-07-08_holiday_null.json", "SPY", LongAfter);

        chart.Diagnostics.BarsInPayload.Should().Be(6);
        chart.Diagnostics.SkippedNullBars.Should().Be(1);
        chart.Prices.Select(p => p.TradeDate).Should().Equal(
            new DateOnly(2025, 6, 30), new DateOnly(2025, 7, 1), new DateOnly(2025, 7, 2), new DateOnly(2025, 7, 3), new DateOnly(2025, 7, 7));
        chart.Prices.Should().OnlyContain(p => p.Close > 0 && p.Open > 0 && p.Volume > 0);
        chart.Prices[^1].Close.Should().Be(620.68m);
    }

    [Fact]
    public void Empty_range_is_data_with_no_bars()
    {
        var chart = Parse("IVV_chart_1d_empty_range.json", "IVV", LongAfter);

        chart.Prices.Should().BeEmpty();
        chart.Dividends.Should().BeEmpty();
        chart.Splits.Should().BeEmpty();
        chart.Diagnostics.BarsInPayload.Should().Be(0);
    }

    [Fact]
    public void Live_partial_bar_is_dropped_while_the_session_is_open()
    {
        // 12:45:30 EST on 2025-03-07, the session (09:30–16:00) still open.
        var chart = Parse("QQQ_chart_1d_5d_live_bar.json", "QQQ", new DateTimeOffset(2025, 3, 7, 17, 45, 30, TimeSpan.Zero));

        chart.Prices.Should().HaveCount(4);
        chart.Prices[^1].TradeDate.Should().Be(new DateOnly(2025, 3, 6));
        chart.Diagnostics.DroppedPartialBarDate.Should().Be(new DateOnly(2025, 3, 7));
    }

    [Fact]
    public void Live_partial_bar_is_kept_once_the_session_has_closed()
    {
        // 16:00 EST exactly: currentTradingPeriod.regular.end.
        var chart = Parse("QQQ_chart_1d_5d_live_bar.json", "QQQ", new DateTimeOffset(2025, 3, 7, 21, 0, 0, TimeSpan.Zero));

        chart.Prices.Should().HaveCount(5);
        chart.Prices[^1].Should().Be(new DailyPrice("QQQ", new DateOnly(2025, 3, 7), 492.22m, 494.32m, 484.72m, 489.12m, 489.12m, 21_033_117));
        chart.Diagnostics.PartialBarDropped.Should().BeFalse();
    }

    [Fact]
    public void Prices_are_rounded_to_price_hint_from_the_float32_text()
    {
        var chart = Parse("SCHD_chart_1d_2024-09-23_2024-10-15_div_split.json", "SCHD", LongAfter);

        // The payload says 27.829999923706055 for the first close.
        Fixtures.YahooText("SCHD_chart_1d_2024-09-23_2024-10-15_div_split.json").Should().Contain("27.829999923706055");
        chart.Prices[0].Close.Should().Be(27.83m);
        chart.Prices[0].Close.Scale.Should().BeLessThanOrEqualTo(2);
        chart.Diagnostics.PriceDecimals.Should().Be(2);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(4, 4)]
    [InlineData(9, 6)]
    public void Price_hint_is_clamped_to_two_to_six_decimals(int priceHint, int expectedDecimals)
    {
        var json = Fixtures.YahooText("SCHD_chart_1d_2024-09-23_2024-10-15_div_split.json")
            .Replace("\"priceHint\":2", $"\"priceHint\":{priceHint}", StringComparison.Ordinal);

        var chart = YahooChartParser.Parse("SCHD", json, LongAfter).ShouldBeData();

        chart.Diagnostics.PriceDecimals.Should().Be(expectedDecimals);
        chart.Prices[0].Close.Should().Be(27.83m);
    }

    [Fact]
    public void Trading_date_is_the_exchange_local_date_not_the_utc_date()
    {
        // A Sydney session opens at 10:00 AEDT = 23:00 UTC of the previous calendar day.
        var json = """
            {"chart":{"result":[{"meta":{"currency":"USD","symbol":"IVV","exchangeTimezoneName":"Australia/Sydney","gmtoffset":39600,"priceHint":2,"dataGranularity":"1d"},
            "timestamp":[1741302000],"indicators":{"quote":[{"open":[10.5],"high":[10.7],"low":[10.4],"close":[10.6],"volume":[1200]}]}}],"error":null}}
            """;

        var chart = YahooChartParser.Parse("IVV", json, LongAfter).ShouldBeData();

        DateTimeOffset.FromUnixTimeSeconds(1741302000).UtcDateTime.Date.Should().Be(new DateTime(2025, 3, 6));
        chart.Prices.Single().TradeDate.Should().Be(new DateOnly(2025, 3, 7));
        chart.Prices.Single().AdjClose.Should().BeNull();
    }

    [Theory]
    // 2026-11-27, the day after Thanksgiving, closes at 13:00 EST (18:00 UTC). Without
    // currentTradingPeriod the parser falls back to the exchange calendar's close for the bar's day.
    [InlineData(17, 30, true)]   // 12:30 EST: session open, the bar is live
    [InlineData(19, 0, false)]   // 14:00 EST: closed at 13:00, the bar is final
    public void Without_a_trading_period_an_early_close_day_ends_at_13_00(int utcHour, int utcMinute, bool dropped)
    {
        // One bar stamped 09:30 EST = 14:30 UTC = epoch 1795789800.
        var json = """
            {"chart":{"result":[{"meta":{"currency":"USD","symbol":"SPY","exchangeTimezoneName":"America/New_York","gmtoffset":-18000,"priceHint":2,"dataGranularity":"1d"},
            "timestamp":[1795789800],"indicators":{"quote":[{"open":[600.5],"high":[601.7],"low":[599.4],"close":[600.6],"volume":[1200]}]}}],"error":null}}
            """;

        var chart = YahooChartParser.Parse("SPY", json, new DateTimeOffset(2026, 11, 27, utcHour, utcMinute, 0, TimeSpan.Zero)).ShouldBeData();

        chart.Diagnostics.PartialBarDropped.Should().Be(dropped);
        chart.Prices.Should().HaveCount(dropped ? 0 : 1);
    }

    [Fact]
    public void Gmtoffset_is_the_fallback_when_the_zone_name_is_missing()
    {
        var json = Fixtures.YahooText("SPY_chart_1d_2025-06-30_2025-07-08_holiday_null.json")
            .Replace("\"exchangeTimezoneName\":\"America/New_York\",", "", StringComparison.Ordinal);

        var chart = YahooChartParser.Parse("SPY", json, LongAfter).ShouldBeData();

        chart.ExchangeTimeZone.Should().Be("UTC-04:00");
        chart.Prices[0].TradeDate.Should().Be(new DateOnly(2025, 6, 30));
    }

    [Fact]
    public void Error_body_of_an_unknown_symbol_is_not_found()
    {
        var result = YahooChartParser.Parse("ZZZZ", Fixtures.Yahoo("ZZZZ_chart_unknown_404.json"), LongAfter);

        result.Should().BeOfType<SourceResult<YahooChart>.NotFound>()
            .Which.Detail.Should().Be("No data found, symbol may be delisted");
    }

    [Fact]
    public void Arrays_of_different_lengths_are_invalid_with_the_reason()
    {
        var json = Fixtures.YahooText("SPY_chart_1d_2025-06-30_2025-07-08_holiday_null.json")
            .Replace("\"close\":[", "\"close\":[1.5,", StringComparison.Ordinal);

        var result = YahooChartParser.Parse("SPY", json, LongAfter);

        result.Should().BeOfType<SourceResult<YahooChart>.Invalid>()
            .Which.Reason.Should().Be("close has 7 entries but timestamp has 6");
    }

    [Fact]
    public void Payload_for_another_symbol_is_invalid()
    {
        var result = YahooChartParser.Parse("IVV", Fixtures.Yahoo("SPY_chart_1d_2025-06-30_2025-07-08_holiday_null.json"), LongAfter);

        result.Should().BeOfType<SourceResult<YahooChart>.Invalid>().Which.Reason.Should().Contain("SPY");
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>Will be right back</body></html>", "HTML")]
    [InlineData("{\"chart\":{\"result\":[{\"meta\":", "malformed JSON")]
    [InlineData("", "empty body")]
    public void Non_json_bodies_are_invalid_with_what_arrived(string body, string expected)
    {
        var result = YahooChartParser.Parse("SPY", body, LongAfter);

        result.Should().BeOfType<SourceResult<YahooChart>.Invalid>().Which.Reason.Should().Contain(expected);
    }

    [Fact]
    public void Share_class_symbols_are_matched_in_yahoo_spelling()
    {
        var json = Fixtures.YahooText("IVV_chart_1d_empty_range.json").Replace("\"symbol\":\"IVV\"", "\"symbol\":\"BRK-B\"", StringComparison.Ordinal);

        YahooChartParser.Parse("BRK.B", json, LongAfter).ShouldBeData().Symbol.Should().Be("BRK.B");
    }
}
