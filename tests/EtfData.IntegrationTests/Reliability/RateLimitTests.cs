using System.Globalization;
using System.Net;
using System.Text.Json;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>A host with small limits: a burst of 3 and 1 request a second per client, 2 admin requests a minute.</summary>
public sealed class RateLimitedHost : IAsyncLifetime
{
    public const string AdminKey = "rate-limit-test-admin-key-0123456789";

    public TestDatabase Database { get; } = new();

    public EtfDataApiFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Factory = new EtfDataApiFactory(Database.ConnectionString, new Dictionary<string, string?>
        {
            ["RateLimiting:PermitsPerSecond"] = "1",
            ["RateLimiting:Burst"] = "3",
            ["RateLimiting:AdminPermitsPerMinute"] = "2",
            ["Admin:ApiKey"] = AdminKey,
        });
        _ = Factory.Server;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>A GET as the client at <paramref name="clientIp"/> (the in-memory test server has no remote address of its own).</summary>
    public Task<HttpContext> GetAsync(string clientIp, string path, string? apiKey = null) =>
        Factory.Server.SendAsync(http =>
        {
            http.Connection.RemoteIpAddress = IPAddress.Parse(clientIp);
            http.Request.Method = HttpMethods.Get;
            var query = path.IndexOf('?', StringComparison.Ordinal);
            http.Request.Path = query < 0 ? path : path[..query];
            http.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(path[query..]);
            if (apiKey is not null)
            {
                http.Request.Headers["X-Api-Key"] = apiKey;
            }
        });
}

public sealed class RateLimitTests(RateLimitedHost host) : IClassFixture<RateLimitedHost>
{
    [Fact]
    public async Task Public_endpoints_answer_429_problem_with_retry_after_once_a_client_spends_its_burst()
    {
        // Burst 3: the first three requests pass; refilling one token a second, a 429 comes within a few more
        // (however slowly this machine sends them, it sends more than one a second).
        var statuses = new List<int>();
        HttpContext? rejected = null;
        for (var i = 0; i < 30 && rejected is null; i++)
        {
            var answer = await host.GetAsync("203.0.113.1", "/api/etfs");
            statuses.Add(answer.Response.StatusCode);
            if (answer.Response.StatusCode == StatusCodes.Status429TooManyRequests)
            {
                rejected = answer;
            }
        }

        statuses.Take(3).Should().AllBeEquivalentTo(StatusCodes.Status200OK);
        rejected.Should().NotBeNull("a client sending faster than 1 request a second runs out of its burst of 3");
        rejected!.Response.ContentType.Should().StartWith("application/problem+json");
        var retryAfter = int.Parse(rejected.Response.Headers.RetryAfter.ToString(), CultureInfo.InvariantCulture);
        retryAfter.Should().BeInRange(1, 60);
        var problem = await JsonDocument.ParseAsync(rejected.Response.Body);
        problem.RootElement.GetProperty("status").GetInt32().Should().Be(429);
        problem.RootElement.GetProperty("title").GetString().Should().Be("Too Many Requests");
        rejected.Response.Headers.XContentTypeOptions.ToString().Should().Be("nosniff");

        // Another client has its own bucket.
        (await host.GetAsync("203.0.113.2", "/api/etfs")).Response.StatusCode.Should().Be(StatusCodes.Status200OK);
    }

    [Fact]
    public async Task Health_probes_are_never_limited()
    {
        for (var i = 0; i < 20; i++)
        {
            (await host.GetAsync("203.0.113.3", "/api/health")).Response.StatusCode.Should().Be(StatusCodes.Status200OK);
        }

        // ...and do not use up the client's budget for the API.
        (await host.GetAsync("203.0.113.3", "/api/etfs")).Response.StatusCode.Should().Be(StatusCodes.Status200OK);
    }

    [Fact]
    public async Task Admin_requests_are_limited_per_client_and_wrong_keys_count()
    {
        // 2 admin requests a minute: wrong keys use the budget, so the right key is then turned away too.
        var statuses = new List<int>();
        for (var i = 0; i < 10 && !statuses.Contains(StatusCodes.Status429TooManyRequests); i++)
        {
            statuses.Add((await host.GetAsync("198.51.100.7", "/api/admin/jobs", "wrong-key-guess-" + i.ToString(CultureInfo.InvariantCulture))).Response.StatusCode);
        }

        statuses.Should().StartWith([StatusCodes.Status401Unauthorized, StatusCodes.Status401Unauthorized]);
        statuses.Should().Contain(StatusCodes.Status429TooManyRequests, "the third guess within a minute is refused");
        var withKey = await host.GetAsync("198.51.100.7", "/api/admin/jobs", RateLimitedHost.AdminKey);
        withKey.Response.StatusCode.Should().Be(StatusCodes.Status429TooManyRequests);
        int.Parse(withKey.Response.Headers.RetryAfter.ToString(), CultureInfo.InvariantCulture).Should().BeInRange(1, 60);

        // Another client is not affected, and admin requests do not spend the public budget.
        (await host.GetAsync("198.51.100.8", "/api/admin/jobs", RateLimitedHost.AdminKey)).Response.StatusCode.Should().Be(StatusCodes.Status200OK);
        (await host.GetAsync("198.51.100.7", "/api/etfs")).Response.StatusCode.Should().Be(StatusCodes.Status200OK);
    }

    [Fact]
    public async Task Rate_limiting_can_be_turned_off()
    {
        await using var factory = new EtfDataApiFactory(host.Database.ConnectionString, new Dictionary<string, string?>
        {
            ["RateLimiting:Enabled"] = "false",
            ["RateLimiting:PermitsPerSecond"] = "1",
            ["RateLimiting:Burst"] = "1",
        });
        using var client = factory.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync("/api/etfs");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }
}
