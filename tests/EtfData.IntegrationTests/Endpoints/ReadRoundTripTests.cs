using System.Net;
using System.Text.Json;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Endpoints;

/// <summary>
/// How many database round trips the holdings and analytics reads make, counted per request (see <see cref="RoundTrips"/>):
/// one for a fund's holdings, an overlap and a reverse look-up, and a number independent of how many funds signals and alerts cover.
/// Seeded straight into the database: 200 active ETFs AA … HR (category <c>Test</c>), each with 25 daily bars
/// 2026-10-01 … 2026-10-25, yahoo AUM of $50M on the last three days and two AUM-method flows; AA, AB and AC each one
/// spdr snapshot of two positions.
/// </summary>
public sealed class ReadRoundTripTests(ApiHost host) : IClassFixture<ApiHost>, IAsyncLifetime
{
    private static readonly string[] Symbols = [.. Enumerable.Range(0, 200).Select(i => $"{(char)('A' + (i / 26))}{(char)('A' + (i % 26))}")];

    public async Task InitializeAsync()
    {
        await host.Database.TruncateDataAsync();
        await host.Database.ExecuteAsync("TRUNCATE security RESTART IDENTITY CASCADE");
        await host.Database.ExecuteAsync($"""
            INSERT INTO etf (symbol, name, category) SELECT s, 'Fund ' || s, 'Test' FROM unnest(ARRAY['{string.Join("','", Symbols)}']) s;
            INSERT INTO price_daily (symbol, trade_date, open, high, low, close, adj_close, volume)
              SELECT e.symbol, d::date, 100 + i, 101 + i, 99 + i, 100 + i, 100 + i, 1000 * i
                FROM etf e, generate_series(1, 25) i, LATERAL (SELECT date '2026-09-30' + i AS d) x;
            INSERT INTO fund_metric_daily (symbol, as_of, source, total_assets_usd)
              SELECT e.symbol, date '2026-10-22' + i, 'yahoo', 50000000 + 1000000 * i FROM etf e, generate_series(1, 3) i;
            INSERT INTO fund_flow_daily (symbol, trade_date, method, net_flow_usd, previous_date, source)
              SELECT e.symbol, date '2026-10-23' + i, 'aum', 250000.50 * i, date '2026-10-22' + i, 'yahoo' FROM etf e, generate_series(1, 2) i;
            INSERT INTO security (id, cusip, ticker, name, name_key, sector, sector_source, country, asset_class) OVERRIDING SYSTEM VALUE VALUES
              (1, '037833100', 'AAPL', 'Apple Inc', 'APPLE INC', 'Information Technology', 'spdr', 'US', 'Equity'),
              (2, '594918104', 'MSFT', 'Microsoft Corp', 'MICROSOFT CORP', 'Information Technology', 'spdr', 'US', 'Equity');
            INSERT INTO holding_snapshot (id, symbol, as_of, source, position_count, coverage) OVERRIDING SYSTEM VALUE VALUES
              (1, 'AA', '2026-10-24', 'spdr', 2, 'full'), (2, 'AB', '2026-10-24', 'spdr', 2, 'full'), (3, 'AC', '2026-10-24', 'spdr', 2, 'full');
            INSERT INTO holding (snapshot_id, position, ticker, name, cusip, weight, shares, security_id) VALUES
              (1, 1, 'AAPL', 'Apple Inc', '037833100', 0.40, 100, 1), (1, 2, NULL, 'Microsoft Corp', '594918104', 0.60, 200, 2),
              (2, 1, 'AAPL', 'Apple Inc', '037833100', 0.70, 100, 1), (2, 2, 'MSFT', 'Microsoft Corp', '594918104', 0.30, 200, 2),
              (3, 1, 'AAPL', 'Apple Inc', '037833100', 1.00, 100, 1);
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Holdings_of_a_fund_are_one_round_trip()
    {
        var (response, commands) = await RoundTrips.GetAsync(host.Client, "/api/etfs/AA/holdings");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        commands.Should().HaveCount(1, "the ETF, its snapshot and the positions come from one SQL; seen: {0}", string.Join(" | ", commands));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        // Largest weight first: MSFT 0.60 (its ticker filled in from the security index), then AAPL 0.40.
        body.GetProperty("holdings").EnumerateArray().Select(h => h.GetProperty("ticker").GetString()).Should().Equal("MSFT", "AAPL");
        body.GetProperty("positionCount").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Holdings_of_an_unknown_fund_are_a_404_after_one_round_trip()
    {
        var (response, commands) = await RoundTrips.GetAsync(host.Client, "/api/etfs/ZZZZ/holdings");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        commands.Should().HaveCount(1);
    }

    [Fact]
    public async Task Overlap_of_three_funds_is_one_round_trip()
    {
        var (response, commands) = await RoundTrips.GetAsync(host.Client, "/api/overlap?symbols=AA,AB,AC");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        commands.Should().HaveCount(1, "every fund's snapshot and positions come from one SQL; seen: {0}", string.Join(" | ", commands));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        // AA–AB by weight: min(0.40, 0.70) + min(0.60, 0.30) = 0.70; AA–AC: min(0.40, 1.00) = 0.40; AB–AC: min(0.70, 1.00) = 0.70.
        body.GetProperty("pairs").EnumerateArray().Select(p => p.GetProperty("byWeight").GetDecimal()).Should().Equal(0.70m, 0.40m, 0.70m);
    }

    [Fact]
    public async Task Reverse_look_up_of_a_security_is_one_round_trip()
    {
        var (response, commands) = await RoundTrips.GetAsync(host.Client, "/api/holdings/AAPL/etfs");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        commands.Should().HaveCount(1, "the matched securities and the holders are one batch; seen: {0}", string.Join(" | ", commands));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        // AAPL's weights: AC 1.00, AB 0.70, AA 0.40; each fund's name from etf.
        body.GetProperty("etfs").EnumerateArray().Select(e => (e.GetProperty("symbol").GetString(), e.GetProperty("weight").GetDecimal(), e.GetProperty("name").GetString()))
            .Should().Equal(("AC", 1.00m, "Fund AC"), ("AB", 0.70m, "Fund AB"), ("AA", 0.40m, "Fund AA"));
        body.GetProperty("securities").EnumerateArray().Select(s => s.GetProperty("securityId").GetInt64()).Should().Equal(1L);
    }

    [Fact]
    public async Task Signals_for_200_symbols_take_as_many_round_trips_as_for_2()
    {
        var (two, twoCommands) = await RoundTrips.GetAsync(host.Client, "/api/signals?symbols=AA,AB");
        var (all, allCommands) = await RoundTrips.GetAsync(host.Client, "/api/signals?symbols=" + string.Join(",", Symbols));

        two.StatusCode.Should().Be(HttpStatusCode.OK);
        all.StatusCode.Should().Be(HttpStatusCode.OK);
        allCommands.Should().HaveCount(twoCommands.Count, "set-based queries serve any number of symbols; seen: {0}", string.Join(" | ", allCommands));
        twoCommands.Count.Should().BeLessThanOrEqualTo(3);
        var signals = JsonDocument.Parse(await all.Content.ReadAsStringAsync()).RootElement.GetProperty("signals").EnumerateArray().ToList();
        signals.Should().HaveCount(200);
        // Every fund: latest bar 2026-10-25; flow over the last five bars (after 10-20) = 250,000.50 + 500,001.00; latest AUM 53,000,000.
        signals.Should().AllSatisfy(s =>
        {
            s.GetProperty("asOf").GetString().Should().Be("2026-10-25");
            s.GetProperty("flow5dUsd").GetDecimal().Should().Be(750001.50m);
            s.GetProperty("aumUsd").GetDecimal().Should().Be(53000000m);
        });
    }

    [Fact]
    public async Task Alerts_take_as_many_round_trips_for_200_funds_as_for_2()
    {
        await host.Database.ExecuteAsync("UPDATE etf SET is_active = symbol IN ('AA', 'AB')");
        var (two, twoCommands) = await RoundTrips.GetAsync(host.Client, "/api/alerts");
        await host.Database.ExecuteAsync("UPDATE etf SET is_active = true");
        var (all, allCommands) = await RoundTrips.GetAsync(host.Client, "/api/alerts");

        two.StatusCode.Should().Be(HttpStatusCode.OK);
        all.StatusCode.Should().Be(HttpStatusCode.OK);
        allCommands.Should().HaveCount(twoCommands.Count, "alerts filter in SQL, not per fund; seen: {0}", string.Join(" | ", allCommands));
        // AUM of $53M is under the $100M liquidity threshold: one liquidity alert per active fund.
        Liquidity(JsonDocument.Parse(await two.Content.ReadAsStringAsync()).RootElement).Should().Equal("AA", "AB");
        Liquidity(JsonDocument.Parse(await all.Content.ReadAsStringAsync()).RootElement).Should().HaveCount(200);
    }

    private static List<string?> Liquidity(JsonElement body) =>
    [
        .. body.GetProperty("alerts").EnumerateArray()
            .Where(a => a.GetProperty("kind").GetString() == "liquidity").Select(a => a.GetProperty("symbol").GetString()).Order(StringComparer.Ordinal),
    ];
}
