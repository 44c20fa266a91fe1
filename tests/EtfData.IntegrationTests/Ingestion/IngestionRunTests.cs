using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream.Faults;
using EtfData.FakeUpstream.Yahoo;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>
/// Jobs run through the real host against the fake upstream over HTTP and a real database. Expected
/// rows come from the fake's generator (what it serves), never from what was stored.
/// </summary>
public sealed class IngestionRunTests(IngestionHost host) : IClassFixture<IngestionHost>
{
    private FakeFund[] Funds()
    {
        var funds = host.Dataset.Funds.OrderBy(f => f.Symbol, StringComparer.Ordinal).ToList();
        var withSplit = funds.First(f => f.Splits.Any(s => s.Date <= host.DataDate));
        var payer = funds.First(f => f != withSplit && f.Yield > 0);
        var other = funds.First(f => f != withSplit && f != payer);
        return [withSplit, payer, other];
    }

    private static string Symbol(FakeFund fund) => EtfSymbol.TryNormalize(fund.Symbol, out var s) ? s : fund.Symbol;

    [Fact]
    public async Task A_full_run_stores_exactly_the_expected_rows()
    {
        var funds = Funds();
        await host.ResetAsync(funds);

        var run = await host.RunAsync(JobNames.Prices, backfill: true);

        run.Status.Should().Be(RunStatus.Succeeded);
        run.ItemsTotal.Should().Be(3);
        long expectedRows = 0;
        await using var db = host.Database.NewDbContext();
        foreach (var fund in funds)
        {
            var symbol = Symbol(fund);
            var expected = host.ExpectedBars(fund);
            var stored = await db.DailyPrices.Where(p => p.Symbol == symbol).OrderBy(p => p.TradeDate).ToListAsync();
            stored.Select(p => p.TradeDate).Should().Equal(expected.Select(b => b.Date), $"{symbol} has one bar per generated trading day");
            for (var i = 0; i < stored.Count; i += 97)
            {
                stored[i].Close.Should().BeApproximately((decimal)expected[i].Close, 0.005m);
                stored[i].Volume.Should().Be(expected[i].Volume);
            }

            var history = host.Dataset.History(fund, host.DataDate);
            (await db.Dividends.Where(d => d.Symbol == symbol).OrderBy(d => d.ExDate).Select(d => d.ExDate).ToListAsync())
                .Should().Equal(history.Dividends.Select(d => d.ExDate));
            (await db.Splits.Where(s => s.Symbol == symbol).Select(s => new { s.SplitDate, s.Numerator, s.Denominator }).ToListAsync())
                .Should().BeEquivalentTo(history.Splits.Select(s => new { SplitDate = s.Date, Numerator = (decimal)s.Numerator, Denominator = (decimal)s.Denominator }));
            expectedRows += expected.Count + history.Dividends.Count + history.Splits.Count;
        }

        run.RowsInserted.Should().Be(expectedRows);
        run.RowsUpdated.Should().Be(0);
        var items = await db.IngestionItems.Where(i => i.RunId == run.Id).ToListAsync();
        items.Should().HaveCount(3).And.OnlyContain(i => i.Status == ItemStatus.Succeeded);
    }

    [Fact]
    public async Task An_identical_second_run_reports_every_row_unchanged_and_changes_nothing()
    {
        var funds = Funds();
        await host.ResetAsync(funds);
        await host.RunAsync(JobNames.Prices, backfill: true);
        await host.RunAsync(JobNames.Aum);
        var before = await FingerprintAsync();

        var prices = await host.RunAsync(JobNames.Prices);
        var dividends = await host.RunAsync(JobNames.Dividends);
        var splits = await host.RunAsync(JobNames.Splits);
        var aum = await host.RunAsync(JobNames.Aum);

        foreach (var run in new[] { prices, dividends, splits, aum })
        {
            run.Status.Should().Be(RunStatus.Succeeded, run.Job);
            run.RowsInserted.Should().Be(0, run.Job);
            run.RowsUpdated.Should().Be(0, run.Job);
            run.RowsUnchanged.Should().BePositive(run.Job);
        }

        // Incremental: only the overlap window was asked for and compared, not the whole history.
        prices.RowsUnchanged.Should().BeLessThan(host.ExpectedBars(funds[0]).Count);
        (await FingerprintAsync()).Should().Equal(before, "no row was rewritten (xmin would change)");
    }

    [Fact]
    public async Task A_malformed_payload_fails_that_symbol_only_and_stores_nothing_for_it()
    {
        var funds = Funds();
        await host.ResetAsync(funds);
        var broken = funds[1];
        host.Fake.Faults.On($"/yahoo/v8/finance/chart/{broken.Symbol}", Fault.MalformedJson(), times: null);

        var run = await host.RunAsync(JobNames.Prices, backfill: true);

        run.Status.Should().Be(RunStatus.Partial);
        run.ItemsFailed.Should().Be(1);
        run.ItemsSucceeded.Should().Be(2);
        await using var db = host.Database.NewDbContext();
        var failed = await db.IngestionItems.SingleAsync(i => i.RunId == run.Id && i.Status == ItemStatus.Failed);
        failed.Item.Should().Be(Symbol(broken));
        failed.Error.Should().StartWith("payload invalid");
        (await db.DailyPrices.CountAsync(p => p.Symbol == Symbol(broken))).Should().Be(0);
        (await db.Dividends.CountAsync(d => d.Symbol == Symbol(broken))).Should().Be(0);
        foreach (var fund in new[] { funds[0], funds[2] })
        {
            (await db.DailyPrices.CountAsync(p => p.Symbol == Symbol(fund))).Should().Be(host.ExpectedBars(fund).Count);
        }

        // A malformed body is not retried: one request for the broken symbol.
        host.Fake.Requests.To($"/yahoo/v8/finance/chart/{broken.Symbol}").Should().HaveCount(1);
    }

