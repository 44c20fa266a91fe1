using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Api.Endpoints;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Endpoints;

/// <summary>
/// The reverse look-up reads the index holding (security_id, snapshot_id), never the holding table: checked on
/// the query the endpoint runs, over 100,000 positions in 200 snapshots of 20 ETFs, after ANALYZE.
/// </summary>
public sealed class SecurityHoldersQueryPlanTests(ApiHost host) : IClassFixture<ApiHost>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await host.Database.TruncateDataAsync();
        await host.Database.ExecuteAsync("TRUNCATE security RESTART IDENTITY CASCADE");
        await using (var db = host.NewDbContext())
        {
            db.Etfs.AddRange(Enumerable.Range(1, 20).Select(i => Samples.Etf($"E{i:00}")));
            await db.SaveChangesAsync();
        }

        // 2,000 securities; per ETF ten daily iShares snapshots (the last one latest) of 500 positions each.
        await host.Database.ExecuteAsync("""
            INSERT INTO security (ticker, name, name_key) SELECT 'T' || g, 'Stock ' || g, 'STOCK ' || g FROM generate_series(1, 2000) g;
            INSERT INTO holding_snapshot (symbol, as_of, source, position_count, coverage)
                 SELECT e.symbol, DATE '2025-06-01' + d, 'ishares', 500, 'full' FROM etf e, generate_series(1, 10) d ORDER BY d, e.symbol;
            INSERT INTO holding (snapshot_id, position, name, security_id, weight, shares, market_value_usd)
                 SELECT s.id, p, 'Stock', ((p + s.id * 37) % 2000) + 1, 0.002, 100, 1000 FROM holding_snapshot s, generate_series(1, 500) p;
            ANALYZE security; ANALYZE holding_snapshot; ANALYZE holding;
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_reverse_look_up_reads_the_security_index_not_the_holding_table()
    {
        (await host.Database.ScalarAsync<long>("SELECT count(*) FROM holding")).Should().Be(100_000);
        // A security that latest snapshots hold (securities were numbered 1… as inserted, T1 being 1).
        var id = await host.Database.ScalarAsync<long>(
            "SELECT h.security_id FROM holding h JOIN holding_snapshot s ON s.id = h.snapshot_id WHERE s.is_latest ORDER BY s.id, h.position LIMIT 1");
        var sql = SecurityHoldersApi.HoldersSql.Replace("@ids", $"ARRAY[{id}]::bigint[]", StringComparison.Ordinal);

        var plan = await host.Database.ScalarAsync<string>("EXPLAIN (FORMAT JSON) " + sql);

        plan.Should().Contain("holding_security_idx");
        plan.Should().NotMatchRegex(SeqScanOfHolding);
        // It probes the index with both keys, per latest snapshot, instead of reading the security's whole history
        // (ten snapshots per ETF here) and dropping the old ones after the join.
        plan.Should().MatchRegex(ProbeWithBothKeys);

        // And the endpoint running it answers: one row per ETF whose latest snapshot holds it.
        var body = await host.Client.GetFromJsonAsync<JsonElement>($"/api/holdings/T{id}/etfs");
        var expected = await host.Database.ScalarAsync<long>(
            $"SELECT count(DISTINCT s.symbol) FROM holding h JOIN holding_snapshot s ON s.id = h.snapshot_id WHERE s.is_latest AND h.security_id = {id}");
        expected.Should().BeGreaterThan(0);
        body.GetProperty("etfs").GetArrayLength().Should().Be((int)expected);
    }

    [Fact]
    public async Task The_check_recognises_a_sequential_scan_of_holding()
    {
        // Negative control: a look-up by a column without an index is a scan, and the pattern sees it.
        var plan = await host.Database.ScalarAsync<string>("EXPLAIN (FORMAT JSON) SELECT * FROM holding WHERE shares = 7");

        plan.Should().MatchRegex(SeqScanOfHolding);
    }

    [Fact]
    public async Task A_ticker_naming_two_securities_gives_a_row_per_security_not_their_sum()
    {
        // Ticker T1 reused: security 1 (T1) and a second security with ticker T1 on another exchange, both in E01's
        // latest snapshot (600 and 700 shares). Two rows for E01 (600 and 700), never one of 1,300.
        var latest = await host.Database.ScalarAsync<long>("SELECT id FROM holding_snapshot WHERE symbol = 'E01' AND is_latest");
        await host.Database.ExecuteAsync($"""
            INSERT INTO security (id, ticker, name, name_key, exchange) OVERRIDING SYSTEM VALUE VALUES (5001, 'T1', 'Other T1', 'OTHER T1', 'XLON');
            DELETE FROM holding WHERE snapshot_id = {latest} AND security_id = 1;
            UPDATE holding SET security_id = 1, shares = 600, weight = 0.004 WHERE snapshot_id = {latest} AND position = 1;
            UPDATE holding SET security_id = 5001, shares = 700, weight = 0.003 WHERE snapshot_id = {latest} AND position = 2;
            """);

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/holdings/T1/etfs?limit=1000");

        body.GetProperty("securities").GetArrayLength().Should().Be(2);
        var e01 = body.GetProperty("etfs").EnumerateArray().Where(e => e.GetProperty("symbol").GetString() == "E01")
            .Select(e => (e.GetProperty("securityId").GetInt64(), e.GetProperty("shares").GetDecimal())).ToList();
        e01.Should().BeEquivalentTo(new[] { (1L, 600m), (5001L, 700m) });
    }

    private const string ProbeWithBothKeys =
        "\"Index Name\": \"holding_security_idx\"[^}]*\"Index Cond\": \"\\(\\(security_id = ANY[^\"]*AND \\(snapshot_id = s\\.id\\)\\)\"";

    private const string SeqScanOfHolding = "\"Seq Scan\"[^}]*\"Relation Name\": \"holding\"";
}
