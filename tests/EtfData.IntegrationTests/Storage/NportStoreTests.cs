using EtfData.Api.Ingestion;
using EtfData.Api.Ingestion.Sec;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static EtfData.IntegrationTests.Infrastructure.NportSamples;

namespace EtfData.IntegrationTests.Storage;

/// <summary>Tests of one class run one after another, so each starts from empty tables.</summary>
public sealed class NportStoreTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Filed = new(2025, 5, 28);

    public async Task InitializeAsync()
    {
        await database.TruncateDataAsync();
        await SeedUniverseAsync(database);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_irrelevant_filing_is_remembered_by_its_identity_and_never_downgrades_a_stored_one()
    {
        await StoreAsync(database, "0001752724-25-100001", IsharesCik, Filed, Report(IvvSeries, [IvvClass], 500_000_000m));

        var remembered = await RememberAsync("0001752724-25-100077", "S000099999");
        var again = await RememberAsync("0001752724-25-100077", "S000099999");
        var stored = await RememberAsync("0001752724-25-100001", IvvSeries);

        remembered.Should().Be(new BulkWriteResult(1, 0, 0, 0));
        again.Should().Be(new BulkWriteResult(0, 0, 1, 0));
        stored.Should().Be(new BulkWriteResult(0, 0, 1, 0));
        await using var db = database.NewDbContext();
        var irrelevant = await db.NportFilings.SingleAsync(f => f.Accession == "0001752724-25-100077");
        irrelevant.IsRelevant.Should().BeFalse();
        irrelevant.SeriesId.Should().Be("S000099999");
        irrelevant.ReportPeriod.Should().Be(new DateOnly(2025, 3, 31));
        (await db.NportFilings.SingleAsync(f => f.Accession == "0001752724-25-100001")).IsRelevant.Should().BeTrue();
        // Known: both, relevant or not; an unknown accession is not.
        var known = await NportStore.KnownAccessionsAsync(db, ["0001752724-25-100001", "0001752724-25-100077", "0001752724-25-100099"], null, CancellationToken.None);
        known.Should().BeEquivalentTo(["0001752724-25-100001", "0001752724-25-100077"]);
        // A fixed parser (version 2) re-processes the relevant filing parsed by version 1, not the irrelevant one.
        var stale = await NportStore.KnownAccessionsAsync(db, ["0001752724-25-100001", "0001752724-25-100077"], 2, CancellationToken.None);
        stale.Should().BeEquivalentTo(["0001752724-25-100077"]);
        (await NportStore.LatestReportDateAsync(db, NportSamples.Universe.Single(e => e.Symbol == "IVV"), CancellationToken.None)).Should().Be(new DateOnly(2025, 3, 31));
        (await NportStore.LatestReportDateAsync(db, NportSamples.Universe.Single(e => e.Symbol == "VOO"), CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_filing_with_net_assets_and_no_holdings_is_refused_and_writes_nothing()
    {
        var act = () => StoreAsync(database, "0001752724-25-100001", IsharesCik, Filed, Report(IvvSeries, [IvvClass], 500_000_000m), holdings: []);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*no holdings*");
        await using var db = database.NewDbContext();
        (await db.NportFilings.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Identifiers_come_from_the_fund_class_map_and_for_a_trust_without_series_from_the_company_map()
    {
        await database.TruncateDataAsync();
        await using (var seed = database.NewDbContext())
        {
            seed.Etfs.AddRange(Samples.Etf("VOO"), Samples.Etf("SPY"), Samples.Etf("ZZZQ"));
            await seed.SaveChangesAsync();
        }

        SecTickerEntry[] classes =
        [
            new("VFINX", VanguardCik, VooSeries, "C000007773"),
            new("VFIAX", VanguardCik, VooSeries, "C000007774"),
            new("VOO", VanguardCik, VooSeries, VooClass),
            new("VFFSX", VanguardCik, VooSeries, "C000170274"),
            new("IVV", IsharesCik, IvvSeries, IvvClass),
        ];
        SecTickerEntry[] companies =
        [
            new("SPY", SpyCik, null, null, "SPDR S&P 500 ETF TRUST"),
            // Listed in both maps: the class map, which knows the series, wins.
            new("VOO", VanguardCik, null, null, "VANGUARD INDEX FUNDS"),
        ];

        SecIdentifierCounts first, second;
        await using (var db = database.NewDbContext())
        {
            first = await SecIdentifiers.ApplyAsync(db, classes, companies, CancellationToken.None);
        }

        await using (var db = database.NewDbContext())
        {
            second = await SecIdentifiers.ApplyAsync(db, classes, companies, CancellationToken.None);
        }

        first.Should().Be(new SecIdentifierCounts(Matched: 2, Changed: 2, Unmatched: 1));
        second.Should().Be(new SecIdentifierCounts(Matched: 2, Changed: 0, Unmatched: 1));
        await using var read = database.NewDbContext();
        var voo = await read.Etfs.SingleAsync(e => e.Symbol == "VOO");
        (voo.SecCik, voo.SecSeriesId, voo.SecClassId, voo.SecSeriesClassCount).Should().Be((VanguardCik, VooSeries, VooClass, 4));
        var spy = await read.Etfs.SingleAsync(e => e.Symbol == "SPY");
        (spy.SecCik, spy.SecSeriesId, spy.SecClassId, spy.SecSeriesClassCount).Should().Be((SpyCik, (string?)null, (string?)null, (int?)null));
        var unknown = await read.Etfs.SingleAsync(e => e.Symbol == "ZZZQ");
        unknown.SecCik.Should().BeNull();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_original_and_its_amendment_stored_by_two_transactions_at_once_end_with_the_amendment_served(bool amendmentFirst)
    {
        // IVV's 2025-03-31 report: the original NPORT-P (2025q2 data set) and its NPORT-P/A (2025q3 data set), loaded at once.
        var original = ("0001752724-25-100001", Filed, Report(IvvSeries, [IvvClass], 500_000_000m), Holdings());
        var amendment = ("0001752724-25-200002", new DateOnly(2025, 8, 14), Report(IvvSeries, [IvvClass], 510_000_000m, "NPORT-P/A"), Holdings(9.5m));
        var (first, second) = amendmentFirst ? (amendment, original) : (original, amendment);

        await using var db1 = database.NewDbContext();
        await using var db2 = database.NewDbContext();
        await using var tx1 = await db1.Database.BeginTransactionAsync();
        await using var tx2 = await db2.Database.BeginTransactionAsync();
        await NportStore.StoreAsync(new ItemWriteContext(db1, new BulkWriter(db1)), first.Item1, IsharesCik, first.Item2, first.Item3, first.Item4, 1, CancellationToken.None);
        var secondStore = Task.Run(() => NportStore.StoreAsync(
            new ItemWriteContext(db2, new BulkWriter(db2)), second.Item1, IsharesCik, second.Item2, second.Item3, second.Item4, 1, CancellationToken.None));
        // The second writer must have reached the period's rows while the first is still open (or be done with them).
        await Eventually.UntilAsync(
            async () => secondStore.IsCompleted || await database.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0,
            "the second transaction waits for the first");
        await tx1.CommitAsync();
        await secondStore;
        await tx2.CommitAsync();

        await using var db = database.NewDbContext();
        var filings = await db.NportFilings.AsNoTracking().OrderBy(f => f.Accession).ToListAsync();
        filings.Select(f => (f.Accession, f.SupersededBy)).Should().Equal(
            ("0001752724-25-100001", "0001752724-25-200002"), ("0001752724-25-200002", (string?)null));
        var snapshot = await db.HoldingSnapshots.AsNoTracking().SingleAsync(s => s.Symbol == "IVV");
        snapshot.NportAccession.Should().Be("0001752724-25-200002");
        // The amendment's Apple weight: 9.5 % = 0.095.
        (await db.Holdings.AsNoTracking().Where(h => h.SnapshotId == snapshot.Id).OrderBy(h => h.Position).Select(h => h.Weight).FirstAsync())
            .Should().Be(0.095m);
        (await db.FundMetrics.AsNoTracking().Where(m => m.Symbol == "IVV").Select(m => m.TotalAssetsUsd).SingleAsync()).Should().Be(510_000_000m);
    }

    [Fact]
    public async Task When_the_ticker_map_gives_a_single_class_series_more_classes_its_aum_observations_go_and_come_back_when_single_again()
    {
        // IVV is stored as the only class of its series: its net assets are its own AUM.
        await StoreAsync(database, "0001752724-25-100001", IsharesCik, Filed, Report(IvvSeries, [IvvClass], 500_000_000m));
        await using (var db = database.NewDbContext())
        {
            (await db.FundMetrics.AsNoTracking().Where(m => m.Symbol == "IVV").Select(m => m.TotalAssetsUsd).SingleAsync()).Should().Be(500_000_000m);
        }

        SecTickerEntry[] single = [new("IVV", IsharesCik, IvvSeries, IvvClass), new("IJH", IsharesCik, IjhSeries, "C000012041")];
        SecTickerEntry[] twoClasses = [.. single, new("IVVX", IsharesCik, IvvSeries, "C000099998")];

        var split = await ApplyAsync(twoClasses);

        split.Should().Be(new SecIdentifierCounts(Matched: 2, Changed: 1, Unmatched: 2, ObservationsRemoved: 1, ObservationsAdded: 0));
        await using (var db = database.NewDbContext())
        {
            (await db.FundMetrics.AsNoTracking().CountAsync(m => m.Symbol == "IVV")).Should().Be(0);
            var filing = await db.NportFilings.AsNoTracking().SingleAsync();
            (filing.FiguresScope, filing.ClassCount).Should().Be((NportSource.SeriesScope, 2));
        }

        var merged = await ApplyAsync(single);

        merged.Should().Be(new SecIdentifierCounts(Matched: 2, Changed: 1, Unmatched: 2, ObservationsRemoved: 0, ObservationsAdded: 1));
        await using (var db = database.NewDbContext())
        {
            (await db.FundMetrics.AsNoTracking().Where(m => m.Symbol == "IVV").Select(m => new { m.AsOf, m.TotalAssetsUsd }).SingleAsync())
                .Should().Be(new { AsOf = new DateOnly(2025, 3, 31), TotalAssetsUsd = (decimal?)500_000_000m });
            var filing = await db.NportFilings.AsNoTracking().SingleAsync();
            (filing.FiguresScope, filing.ClassCount).Should().Be((NportSource.FundScope, 1));
        }

        // IVV moved to another series (a reorganisation): the old series' figures are no longer its own.
        var moved = await ApplyAsync([new("IVV", IsharesCik, "S000099999", "C000099999"), single[1]]);

        moved.Should().Be(new SecIdentifierCounts(Matched: 2, Changed: 1, Unmatched: 2, ObservationsRemoved: 1, ObservationsAdded: 0));
        await using (var db = database.NewDbContext())
        {
            (await db.FundMetrics.AsNoTracking().CountAsync(m => m.Symbol == "IVV")).Should().Be(0);
        }
    }

    [Fact]
    public async Task A_new_filings_positions_are_written_once_with_their_security_and_an_identical_restore_writes_nothing()
    {
        var (first, firstRows) = await StoreCountingHoldingWritesAsync();
        var (again, againRows) = await StoreCountingHoldingWritesAsync();

        // The three positions are inserted once; none is updated after to set its security.
        firstRows.Should().Be(new HoldingWrites(3, 0, 0));
        again.Changed.Should().Be(0);
        againRows.Should().Be(new HoldingWrites(0, 0, 0));
        await using var db = database.NewDbContext();
        var holdings = await db.Holdings.AsNoTracking().OrderBy(h => h.Position).ToListAsync();
        holdings.Should().HaveCount(3).And.AllSatisfy(h => h.SecurityId.Should().NotBeNull());
        var apple = await db.Securities.AsNoTracking().SingleAsync(s => s.Cusip == "037833100");
        (apple.Isin, apple.Ticker).Should().Be(("US0378331005", "AAPL"));
        holdings[0].SecurityId.Should().Be(apple.Id);
    }

    private async Task<SecIdentifierCounts> ApplyAsync(IReadOnlyList<SecTickerEntry> fundClasses)
    {
        await using var db = database.NewDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var counts = await SecIdentifiers.ApplyAsync(db, fundClasses, [], CancellationToken.None);
        await transaction.CommitAsync();
        return counts;
    }

    private async Task<BulkWriteResult> RememberAsync(string accession, string seriesId)
    {
        await using var db = database.NewDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var result = await NportStore.RememberIrrelevantAsync(
            new ItemWriteContext(db, new BulkWriter(db)), accession, IsharesCik, seriesId, new DateOnly(2025, 3, 31), Filed, 1, CancellationToken.None);
        await transaction.CommitAsync();
        return result;
    }

    /// <summary>Stores the sample filing of IVV and reads, before committing, what its transaction did to <c>holding</c>.</summary>
    private async Task<(BulkWriteResult Result, HoldingWrites Rows)> StoreCountingHoldingWritesAsync()
    {
        await using var db = database.NewDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        // The backend's counters also hold earlier transactions' counts not yet flushed: take the difference.
        var before = await HoldingWritesAsync(db);
        var result = await NportStore.StoreAsync(
            new ItemWriteContext(db, new BulkWriter(db)), "0001752724-25-100001", IsharesCik, Filed, Report(IvvSeries, [IvvClass], 500_000_000m),
            Holdings(), 1, CancellationToken.None);
        var rows = await HoldingWritesAsync(db) - before;
        await transaction.CommitAsync();
        return (result, rows);
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