    [Fact]
    public async Task An_upstream_outage_leaves_a_consistent_database_and_the_next_run_completes()
    {
        var funds = Funds();
        await host.ResetAsync(funds);
        foreach (var fund in funds.Skip(1))
        {
            host.Fake.Faults.On($"/yahoo/v8/finance/chart/{fund.Symbol}", Fault.ServerError(503), times: null);
        }

        var during = await host.RunAsync(JobNames.Prices, backfill: true);

        during.Status.Should().Be(RunStatus.Partial);
        during.ItemsFailed.Should().Be(2);
        await using (var db = host.Database.NewDbContext())
        {
            (await db.IngestionItems.Where(i => i.RunId == during.Id && i.Status == ItemStatus.Failed).Select(i => i.Error).ToListAsync())
                .Should().OnlyContain(e => e!.StartsWith("upstream unavailable", StringComparison.Ordinal));
            (await db.DailyPrices.CountAsync(p => p.Symbol == Symbol(funds[0]))).Should().Be(host.ExpectedBars(funds[0]).Count);
            (await db.DailyPrices.CountAsync(p => p.Symbol != Symbol(funds[0]))).Should().Be(0, "failed symbols wrote nothing");
        }

        host.Fake.Faults.Clear();
        var after = await host.RunAsync(JobNames.Prices);

        after.Status.Should().Be(RunStatus.Succeeded);
        await using var check = host.Database.NewDbContext();
        foreach (var fund in funds)
        {
            (await check.DailyPrices.Where(p => p.Symbol == Symbol(fund)).Select(p => p.TradeDate).OrderBy(d => d).ToListAsync())
                .Should().Equal(host.ExpectedBars(fund).Select(b => b.Date), $"{fund.Symbol} is complete after the outage");
        }
    }

    [Fact]
    public async Task A_backfill_never_writes_aum_for_a_day_no_payload_reported()
    {
        var funds = Funds();
        await host.ResetAsync(funds);

        var run = await host.RunAsync(JobNames.Aum, backfill: true);

        run.Status.Should().Be(RunStatus.Succeeded);
        await using var db = host.Database.NewDbContext();
        var metrics = await db.FundMetrics.ToListAsync();
        metrics.Should().HaveCount(3, "one snapshot per fund, for the one day the payload refers to");
        metrics.Should().OnlyContain(m => m.AsOf == host.DataDate && m.Source == "yahoo" && m.TotalAssetsUsd > 0);
    }

    [Fact]
    public async Task Flows_are_derived_between_two_reported_days_by_both_methods()
    {
        var funds = Funds();
        await host.ResetAsync(funds);
        await host.RunAsync(JobNames.Aum);
        host.DataClock.Now = IngestionHost.FridayAfterClose.AddDays(3); // Monday after the close
        await host.RunAsync(JobNames.Aum);

        var run = await host.RunAsync(JobNames.Flows);

        run.Status.Should().Be(RunStatus.Succeeded);
        await using var db = host.Database.NewDbContext();
        var friday = DateOnly.FromDateTime(IngestionHost.FridayAfterClose.UtcDateTime);
        var monday = friday.AddDays(3);
        (await db.FundMetrics.Select(m => m.AsOf).Distinct().OrderBy(d => d).ToListAsync()).Should().Equal(friday, monday);
        foreach (var fund in funds)
        {
            var symbol = Symbol(fund);
            var before = await db.FundMetrics.SingleAsync(m => m.Symbol == symbol && m.AsOf == friday);
            var after = await db.FundMetrics.SingleAsync(m => m.Symbol == symbol && m.AsOf == monday);
            var flows = await db.FundFlows.Where(f => f.Symbol == symbol).ToListAsync();
            flows.Should().OnlyContain(f => f.TradeDate == monday && f.PreviousDate == friday);

            // AUM method: AUM_mon − AUM_fri × (NAV_mon / NAV_fri).
            var byAum = flows.Single(f => f.Method == FlowMethod.Aum);
            var expectedAum = after.TotalAssetsUsd!.Value - (before.TotalAssetsUsd!.Value * (after.NavPerShare!.Value / before.NavPerShare!.Value));
            byAum.NetFlowUsd.Should().BeApproximately(expectedAum, 0.01m);
            if (after.SharesOutstanding is { } sharesMonday && before.SharesOutstanding is { } sharesFriday)
            {
                // Shares method: (SO_mon − SO_fri) × NAV_mon.
                flows.Single(f => f.Method == FlowMethod.Shares).NetFlowUsd
                    .Should().BeApproximately((sharesMonday - sharesFriday) * after.NavPerShare!.Value, 0.01m);
            }
        }
    }

    private async Task<List<string>> FingerprintAsync()
    {
        var result = new List<string>();
        foreach (var table in new[] { "price_daily", "dividend", "split", "fund_metric_daily", "etf", "holding_snapshot", "holding" })
        {
            result.Add(table + ":" + await host.Database.ScalarAsync<string>(
                $"SELECT md5(coalesce(string_agg(x::text || '@' || x.xmin::text, ',' ORDER BY x::text), '')) FROM {table} x"));
        }

        return result;
    }
}
