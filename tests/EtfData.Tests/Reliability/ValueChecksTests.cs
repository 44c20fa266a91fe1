using EtfData.Api.Sources.Yahoo;
using EtfData.Domain;
using EtfData.Tests.Sources;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Reliability;

/// <summary>The plausibility checks that decide what is stored and what is quarantined (MarketDataChecks, HoldingsChecks).</summary>
public sealed class ValueChecksTests
{
    private static readonly DateOnly Mon = new(2026, 3, 2);

    private static DailyPrice Bar(int day, decimal close, decimal? low = null, decimal? high = null, long? volume = 1_000) =>
        new("SPY", Mon.AddDays(day), close, high ?? close, low ?? close, close, close, volume);

    [Fact]
    public void A_close_1000_times_the_previous_is_quarantined_and_the_next_bar_is_judged_against_the_last_kept_one()
    {
        // 412.00 → 412,000.00 is 412,000 / 412 = 1,000× (≥ the 1,000× bound); 413.00 / 412.00 = 1.002× is kept.
        var screened = MarketDataChecks.ScreenBars([Bar(0, 412m), Bar(1, 412_000m), Bar(2, 413m)], []);

        screened.Kept.Select(b => b.Close).Should().Equal(412m, 413m);
        screened.Quarantined.Should().ContainSingle().Which.Reason.Should().Be(
            "close 412,000.00 of 2026-03-03 is 1,000× the previous close 412.00 of 2026-03-02 with no split between");
    }

    [Fact]
    public void A_jump_explained_by_a_split_between_is_kept()
    {
        // 1:1000 reverse split unadjusted: 10.00 → 10,000.00 = 1,000×; × ratio 1/1000 = 1× — explained.
        var split = new Split("SPY", Mon.AddDays(1), 1m, 1000m);

        MarketDataChecks.ScreenBars([Bar(0, 10m), Bar(1, 10_000m)], [split]).Quarantined.Should().BeEmpty();
    }

    [Fact]
    public void The_first_bar_is_judged_against_the_stored_close_before_it()
    {
        // stored 412.00, payload's first close 0.41: 412 / 0.41 = 1,004.9 → "1/1,005×".
        var screened = MarketDataChecks.ScreenBars([Bar(1, 0.41m)], [], previousStored: Bar(0, 412m));

        screened.Kept.Should().BeEmpty();
        screened.Quarantined.Single().Reason.Should().Contain("is 1/1,005× the previous close 412.00 of 2026-03-02");
    }

    [Fact]
    public void A_bad_first_bar_of_a_full_history_with_nothing_stored_goes_alone_not_every_bar_after_it()
    {
        // Nothing stored before. 0.41 then 412.00, 413.00, 414.00: 412 / 0.41 = 1,004.9 ≥ 1,000 (far from the next close),
        // while 413 / 412 = 1.002 < 10 (the close after it confirms 412): the first bar is the odd one. The rest are then judged
        // against 412.00 (the first kept close): 413 / 412 and 414 / 413 are ≈ 1×, all kept.
        var screened = MarketDataChecks.ScreenBars([Bar(0, 0.41m), Bar(1, 412m), Bar(2, 413m), Bar(3, 414m)], []);

        screened.Kept.Select(b => b.Close).Should().Equal(412m, 413m, 414m);
        screened.Quarantined.Should().ContainSingle().Which.Reason.Should().Be(
            "close 0.41 of 2026-03-02 is 1/1,005× the next close 412.00 of 2026-03-03, which the close after it confirms, with no split between");
    }

    [Fact]
    public void A_good_first_bar_before_a_spike_stays_and_only_the_spike_goes()
    {
        // Nothing stored before. 412.00, 414,000.00, 413.00, 414.00. First bar: far from the next (414,000 / 412 = 1,004.9×),
        // but the close after does not confirm the next one (414,000 / 413 = 1,002.4×, not within 10×): 412 is the anchor.
        // 414,000 / 412 = 1,004.9 ≥ 1,000 → quarantined ("1,005×"); 413 / 412 = 1.002 and 414 / 413 = 1.002 → kept.
        var screened = MarketDataChecks.ScreenBars([Bar(0, 412m), Bar(1, 414_000m), Bar(2, 413m), Bar(3, 414m)], []);

        screened.Kept.Select(b => b.Close).Should().Equal(412m, 413m, 414m);
        screened.Quarantined.Should().ContainSingle().Which.Reason.Should().Be(
            "close 414,000.00 of 2026-03-03 is 1,005× the previous close 412.00 of 2026-03-02 with no split between");
    }

