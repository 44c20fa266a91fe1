using EtfData.Api.Ingestion;
using EtfData.Api.Ingestion.Holdings;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace EtfData.IntegrationTests.Storage;

/// <summary>Tests of one class run one after another, so each starts from empty tables.</summary>
public sealed class HoldingsSnapshotStoreTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const decimal Tolerance = 0.02m;
    private static readonly DateOnly Monday = new(2026, 11, 23);
    private static readonly DateOnly Tuesday = new(2026, 11, 24);
    private static readonly DateOnly Wednesday = new(2026, 11, 25);

    public async Task InitializeAsync()
    {
        await database.TruncateDataAsync();
        await using var db = database.NewDbContext();
        db.Etfs.AddRange(Samples.Etf("IVV"), Samples.Etf("SPY"));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_equal_list_is_not_stored_again_but_recorded_as_confirmed_and_a_changed_one_is_stored()
    {
        var first = await StoreAsync(Snapshot(Monday, Positions(0.07m, 0.93m)));
        // The same content written with other trailing zeros: equal.
        var again = await StoreAsync(Snapshot(Tuesday, Positions(0.0700m, 0.930000m)));
        var changed = await StoreAsync(Snapshot(Wednesday, Positions(0.071m, 0.929m)));

        first.Stored.Should().BeTrue();
        first.Written.Inserted.Should().Be(3); // the snapshot and its two positions
        again.Stored.Should().BeFalse();
        again.SnapshotId.Should().Be(first.SnapshotId);
        again.UnchangedSince.Should().Be(Monday);
        again.Written.Should().Be(new BulkWriteResult(0, 0, 3, 0));
        changed.Stored.Should().BeTrue();
        changed.SnapshotId.Should().NotBe(first.SnapshotId);

        await using var db = database.NewDbContext();
        var snapshots = await db.HoldingSnapshots.AsNoTracking().OrderBy(s => s.AsOf).ToListAsync();
        snapshots.Select(s => s.AsOf).Should().Equal(Monday, Wednesday);
        snapshots[0].ConfirmedAsOf.Should().Be(Tuesday);
        snapshots[0].CheckedAt.Should().NotBeNull();
        snapshots[0].IsLatest.Should().BeFalse();
        snapshots[1].IsLatest.Should().BeTrue();
        snapshots[1].ConfirmedAsOf.Should().Be(Wednesday);
        snapshots.Should().AllSatisfy(s => s.ContentHash.Should().MatchRegex("^[0-9a-f]{64}$"));
        snapshots[0].ContentHash.Should().NotBe(snapshots[1].ContentHash);
        (await db.Holdings.CountAsync()).Should().Be(4);
    }

    [Fact]
    public async Task A_list_of_another_source_or_fund_is_compared_only_with_its_own()
    {
        var ishares = await StoreAsync(Snapshot(Monday, Positions(0.07m, 0.93m)));
        var schwab = await StoreAsync(Snapshot(Monday, Positions(0.07m, 0.93m)) with { Source = HoldingSources.Schwab });
        var spy = await StoreAsync(Snapshot(Monday, Positions(0.07m, 0.93m)) with { Symbol = "SPY", Source = HoldingSources.Spdr });

        new[] { ishares, schwab, spy }.Should().AllSatisfy(o => o.Stored.Should().BeTrue());
        await using var db = database.NewDbContext();
        (await db.HoldingSnapshots.CountAsync(s => s.IsLatest)).Should().Be(3);
    }

    [Fact]
    public async Task A_same_day_list_with_other_content_replaces_the_snapshot_of_that_day()
    {
        var first = await StoreAsync(Snapshot(Monday, Positions(0.07m, 0.93m)));
        var corrected = await StoreAsync(Snapshot(Monday, [.. Positions(0.06m, 0.92m), Position(3, "MSFT", "Microsoft Corp", 0.02m)]));

        corrected.Stored.Should().BeTrue();
        corrected.SnapshotId.Should().Be(first.SnapshotId);
        await using var db = database.NewDbContext();
        var snapshot = await db.HoldingSnapshots.AsNoTracking().SingleAsync();
        snapshot.PositionCount.Should().Be(3);
        (await db.Holdings.Where(h => h.SnapshotId == snapshot.Id).OrderBy(h => h.Position).Select(h => h.Weight).ToListAsync())
            .Should().Equal(0.06m, 0.92m, 0.02m);
    }

    [Fact]
    public async Task A_day_republished_with_the_content_of_the_day_before_withdraws_that_days_snapshot()
    {
        var monday = await StoreAsync(Snapshot(Monday, Positions(0.07m, 0.93m)));
        await StoreAsync(Snapshot(Tuesday, Positions(0.08m, 0.92m)));
        var tuesdayAgain = await StoreAsync(Snapshot(Tuesday, Positions(0.07m, 0.93m)));

        tuesdayAgain.Stored.Should().BeFalse();
        tuesdayAgain.SnapshotId.Should().Be(monday.SnapshotId);
        tuesdayAgain.UnchangedSince.Should().Be(Monday);
        tuesdayAgain.Written.Deleted.Should().Be(1);
        await using var db = database.NewDbContext();
        var snapshot = await db.HoldingSnapshots.AsNoTracking().SingleAsync();
        (snapshot.AsOf, snapshot.ConfirmedAsOf, snapshot.IsLatest).Should().Be((Monday, Tuesday, true));
        (await db.Holdings.CountAsync()).Should().Be(2);
    }

    [Fact]
    public async Task The_weight_sum_counts_every_line_and_is_checked_against_the_tolerance_except_on_a_top_list()
    {
        // 0.60 + 0.385 + cash 0.02 + a futures line −0.01 = 0.995: |0.995 − 1| = 0.005 ≤ 0.02 → ok.
        var ok = await StoreAsync(Snapshot(Monday, [Position(1, "AAPL", "Apple Inc", 0.60m), Position(2, "MSFT", "Microsoft Corp", 0.385m),
            Position(3, "USD", "USD Cash", 0.02m), Position(4, "ESZ6", "S&P500 Emini Dec 26", -0.01m)]));
        // Percents stored as fractions by mistake would be far off; here 0.50 + 0.47 = 0.97: |0.97 − 1| = 0.03 > 0.02 → off.
        var off = await StoreAsync(Snapshot(Tuesday, Positions(0.50m, 0.47m)));
        // A top-ten list sums to what its ten weigh (0.07 + 0.06 = 0.13) and is not checked.
        var top = await StoreAsync(Snapshot(Monday, Positions(0.07m, 0.06m)) with { Source = HoldingSources.Yahoo, Coverage = HoldingCoverage.Top });

        (ok.WeightSum, ok.WeightCheck).Should().Be((0.995m, "ok"));
        (off.WeightSum, off.WeightCheck).Should().Be((0.97m, "off"));
        (top.WeightSum, top.WeightCheck).Should().Be((0.13m, (string?)null));
        await using var db = database.NewDbContext();
        var stored = await db.HoldingSnapshots.AsNoTracking().ToDictionaryAsync(s => s.Id);
        (stored[ok.SnapshotId].WeightSum, stored[ok.SnapshotId].WeightCheck).Should().Be((0.995m, "ok"));
        (stored[off.SnapshotId].WeightSum, stored[off.SnapshotId].WeightCheck).Should().Be((0.97m, "off"));
        (stored[top.SnapshotId].WeightSum, stored[top.SnapshotId].WeightCheck, stored[top.SnapshotId].Coverage)
            .Should().Be((0.13m, (string?)null, HoldingCoverage.Top));
    }

    [Fact]
    public async Task Every_stored_position_is_assigned_its_security()
    {
        var outcome = await StoreAsync(Snapshot(Monday, Positions(0.07m, 0.93m)));

        await using var db = database.NewDbContext();
        var holdings = await db.Holdings.AsNoTracking().Where(h => h.SnapshotId == outcome.SnapshotId).OrderBy(h => h.Position).ToListAsync();
        holdings.Should().AllSatisfy(h => h.SecurityId.Should().NotBeNull());
        var securities = await db.Securities.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
        securities.Select(s => (s.Ticker, s.Exchange, s.Sector, s.SectorSource)).Should().Equal(
            ("AAPL", "NASDAQ", "Information Technology", HoldingSources.IShares),
            ("BRK-B", "NEW YORK STOCK EXCHANGE INC.", "Financials", HoldingSources.IShares));
        holdings.Select(h => h.SecurityId).Should().Equal(securities.Select(s => (long?)s.Id));
    }

    [Fact]
    public async Task A_failed_item_leaves_nothing_of_the_snapshot()
    {
        await using var db = database.NewDbContext();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await HoldingsSnapshotStore.StoreAsync(new ItemWriteContext(db, new BulkWriter(db)), Snapshot(Monday, Positions(0.07m, 0.93m)), Tolerance, CancellationToken.None);
            await transaction.RollbackAsync();
        }

        (await db.HoldingSnapshots.CountAsync()).Should().Be(0);
        (await db.Securities.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Positions_are_written_once_with_their_security_new_snapshot_or_same_day_replacement()
    {
        var (first, firstRows) = await StoreCountingHoldingWritesAsync(Snapshot(Monday, Positions(0.07m, 0.93m)));
        // Same day, corrected: Apple and Berkshire change weight, Microsoft is added; each row is written once.
        var (corrected, correctedRows) = await StoreCountingHoldingWritesAsync(
            Snapshot(Monday, [.. Positions(0.06m, 0.92m), Position(3, "MSFT", "Microsoft Corp", 0.02m)]));
        var (again, againRows) = await StoreCountingHoldingWritesAsync(
            Snapshot(Monday, [.. Positions(0.06m, 0.92m), Position(3, "MSFT", "Microsoft Corp", 0.02m)]));

        // Each position written once; in the replacement only the upsert's updates of the two changed weights,
        // none to set a security after the rows are written.
        firstRows.Should().Be(new HoldingWrites(2, 0, 0));
        first.Written.Inserted.Should().Be(3);
        correctedRows.Should().Be(new HoldingWrites(1, 2, 0));
        corrected.Written.Should().Be(new BulkWriteResult(1, 3, 0, 0));
        corrected.SnapshotId.Should().Be(first.SnapshotId);
        again.Stored.Should().BeFalse();
        againRows.Should().Be(new HoldingWrites(0, 0, 0));
        await using var db = database.NewDbContext();
        var holdings = await db.Holdings.AsNoTracking().OrderBy(h => h.Position).ToListAsync();
        var securities = await db.Securities.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Ticker);
        holdings.Select(h => securities[h.SecurityId!.Value]).Should().Equal("AAPL", "BRK-B", "MSFT");
    }

    private async Task<SnapshotStoreOutcome> StoreAsync(SnapshotToStore snapshot)
    {
        await using var db = database.NewDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var outcome = await HoldingsSnapshotStore.StoreAsync(new ItemWriteContext(db, new BulkWriter(db)), snapshot, Tolerance, CancellationToken.None);
        await transaction.CommitAsync();
        return outcome;
    }

    private static SnapshotToStore Snapshot(DateOnly asOf, IReadOnlyList<Holding> positions) =>
        new("IVV", HoldingSources.IShares, asOf, HoldingCoverage.Full, positions, 1);

    private static Holding[] Positions(decimal appleWeight, decimal berkshireWeight) =>
    [
        Position(1, "AAPL", "APPLE INC", appleWeight) with { Sector = "Information Technology", Exchange = "NASDAQ", Country = "US" },
        Position(2, "BRK.B", "BERKSHIRE HATHAWAY INC CLASS B", berkshireWeight) with { Sector = "Financials", Exchange = "New York Stock Exchange Inc." },
    ];

    private static Holding Position(int position, string ticker, string name, decimal weight) => new()
    {
        SnapshotId = 0, Position = position, Ticker = ticker, Name = name, Weight = weight, AssetClass = "Equity",
    };

    /// <summary>Stores <paramref name="snapshot"/> and reads, before committing, what its transaction did to <c>holding</c>.</summary>
    private async Task<(SnapshotStoreOutcome Outcome, HoldingWrites Rows)> StoreCountingHoldingWritesAsync(SnapshotToStore snapshot)
    {
        await using var db = database.NewDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        // The backend's counters also hold earlier transactions' counts not yet flushed: take the difference.
        var before = await HoldingWritesAsync(db);
        var outcome = await HoldingsSnapshotStore.StoreAsync(new ItemWriteContext(db, new BulkWriter(db)), snapshot, Tolerance, CancellationToken.None);
        var rows = await HoldingWritesAsync(db) - before;
        await transaction.CommitAsync();
        return (outcome, rows);
    }

    private static Task<HoldingWrites> HoldingWritesAsync(EtfDataDbContext db) =>
        db.Database.SqlQuery<HoldingWrites>($"""
            SELECT n_tup_ins AS "Inserted", n_tup_upd AS "Updated", n_tup_del AS "Deleted"
              FROM pg_stat_xact_user_tables WHERE relname = 'holding'
            """).SingleAsync();

    private sealed record HoldingWrites(long Inserted, long Updated, long Deleted)
    {
        public static HoldingWrites operator -(HoldingWrites a, HoldingWrites b) =>
            new(a.Inserted - b.Inserted, a.Updated - b.Updated, a.Deleted - b.Deleted);
    }
}
