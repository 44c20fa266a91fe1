using EtfData.Api.Storage.Migrations;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Storage;

/// <summary>
/// Migration 0009 on a database that already holds holdings: the two indexes no read uses (ticker, CUSIP; see
/// bench/parts/holdings.sh) are gone, the ones reads use stay and still answer, and no row is lost.
/// </summary>
public sealed class HoldingIndexesMigrationTests
{
    [Fact]
    public async Task Migration_0009_drops_the_unread_holding_indexes_on_a_database_with_holdings()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await database.NewMigrator().MigrateAsync([.. Migrator.Embedded.Where(s => s.Version < 9)], CancellationToken.None);
        // Positions naming a ticker and a CUSIP, so the old partial indexes have entries to lose.
        await database.ExecuteAsync("""
            INSERT INTO etf (symbol, name) VALUES ('SPY', 'SPDR S&P 500 ETF Trust');
            INSERT INTO security (ticker, cusip, name, name_key) VALUES ('AAPL', '037833100', 'Apple Inc', 'APPLE INC');
            INSERT INTO holding_snapshot (symbol, as_of, source, position_count) VALUES ('SPY', DATE '2026-09-30', 'spdr', 2);
            INSERT INTO holding (snapshot_id, position, ticker, cusip, name, security_id, weight)
                 SELECT id, 1, 'AAPL', '037833100', 'Apple Inc', 1, 0.07 FROM holding_snapshot
                 UNION ALL
                 SELECT id, 2, NULL, NULL, 'US Dollar', NULL, 0.93 FROM holding_snapshot;
            """);
        (await IndexesOfHolding(database)).Should().Contain(["holding_ticker_idx", "holding_cusip_idx"]);

        var report = await database.NewMigrator().MigrateAsync(CancellationToken.None);

        report.Applied.Select(s => s.FileName).Should().Contain("0009_holding_indexes_reads_use.sql");
        var indexes = await IndexesOfHolding(database);
        indexes.Should().NotContain(["holding_ticker_idx", "holding_cusip_idx"]);
        indexes.Should().Contain(["holding_pkey", "holding_security_idx"]);
        (await database.ScalarAsync<long>("SELECT count(*) FROM holding")).Should().Be(2);
        // The reverse look-up's index still answers for the security: Apple's one line, 7 %.
        (await database.ScalarAsync<decimal>("SELECT sum(weight) FROM holding WHERE security_id = 1")).Should().Be(0.07m);
    }

    private static async Task<string[]> IndexesOfHolding(TestDatabase database) =>
        (await database.ScalarAsync<string>(
            "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'holding'"))!
        .Split(',');
}
