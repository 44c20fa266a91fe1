using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream.Faults;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>A re-sync never erases history because the upstream had a bad day.</summary>
public sealed class ResyncGuardTests(IngestionHost host) : IClassFixture<IngestionHost>
{
    /// <summary>Friday 2026-01-09, 17:00 New York: ten full years of quarterly dividends since 2016.</summary>
    private static readonly DateTimeOffset TenYearsIn = new(2026, 1, 9, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_payload_without_events_leaves_the_40_stored_dividends_in_place_and_fails_the_item_naming_the_counts()
    {
        var spy = host.Dataset.Find("SPY")!;
        await host.ResetAsync(spy);
        host.DataClock.Now = TenYearsIn;
        (await host.RunAsync(JobNames.Prices, backfill: true)).Status.Should().Be(RunStatus.Succeeded);
        await using (var db = host.Database.NewDbContext())
        {
            (await db.Dividends.CountAsync(d => d.Symbol == "SPY")).Should().Be(40);
        }

        var before = await FingerprintAsync();
        host.Fake.Faults.On("/yahoo/v8/finance/chart/SPY", Fault.WithoutEvents(), times: null);

        var run = await host.RunAsync(JobNames.Dividends);

        run.ItemsFailed.Should().Be(1);
        run.RowsInserted.Should().Be(0);
        run.RowsUpdated.Should().Be(0);
        await using var check = host.Database.NewDbContext();
        var item = await check.IngestionItems.SingleAsync(i => i.RunId == run.Id);
        item.Status.Should().Be(ItemStatus.Failed);
        // 40 stored, 0 listed: 40 deletions against max(1, floor(0.1 × 40)) = 4 allowed.
        item.Error.Should().Be(
            "payload refused: the upstream lists 0 dividends against 40 stored, so replacing them would delete 40, " +
            "more than the 4 allowed (Ingestion:MaxDeletionShare 0.1 of the stored, at least Ingestion:MaxDeletionCount 1); nothing was written");
        (await check.Dividends.CountAsync(d => d.Symbol == "SPY")).Should().Be(40);
        (await FingerprintAsync()).Should().Equal(before, "nothing was written, not even the bars of the same payload");
    }

    [Fact]
    public async Task A_bad_payload_on_the_nightly_run_leaves_the_stored_dividends_too()
    {
        var spy = host.Dataset.Find("SPY")!;
        await host.ResetAsync(spy);
        host.DataClock.Now = TenYearsIn;
        await host.RunAsync(JobNames.Prices, backfill: true);
        host.Fake.Faults.On("/yahoo/v8/finance/chart/SPY", Fault.WithoutEvents(), times: null);

        var run = await host.RunAsync(JobNames.Prices, backfill: true);

        run.ItemsFailed.Should().Be(1);
        await using var db = host.Database.NewDbContext();
        (await db.IngestionItems.SingleAsync(i => i.RunId == run.Id)).Error.Should().Contain("lists 0 dividends against 40 stored");
        (await db.Dividends.CountAsync(d => d.Symbol == "SPY")).Should().Be(40);
    }

    private async Task<List<string>> FingerprintAsync()
    {
        var result = new List<string>();
        foreach (var table in new[] { "price_daily", "dividend", "split" })
        {
            result.Add(table + ":" + await host.Database.ScalarAsync<string>(
                $"SELECT md5(coalesce(string_agg(x::text || '@' || x.xmin::text, ',' ORDER BY x::text), '')) FROM {table} x"));
        }

        return result;
    }
}
