using System.Net;
using System.Text.RegularExpressions;
using EtfData.Api.Hosting;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Reliability;

public sealed partial class SecurityHeadersTests(ApiHost host) : IClassFixture<ApiHost>
{
    public static TheoryData<string> Answers => new()
    {
        "/api/etfs",                    // 200 JSON
        "/api/etfs?format=csv",         // 200 CSV
        "/api/etfs/NOSUCH",             // 404 ProblemDetails
        "/api/etfs/SPY/prices?from=x",  // 400 ProblemDetails
        "/api/no-such-route",           // 404 from the status code pages
        "/api/health",
        "/api/admin/jobs",              // 404: no admin key configured
        "/swagger/v1/swagger.json",
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Every_answer_carries_the_security_headers(string path)
    {
        using var response = await host.Client.GetAsync(path);

        ((int)response.StatusCode).Should().BeLessThan(500);
        Header(response, "X-Content-Type-Options").Should().Be("nosniff");
        Header(response, "X-Frame-Options").Should().Be("DENY");
        Header(response, "Referrer-Policy").Should().Be("no-referrer");
        Header(response, "Content-Security-Policy").Should().Contain("frame-ancestors 'none'");
        if (!path.StartsWith("/swagger", StringComparison.Ordinal))
        {
            Header(response, "Content-Security-Policy").Should().Be(ApiSecurity.ApiContentSecurityPolicy);
        }
    }

    [Fact]
    public async Task A_not_modified_answer_still_carries_the_headers()
    {
        using var first = await host.Client.GetAsync("/api/etfs");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/etfs");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());
        using var notModified = await host.Client.SendAsync(conditional);

        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
        Header(notModified, "X-Content-Type-Options").Should().Be("nosniff");
        Header(notModified, "Content-Security-Policy").Should().Be(ApiSecurity.ApiContentSecurityPolicy);
    }

    [Fact]
    public async Task Swagger_ui_loads_its_scripts_and_styles_under_its_policy()
    {
        using var page = await host.Client.GetAsync("/swagger/index.html");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var csp = Header(page, "Content-Security-Policy");
        csp.Should().Be(ApiSecurity.SwaggerContentSecurityPolicy);
        var html = await page.Content.ReadAsStringAsync();

        // script-src 'self' without 'unsafe-inline': every script must be a file of this origin.
        InlineScript().IsMatch(html).Should().BeFalse("the page has no inline script, which the policy would block");
        var assets = Asset().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        assets.Should().Contain(a => a.EndsWith("swagger-ui-bundle.js", StringComparison.Ordinal))
            .And.Contain(a => a.EndsWith("index.js", StringComparison.Ordinal))
            .And.Contain(a => a.EndsWith(".css", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            asset.Should().NotContain("//", "an asset of another origin would be blocked");
            using var response = await host.Client.GetAsync(new Uri(new Uri(host.Client.BaseAddress!, "/swagger/index.html"), asset));
            response.StatusCode.Should().Be(HttpStatusCode.OK, asset);
        }

        // index.js fetches the document from this origin (connect-src 'self').
        using var index = await host.Client.GetAsync("/swagger/index.js");
        (await index.Content.ReadAsStringAsync()).Should().Contain("v1/swagger.json");
    }

    [Fact]
    public async Task Cors_is_closed_by_default()
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/etfs");
        get.Headers.Add("Origin", "https://evil.example");
        using var response = await host.Client.SendAsync(get);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();

        using var preflight = Preflight("https://evil.example");
        using var answer = await host.Client.SendAsync(preflight);
        answer.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Fact]
    public async Task Cors_allows_the_configured_origins_only()
    {
        await using var factory = new EtfDataApiFactory(host.Database.ConnectionString, new Dictionary<string, string?>
        {
            ["Cors:AllowedOrigins:0"] = "https://dashboard.example.org",
            ["Cors:AllowedOrigins:1"] = "http://127.0.0.1:3000",
        });
        using var client = factory.CreateClient();

        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/api/etfs");
        allowed.Headers.Add("Origin", "https://dashboard.example.org");
        using var allowedAnswer = await client.SendAsync(allowed);
        Header(allowedAnswer, "Access-Control-Allow-Origin").Should().Be("https://dashboard.example.org");
        Header(allowedAnswer, "Access-Control-Expose-Headers").Should().Contain("ETag");

        using var preflight = await client.SendAsync(Preflight("http://127.0.0.1:3000"));
        preflight.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Header(preflight, "Access-Control-Allow-Origin").Should().Be("http://127.0.0.1:3000");
        Header(preflight, "Access-Control-Allow-Headers").Should().ContainEquivalentOf("X-Api-Key");

        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/etfs");
        other.Headers.Add("Origin", "https://evil.example");
        using var otherAnswer = await client.SendAsync(other);
        otherAnswer.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
        using var otherPreflight = await client.SendAsync(Preflight("https://evil.example"));
        otherPreflight.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Fact]
    public void An_origin_with_a_path_is_refused_at_start()
    {
        var options = new ApiCorsOptions { AllowedOrigins = ["https://dashboard.example.org/app"] };
        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();
        errors.Should().ContainSingle().Which.ErrorMessage.Should().Contain("https://dashboard.example.org/app");
        new ApiCorsOptions { AllowedOrigins = ["https://dashboard.example.org", "http://127.0.0.1:3000"] }
            .Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Should().BeEmpty();
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/admin/jobs");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "x-api-key");
        return request;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : "";

    [GeneratedRegex(@"<script(?![^>]*\bsrc\s*=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<(?:script|link)[^>]*\b(?:src|href)\s*=\s*""(?<url>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex Asset();
}