    [Fact]
    public void A_level_shift_with_no_split_is_quarantined_from_the_shift_on()
    {
        // 10.00, 10.10, then 10,100.00 and 10,200.00: 10,100 / 10.10 = 1,000× with no split, and 10,200 / 10.10 = 1,009.9×
        // against the last kept close: the shifted level is not silently taken as the new one, both bars go.
        var screened = MarketDataChecks.ScreenBars([Bar(0, 10m), Bar(1, 10.10m), Bar(2, 10_100m), Bar(3, 10_200m)], []);

        screened.Kept.Select(b => b.Close).Should().Equal(10m, 10.10m);
        screened.Quarantined.Select(q => q.AsOf).Should().Equal(Mon.AddDays(2), Mon.AddDays(3));
    }

    [Theory]
    [InlineData(-1, 1, 1, "has a zero or negative price")]
    [InlineData(0, 1, 1, "has a zero or negative price")]
    [InlineData(5, 4, 6, "has its high 4.00 below its low 6.00")]
    [InlineData(7, 6, 4, "close 7.00 of 2026-03-02 is outside the day's range 4.00–6.00")]
    public void Impossible_bars_are_quarantined_with_their_reason(int close, int high, int low, string reason)
    {
        var bar = new DailyPrice("SPY", Mon, 5m, high, low, close, close, 10);

        MarketDataChecks.ScreenBars([bar], []).Quarantined.Single().Reason.Should().Contain(reason);
    }

    [Fact]
    public void A_negative_volume_is_quarantined()
    {
        MarketDataChecks.ScreenBars([Bar(0, 10m, volume: -5)], []).Quarantined.Single().Reason.Should().Be("bar of 2026-03-02 has a negative volume -5");
    }

    [Fact]
    public void Identical_duplicates_collapse_conflicting_ones_are_all_quarantined_and_order_does_not_matter()
    {
        // Out of order: day 2, day 0, day 1, day 0 again (identical), day 1 again with another close.
        var screened = MarketDataChecks.ScreenBars([Bar(2, 12m), Bar(0, 10m), Bar(1, 11m), Bar(0, 10m), Bar(1, 11.5m)], []);

        screened.Kept.Select(b => (b.TradeDate.Day, b.Close)).Should().Equal((2, 10m), (4, 12m));
        screened.IdenticalDuplicates.Should().Be(1);
        var conflict = screened.Quarantined.Single();
        conflict.AsOf.Should().Be(Mon.AddDays(1));
        conflict.Reason.Should().Be("2 different bars for 2026-03-03 (closes 11.00, 11.50); none is stored rather than guessing which is right");
    }

    [Fact]
    public void Dividends_of_zero_below_zero_or_above_the_ex_date_close_are_quarantined()
    {
        var bars = new[] { Bar(0, 50m), Bar(1, 51m), Bar(2, 52m) };
        var dividends = new[]
        {
            new Dividend("SPY", Mon, 0m), new Dividend("SPY", Mon.AddDays(1), 51.5m), new Dividend("SPY", Mon.AddDays(2), 0.52m),
            new Dividend("SPY", Mon.AddDays(3), -1m),
        };

        var screened = MarketDataChecks.ScreenDividends(dividends, bars);

        screened.Kept.Should().Equal(new Dividend("SPY", Mon.AddDays(2), 0.52m));
        screened.Quarantined.Select(q => q.Reason).Should().Equal(
            "dividend of 0 per share on 2026-03-02 is not a payment",
            "dividend of 51.50 per share on 2026-03-03 is more than the close 51.00 of its ex-date",
            "dividend of -1 per share on 2026-03-05 is not a payment");
    }

    [Fact]
    public void Splits_of_zero_or_beyond_1000_to_1_are_quarantined_and_1_to_200_is_kept()
    {
        var splits = new[]
        {
            new Split("SPY", Mon, 0m, 1m), new Split("SPY", Mon.AddDays(1), 4m, 0m), new Split("SPY", Mon.AddDays(2), 2000m, 1m),
            new Split("SPY", Mon.AddDays(3), 1m, 200m),
        };

        var screened = MarketDataChecks.ScreenSplits(splits);

        screened.Kept.Should().Equal(new Split("SPY", Mon.AddDays(3), 1m, 200m));
        screened.Quarantined.Select(q => q.Reason).Should().Equal(
            "split 0:1 on 2026-03-02 leaves no shares or divides by zero",
            "split 4:0 on 2026-03-03 leaves no shares or divides by zero",
            "split 2000:1 on 2026-03-04 is beyond 1000:1 either way");
    }

