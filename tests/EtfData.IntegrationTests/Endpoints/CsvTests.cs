using System.Net;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Endpoints;

/// <summary>CSV answers of endpoints that have nothing to list.</summary>
public sealed class CsvTests(ApiHost host) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task An_empty_csv_answer_still_has_its_header_row()
    {
        await using (var db = host.NewDbContext())
        {
            if (!db.Etfs.Any(e => e.Symbol == "SPY"))
            {
                var now = new DateTimeOffset(2025, 3, 7, 22, 0, 0, TimeSpan.Zero);
                db.Etfs.Add(new Etf { Symbol = "SPY", Name = "SPDR S&P 500 ETF Trust", FirstSeenAt = now, UpdatedAt = now });
                await db.SaveChangesAsync();
            }
        }

        // A fund with no stored bars or dividends, and a list filter that matches nothing.
        (await Csv("/api/etfs/SPY/prices?from=2025-01-02&to=2025-03-07&format=csv")).Should().Be("tradeDate,open,high,low,close,adjClose,volume\r\n");
        (await Csv("/api/etfs/SPY/dividends?format=csv")).Should().Be("exDate,cashAmountUsd\r\n");
        (await Csv("/api/etfs?q=nothing-matches-this&format=csv")).Should().StartWith("symbol,name,issuer,category,assetClass,expenseRatio,")
            .And.EndWith("\r\n").And.Subject.Split("\r\n").Should().HaveCount(2, "one header line and nothing after it");
    }

    private async Task<string> Csv(string url)
    {
        using var response = await host.Client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        return await response.Content.ReadAsStringAsync();
    }
}
