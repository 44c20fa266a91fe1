using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream.Control;
using EtfData.FakeUpstream.Faults;
using EtfData.FakeUpstream.Issuers;
using EtfData.FakeUpstream.Securities;
using EtfData.FakeUpstream.Yahoo;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>
/// The issuer, Schwab and etfdb jobs end to end: the real host over the fake upstream's generated files and pages,
/// a real database.
/// </summary>
public sealed class HoldingsSourcesIngestionTests(IngestionHost host) : IClassFixture<IngestionHost>
{
    private static readonly DateOnly Friday = DateOnly.FromDateTime(IngestionHost.FridayAfterClose.UtcDateTime);

    private FakeFund Fund(string symbol) => host.Dataset.Find(symbol)!;

    private async Task ResetAsync(params string[] symbols)
    {
        host.Fake.Drift.Clear();
        await host.ResetAsync([.. symbols.Select(Fund)]);
    }

    private async Task<List<IngestionItem>> ItemsAsync(IngestionRun run)
    {
        await using var db = host.Database.NewDbContext();
        return await db.IngestionItems.AsNoTracking().Where(i => i.RunId == run.Id).OrderBy(i => i.Item).ToListAsync();
    }

    [Fact]
    public async Task Issuer_files_store_full_snapshots_and_the_iShares_header_shares_as_a_dated_observation()
    {
        await ResetAsync("IVV", "SPY", "QQQ", "VOO");

        var run = await host.RunAsync(JobNames.HoldingsIssuer);

        run.Status.Should().Be(RunStatus.Succeeded, "items: {0}", string.Join("; ", (await ItemsAsync(run)).Select(i => $"{i.Item} {i.Status} {i.Error}")));
        // VOO (Vanguard) has no issuer file EtfData reads: not an item of this job.
        (await ItemsAsync(run)).Select(i => i.Item).Should().Equal("IVV", "QQQ", "SPY");
        await using var db = host.Database.NewDbContext();
        var snapshots = await db.HoldingSnapshots.AsNoTracking().OrderBy(s => s.Symbol).ToListAsync();
        snapshots.Select(s => (s.Symbol, s.Source, s.AsOf, s.Coverage)).Should().Equal(
            ("IVV", HoldingSources.IShares, Friday, HoldingCoverage.Full),
            ("QQQ", HoldingSources.Invesco, Friday, HoldingCoverage.Full),
            ("SPY", HoldingSources.Spdr, Friday, HoldingCoverage.Full));
        // iShares lists every line of the generated portfolio, cash and futures included.
        snapshots[0].PositionCount.Should().Be(FundPortfolio.Lines(FundDay.On(host.Dataset, Fund("IVV"), Friday)!).Count);
        snapshots.Should().OnlyContain(s => s.PositionCount > 50 && s.WeightCheck == "ok");

        // iShares states shares outstanding: the Yahoo dataset's of that day, rounded to whole shares.
        var ivvBar = host.Dataset.History(Fund("IVV"), Friday).Bars.Single(b => b.Date == Friday);
        var metric = await db.FundMetrics.AsNoTracking().SingleAsync(m => m.Symbol == "IVV" && m.Source == HoldingSources.IShares);
        metric.AsOf.Should().Be(Friday);
        metric.SharesOutstanding.Should().Be((long)Math.Round(ivvBar.SharesOutstanding));
        // SPDR's and Invesco's files state no shares outstanding: no observation is made up for them.
        (await db.FundMetrics.CountAsync(m => m.Source == HoldingSources.Spdr || m.Source == HoldingSources.Invesco)).Should().Be(0);
    }

    [Fact]
    public async Task An_unchanged_second_run_stores_no_new_snapshot_and_says_since_when()
    {
        await ResetAsync("IVV", "SPY");
        (await host.RunAsync(JobNames.HoldingsIssuer)).Status.Should().Be(RunStatus.Succeeded);

        var second = await host.RunAsync(JobNames.HoldingsIssuer);

        second.Status.Should().Be(RunStatus.Succeeded);
        var items = await ItemsAsync(second);
        items.Should().OnlyContain(i => i.RowsInserted == 0 && i.RowsUpdated == 0);
        items.Should().OnlyContain(i => i.Note!.Contains("unchanged since 2025-03-07", StringComparison.Ordinal));
        await using var db = host.Database.NewDbContext();
        (await db.HoldingSnapshots.CountAsync()).Should().Be(2);
    }

