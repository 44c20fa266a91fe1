using EtfData.Api.Storage;
using Xunit;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>
/// A test class's own empty database and the real host over it. The database is created but not
/// migrated: the host's start-up migration does it, as in production.
/// </summary>
public sealed class ApiHost : IAsyncLifetime
{
    public TestDatabase Database { get; } = new UnmigratedDatabase();

    public EtfDataApiFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Factory = new EtfDataApiFactory(Database.ConnectionString);
        Client = Factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    public EtfDataDbContext NewDbContext() => Database.NewDbContext();

    private sealed class UnmigratedDatabase() : TestDatabase(migrate: false);
}
