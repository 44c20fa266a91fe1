using System.Globalization;
using Npgsql;
using Testcontainers.PostgreSql;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests run against: <c>ETFDATA_TEST_DB</c> when set (<c>./etfdata test</c>
/// sets it to a throwaway cluster), otherwise a PostgreSQL container started with Testcontainers
/// once per test run, so a plain <c>dotnet test</c> works where a Docker engine is reachable. Tests
/// never share a database: each asks for a fresh, empty one and drops it afterwards.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "ETFDATA_TEST_DB";

    /// <summary>The image the container fallback runs; the major version the project supports (compose uses the same).</summary>
    public const string Image = "postgres:16-alpine";

    private static readonly Lazy<Task<string>> Server = new(
        () => ResolveServerAsync(Environment.GetEnvironmentVariable(Variable), dockerEndpoint: null, CancellationToken.None));

    /// <summary>Connection string to the server's <c>postgres</c> database, as a user who may <c>CREATE DATABASE</c>.</summary>
    public static Task<string> ServerConnectionStringAsync() => Server.Value;

    /// <summary>
    /// <paramref name="configured"/> when given; otherwise starts a container, on <paramref name="dockerEndpoint"/>
    /// or the engine Testcontainers finds (DOCKER_HOST, the default socket, ~/.testcontainers.properties).
    /// The container is removed by Testcontainers' resource reaper when the test process ends.
    /// </summary>
    internal static async Task<string> ResolveServerAsync(string? configured, Uri? dockerEndpoint, CancellationToken cancellationToken)
    {
        if (configured is { Length: > 0 })
        {
            return configured;
        }

        try
        {
            var builder = new PostgreSqlBuilder(Image);
            if (dockerEndpoint is not null)
            {
                builder = builder.WithDockerEndpoint(dockerEndpoint);
            }

            var container = builder.Build();
            await container.StartAsync(cancellationToken);
            return new NpgsqlConnectionStringBuilder(container.GetConnectionString()) { Database = "postgres" }.ConnectionString;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"{Variable} is not set and Testcontainers could not start a PostgreSQL container (is a Docker engine reachable?). " +
                $"Run the tests with `./etfdata test`: it starts a throwaway PostgreSQL cluster without Docker and sets {Variable} " +
                "(or set it yourself to a connection string whose user may CREATE DATABASE). " +
                $"Testcontainers said: {ex.GetType().Name}: {ex.Message}",
                ex);
        }
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var server = await ServerConnectionStringAsync();
        var name = string.Create(CultureInfo.InvariantCulture, $"etfdata_test_{Guid.NewGuid():N}");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(await ServerConnectionStringAsync());
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
