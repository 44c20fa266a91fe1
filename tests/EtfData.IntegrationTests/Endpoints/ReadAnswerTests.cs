using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EtfData.IntegrationTests.Endpoints;

/// <summary>
/// The core read answers byte for byte as they were before they went to one round trip and source-generated
/// JSON (files under Endpoints/Expected, written from the earlier code's output on <see cref="ReadAnswersHost"/>'s
/// rows), and the number of round trips each answer takes.
/// </summary>
public sealed class ReadAnswerTests(ReadAnswersHost host) : IClassFixture<ReadAnswersHost>
{
    public static TheoryData<string, string> Answers { get; } = new()
    {
        { "detail-ivv.json", "/api/etfs/IVV" },
        { "detail-spy.json", "/api/etfs/spy" },
        { "detail-voo.json", "/api/etfs/VOO" },
        { "prices-ivv.json", "/api/etfs/IVV/prices" },
        { "prices-ivv-adjusted.json", "/api/etfs/IVV/prices?adjusted=true" },
        { "prices-ivv-range.json", "/api/etfs/IVV/prices?from=2025-01-01&to=2025-02-03" },
        { "prices-spy-to.json", "/api/etfs/SPY/prices?to=2024-03-01" },
        { "prices-voo.json", "/api/etfs/VOO/prices" },
        { "prices-ivv.csv", "/api/etfs/IVV/prices?from=2025-02-01&format=csv" },
        { "list.json", "/api/etfs" },
        { "list-sorted.json", "/api/etfs?sort=-aum&pageSize=2" },
        { "list-past-end.json", "/api/etfs?page=3&pageSize=2" },
        { "aum-ivv.json", "/api/etfs/IVV/aum" },
        { "flows-ivv.json", "/api/etfs/IVV/flows" },
        { "flows-top.json", "/api/flows/top?days=20" },
        { "flows-top-out.json", "/api/flows/top?days=3&direction=out" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task An_answer_is_byte_identical_to_the_pinned_one(string expectedFile, string path)
    {
        using var response = await host.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);

        var expectedPath = Path.Combine(AppContext.BaseDirectory, "Endpoints", "Expected", expectedFile);
        if (Environment.GetEnvironmentVariable("ETFDATA_WRITE_EXPECTED") is { Length: > 0 } outDir)
        {
            // Re-pinning on purpose: ETFDATA_WRITE_EXPECTED=<dir> writes the answers there (then copy them to Endpoints/Expected).
            Directory.CreateDirectory(outDir);
            await File.WriteAllTextAsync(Path.Combine(outDir, expectedFile), body);
        }

        body.Should().Be(await File.ReadAllTextAsync(expectedPath));
    }

    [Fact]
    public async Task Prices_of_a_year_take_one_round_trip()
    {
        var (response, commands) = await host.GetCountingAsync("/api/etfs/IVV/prices");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        // Before: the ETF's existence, its latest bar and the bars, three statements one after another.
        commands.Should().HaveCount(1, string.Join("\n---\n", commands));
    }

    [Theory]
    [InlineData("/api/etfs/IVV/aum")] // before: the ETF, the series' source, the observations
    [InlineData("/api/etfs/IVV/flows")] // before: the ETF, the flows
    [InlineData("/api/flows/top?days=20")] // before: the window's days, the sums
    [InlineData("/api/etfs")]
    [InlineData("/api/etfs/facets")] // every filter's values and the totals: one statement with grouping sets
    [InlineData("/api/etfs/IVV/premium")] // the ETF's existence, its closes and NAVs: one statement
    public async Task A_series_or_ranking_takes_one_round_trip(string path)
    {
        var (response, commands) = await host.GetCountingAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        commands.Should().HaveCount(1, string.Join("\n---\n", commands));
    }

    [Fact]
    public async Task An_unknown_symbol_is_404_after_one_round_trip()
    {
        var (response, commands) = await host.GetCountingAsync("/api/etfs/ZZZZ/prices");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().Should().Be("ETF not found");
        problem.GetProperty("detail").GetString().Should().Be("No ETF with symbol ZZZZ is known.");
        commands.Should().HaveCount(1, string.Join("\n---\n", commands));
    }

    [Fact]
    public async Task The_detail_takes_one_round_trip()
    {
        var (response, commands) = await host.GetCountingAsync("/api/etfs/IVV");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        // Before: profile, latest bar, AUM, NAV, shares, premium, history, flows, snapshots, positions,
        // outside profiles, reported flows and the N-PORT filing, one after another (13 here).
        commands.Should().HaveCount(1, string.Join("\n---\n", commands));
    }

    [Theory]
    [InlineData(typeof(Api.Endpoints.PriceSeries))]
    [InlineData(typeof(Api.Endpoints.EtfDetail))]
    [InlineData(typeof(Api.Endpoints.EtfPage))]
    public void The_core_answers_are_serialised_by_the_source_generated_context(Type answer)
    {
        var options = host.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

        options.GetTypeInfo(answer).OriginatingResolver!.GetType().Name.Should().Be("EtfDataJsonContext");
    }

    [Fact]
    public async Task The_detail_of_an_unknown_symbol_is_404()
    {
        using var response = await host.Client.GetAsync("/api/etfs/ZZZZ");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().Should().Be("ETF not found");
        problem.GetProperty("detail").GetString().Should().Be("No ETF with symbol ZZZZ is known.");
    }
}
