using EtfData.Domain;
using EtfData.FakeUpstream;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>
/// A migrated database with some of the fake's funds in its universe, and a fake upstream serving the
/// real present: a host run as its own process keeps the real clock, so the last NYSE session a prices
/// run expects is one the fake has served (otherwise the run is suspect).
/// </summary>
public sealed record HostProcessSetup(TestDatabase Database, FakeUpstreamServer Fake) : IAsyncDisposable
{
    /// <summary>Source settings pointed at the fake (<see cref="IngestionHost.Settings"/>).</summary>
    public Dictionary<string, string?> Settings => IngestionHost.Settings(Fake);

    /// <summary>Creates the database and starts the fake; <paramref name="symbols"/> go in the universe with the fake's names.</summary>
    public static async Task<HostProcessSetup> CreateAsync(params string[] symbols)
    {
        var database = await TestDatabase.CreateAsync(migrate: true);
        // The fake on the real clock too, so a close passing during the test moves both sides alike.
        var fake = await FakeUpstreamServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        await using (var db = database.NewDbContext())
        {
            foreach (var symbol in symbols)
            {
                var fund = fake.Yahoo.Dataset.Find(symbol)!;
                db.Etfs.Add(new Etf { Symbol = symbol, Name = fund.Name, FirstSeenAt = now, UpdatedAt = now });
            }

            await db.SaveChangesAsync();
        }

        return new HostProcessSetup(database, fake);
    }

    /// <summary>Runs the host process on this database with <see cref="Settings"/>.</summary>
    public Task<HostProcessResult> RunHostAsync(params string[] arguments) =>
        HostProcess.RunAsync(Database.ConnectionString, Settings, arguments);

    public async ValueTask DisposeAsync()
    {
        await Fake.DisposeAsync();
        await ((IAsyncDisposable)Database).DisposeAsync();
    }
}
