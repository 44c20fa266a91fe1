using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>SQL only through parameters: a symbol carrying SQL is a client error and changes nothing.</summary>
public sealed class SqlInjectionTests(ApiHost host, ITestOutputHelper output) : IClassFixture<ApiHost>
{
    private const string Injection = "SPY'; DROP TABLE etf;--";

    [Fact]
    public async Task A_symbol_carrying_sql_is_400_or_404_on_every_symbol_endpoint_and_the_table_is_intact()
    {
        await using (var db = host.NewDbContext())
        {
            db.Etfs.Add(new Etf { Symbol = "SPY", Name = "SPDR S&P 500 ETF Trust", FirstSeenAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch });
            await db.SaveChangesAsync();
        }

        // Every GET of the document that takes a symbol, in its path or as a symbol/symbols query parameter.
        var document = await host.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var requests = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var get))
            {
                continue;
            }

            var parameters = get.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
            var inPath = parameters.Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!).ToList();
            if (inPath.Any(p => p.Contains("symbol", StringComparison.OrdinalIgnoreCase)))
            {
                var url = path.Name;
                foreach (var name in inPath)
                {
                    url = url.Replace("{" + name + "}", name.Contains("symbol", StringComparison.OrdinalIgnoreCase) ? Uri.EscapeDataString(Injection) : "1", StringComparison.Ordinal);
                }

                requests.Add(url);
            }
            else if (inPath.Count == 0)
            {
                foreach (var name in parameters.Where(p => p.GetProperty("in").GetString() == "query")
                             .Select(p => p.GetProperty("name").GetString()!)
                             .Where(n => n.Equals("symbol", StringComparison.OrdinalIgnoreCase) || n.Equals("symbols", StringComparison.OrdinalIgnoreCase)))
                {
                    requests.Add($"{path.Name}?{name}={Uri.EscapeDataString(Injection)}");
                }
            }
        }

        requests.Should().Contain("/api/etfs/" + Uri.EscapeDataString(Injection)).And.HaveCountGreaterThan(10);
        foreach (var request in requests)
        {
            using var response = await host.Client.GetAsync(request);
            var status = (int)response.StatusCode;
            status.Should().BeOneOf([400, 404], request);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", request);
        }

        (await host.Database.ScalarAsync<long>("SELECT count(*) FROM etf")).Should().Be(1);
        (await host.Database.ScalarAsync<string>("SELECT symbol FROM etf")).Should().Be("SPY");
        Figures.Report(output, $"sql-injection: {requests.Count} symbol requests with {Injection} answered 400/404; etf intact");
    }
}
