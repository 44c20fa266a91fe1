using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Endpoints;

/// <summary>
/// Read endpoints over a database loaded through ingestion; expected values come from the fake's
/// generator (what was served), with the arithmetic written here.
/// </summary>
[Collection(ApiDataGroup.Name)]
public sealed class ReadApiTests(ApiDataHost host)
{
    private static readonly DateOnly Friday = new(2025, 3, 7);
    private static readonly DateOnly Thursday = new(2025, 3, 6);

    [Fact]
    public async Task The_list_carries_latest_close_change_aum_and_flows_and_sorts_by_aum()
    {
        var page = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs?sort=-aum");

        page.GetProperty("total").GetInt32().Should().Be(5);
        page.GetProperty("asOf").GetString().Should().Be("2025-03-07");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        // Expected order: AUM = whole shares × NAV of Friday's generated bar, descending.
        var expectedOrder = ApiDataHost.Symbols.OrderByDescending(s => host.FakeAum(s, Friday)).ToList();
        items.Select(i => i.GetProperty("symbol").GetString()).Should().Equal(expectedOrder);

        var spy = items.Single(i => i.GetProperty("symbol").GetString() == "SPY");
        spy.GetProperty("aumUsd").GetDecimal().Should().Be(host.FakeAum("SPY", Friday));
        spy.GetProperty("aumDate").GetString().Should().Be("2025-03-07");
        var close = Math.Round((decimal)host.Bar("SPY", Friday).Close, 2, MidpointRounding.AwayFromZero);
        var previous = Math.Round((decimal)host.Bar("SPY", Thursday).Close, 2, MidpointRounding.AwayFromZero);
        spy.GetProperty("latestClose").GetDecimal().Should().Be(close);
        // change1dPct = (close_Fri / close_Thu − 1) × 100, rounded to 4 places.
        spy.GetProperty("change1dPct").GetDecimal().Should().Be(Math.Round((close / previous - 1) * 100, 4));
        spy.GetProperty("flow5dUsd").ValueKind.Should().Be(JsonValueKind.Number);
    }

