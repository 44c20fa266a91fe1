using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Endpoints;

/// <summary>
/// The per-symbol queries of the read API use the primary keys: no sequential scan of price_daily
/// (or the other per-symbol tables) to answer for one ETF. Plans are taken on the loaded database
/// after ANALYZE, so the planner sees real statistics.
/// </summary>
[Collection(ApiDataGroup.Name)]
public sealed class QueryPlanTests(ApiDataHost host)
{
    public static TheoryData<string> PerSymbolQueries => new()
    {
        // /api/etfs/{symbol}/prices (a year of bars)
        "SELECT * FROM price_daily WHERE symbol = 'SPY' AND trade_date >= DATE '2024-03-07' AND trade_date <= DATE '2025-03-07' ORDER BY trade_date",
        // latest bar (detail, asOf of every per-symbol endpoint)
        "SELECT max(trade_date) FROM price_daily WHERE symbol = 'SPY'",
        "SELECT * FROM price_daily WHERE symbol = 'SPY' ORDER BY trade_date DESC LIMIT 1",
        // signals: the last 21 bars
        "SELECT * FROM price_daily WHERE symbol = 'SPY' ORDER BY trade_date DESC LIMIT 21",
        // the ETF list: newest rows per ETF through laterals
        Api.Endpoints.EtfListSql.Build("aum_usd", descending: true)
            .Replace("@category::text", "NULL::text", StringComparison.Ordinal).Replace("@category", "NULL", StringComparison.Ordinal)
            .Replace("@issuer::text", "NULL::text", StringComparison.Ordinal).Replace("@issuer", "NULL", StringComparison.Ordinal)
            .Replace("@asset_class::text", "NULL::text", StringComparison.Ordinal).Replace("@asset_class", "NULL", StringComparison.Ordinal)
            .Replace("@active::boolean", "NULL::boolean", StringComparison.Ordinal).Replace("@active", "NULL", StringComparison.Ordinal)
            .Replace("@q::text", "NULL::text", StringComparison.Ordinal).Replace("@q", "NULL", StringComparison.Ordinal)
            .Replace("@min_aum::numeric", "NULL::numeric", StringComparison.Ordinal).Replace("@min_aum", "NULL", StringComparison.Ordinal)
            .Replace("@limit", "50", StringComparison.Ordinal).Replace("@offset", "0", StringComparison.Ordinal),
    };

    [Theory]
    [MemberData(nameof(PerSymbolQueries))]
    public async Task Per_symbol_reads_of_price_history_use_the_index(string sql)
    {
        await host.Database.ExecuteAsync("ANALYZE price_daily; ANALYZE fund_metric_daily; ANALYZE fund_flow_daily; ANALYZE etf");
        (await host.Database.ScalarAsync<long>("SELECT count(*) FROM price_daily")).Should().BeGreaterThan(10_000);

        var plan = await host.Database.ScalarAsync<string>("EXPLAIN (FORMAT JSON) " + sql);

        plan.Should().NotMatchRegex(SeqScanOfPriceDaily);
        plan.Should().Contain("price_daily_pkey");
    }

    [Fact]
    public async Task The_check_recognises_a_sequential_scan()
    {
        // Negative control: reading the whole table is a sequential scan, and the pattern sees it.
        var plan = await host.Database.ScalarAsync<string>("EXPLAIN (FORMAT JSON) SELECT count(*) FROM price_daily WHERE volume > 0");

        plan.Should().MatchRegex(SeqScanOfPriceDaily);
    }

    private const string SeqScanOfPriceDaily = "\"Seq Scan\"[^}]*\"Relation Name\": \"price_daily\"";
}
