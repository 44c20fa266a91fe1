using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>Where the fixture's PostgreSQL comes from.</summary>
public sealed class TestPostgresTests
{
    [Fact]
    public async Task A_configured_server_is_used_as_it_is()
    {
        const string configured = "Host=127.0.0.1;Port=5999;Username=postgres;Password=x;Database=postgres";

        (await TestPostgres.ResolveServerAsync(configured, dockerEndpoint: null, CancellationToken.None)).Should().Be(configured);
    }

    [Fact]
    public async Task Without_a_configured_server_or_a_reachable_docker_engine_the_message_says_to_use_etfdata_test()
    {
        // An engine address where nothing listens: Testcontainers really tries it and fails.
        var nowhere = new Uri("unix:///nonexistent/etfdata-test/docker.sock");

        var resolving = () => TestPostgres.ResolveServerAsync(configured: null, nowhere, CancellationToken.None);

        var failure = await resolving.Should().ThrowAsync<InvalidOperationException>();
        failure.Which.Message.Should()
            .StartWith("ETFDATA_TEST_DB is not set and Testcontainers could not start a PostgreSQL container (is a Docker engine reachable?)")
            .And.Contain("Run the tests with `./etfdata test`: it starts a throwaway PostgreSQL cluster without Docker and sets ETFDATA_TEST_DB");
    }
}