    [Theory]
    [InlineData("/api/etfs?assetClass=Fixed%20Income", new[] { "AGG" })]
    [InlineData("/api/etfs?q=spdr", new[] { "GLD", "SPY" })]
    [InlineData("/api/etfs?q=qq", new[] { "QQQ" })]
    [InlineData("/api/etfs?category=Large%20Value", new[] { "SCHD" })]
    [InlineData("/api/etfs?active=false", new string[0])]
    public async Task The_list_filters(string url, string[] expected)
    {
        var page = await host.Client.GetFromJsonAsync<JsonElement>(url);

        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("symbol").GetString()).Should().Equal(expected);
        page.GetProperty("total").GetInt32().Should().Be(expected.Length);
    }

    [Fact]
    public async Task Min_aum_keeps_only_funds_at_or_above_it()
    {
        var threshold = host.FakeAum("QQQ", Friday);

        var page = await host.Client.GetFromJsonAsync<JsonElement>(
            $"/api/etfs?minAum={threshold.ToString(CultureInfo.InvariantCulture)}&sort=symbol");

        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("symbol").GetString())
            .Should().Equal(ApiDataHost.Symbols.Where(s => host.FakeAum(s, Friday) >= threshold).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Prices_are_the_generated_bars_of_the_range_and_adjusted_ones_scale_by_adjclose()
    {
        var series = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/spy/prices?from=2025-03-03&to=2025-03-07");
        var adjusted = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/prices?from=2025-03-03&to=2025-03-07&adjusted=true");

        series.GetProperty("asOf").GetString().Should().Be("2025-03-07");
        var bars = series.GetProperty("bars").EnumerateArray().ToList();
        bars.Select(b => b.GetProperty("tradeDate").GetString()).Should().Equal("2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06", "2025-03-07");
        var monday = host.Bar("SPY", new DateOnly(2025, 3, 3));
        bars[0].GetProperty("close").GetDecimal().Should().Be(Math.Round((decimal)monday.Close, 2, MidpointRounding.AwayFromZero));
        bars[0].GetProperty("volume").GetInt64().Should().Be(monday.Volume);

        // adjusted open = open × adjClose / close, rounded to 6 places; adjusted close = adjClose.
        var raw = bars[0];
        var scaled = adjusted.GetProperty("bars")[0];
        var factor = raw.GetProperty("adjClose").GetDecimal() / raw.GetProperty("close").GetDecimal();
        scaled.GetProperty("open").GetDecimal().Should().Be(Math.Round(raw.GetProperty("open").GetDecimal() * factor, 6));
        scaled.GetProperty("close").GetDecimal().Should().Be(raw.GetProperty("adjClose").GetDecimal());
        adjusted.GetProperty("adjusted").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Dividends_and_splits_are_the_generated_events()
    {
        var dividends = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/dividends?from=2024-01-01&to=2024-12-31");
        var splits = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SCHD/splits");

        var expected = host.Dataset.History(host.Fund("SPY"), Friday).Dividends.Where(d => d.ExDate.Year == 2024).ToList();
        var items = dividends.GetProperty("dividends").EnumerateArray().ToList();
        items.Select(i => DateOnly.Parse(i.GetProperty("exDate").GetString()!, CultureInfo.InvariantCulture)).Should().Equal(expected.Select(d => d.ExDate));
        items.Should().HaveCount(4, "quarterly");
        dividends.GetProperty("totalCashUsd").GetDecimal().Should().Be(items.Sum(i => i.GetProperty("cashAmountUsd").GetDecimal()));

        var split = splits.GetProperty("splits").EnumerateArray().Single();
        split.GetProperty("splitDate").GetString().Should().Be("2024-10-11");
        split.GetProperty("ratio").GetDecimal().Should().Be(3m);
    }

    [Fact]
    public async Task Csv_output_parses_back_to_the_same_numbers_as_json()
    {
        var json = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/QQQ/prices?from=2025-02-01&to=2025-03-07");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/etfs/QQQ/prices?from=2025-02-01&to=2025-03-07");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await host.Client.SendAsync(request);
        var csv = await host.Client.GetStringAsync("/api/etfs/QQQ/prices?from=2025-02-01&to=2025-03-07&format=csv");

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        (await response.Content.ReadAsStringAsync()).Should().Be(csv, "Accept and ?format=csv give the same document");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("tradeDate,open,high,low,close,adjClose,volume");
        var bars = json.GetProperty("bars").EnumerateArray().ToList();
        lines.Should().HaveCount(bars.Count + 1);
        for (var i = 0; i < bars.Count; i++)
        {
            var cells = lines[i + 1].Split(',');
            cells[0].Should().Be(bars[i].GetProperty("tradeDate").GetString());
            decimal.Parse(cells[4], CultureInfo.InvariantCulture).Should().Be(bars[i].GetProperty("close").GetDecimal());
            long.Parse(cells[6], CultureInfo.InvariantCulture).Should().Be(bars[i].GetProperty("volume").GetInt64());
        }

        var list = await host.Client.GetStringAsync("/api/etfs?format=csv&sort=symbol");
        list.Split("\r\n")[0].Should().StartWith("symbol,name,issuer,category,assetClass,expenseRatio");
        list.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]).Should().Equal(ApiDataHost.Symbols);
    }

    [Theory]
    [InlineData("/api/etfs")]
    [InlineData("/api/etfs/SPY")]
    [InlineData("/api/etfs/SPY/prices?from=2025-01-02&to=2025-03-07")]
    [InlineData("/api/etfs/SPY/dividends")]
    public async Task A_repeated_request_with_the_etag_is_304_without_a_body(string url)
    {
        using var first = await host.Client.GetAsync(url);
        var etag = first.Headers.ETag!;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await host.Client.SendAsync(request);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        first.Headers.CacheControl!.MaxAge.Should().Be(TimeSpan.FromSeconds(60));
        etag.IsWeak.Should().BeTrue();
        second.StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await second.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Responses_are_compressed_when_the_client_accepts_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/etfs/SPY/prices?from=2024-01-01&to=2025-03-07");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var response = await host.Client.SendAsync(request);

        response.Content.Headers.ContentEncoding.Should().Equal("br");
    }

    [Theory]
    [InlineData("/api/etfs/SPY/prices?from=2025-03-07&to=2025-01-01", "from")]
    [InlineData("/api/etfs/SPY/prices?from=1900-01-01&to=2025-01-01", "from")]
    [InlineData("/api/etfs/SPY/prices?from=yesterday", "from")]
    [InlineData("/api/etfs/%27%3B/prices", "symbol")]
    [InlineData("/api/etfs?sort=volume", "sort")]
    [InlineData("/api/etfs?pageSize=501", "pageSize")]
    [InlineData("/api/etfs?minAum=-1", "minAum")]
    [InlineData("/api/etfs?format=xml", "format")]
    public async Task Bad_parameters_are_400_naming_the_parameter(string url, string parameter)
    {
        using var response = await host.Client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Contain(parameter);
    }

    [Theory]
    [InlineData("/api/etfs/NOPE/prices")]
    [InlineData("/api/etfs/NOPE/dividends")]
    [InlineData("/api/etfs/NOPE/splits")]
    public async Task Unknown_symbols_are_404(string url)
    {
        using var response = await host.Client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}
