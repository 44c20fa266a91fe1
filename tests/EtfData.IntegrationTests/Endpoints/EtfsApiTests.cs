using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Endpoints;

public sealed class EtfsApiTests(ApiHost host) : IClassFixture<ApiHost>, IAsyncLifetime
{
    public Task InitializeAsync() => host.Database.TruncateDataAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_empty_database_answers_an_empty_first_page()
    {
        using var response = await host.Client.GetAsync("/api/etfs");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("items").GetArrayLength().Should().Be(0);
        body.GetProperty("total").GetInt32().Should().Be(0);
        body.GetProperty("page").GetInt32().Should().Be(1);
        body.GetProperty("pageSize").GetInt32().Should().Be(50);
    }

    [Fact]
    public async Task Lists_etfs_by_symbol_with_their_latest_close_and_aum()
    {
        await SeedAsync();

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs");

        body.GetProperty("total").GetInt32().Should().Be(3);
        var items = body.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("symbol").GetString()).Should().Equal("IVV", "QQQ", "SPY");

        var spy = items[2];
        spy.GetProperty("name").GetString().Should().Be("SPDR S&P 500 ETF Trust");
        spy.GetProperty("expenseRatio").GetDecimal().Should().Be(0.0009450m);
        // The latest of the three stored bars, not the first.
        spy.GetProperty("latestClose").GetDecimal().Should().Be(563.98m);
        spy.GetProperty("latestCloseDate").GetString().Should().Be("2025-03-07");
        // The latest AUM observation; the later NAV-only row has no AUM and must not hide it.
        spy.GetProperty("aumUsd").GetDecimal().Should().Be(571_234_000_000m);
        spy.GetProperty("aumDate").GetString().Should().Be("2025-03-06");

        var ivv = items[0];
        ivv.GetProperty("latestClose").ValueKind.Should().Be(JsonValueKind.Null);
        ivv.GetProperty("aumUsd").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Pages_through_the_universe()
    {
        await SeedAsync();

        var second = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs?page=2&pageSize=2");

        second.GetProperty("total").GetInt32().Should().Be(3);
        second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("symbol").GetString()).Should().Equal("SPY");
        var beyond = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs?page=9&pageSize=2");
        beyond.GetProperty("items").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("/api/etfs?page=0", "page")]
    [InlineData("/api/etfs?pageSize=501", "pageSize")]
    [InlineData("/api/etfs?pageSize=0", "pageSize")]
    public async Task Bad_paging_is_a_400_naming_the_parameter(string url, string parameter)
    {
        using var response = await host.Client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_non_numeric_page_is_a_400_not_a_500()
    {
        using var response = await host.Client.GetAsync("/api/etfs?page=abc");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("detail").GetString().Should().Contain("page").And.Contain("abc");
    }

    [Fact]
    public async Task One_etf_shows_profile_latest_bar_and_each_figure_with_its_date_and_source()
    {
        await SeedAsync();

        using var response = await host.Client.GetAsync("/api/etfs/spy");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("symbol").GetString().Should().Be("SPY");
        body.GetProperty("issuer").GetString().Should().Be("SPDR State Street Global Advisors");
        body.GetProperty("inceptionDate").GetString().Should().Be("1993-01-22");
        body.GetProperty("secCik").GetInt64().Should().Be(884394);

        var bar = body.GetProperty("latestPrice");
        bar.GetProperty("tradeDate").GetString().Should().Be("2025-03-07");
        bar.GetProperty("close").GetDecimal().Should().Be(563.98m);
        bar.GetProperty("volume").GetInt64().Should().Be(72_345_100);

        var aum = body.GetProperty("aumUsd");
        aum.GetProperty("value").GetDecimal().Should().Be(571_234_000_000m);
        aum.GetProperty("asOf").GetString().Should().Be("2025-03-06");
        aum.GetProperty("source").GetString().Should().Be("yahoo");
        var nav = body.GetProperty("navPerShare");
        nav.GetProperty("value").GetDecimal().Should().Be(564.01m);
        nav.GetProperty("asOf").GetString().Should().Be("2025-03-07");
        body.GetProperty("sharesOutstanding").GetProperty("value").GetInt64().Should().Be(1_013_582_116);
    }

    [Theory]
    [InlineData("BRK-B")]
    [InlineData("brk.b")]
    public async Task Share_class_spellings_find_the_same_etf(string spelling)
    {
        await using (var db = host.NewDbContext())
        {
            db.Etfs.Add(Samples.Etf("BRK.B", "Class B Test Fund"));
            await db.SaveChangesAsync();
        }

        var body = await host.Client.GetFromJsonAsync<JsonElement>($"/api/etfs/{spelling}");

        body.GetProperty("symbol").GetString().Should().Be("BRK.B");
    }

    [Fact]
    public async Task An_unknown_symbol_is_a_404_problem()
    {
        using var response = await host.Client.GetAsync("/api/etfs/NOPE");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetInt32().Should().Be(404);
        body.GetProperty("detail").GetString().Should().Be("No ETF with symbol NOPE is known.");
    }

    [Theory]
    [InlineData("%27%3B")]
    [InlineData("TOOLONGSYMBOL")]
    [InlineData("A%20B%20C")]
    public async Task A_malformed_symbol_is_a_400_problem(string symbol)
    {
        using var response = await host.Client.GetAsync($"/api/etfs/{symbol}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("errors").GetProperty("symbol").GetArrayLength().Should().Be(1);
    }

    private async Task SeedAsync()
    {
        await using var db = host.NewDbContext();
        db.Etfs.AddRange(
            Samples.Etf("SPY", "SPDR S&P 500 ETF Trust") with
            {
                Issuer = "SPDR State Street Global Advisors", ExpenseRatio = 0.0009450m, InceptionDate = new DateOnly(1993, 1, 22), SecCik = 884394,
            },
            Samples.Etf("QQQ", "Invesco QQQ Trust"),
            Samples.Etf("IVV", "iShares Core S&P 500 ETF"));
        await db.SaveChangesAsync();

        var writer = new BulkWriter(db);
        await writer.UpsertAsync(
            [
                new DailyPrice("SPY", new DateOnly(2025, 3, 5), 570.0m, 576.4m, 568.1m, 575.12m, 573.9m, 60_000_000),
                new DailyPrice("SPY", new DateOnly(2025, 3, 7), 560.0m, 565.0m, 557.0m, 563.98m, 562.7m, 72_345_100),
                new DailyPrice("SPY", new DateOnly(2025, 3, 6), 572.0m, 574.0m, 565.5m, 566.40m, 565.2m, 66_000_000),
                new DailyPrice("QQQ", new DateOnly(2025, 3, 7), 490.0m, 495.0m, 485.0m, 491.05m, 490.5m, 50_000_000),
            ],
            CancellationToken.None);
        await writer.UpsertAsync(
            [
                new FundMetric("SPY", new DateOnly(2025, 3, 5), "yahoo", 575_000_000_000m, 575.1m, 1_000_000_000),
                new FundMetric("SPY", new DateOnly(2025, 3, 6), "yahoo", 571_234_000_000m, null, 1_013_582_116),
                new FundMetric("SPY", new DateOnly(2025, 3, 7), "issuer", null, 564.01m, null),
            ],
            CancellationToken.None);
    }
}