    [Fact]
    public async Task A_drifted_file_fails_only_its_own_item_naming_what_is_missing_and_writes_nothing_of_it()
    {
        await ResetAsync("IVV", "SPY", "QQQ");
        host.Fake.Drift.Drift(LayoutDrift.IShares, "IVV");

        var run = await host.RunAsync(JobNames.HoldingsIssuer);

        run.Status.Should().Be(RunStatus.Partial);
        var items = await ItemsAsync(run);
        var ivv = items.Single(i => i.Item == "IVV");
        ivv.Status.Should().Be(ItemStatus.Failed);
        ivv.Error.Should().Contain("payload invalid").And.Contain("Weight (%)");
        items.Where(i => i.Item != "IVV").Should().OnlyContain(i => i.Status == ItemStatus.Succeeded);
        await using var db = host.Database.NewDbContext();
        (await db.HoldingSnapshots.CountAsync(s => s.Symbol == "IVV")).Should().Be(0);
        (await db.FundMetrics.CountAsync(m => m.Symbol == "IVV")).Should().Be(0);
        (await db.HoldingSnapshots.Select(s => s.Symbol).OrderBy(s => s).ToListAsync()).Should().Equal("QQQ", "SPY");
    }

    [Fact]
    public async Task Throttling_and_server_errors_on_an_issuer_file_are_retried_and_then_fail_the_item_without_partial_writes()
    {
        await ResetAsync("IVV", "SPY");
        // One 429 and one 503 for IVV, then the file: retried to success. SPY's file answers 503 every time.
        host.Fake.Faults.On(IssuerFake.ISharesPath("IVV"), Fault.TooManyRequests(TimeSpan.Zero));
        host.Fake.Faults.On(IssuerFake.ISharesPath("IVV"), Fault.ServerError(503));
        host.Fake.Faults.On(IssuerFake.SpdrPathPrefix + "spy.xlsx", Fault.ServerError(503), times: null);

        var run = await host.RunAsync(JobNames.HoldingsIssuer);

        run.Status.Should().Be(RunStatus.Partial);
        var items = await ItemsAsync(run);
        items.Single(i => i.Item == "IVV").Status.Should().Be(ItemStatus.Succeeded);
        var spy = items.Single(i => i.Item == "SPY");
        spy.Status.Should().Be(ItemStatus.Failed);
        spy.Error.Should().Contain("upstream unavailable").And.Contain("503");
        // The first attempt and the two retries of Sources:Spdr:MaxRetryAttempts.
        host.Fake.Requests.To(IssuerFake.SpdrPathPrefix + "spy.xlsx").Should().HaveCount(3);
        await using var db = host.Database.NewDbContext();
        (await db.HoldingSnapshots.Select(s => s.Symbol).ToListAsync()).Should().Equal("IVV");
    }

    [Fact]
    public async Task A_security_held_by_SPY_and_IVV_has_one_identity_across_their_issuer_files()
    {
        await ResetAsync("IVV", "SPY");

        (await host.RunAsync(JobNames.HoldingsIssuer)).Status.Should().Be(RunStatus.Succeeded);

        await using var db = host.Database.NewDbContext();
        var held = await (from h in db.Holdings
                          join s in db.HoldingSnapshots on h.SnapshotId equals s.Id
                          where h.Ticker == "AAPL"
                          select new { s.Symbol, h.SecurityId }).ToListAsync();
        held.Select(h => h.Symbol).Should().BeEquivalentTo(["IVV", "SPY"]);
        held.Select(h => h.SecurityId).Distinct().Should().ContainSingle().Which.Should().NotBeNull();
    }
}
