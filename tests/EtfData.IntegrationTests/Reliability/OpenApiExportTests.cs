using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>
/// Writes the real host's OpenAPI document to <c>.data/openapi.json</c> at the repository root, where
/// <c>./etfdata test</c> lints it with Redocly CLI after the suite.
/// </summary>
public sealed class OpenApiExportTests(ApiHost host) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task Document_is_exported_for_the_linter()
    {
        var document = await host.Client.GetStringAsync("/swagger/v1/swagger.json");
        document.Should().Contain("\"openapi\"");
        var target = Path.Combine(RepositoryRoot(), ".data", "openapi.json");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await File.WriteAllTextAsync(target, document);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EtfData.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("EtfData.sln not found above " + AppContext.BaseDirectory);
    }
}
