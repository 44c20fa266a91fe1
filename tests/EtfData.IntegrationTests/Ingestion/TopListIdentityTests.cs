using EtfData.Api.Ingestion;
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
}
