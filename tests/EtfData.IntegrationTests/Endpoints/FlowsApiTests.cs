using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Endpoints;

[Collection(ApiDataGroup.Name)]
public sealed class FlowsApiTests(ApiDataHost host)
{
    [Fact]
    public async Task Top_inflows_rank_the_summed_daily_estimates_of_the_last_five_days()
    {
        var days = host.AumDays;
        var window = days.TakeLast(5).ToList();
        // Expected: per ETF, the sum of its five daily AUM-method flows; positive ones, largest first.
        var expected = ApiDataHost.Symbols
            .Select(s => (Symbol: s, Net: window.Sum(d => host.ExpectedAumFlow(s, d)!.Value), Base: host.FakeAum(s, days[^6])))
            .Where(x => x.Net > 0)
            .OrderByDescending(x => x.Net)
            .ToList();

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/flows/top?days=5");

        body.GetProperty("asOf").GetString().Should().Be(days[^1].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        body.GetProperty("from").GetString().Should().Be(window[0].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var items = body.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("symbol").GetString()).Should().Equal(expected.Select(x => x.Symbol));
        for (var i = 0; i < items.Count; i++)
        {
            items[i].GetProperty("rank").GetInt32().Should().Be(i + 1);
            items[i].GetProperty("netFlowUsd").GetDecimal().Should().BeApproximately(expected[i].Net, 0.05m);
            items[i].GetProperty("flowDays").GetInt32().Should().Be(5);
            // Flow as a percent of the AUM the window started from (the session before its first day).
            items[i].GetProperty("startAumUsd").GetDecimal().Should().Be(expected[i].Base);
            items[i].GetProperty("flowPctOfAum").GetDecimal().Should().BeApproximately(expected[i].Net / expected[i].Base * 100, 0.0001m);
        }
    }

    [Fact]
    public async Task Top_outflows_are_the_negative_sums_most_negative_first()
    {
        // The shortest window (in days with flows) in which some ETF had net outflows.
        List<(string Symbol, decimal Net)> Sums(int n) =>
            [.. ApiDataHost.Symbols.Select(s => (s, host.AumDays.TakeLast(n).Sum(d => host.ExpectedAumFlow(s, d)!.Value)))];
        var days = Enumerable.Range(1, host.AumDays.Count - 1).First(n => Sums(n).Any(x => x.Net < 0));
        var expected = Sums(days).Where(x => x.Net < 0).OrderBy(x => x.Net).Select(x => x.Symbol).ToList();

        var body = await host.Client.GetFromJsonAsync<JsonElement>($"/api/flows/top?days={days}&direction=out&limit=50");

        expected.Should().NotBeEmpty();
        body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("symbol").GetString()).Should().Equal(expected);
        body.GetProperty("items").EnumerateArray().Should().OnlyContain(i => i.GetProperty("netFlowUsd").GetDecimal() < 0);
        body.GetProperty("direction").GetString().Should().Be("out");
    }

    [Fact]
    public async Task Categories_and_issuers_sum_their_etfs_and_compare_with_the_window_before()
    {
        var days = host.AumDays;
        var window = days.TakeLast(5).ToList();
        var prior = days.SkipLast(5).TakeLast(5).ToList();

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/flows/categories?days=5");

        body.GetProperty("priorFrom").GetString().Should().Be(prior[0].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var issuers = body.GetProperty("issuers").EnumerateArray().ToList();
        var etfs = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs");
        var issuerOf = etfs.GetProperty("items").EnumerateArray().ToDictionary(e => e.GetProperty("symbol").GetString()!, e => e.GetProperty("issuer").GetString() ?? "(none)");
        foreach (var issuer in issuers)
        {
            var members = issuerOf.Where(kv => kv.Value == issuer.GetProperty("name").GetString()).Select(kv => kv.Key).ToList();
            // Net = Σ members' window flows; weighted % = Σ flows / Σ start AUM × 100; change = net − prior net.
            var net = members.Sum(s => window.Sum(d => host.ExpectedAumFlow(s, d)!.Value));
            var priorNet = members.Sum(s => prior.Sum(d => host.ExpectedAumFlow(s, d)!.Value));
            var startAum = members.Sum(s => host.FakeAum(s, days[^6]));
            issuer.GetProperty("etfCount").GetInt32().Should().Be(members.Count);
            issuer.GetProperty("netFlowUsd").GetDecimal().Should().BeApproximately(net, 0.05m);
            issuer.GetProperty("priorNetFlowUsd").GetDecimal().Should().BeApproximately(priorNet, 0.05m);
            issuer.GetProperty("changeUsd").GetDecimal().Should().BeApproximately(net - priorNet, 0.1m);
            issuer.GetProperty("aumWeightedFlowPct").GetDecimal().Should().BeApproximately(net / startAum * 100, 0.0001m);
        }

        issuers.Sum(i => i.GetProperty("etfCount").GetInt32()).Should().Be(5);
        issuers.Should().Contain(i => i.GetProperty("etfCount").GetInt32() > 1, "GLD and SPY share an issuer");
        body.GetProperty("categories").EnumerateArray().Sum(c => c.GetProperty("etfCount").GetInt32()).Should().Be(5);
    }

    [Theory]
    [InlineData("/api/flows/top?days=0", "days")]
    [InlineData("/api/flows/top?days=251", "days")]
    [InlineData("/api/flows/top?limit=201", "limit")]
    [InlineData("/api/flows/top?direction=up", "direction")]
    [InlineData("/api/flows/top?method=volume", "method")]
    [InlineData("/api/flows/categories?days=-3", "days")]
    public async Task Bad_parameters_are_400_naming_the_parameter(string url, string parameter)
    {
        using var response = await host.Client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue();
    }
}
