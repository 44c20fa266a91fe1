using EtfData.Domain;
using EtfData.Domain.Analytics;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Analytics;

public sealed class FlowWindowsTests
{
    private static readonly DateOnly Monday = new(2025, 6, 2);

    [Fact]
    public void Rolling_and_cumulative_sums_count_flow_rows_ending_at_each_row()
    {
        // Six rows (given out of order) of 10, −20, 30, 40, 50, 60:
        //   cumulative: 10, −10, 20, 60, 110, 170
        //   rolling 5:  10, −10, 20, 60, 110, then row 6 drops row 1: −20 + 30 + 40 + 50 + 60 = 160
        //   rolling 20: fewer than 20 rows, so equal to the cumulative sums.
        var amounts = new[] { 10m, -20m, 30m, 40m, 50m, 60m };
        var flows = amounts.Select((a, i) => Flow(Monday.AddDays(i), a)).Reverse().ToList();

        var series = FlowWindows.Series(flows);

        series.Select(d => d.TradeDate).Should().BeInAscendingOrder();
        series.Select(d => d.NetFlowUsd).Should().Equal(amounts);
        series.Select(d => d.CumulativeUsd).Should().Equal(10m, -10m, 20m, 60m, 110m, 170m);
        series.Select(d => d.Rolling5dUsd).Should().Equal(10m, -10m, 20m, 60m, 110m, 160m);
        series.Select(d => d.Rolling20dUsd).Should().Equal(10m, -10m, 20m, 60m, 110m, 170m);
    }

    [Fact]
    public void The_twenty_row_window_drops_the_oldest_rows()
    {
        // 25 rows of +1 (one per calendar day, a gap-free series for simplicity): at row 25 the
        // 20-row sum is 20, the 5-row sum 5, the cumulative 25.
        var flows = Enumerable.Range(0, 25).Select(i => Flow(Monday.AddDays(i), 1m)).ToList();

        var last = FlowWindows.Series(flows)[^1];

        last.Rolling20dUsd.Should().Be(20m);
        last.Rolling5dUsd.Should().Be(5m);
        last.CumulativeUsd.Should().Be(25m);
    }

    [Fact]
    public void Flow_as_percent_of_aum_uses_the_previous_aum_and_is_null_when_it_is_unknown_or_zero()
    {
        // Row 1: 10 / 1,000 × 100 = 1 (%). Row 2: no previous AUM → null. Row 3: previous AUM 0 → null.
        var flows = new[]
        {
            Flow(Monday, 10m) with { PreviousAumUsd = 1_000m },
            Flow(Monday.AddDays(1), 10m) with { PreviousAumUsd = null },
            Flow(Monday.AddDays(2), 10m) with { PreviousAumUsd = 0m },
        };

        var series = FlowWindows.Series(flows);

        series[0].PreviousAumUsd.Should().Be(1_000m);
        series[0].FlowPctOfAum.Should().Be(1m);
        series[1].FlowPctOfAum.Should().BeNull();
        series[2].PreviousAumUsd.Should().Be(0m);
        series[2].FlowPctOfAum.Should().BeNull();
    }

    [Fact]
    public void Shares_method_rows_take_the_previous_aum_from_shares_times_nav()
    {
        // Previous shares 1,000 × previous NAV 50 = previous AUM 50,000; flow 500 / 50,000 × 100 = 1 (%).
        // Without a previous NAV the previous AUM is unknown.
        var flows = new[]
        {
            Flow(Monday, 500m, FlowMethod.Shares) with { PreviousSharesOutstanding = 1_000, PreviousNavPerShare = 50m },
            Flow(Monday.AddDays(1), 500m, FlowMethod.Shares) with { PreviousSharesOutstanding = 1_000, PreviousNavPerShare = null },
        };

        var series = FlowWindows.Series(flows);

        series[0].PreviousAumUsd.Should().Be(50_000m);
        series[0].FlowPctOfAum.Should().Be(1m);
        series[1].PreviousAumUsd.Should().BeNull();
        series[1].FlowPctOfAum.Should().BeNull();
    }

    [Fact]
    public void No_flows_give_an_empty_series_and_one_flow_a_single_day()
    {
        FlowWindows.Series([]).Should().BeEmpty();

        // One row of 7: every sum is 7.
        var single = FlowWindows.Series([Flow(Monday, 7m)]).Single();
        (single.Rolling5dUsd, single.Rolling20dUsd, single.CumulativeUsd).Should().Be((7m, 7m, 7m));
    }

    [Fact]
    public void Mixing_methods_symbols_or_dates_is_refused()
    {
        var methods = new[] { Flow(Monday, 1m), Flow(Monday.AddDays(1), 1m, FlowMethod.Shares) };
        var symbols = new[] { Flow(Monday, 1m), Flow(Monday.AddDays(1), 1m) with { Symbol = "QQQ" } };
        var dates = new[] { Flow(Monday, 1m), Flow(Monday, 2m) };

        ((Action)(() => FlowWindows.Series(methods))).Should().Throw<ArgumentException>();
        ((Action)(() => FlowWindows.Series(symbols))).Should().Throw<ArgumentException>();
        ((Action)(() => FlowWindows.Series(dates))).Should().Throw<ArgumentException>();
        ((Action)(() => FlowWindows.SumSince(methods, Monday, Monday.AddDays(5)))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Sum_since_excludes_the_start_date_and_includes_the_end_date()
    {
        // Rows 06-02..06-06 of 10, 20, 30, 40, 50. (06-03, 06-05] holds 06-04 and 06-05: 30 + 40 = 70.
        var flows = new[] { 10m, 20m, 30m, 40m, 50m }.Select((a, i) => Flow(Monday.AddDays(i), a)).ToList();

        FlowWindows.SumSince(flows, new DateOnly(2025, 6, 3), new DateOnly(2025, 6, 5)).Should().Be(70m);
        FlowWindows.SumSince(flows, new DateOnly(2025, 6, 6), new DateOnly(2025, 6, 30)).Should().Be(0m);
        FlowWindows.SumSince([], new DateOnly(2025, 6, 1), new DateOnly(2025, 6, 30)).Should().Be(0m);
    }

    internal static FundFlow Flow(DateOnly day, decimal amount, FlowMethod method = FlowMethod.Aum, string symbol = "SPY") => new()
    {
        Symbol = symbol,
        TradeDate = day,
        Method = method,
        NetFlowUsd = amount,
        PreviousDate = day.AddDays(-1),
        Source = "yahoo",
    };
}
