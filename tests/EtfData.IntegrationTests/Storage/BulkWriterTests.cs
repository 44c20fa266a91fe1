using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace EtfData.IntegrationTests.Storage;

/// <summary>Tests of one class run one after another, so each starts from empty tables.</summary>
public sealed class BulkWriterTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Monday = new(2025, 3, 3);

    public async Task InitializeAsync()
    {
        await database.TruncateDataAsync();
        await using var db = database.NewDbContext();
        db.Etfs.AddRange(Samples.Etf("SPY"), Samples.Etf("QQQ"));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task First_insert_counts_every_row_as_inserted_and_stores_the_values()
    {
        var bars = Week("SPY", 500m);

        var result = await Upsert(bars);

        result.Should().Be(new BulkWriteResult(Inserted: 5, Updated: 0, Unchanged: 0, Deleted: 0));
        await using var db = database.NewDbContext();
        (await db.DailyPrices.OrderBy(p => p.TradeDate).ToListAsync()).Should().Equal(bars);
    }

    [Fact]
    public async Task An_identical_rerun_reports_every_row_unchanged_and_rewrites_none()
    {
        var bars = Week("SPY", 500m);
        await Upsert(bars);
        var versionsBefore = await RowVersionsAsync();

        var result = await Upsert(bars);

        result.Should().Be(new BulkWriteResult(0, 0, 5, 0));
        // xmin is the transaction that last wrote a row version: unchanged means not rewritten.
        (await RowVersionsAsync()).Should().Equal(versionsBefore);
    }

    [Fact]
    public async Task A_partly_changed_rerun_updates_only_the_changed_rows()
    {
        var bars = Week("SPY", 500m);
        await Upsert(bars);
        var versionsBefore = await RowVersionsAsync();

        var corrected = bars.ToList();
        corrected[1] = corrected[1] with { Close = 501.25m };           // a value corrected upstream
        corrected[3] = corrected[3] with { Volume = null };             // a value withdrawn: value -> null is a change
        corrected.Add(Samples.Bar("SPY", Monday.AddDays(7), 510m));     // a new day

        var result = await Upsert(corrected);

        result.Should().Be(new BulkWriteResult(Inserted: 1, Updated: 2, Unchanged: 3, Deleted: 0));
        var versionsAfter = await RowVersionsAsync();
        foreach (var untouched in new[] { 0, 2, 4 })
        {
            versionsAfter[bars[untouched].TradeDate].Should().Be(versionsBefore[bars[untouched].TradeDate]);
        }

        versionsAfter[bars[1].TradeDate].Should().NotBe(versionsBefore[bars[1].TradeDate]);
        await using var db = database.NewDbContext();
        (await db.DailyPrices.SingleAsync(p => p.TradeDate == bars[1].TradeDate)).Close.Should().Be(501.25m);
        (await db.DailyPrices.SingleAsync(p => p.TradeDate == bars[3].TradeDate)).Volume.Should().BeNull();
    }

    [Fact]
    public async Task Writes_and_rereads_one_hundred_thousand_rows()
    {
        await using (var db = database.NewDbContext())
        {
            db.Etfs.AddRange(Enumerable.Range(0, 100).Select(i => Samples.Etf($"B{i:000}")));
            await db.SaveChangesAsync();
        }

        // 100 symbols x 1,000 days; close = 100 + symbol index + day index / 100, so the sum is known:
        // sum over i<100, d<1000 of (100 + i + d/100) = 100,000*100 + 1,000*4,950 + 100*(499,500/100) = 15,449,500.
        var rows = new List<DailyPrice>(100_000);
        for (var i = 0; i < 100; i++)
        {
            for (var d = 0; d < 1_000; d++)
            {
                rows.Add(Samples.Bar($"B{i:000}", Monday.AddDays(d), 100m + i + (d / 100m)));
            }
        }

        var first = await Upsert(rows);
        var second = await Upsert(rows);

        first.Should().Be(new BulkWriteResult(100_000, 0, 0, 0));
        second.Should().Be(new BulkWriteResult(0, 0, 100_000, 0));
        (await database.ScalarAsync<long>("SELECT count(*) FROM price_daily")).Should().Be(100_000);
        (await database.ScalarAsync<decimal>("SELECT sum(close) FROM price_daily")).Should().Be(15_449_500m);
    }

    [Fact]
    public async Task A_check_constraint_rejects_a_bad_batch_and_keeps_what_was_committed_before()
    {
        var good = Week("SPY", 500m);
        await Upsert(good);

        var next = new List<DailyPrice>
        {
            Samples.Bar("SPY", Monday.AddDays(7), 505m),
            Samples.Bar("QQQ", Monday, 420m),
            Samples.Bar("SPY", Monday.AddDays(8), 506m) with { Close = -1m },
        };
        var act = () => Upsert(next);

        (await act.Should().ThrowAsync<PostgresException>())
            .Which.Should().Match<PostgresException>(e => e.SqlState == PostgresErrorCodes.CheckViolation && e.ConstraintName == "price_daily_close_check");
        await using var db = database.NewDbContext();
        (await db.DailyPrices.OrderBy(p => p.TradeDate).ToListAsync()).Should().Equal(good, "the failed batch wrote nothing, not even its good rows");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(2, 0)]
    public async Task A_split_with_a_zero_side_is_rejected(int numerator, int denominator)
    {
        var act = () => Upsert([new Split("SPY", Monday, numerator, denominator)]);

        (await act.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.CheckViolation);
    }

    [Fact]
    public async Task A_weight_stored_as_a_percent_is_rejected()
    {
        long snapshotId;
        await using (var db = database.NewDbContext())
        {
            var snapshot = new HoldingSnapshot { Symbol = "SPY", AsOf = Monday, Source = "test" };
            db.HoldingSnapshots.Add(snapshot);
            await db.SaveChangesAsync();
            snapshotId = snapshot.Id;
        }

        var act = () => Upsert([new Holding { SnapshotId = snapshotId, Position = 1, Name = "Apple Inc", Weight = 7.1m }]);

        (await act.Should().ThrowAsync<PostgresException>()).Which.ConstraintName.Should().Be("holding_weight_check");
    }

    [Fact]
    public async Task A_replace_scope_deletes_events_the_upstream_withdrew_and_nothing_else()
    {
        await Upsert([
            new Dividend("SPY", new DateOnly(2024, 3, 15), 1.5857m),
            new Dividend("SPY", new DateOnly(2024, 6, 21), 1.7588m),
            new Dividend("SPY", new DateOnly(2024, 9, 20), 1.7465m),
            new Dividend("QQQ", new DateOnly(2024, 9, 23), 0.6765m),
        ]);

        var resync = new[]
        {
            new Dividend("SPY", new DateOnly(2024, 3, 15), 1.5857m),
            new Dividend("SPY", new DateOnly(2024, 9, 20), 1.7500m),
        };
        var result = await Upsert(resync, BulkReplaceScope.Where(nameof(Dividend.Symbol), "SPY"));

        result.Should().Be(new BulkWriteResult(Inserted: 0, Updated: 1, Unchanged: 1, Deleted: 1));
        await using var db = database.NewDbContext();
        (await db.Dividends.Where(d => d.Symbol == "SPY").OrderBy(d => d.ExDate).ToListAsync()).Should().Equal(resync);
        (await db.Dividends.CountAsync(d => d.Symbol == "QQQ")).Should().Be(1);
    }

    [Fact]
    public async Task An_empty_resync_with_a_scope_clears_that_scope()
    {
        await Upsert([new Dividend("SPY", new DateOnly(2024, 3, 15), 1.5857m), new Dividend("QQQ", new DateOnly(2024, 9, 23), 0.6765m)]);

        var result = await Upsert(Array.Empty<Dividend>(), BulkReplaceScope.Where(nameof(Dividend.Symbol), "SPY"));

        result.Should().Be(new BulkWriteResult(0, 0, 0, 1));
        (await database.ScalarAsync<long>("SELECT count(*) FROM dividend")).Should().Be(1);
    }

    [Fact]
    public async Task Two_rows_with_one_key_are_refused_with_a_clear_error()
    {
        var act = () => Upsert([Samples.Bar("SPY", Monday, 500m), Samples.Bar("SPY", Monday, 501m)]);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("price_daily").And.Contain("same key");
        (await database.ScalarAsync<long>("SELECT count(*) FROM price_daily")).Should().Be(0);
    }

    [Fact]
    public async Task Joins_an_open_transaction_and_rolls_back_with_it()
    {
        await using (var db = database.NewDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var writer = new BulkWriter(db);
            (await writer.UpsertAsync(Week("SPY", 500m), CancellationToken.None)).Inserted.Should().Be(5);
            (await writer.UpsertAsync([new Dividend("SPY", Monday, 1.5m)], CancellationToken.None)).Inserted.Should().Be(1);
            await transaction.RollbackAsync();
        }

        (await database.ScalarAsync<long>("SELECT count(*) FROM price_daily")).Should().Be(0);
        (await database.ScalarAsync<long>("SELECT count(*) FROM dividend")).Should().Be(0);
    }

    [Fact]
    public async Task Serves_tables_with_enum_and_nullable_columns()
    {
        var flows = new[]
        {
            new FundFlow { Symbol = "SPY", TradeDate = Monday.AddDays(1), Method = FlowMethod.Aum, NetFlowUsd = 100_000_000m, PreviousDate = Monday, AumUsd = 600_100_000_000m, PreviousAumUsd = 600_000_000_000m, NavPerShare = 600m, PreviousNavPerShare = 600m, Source = "yahoo" },
            new FundFlow { Symbol = "SPY", TradeDate = Monday.AddDays(1), Method = FlowMethod.Shares, NetFlowUsd = 100_000_000m, PreviousDate = Monday, SharesOutstanding = 1_001_000_000, PreviousSharesOutstanding = 1_000_000_000, NavPerShare = 100m, Source = "yahoo" },
        };

        (await Upsert(flows)).Inserted.Should().Be(2);
        (await Upsert(flows)).Unchanged.Should().Be(2);

        await using var db = database.NewDbContext();
        (await db.FundFlows.OrderBy(f => f.Method).ToListAsync()).Should().Equal(flows);
        (await database.ScalarAsync<string>("SELECT string_agg(method, ',' ORDER BY method) FROM fund_flow_daily")).Should().Be("aum,shares");
    }

    [Fact]
    public async Task A_call_of_a_few_rows_creates_no_temporary_table_and_an_identical_one_writes_nothing()
    {
        var bars = Week("SPY", 500m);
        await Upsert(bars);

        await using var db = database.NewDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var writer = new BulkWriter(db);

        // The counters also hold this backend's earlier transactions until they are flushed, which never
        // happens inside a transaction block: compare before and after.
        var (catalogRowsBefore, _) = await CatalogWritesAsync(db);

        // The nightly shape: a few rows, all identical to the stored ones.
        (await writer.UpsertAsync(bars, CancellationToken.None)).Should().Be(new BulkWriteResult(0, 0, 5, 0));
        var (catalogRows, wroteAnything) = await CatalogWritesAsync(db);
        (catalogRows - catalogRowsBefore).Should().Be(0, "no temporary table is created (nor dropped) for a small batch");
        wroteAnything.Should().BeFalse("an identical batch needs no transaction id: no tuple written or locked, no WAL");

        // One row changed and a replace scope: still no catalog rows.
        var changed = bars.ToList();
        changed[2] = changed[2] with { Close = 999m };
        (await writer.UpsertAsync(changed, BulkReplaceScope.Where(nameof(DailyPrice.Symbol), "SPY"), CancellationToken.None))
            .Should().Be(new BulkWriteResult(0, 1, 4, 0));
        (await CatalogWritesAsync(db)).CatalogRows.Should().Be(catalogRowsBefore);
        await transaction.RollbackAsync();
    }

    [Theory]
    [InlineData(0)]      // every batch through binary COPY and the staging table
    [InlineData(1_000)]  // every batch here as column arrays
    public async Task Array_and_copy_paths_give_the_same_rows_and_counts(int arrayBatchLimit)
    {
        var bars = Week("SPY", 500m);
        var flows = new[]
        {
            new FundFlow { Symbol = "SPY", TradeDate = Monday, Method = FlowMethod.Aum, NetFlowUsd = 1_000_000m, PreviousDate = Monday.AddDays(-3), AumUsd = 600_001_000_000m, PreviousAumUsd = 600_000_000_000m, NavPerShare = 600m, Source = "yahoo" },
            new FundFlow { Symbol = "SPY", TradeDate = Monday, Method = FlowMethod.Shares, NetFlowUsd = -5_000_000m, PreviousDate = Monday.AddDays(-3), SharesOutstanding = 999_000_000, PreviousSharesOutstanding = 1_000_000_000, Source = "yahoo" },
        };
        var dividends = new[] { new Dividend("SPY", Monday, 1.5m), new Dividend("SPY", Monday.AddDays(1), 1.6m), new Dividend("QQQ", Monday, 0.7m) };

        (await Upsert(bars, arrayBatchLimit: arrayBatchLimit)).Should().Be(new BulkWriteResult(5, 0, 0, 0));
        (await Upsert(flows, arrayBatchLimit: arrayBatchLimit)).Should().Be(new BulkWriteResult(2, 0, 0, 0));
        (await Upsert(dividends, arrayBatchLimit: arrayBatchLimit)).Should().Be(new BulkWriteResult(3, 0, 0, 0));

        var corrected = bars.ToList();
        corrected[0] = corrected[0] with { AdjClose = null };       // value -> null is a change
        corrected[4] = corrected[4] with { Close = 504.123456m };
        corrected.Add(Samples.Bar("SPY", Monday.AddDays(7), 510m));
        (await Upsert(corrected, arrayBatchLimit: arrayBatchLimit)).Should().Be(new BulkWriteResult(1, 2, 3, 0));
        (await Upsert(flows, arrayBatchLimit: arrayBatchLimit)).Should().Be(new BulkWriteResult(0, 0, 2, 0));
        (await Upsert([new Dividend("SPY", Monday, 1.55m)], BulkReplaceScope.Where(nameof(Dividend.Symbol), "SPY"), arrayBatchLimit))
            .Should().Be(new BulkWriteResult(0, 1, 0, 1));

        var duplicate = () => Upsert([Samples.Bar("QQQ", Monday, 400m), Samples.Bar("QQQ", Monday, 401m)], arrayBatchLimit: arrayBatchLimit);
        (await duplicate.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("same key");

        await using var db = database.NewDbContext();
        (await db.DailyPrices.OrderBy(p => p.TradeDate).ToListAsync()).Should().Equal(corrected);
        (await db.FundFlows.OrderBy(f => f.Method).ToListAsync()).Should().Equal(flows);
        (await db.Dividends.OrderBy(d => d.Symbol).ThenBy(d => d.ExDate).ToListAsync())
            .Should().Equal(new Dividend("QQQ", Monday, 0.7m), new Dividend("SPY", Monday, 1.55m));
    }

    [Fact]
    public async Task Copy_batches_inside_one_transaction_do_not_see_each_others_rows()
    {
        await using (var db = database.NewDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var writer = new BulkWriter(db) { ArrayBatchLimit = 0 };
            (await writer.UpsertAsync(Week("SPY", 500m), CancellationToken.None)).Should().Be(new BulkWriteResult(5, 0, 0, 0));
            // Same keys again in the same transaction: a staging table still holding the first batch would
            // see every key twice.
            (await writer.UpsertAsync(Week("SPY", 600m), BulkReplaceScope.Where(nameof(DailyPrice.Symbol), "SPY"), CancellationToken.None))
                .Should().Be(new BulkWriteResult(0, 5, 0, 0));
            (await writer.UpsertAsync([Samples.Bar("SPY", Monday, 700m)], BulkReplaceScope.Where(nameof(DailyPrice.Symbol), "SPY"), CancellationToken.None))
                .Should().Be(new BulkWriteResult(0, 1, 0, 4));
            await transaction.CommitAsync();
        }

        await using var check = database.NewDbContext();
        (await check.DailyPrices.ToListAsync()).Should().Equal(Samples.Bar("SPY", Monday, 700m));
    }

    /// <summary>
    /// Rows this transaction inserted into or deleted from pg_class (a temporary table costs one each way),
    /// and whether it has a transaction id at all (one is assigned by the first write or row lock).
    /// </summary>
    private static async Task<(long CatalogRows, bool WroteAnything)> CatalogWritesAsync(EtfDataDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = ((NpgsqlConnection)db.Database.GetDbConnection()).CreateCommand();
            command.CommandText =
                "SELECT (SELECT n_tup_ins + n_tup_del FROM pg_stat_xact_all_tables WHERE relid = 'pg_class'::regclass), " +
                "txid_current_if_assigned() IS NOT NULL";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetInt64(0), reader.GetBoolean(1));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<BulkWriteResult> Upsert<T>(IReadOnlyCollection<T> rows, BulkReplaceScope? scope = null, int arrayBatchLimit = BulkWriter.DefaultArrayBatchLimit)
        where T : class
    {
        await using var db = database.NewDbContext();
        return await new BulkWriter(db) { ArrayBatchLimit = arrayBatchLimit }.UpsertAsync(rows, scope, CancellationToken.None);
    }

    private static List<DailyPrice> Week(string symbol, decimal firstClose) =>
        [.. Enumerable.Range(0, 5).Select(d => Samples.Bar(symbol, Monday.AddDays(d), firstClose + d))];

    private async Task<Dictionary<DateOnly, string>> RowVersionsAsync()
    {
        var versions = new Dictionary<DateOnly, string>();
        await using var command = database.DataSource.CreateCommand("SELECT trade_date, xmin::text FROM price_daily WHERE symbol = 'SPY'");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions[reader.GetFieldValue<DateOnly>(0)] = reader.GetString(1);
        }

        return versions;
    }
}
