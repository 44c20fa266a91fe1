using EtfData.Api.Ingestion;
using EtfData.Api.Ingestion.Holdings;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>Yahoo's top list, stored by the AUM job, joins the security identity like every other snapshot.</summary>
public sealed class TopListIdentityTests(IngestionHost host) : IClassFixture<IngestionHost>
{
    [Fact]
    public async Task Yahoos_top_list_positions_get_their_securities_and_the_list_its_weight_sum_unchecked()
    {
        var spy = host.Dataset.Find("SPY")!;
        spy.TopHoldings.Should().NotBeEmpty();
        await host.ResetAsync(spy);

        var run = await host.RunAsync(JobNames.Aum);
        var again = await host.RunAsync(JobNames.Aum);

        run.Status.Should().Be(RunStatus.Succeeded, run.Error);
        again.RowsInserted.Should().Be(0);
        again.RowsUpdated.Should().Be(0);
        await using var db = host.Database.NewDbContext();
        var snapshot = await db.HoldingSnapshots.AsNoTracking().SingleAsync(s => s.Symbol == "SPY" && s.Source == HoldingSources.Yahoo);
        var positions = await db.Holdings.AsNoTracking().Where(h => h.SnapshotId == snapshot.Id).OrderBy(h => h.Position).ToListAsync();
        positions.Should().HaveCount(spy.TopHoldings.Count).And.AllSatisfy(p => p.SecurityId.Should().NotBeNull());
        (snapshot.Coverage, snapshot.WeightSum, snapshot.WeightCheck).Should().Be((HoldingCoverage.Top, positions.Sum(p => p.Weight), (string?)null));
        var securities = await db.Securities.AsNoTracking().Where(s => positions.Select(p => p.SecurityId).Contains(s.Id)).ToListAsync();
        securities.Select(s => s.Ticker).Should().BeEquivalentTo(positions.Select(p => p.Ticker?.Replace('.', '-')));
    }

    [Fact]
    public async Task The_top_list_waits_for_the_security_index_lock_before_touching_holdings()
    {
        var spy = host.Dataset.Find("SPY")!;
        await host.ResetAsync(spy);
        await using var merger = host.Database.NewDbContext();
        await using var mergeTransaction = await merger.Database.BeginTransactionAsync();
        // Stands for a concurrent merge of securities (HoldingsSnapshotStore, NportStore) holding the lock.
        await SecurityIndex.LockAsync(merger, CancellationToken.None);

        var running = host.RunAsync(JobNames.Aum);
        int? waiter = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (waiter is null && DateTime.UtcNow < deadline && !running.IsCompleted)
        {
            waiter = (await merger.Database.SqlQuery<int>($"SELECT pid AS \"Value\" FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").ToListAsync())
                .Cast<int?>().FirstOrDefault();
            if (waiter is null)
            {
                await Task.Delay(50);
            }
        }

        waiter.Should().NotBeNull("the AUM job's write waits on the security index lock");
        // The waiting transaction has written no holding or snapshot row yet (RowExclusiveLock is taken by a write).
        var written = await merger.Database.SqlQuery<string>($"""
            SELECT c.relname AS "Value" FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
             WHERE l.pid = {waiter} AND l.mode = 'RowExclusiveLock' AND c.relname IN ('holding', 'holding_snapshot')
            """).ToListAsync();
        written.Should().BeEmpty();
        await mergeTransaction.RollbackAsync();
        var run = await running;
        run.Status.Should().Be(RunStatus.Succeeded, run.Error);
    }
}
