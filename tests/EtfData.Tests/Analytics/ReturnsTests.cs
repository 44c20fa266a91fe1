using EtfData.Domain;
using EtfData.Domain.Analytics;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Analytics;

public sealed class ReturnsTests
{
    [Fact]
    public void Total_return_reads_the_adjusted_close_of_the_last_bar_on_or_before_each_date()
    {
        // Bars (given out of order): Mon 2025-03-03 close 50 adj 40; Wed 03-05 close 55 adj null;
        // Fri 03-07 close 66 adj 48. Total from Tue 03-04 (base = Mon bar, adj 40) to Sat 03-08 (Fri bar,
        // adj 48): 48 / 40 − 1 = 0.2. Price return on Close: 66 / 50 − 1 = 0.32.
        var bars = new[]
        {
            Bar(new DateOnly(2025, 3, 7), close: 66m, adj: 48m),
            Bar(new DateOnly(2025, 3, 3), close: 50m, adj: 40m),
            Bar(new DateOnly(2025, 3, 5), close: 55m, adj: null),
        };

        Returns.Total(bars, new DateOnly(2025, 3, 8), new DateOnly(2025, 3, 4)).Should().Be(0.2m);
        Returns.Price(bars, new DateOnly(2025, 3, 8), new DateOnly(2025, 3, 4)).Should().Be(0.32m);
    }

    [Fact]
    public void Total_return_falls_back_to_close_when_a_bar_has_no_adjusted_close()
    {
        // As of Wed 03-05 (adj null, so Close 55) from Mon 03-03 (adj 40): 55 / 40 − 1 = 0.375.
        var bars = new[]
        {
            Bar(new DateOnly(2025, 3, 3), close: 50m, adj: 40m),
            Bar(new DateOnly(2025, 3, 5), close: 55m, adj: null),
        };

        Returns.Total(bars, new DateOnly(2025, 3, 5), new DateOnly(2025, 3, 3)).Should().Be(0.375m);
    }

