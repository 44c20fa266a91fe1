using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Api.Storage.Migrations;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Endpoints;

public sealed class HealthApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task Liveness_answers_ok_with_the_version()
    {
        using var response = await host.Client.GetAsync("/api/health");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().Should().Be("ok");
        body.GetProperty("version").GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Readiness_reports_the_migrated_schema_version()
    {
        using var response = await host.Client.GetAsync("/api/health/ready");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().Should().Be("ready");
        body.GetProperty("schemaVersion").GetInt32().Should().Be(Migrator.Embedded[^1].Version);
        body.GetProperty("expectedSchemaVersion").GetInt32().Should().Be(Migrator.Embedded[^1].Version);
    }

    [Fact]
    public async Task Readiness_is_503_problem_when_a_migration_is_missing()
    {
        await host.Database.ExecuteAsync("DELETE FROM schema_migration WHERE version = 2");
        try
        {
            using var response = await host.Client.GetAsync("/api/health/ready");

            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            body.GetProperty("detail").GetString().Should().Be("Pending migrations: 2.");
        }
        finally
        {
            // Migration 2 creates its tables only if missing, so applying it again restores the record.
            await host.Database.NewMigrator().MigrateAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Swagger_ui_and_document_list_the_endpoints()
    {
        using var ui = await host.Client.GetAsync("/swagger/index.html");
        ui.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ui.Content.ReadAsStringAsync()).Should().Contain("swagger-ui");

        var document = await host.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var paths = document.GetProperty("paths");
        paths.TryGetProperty("/api/etfs", out _).Should().BeTrue();
        paths.TryGetProperty("/api/etfs/{symbol}", out var detail).Should().BeTrue();
        paths.TryGetProperty("/api/health/ready", out _).Should().BeTrue();
        var responses = detail.GetProperty("get").GetProperty("responses");
        responses.TryGetProperty("200", out _).Should().BeTrue();
        responses.TryGetProperty("400", out _).Should().BeTrue();
        responses.TryGetProperty("404", out _).Should().BeTrue();
        detail.GetProperty("get").GetProperty("summary").GetString().Should().StartWith("One ETF");
    }
}
