using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Endpoints;

/// <summary>GET /api/etfs/{symbol}/premium: premium/discount per trading day with a close and a same-day NAV.</summary>
public sealed class PremiumApiTests(ApiHost host) : IClassFixture<ApiHost>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await host.Database.TruncateDataAsync();
        await using (var db = host.NewDbContext())
        {
            db.Etfs.AddRange(Samples.Etf("SPY", "SPDR S&P 500 ETF Trust"), Samples.Etf("IVV"));
            await db.SaveChangesAsync();
        }

        // SPY: bars Monday 2025-03-03 to Friday 2025-03-07. NAV: Monday (yahoo); none on Tuesday; Wednesday from
        // spdr and yahoo; Thursday a NAV row of yahoo with AUM only (no NAV); Friday (yahoo); Saturday a NAV without a bar.
        // IVV: a bar and no NAV at all.
        await host.Database.ExecuteAsync("""
            INSERT INTO price_daily (symbol, trade_date, open, high, low, close, adj_close, volume) VALUES
                ('SPY', DATE '2025-03-03', 100, 102, 99, 101.00, 100.5, 1000),
                ('SPY', DATE '2025-03-04', 101, 103, 100, 102.00, 101.5, 1000),
                ('SPY', DATE '2025-03-05', 200, 201, 198, 199.00, 198.5, 1000),
                ('SPY', DATE '2025-03-06', 199, 200, 197, 198.00, 197.5, 1000),
                ('SPY', DATE '2025-03-07', 560, 565, 557, 563.98, 562.7, 1000),
                ('IVV', DATE '2025-03-07', 500, 505, 495, 501.00, 500.0, 1000);
            INSERT INTO fund_metric_daily (symbol, as_of, source, total_assets_usd, nav_per_share, shares_outstanding) VALUES
                ('SPY', DATE '2025-03-03', 'yahoo', NULL, 100.00, NULL),
                ('SPY', DATE '2025-03-05', 'yahoo', NULL, 201.00, NULL),
                ('SPY', DATE '2025-03-05', 'spdr', NULL, 200.00, NULL),
                ('SPY', DATE '2025-03-06', 'yahoo', 600000000000, NULL, NULL),
                ('SPY', DATE '2025-03-07', 'yahoo', NULL, 564.01, NULL),
                ('SPY', DATE '2025-03-08', 'yahoo', NULL, 565.00, NULL),
                ('IVV', DATE '2025-03-07', 'yahoo', 500000000000, NULL, NULL);
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Answers_each_day_with_a_close_and_a_NAV_of_that_day_only()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/spy/premium");

        body.GetProperty("symbol").GetString().Should().Be("SPY");
        // Saturday's NAV has no close: the latest day with both is Friday; the default range is the year up to it.
        body.GetProperty("asOf").GetString().Should().Be("2025-03-07");
        body.GetProperty("to").GetString().Should().Be("2025-03-07");
        body.GetProperty("from").GetString().Should().Be("2024-03-07");
        var days = body.GetProperty("days").EnumerateArray().ToList();
        // Tuesday has no NAV and Thursday's row carries no NAV: both are left out, not filled from a neighbour.
        days.Select(d => d.GetProperty("date").GetString()).Should().Equal("2025-03-03", "2025-03-05", "2025-03-07");

        // Monday: (101.00 − 100.00) / 100.00 × 100 = 1 %.
        days[0].GetProperty("close").GetDecimal().Should().Be(101.00m);
        days[0].GetProperty("navPerShare").GetDecimal().Should().Be(100.00m);
        days[0].GetProperty("premiumDiscountPct").GetDecimal().Should().Be(1m);
        days[0].GetProperty("navSource").GetString().Should().Be("yahoo");
        // Wednesday: spdr and yahoo both report; the detail's rule takes the first source by name, spdr:
        // (199.00 − 200.00) / 200.00 × 100 = −0.5 % (yahoo's 201.00 would give −0.995 %).
        days[1].GetProperty("navPerShare").GetDecimal().Should().Be(200.00m);
        days[1].GetProperty("navSource").GetString().Should().Be("spdr");
        days[1].GetProperty("premiumDiscountPct").GetDecimal().Should().Be(-0.5m);
        // Friday: (563.98 − 564.01) / 564.01 = −0.03 / 564.01 = −0.0000531906… → × 100 = −0.00531906… → 4 places −0.0053 %.
        days[2].GetProperty("premiumDiscountPct").GetDecimal().Should().Be(-0.0053m);
        days[2].GetProperty("navSource").GetString().Should().Be("yahoo");

        // The same figure as the detail's latest premiumDiscountPct.
        var detail = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY");
        var latest = detail.GetProperty("premiumDiscountPct");
        latest.GetProperty("value").GetDecimal().Should().Be(-0.0053m);
        latest.GetProperty("asOf").GetString().Should().Be("2025-03-07");
        latest.GetProperty("source").GetString().Should().Be("yahoo");
    }

    [Fact]
    public async Task Keeps_to_the_range_asked_for()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/premium?from=2025-03-04&to=2025-03-06");

        body.GetProperty("from").GetString().Should().Be("2025-03-04");
        body.GetProperty("to").GetString().Should().Be("2025-03-06");
        body.GetProperty("asOf").GetString().Should().Be("2025-03-07");
        body.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("date").GetString()).Should().Equal("2025-03-05");
    }

    [Fact]
    public async Task A_fund_without_NAV_answers_an_empty_list()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/premium");

        body.GetProperty("days").GetArrayLength().Should().Be(0);
        body.GetProperty("asOf").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("/api/etfs/ZZZZ/premium", HttpStatusCode.NotFound)]
    [InlineData("/api/etfs/SPY/premium?from=2025-03-07&to=2025-03-01", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/SPY/premium?from=1900-01-01&to=2025-03-01", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/SPY/premium?from=yesterday", HttpStatusCode.BadRequest)]
    [InlineData("/api/etfs/%21%21/premium", HttpStatusCode.BadRequest)]
    public async Task Client_mistakes_are_problem_details(string path, HttpStatusCode expected)
    {
        using var response = await host.Client.GetAsync(path);

        response.StatusCode.Should().Be(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Exports_the_days_as_csv()
    {
        using var response = await host.Client.GetAsync("/api/etfs/SPY/premium?format=csv");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Should().HaveCount(4, "a header and the three days");
        lines[2].Should().Contain("2025-03-05").And.Contain("spdr");
    }
}
