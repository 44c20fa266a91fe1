using EtfData.Api.Storage;
using EtfData.Api.Storage.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>A freshly created database for one test class (or one test), migrated unless asked not to be.</summary>
public class TestDatabase : IAsyncLifetime, IAsyncDisposable
{
    private readonly bool migrate;

    public TestDatabase()
        : this(migrate: true)
    {
    }

    protected TestDatabase(bool migrate) => this.migrate = migrate;

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public static async Task<TestDatabase> CreateAsync(bool migrate)
    {
        var database = new TestDatabase(migrate);
        await database.InitializeAsync();
        return database;
    }

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        if (migrate)
        {
            await NewMigrator().MigrateAsync(CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    public Migrator NewMigrator() =>
        new(DataSource, Options.Create(new StorageOptions { ConnectionString = ConnectionString }), NullLogger<Migrator>.Instance);

    public EtfDataDbContext NewDbContext() =>
        new(new DbContextOptionsBuilder<EtfDataDbContext>().UseNpgsql(DataSource).Options);

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Empties every data table, for test classes whose tests run one after another on one database.</summary>
    public Task TruncateDataAsync() => ExecuteAsync(
        "TRUNCATE etf, price_daily, fund_metric_daily, dividend, split, holding_snapshot, holding, nport_filing, " +
        "fund_flow_daily, ingestion_run, ingestion_item, security RESTART IDENTITY CASCADE");
}