    [Fact]
    public void Fund_figures_of_zero_or_1000_times_the_previous_are_dropped_one_by_one()
    {
        var previous = new FundMetric("SPY", Mon, "yahoo", 500_000_000_000m, 500m, 1_000_000_000);
        // AUM 0 refused; NAV 501 / 500 = 1.002× kept; shares 1,000,000,000,000 / 1,000,000,000 = 1,000× refused.
        var reported = new FundMetric("SPY", Mon.AddDays(1), "yahoo", 0m, 501m, 1_000_000_000_000);

        var (kept, quarantined) = MarketDataChecks.ScreenMetric(reported, previous);

        kept.Should().Be(new FundMetric("SPY", Mon.AddDays(1), "yahoo", null, 501m, null));
        quarantined.Select(q => (q.Kind, q.Reason)).Should().Equal(
            (QuarantineKinds.Aum, "total assets 0 of 2026-03-03 is not a size a fund can have"),
            (QuarantineKinds.SharesOutstanding, "shares outstanding 1,000,000,000,000 of 2026-03-03 is 1,000× the previous 1,000,000,000 of 2026-03-02"));
    }

    [Fact]
    public void A_metric_with_every_figure_refused_is_not_kept_at_all()
    {
        MarketDataChecks.ScreenMetric(new FundMetric("SPY", Mon, "yahoo", -1m, null, null), null).Kept.Should().BeNull();
    }

    [Theory]
    // 3 × 100 % (a doubled-and-more file): 300 % > 250 %.
    [InlineData(new[] { 1.0, 1.0, 1.0 }, "weights summing to 300 %")]
    // percentages divided by 100 once too often: 0.5 % + 0.5 % = 1 % < 10 %.
    [InlineData(new[] { 0.005, 0.005 }, "weights summing to 1 %")]
    public void Holdings_weights_far_outside_the_band_quarantine_the_snapshot(double[] weights, string reason)
    {
        var entry = HoldingsChecks.ScreenSnapshot("SPY", "ishares", Mon, [.. weights.Select(w => (decimal?)w)]);

        entry.Should().NotBeNull();
        entry!.Kind.Should().Be(QuarantineKinds.HoldingsSnapshot);
        entry.Reason.Should().Contain(reason).And.Contain("outside 10 %–250 %");
    }

    [Fact]
    public void A_leveraged_or_short_list_with_negative_lines_passes()
    {
        // 3× fund: stocks 70 % + swaps at value 5 % + T-bills 30 % − cash owed 2 % = 103 %; a bond fund at 103.8 %.
        HoldingsChecks.ScreenSnapshot("TQQQ", "sec-nport", Mon, [0.70m, 0.05m, 0.30m, -0.02m]).Should().BeNull();
        HoldingsChecks.ScreenSnapshot("SQQQ", "sec-nport", Mon, [1.10m, -0.08m, null]).Should().BeNull();
    }

    [Fact]
    public void The_chart_parser_quarantines_instead_of_silently_skipping_and_sorts_the_bars()
    {
        // Out of order (03-04 before 03-03), 03-02 repeated identically, 03-05 with a negative close, a 0:1 split.
        var json = ChartJson(
            [("2026-03-04", 102m), ("2026-03-02", 100m), ("2026-03-03", 101m), ("2026-03-02", 100m), ("2026-03-05", -5m)],
            split: ("2026-03-03", 0m, 1m));

        var chart = YahooChartParser.Parse("SPY", json, new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero)).ShouldBeData();

        chart.Prices.Select(p => p.TradeDate.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Should().Equal("03-02", "03-03", "03-04");
        chart.Diagnostics.DuplicateBars.Should().Be(1);
        chart.Splits.Should().BeEmpty();
        chart.Quarantined.Select(q => (q.Kind, q.AsOf)).Should().BeEquivalentTo(
            [(QuarantineKinds.Price, (DateOnly?)new DateOnly(2026, 3, 5)), (QuarantineKinds.Split, (DateOnly?)new DateOnly(2026, 3, 3))]);
    }

    /// <summary>A minimal daily chart answer; each bar has open = high = low = close.</summary>
    internal static string ChartJson(IReadOnlyList<(string Day, decimal Close)> bars, (string Day, decimal Numerator, decimal Denominator)? split = null)
    {
        static long Epoch(string day) => new DateTimeOffset(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(14, 30)), TimeSpan.Zero).ToUnixTimeSeconds();
        static string Numbers(IEnumerable<decimal> values) => string.Join(",", values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var closes = Numbers(bars.Select(b => b.Close));
        var splits = split is { } s
            ? "\"splits\":{\"" + Epoch(s.Day) + "\":{\"date\":" + Epoch(s.Day) + ",\"numerator\":" + Numbers([s.Numerator])
              + ",\"denominator\":" + Numbers([s.Denominator]) + "}}"
            : "";
        return "{\"chart\":{\"result\":[{\"meta\":{\"currency\":\"USD\",\"symbol\":\"SPY\",\"exchangeTimezoneName\":\"America/New_York\","
            + "\"gmtoffset\":-18000,\"priceHint\":2,\"dataGranularity\":\"1d\"},"
            + "\"timestamp\":[" + string.Join(",", bars.Select(b => Epoch(b.Day))) + "],"
            + "\"events\":{" + splits + "},"
            + "\"indicators\":{\"quote\":[{\"open\":[" + closes + "],\"high\":[" + closes + "],\"low\":[" + closes + "],\"close\":[" + closes
            + "],\"volume\":[" + string.Join(",", bars.Select(_ => "1000")) + "]}],\"adjclose\":[{\"adjclose\":[" + closes + "]}]}}],\"error\":null}}";
    }

