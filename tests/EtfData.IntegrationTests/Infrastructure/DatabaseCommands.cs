using System.Diagnostics;
using Npgsql;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>
/// Counts the commands Npgsql runs against one database (from Npgsql's own tracing, whatever the
/// caller: EF Core or raw Npgsql), e.g. to show that an answer needed no query.
/// </summary>
public sealed class DatabaseCommands : IDisposable
{
    private readonly ActivityListener listener;
    private int count;

    public DatabaseCommands(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("db.namespace") as string == database)
                {
                    Interlocked.Increment(ref count);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    public int Count => Volatile.Read(ref count);

    public void Dispose() => listener.Dispose();
}
