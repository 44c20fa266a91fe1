using System.Globalization;
using Npgsql;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests run against, from <c>ETFDATA_TEST_DB</c>. Tests never share a
/// database: each asks for a fresh, empty one and drops it afterwards.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "ETFDATA_TEST_DB";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with `./etfdata test`: it starts a throwaway PostgreSQL and sets {Variable} " +
                "(or set it yourself to a connection string whose user may CREATE DATABASE).");

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"etfdata_test_{Guid.NewGuid():N}");
        await using (var admin = new NpgsqlConnection(ServerConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(ServerConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