    [Fact]
    public void An_nport_filing_passes_with_a_partial_sample_and_with_shorts_but_not_past_500_percent_or_with_absurd_net_assets()
    {
        var day = new DateOnly(2025, 3, 31);
        var previous = (NetAssetsUsd: 1_000_000m, ReportDate: new DateOnly(2024, 12, 31));
        // A partial sample: 8.37 + 1.5 = 9.87 % of net assets — no lower bound.
        NportChecks.ScreenFiling("AGG", "a", day, 1_050_000m, [8.37m, 1.5m], previous).Should().BeNull();
        // The bond fund's shape: longs 126.7 %, shorts −22.9 %: Σ|pctVal| = 149.6 % ≤ 500 %.
        NportChecks.ScreenFiling("AGG", "a", day, 1_050_000m, [126.7m, -22.9m], previous).Should().BeNull();
        // Fractions written as percents × 100: 60 + 40 → 6,000 + 4,000 = 10,000 % > 500 %.
        NportChecks.ScreenFiling("AGG", "a", day, 1_050_000m, [6_000m, 4_000m], previous)!.Reason.Should().Be(
            "N-PORT filing a of 2025-03-31 has 2 positions whose |pctVal| sum to 10000 %, above 500 % of net assets; nothing of the filing is stored");
        // Net assets 0: not a fund; 1,000,000,000 after 1,000,000: 1,000,000,000 / 1,000,000 = 1,000× ≥ 1,000×.
        NportChecks.ScreenFiling("AGG", "a", day, 0m, [100m], previous)!.Kind.Should().Be(QuarantineKinds.Aum);
        NportChecks.ScreenFiling("AGG", "a", day, 1_000_000_000m, [100m], previous)!.Reason.Should().Be(
            "N-PORT filing a of 2025-03-31 reports net assets of 1,000,000,000 USD, 1,000× the previous filing's 1,000,000 USD of 2024-12-31; nothing of the filing is stored");
        // 999,000,000 / 1,000,000 = 999× < 1,000×: a fund may grow that much (seeded launches); kept.
        NportChecks.ScreenFiling("AGG", "a", day, 999_000_000m, [100m], previous).Should().BeNull();
    }

    [Fact]
    public void Etfdb_AUM_of_zero_or_1000_times_the_previous_and_a_flow_1000_times_the_AUM_are_quarantined()
    {
        var day = new DateOnly(2025, 3, 14);
        IReadOnlyList<(string, decimal)> flows = [("1-month", -5_000_000m), ("1-year", 2_000_000_000_000m)];

        // AUM 2e9 after 1e9 (2×) is kept; 1-month −5e6 is 1/400 of it, kept; 1-year 2e12 / 2e9 = 1,000× → quarantined.
        var (aum, kept, quarantined) = OutsideFigureChecks.Screen("SPY", "etfdb", 2_000_000_000m, day, 1_000_000_000m, day, flows);
        aum.Should().Be(2_000_000_000m);
        kept.Select(f => f.Window).Should().Equal("1-month");
        quarantined.Should().ContainSingle().Which.Reason.Should().Be(
            "etfdb 1-year net flow 2,000,000,000,000 USD to 2025-03-14 is 1,000× the fund's AUM 2,000,000,000 USD");

        // AUM 1e12 after 1e9 = 1,000× → quarantined; the flows are then judged against the 1e9 stated before: 2e12 / 1e9 = 2,000×.
        (aum, kept, quarantined) = OutsideFigureChecks.Screen("SPY", "etfdb", 1_000_000_000_000m, day, 1_000_000_000m, day, flows);
        aum.Should().BeNull();
        kept.Select(f => f.Window).Should().Equal("1-month");
        quarantined.Select(q => q.Kind).Should().Equal(QuarantineKinds.Aum, QuarantineKinds.Flow);
        quarantined[0].Reason.Should().Be("etfdb AUM 1,000,000,000,000 USD of 2025-03-14 is 1,000× the 1,000,000,000 USD it stated before");

        OutsideFigureChecks.Screen("SPY", "etfdb", 0m, day, null, day, []).Quarantined.Single().Reason.Should().Be(
            "etfdb AUM 0 USD of 2025-03-14 is not a size a fund can have");
    }
}