    [Fact]
    public void A_return_is_null_without_a_base_bar_with_a_zero_base_or_with_the_base_after_the_end()
    {
        // First bar is 03-03: a base of 03-02 has no bar on or before it. A bar of close 0 cannot be a
        // base (division by zero). No bars at all: nothing to read. Base after as-of: no period.
        var bars = new[]
        {
            Bar(new DateOnly(2025, 3, 3), close: 0m, adj: 0m),
            Bar(new DateOnly(2025, 3, 4), close: 10m, adj: 10m),
        };

        Returns.Total(bars, new DateOnly(2025, 3, 4), new DateOnly(2025, 3, 2)).Should().BeNull();
        Returns.Total(bars, new DateOnly(2025, 3, 4), new DateOnly(2025, 3, 3)).Should().BeNull();
        Returns.Price(bars, new DateOnly(2025, 3, 4), new DateOnly(2025, 3, 3)).Should().BeNull();
        Returns.Total([], new DateOnly(2025, 3, 4), new DateOnly(2025, 3, 3)).Should().BeNull();
        Returns.Total(bars, new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 4)).Should().BeNull();
    }

    [Fact]
    public void A_return_against_the_same_bar_is_zero()
    {
        // One bar (close 10): as of and base both read it, 10 / 10 − 1 = 0.
        var bars = new[] { Bar(new DateOnly(2025, 3, 3), close: 10m, adj: 10m) };

        Returns.Total(bars, new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 3)).Should().Be(0m);
    }

    [Fact]
    public void Standard_returns_use_bar_counts_for_days_and_calendar_months_for_the_rest()
    {
        // As of Mon 2025-03-17, value 120 (adjusted close). Bases:
        //   1d: one bar before = Fri 03-14, 100 → 120 / 100 − 1 = 0.2
        //   5d: five bars before = Mon 03-10 (03-14, 03-13, 03-12, 03-11, 03-10), 96 → 120 / 96 − 1 = 0.25
        //   1m: 2025-02-17 (Presidents' Day, no bar) → Fri 02-14, 80 → 120 / 80 − 1 = 0.5
        //       (the 02-18 bar of 999 comes after the base date and is not used)
        //   3m: 2024-12-17, 75 → 120 / 75 − 1 = 0.6
        //   ytd: 2024-12-31, 60 → 120 / 60 − 1 = 1 (the 2025-01-02 bar of 999 is not the base)
        //   1y: 2024-03-17 (Sunday) → Fri 2024-03-15, 48 → 120 / 48 − 1 = 1.5
        //       (the 2024-03-18 bar of 999 is after the base)
        var bars = new[]
        {
            Bar(new DateOnly(2024, 3, 15), 48m),
            Bar(new DateOnly(2024, 3, 18), 999m),
            Bar(new DateOnly(2024, 12, 17), 75m),
            Bar(new DateOnly(2024, 12, 31), 60m),
            Bar(new DateOnly(2025, 1, 2), 999m),
            Bar(new DateOnly(2025, 2, 14), 80m),
            Bar(new DateOnly(2025, 2, 18), 999m),
            Bar(new DateOnly(2025, 3, 10), 96m),
            Bar(new DateOnly(2025, 3, 11), 97m),
            Bar(new DateOnly(2025, 3, 12), 98m),
            Bar(new DateOnly(2025, 3, 13), 99m),
            Bar(new DateOnly(2025, 3, 14), 100m),
            Bar(new DateOnly(2025, 3, 17), 120m),
        }.Reverse().ToList();

        var set = Returns.Standard(bars, new DateOnly(2025, 3, 17));

        set.Should().Be(new ReturnSet(
            OneDay: 0.2m, FiveDay: 0.25m, OneMonth: 0.5m, ThreeMonth: 0.6m, YearToDate: 1m, OneYear: 1.5m));
    }

    [Fact]
    public void Standard_returns_on_a_weekend_start_from_the_last_bar_and_lack_the_bases_a_short_history_has_not()
    {
        // As of Sun 2025-03-16: last bar Fri 03-14 (100). 1d base: Thu 03-13 (80) → 100 / 80 − 1 = 0.25.
        // Only two bars: no bar five back, none a month back, none in 2024.
        var bars = new[] { Bar(new DateOnly(2025, 3, 13), 80m), Bar(new DateOnly(2025, 3, 14), 100m) };

        Returns.Standard(bars, new DateOnly(2025, 3, 16)).Should().Be(new ReturnSet(0.25m, null, null, null, null, null));
    }

    [Fact]
    public void Standard_returns_before_the_first_bar_or_of_no_bars_are_all_null()
    {
        var none = new ReturnSet(null, null, null, null, null, null);
        var bars = new[] { Bar(new DateOnly(2025, 3, 13), 80m) };

        Returns.Standard(bars, new DateOnly(2025, 3, 12)).Should().Be(none);
        Returns.Standard([], new DateOnly(2025, 3, 12)).Should().Be(none);
        // One bar: it is the as-of bar, and no bar lies one back.
        Returns.Standard(bars, new DateOnly(2025, 3, 13)).Should().Be(none);
    }

    [Fact]
    public void Two_bars_for_one_day_or_two_symbols_are_refused()
    {
        var day = new DateOnly(2025, 3, 13);
        var duplicate = new[] { Bar(day, 1m), Bar(day, 2m) };
        var mixed = new[] { Bar(day, 1m), Bar(day.AddDays(1), 2m) with { Symbol = "QQQ" } };

        ((Action)(() => Returns.Total(duplicate, day, day))).Should().Throw<ArgumentException>();
        ((Action)(() => Returns.Standard(mixed, day))).Should().Throw<ArgumentException>();
    }

    private static DailyPrice Bar(DateOnly day, decimal close, decimal? adj) =>
        new("SPY", day, close, close, close, close, adj, 1_000);

    private static DailyPrice Bar(DateOnly day, decimal adj) => Bar(day, close: adj, adj: adj);
}
