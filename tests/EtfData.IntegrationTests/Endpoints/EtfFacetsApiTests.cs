using System.Net.Http.Json;
using System.Text.Json;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Endpoints;

/// <summary>GET /api/etfs/facets: the values of the list's filters over the whole universe, with counts.</summary>
public sealed class EtfFacetsApiTests(ApiHost host) : IClassFixture<ApiHost>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await host.Database.TruncateDataAsync();
        await using var db = host.NewDbContext();
        db.Etfs.AddRange(
            Samples.Etf("SPY") with { Issuer = "SPDR", Category = "Large Blend", AssetClass = "Equity" },
            Samples.Etf("IVV") with { Issuer = "iShares", Category = "Large Blend", AssetClass = "Equity" },
            Samples.Etf("AGG") with { Issuer = "iShares", Category = "Intermediate Core Bond", AssetClass = "Fixed Income" },
            // Delisted: counted in Count, not in ActiveCount.
            Samples.Etf("IJH") with { Issuer = "iShares", Category = "Mid-Cap Blend", AssetClass = "Equity", IsActive = false },
            // No category and no asset class: in the totals only.
            Samples.Etf("GLD") with { Issuer = "SPDR", Category = null, AssetClass = null });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Counts_each_filter_value_over_listed_and_delisted_ETFs()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/facets");

        // 5 ETFs, IJH delisted: 4 listed.
        body.GetProperty("total").GetInt32().Should().Be(5);
        body.GetProperty("activeTotal").GetInt32().Should().Be(4);
        // Categories: Large Blend = SPY, IVV (2, both listed); Intermediate Core Bond = AGG; Mid-Cap Blend = IJH
        // (1, delisted); GLD has none. Ordinal order.
        Facet(body, "categories").Should().Equal(
            ("Intermediate Core Bond", 1, 1), ("Large Blend", 2, 2), ("Mid-Cap Blend", 1, 0));
        // Issuers: SPDR = SPY, GLD; iShares = IVV, AGG, IJH (IJH delisted). Ordinal: "S" (0x53) before "i" (0x69).
        Facet(body, "issuers").Should().Equal(("SPDR", 2, 2), ("iShares", 3, 2));
        // Asset classes: Equity = SPY, IVV, IJH (IJH delisted); Fixed Income = AGG; GLD has none.
        Facet(body, "assetClasses").Should().Equal(("Equity", 3, 2), ("Fixed Income", 1, 1));
    }

    [Fact]
    public async Task Each_value_filters_the_list_to_exactly_its_count()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/facets");
        foreach (var (facet, parameter) in new[] { ("categories", "category"), ("issuers", "issuer"), ("assetClasses", "assetClass") })
        {
            foreach (var (value, count, activeCount) in Facet(body, facet))
            {
                var all = await host.Client.GetFromJsonAsync<JsonElement>($"/api/etfs?{parameter}={Uri.EscapeDataString(value)}");
                all.GetProperty("total").GetInt32().Should().Be(count, $"{parameter}={value}");
                var listed = await host.Client.GetFromJsonAsync<JsonElement>($"/api/etfs?{parameter}={Uri.EscapeDataString(value)}&active=true");
                listed.GetProperty("total").GetInt32().Should().Be(activeCount, $"{parameter}={value}&active=true");
            }
        }
    }

    [Fact]
    public async Task An_empty_universe_answers_zero_totals_and_empty_lists()
    {
        await host.Database.TruncateDataAsync();

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/facets");

        body.GetProperty("total").GetInt32().Should().Be(0);
        body.GetProperty("activeTotal").GetInt32().Should().Be(0);
        Facet(body, "categories").Should().BeEmpty();
        Facet(body, "issuers").Should().BeEmpty();
        Facet(body, "assetClasses").Should().BeEmpty();
    }

    private static List<(string Value, int Count, int ActiveCount)> Facet(JsonElement body, string name) =>
        [.. body.GetProperty(name).EnumerateArray()
            .Select(v => (v.GetProperty("value").GetString()!, v.GetProperty("count").GetInt32(), v.GetProperty("activeCount").GetInt32()))];
}
