using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using Npgsql;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>
/// A demo-like database filled through the real ingestion path from the fake upstream (five ETFs: discovery, a
/// price backfill, two weeks of nightly AUM snapshots with their top holdings, derived flows) and a second host over
/// it served by Kestrel on a loopback port, so hostile requests go through the real server stack a client meets
/// (request-line limits, Kestrel's own rejections) with an admin key set.
/// </summary>
public sealed class HostileInputHost : IngestionHost
{
    public const string AdminKey = "hostile-admin-key-0123456789";

    public static readonly string[] Symbols = ["AGG", "GLD", "QQQ", "SCHD", "SPY"];

    public EtfDataApiFactory Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Admin:ApiKey"] = AdminKey,
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ResetAsync();
        await RunAsync(JobNames.Discovery, false, Symbols);
        await RunAsync(JobNames.Prices, backfill: true);
        var lastDay = DataDate;
        for (var day = new DateOnly(2025, 2, 24); day <= lastDay; day = day.AddDays(1))
        {
            if (NyseCalendar.IsTradingDay(day))
            {
                DataClock.Now = new DateTimeOffset(day.ToDateTime(new TimeOnly(22, 0)), TimeSpan.Zero);
                await RunAsync(JobNames.Aum);
            }
        }

        DataClock.Now = FridayAfterClose;
        await RunAsync(JobNames.Flows);

        var settings = Settings(Fake);
        settings["Admin:ApiKey"] = AdminKey;
        Server = new EtfDataApiFactory(Database.ConnectionString, settings, DataClock.Running);
        Server.UseKestrel(0);
        Server.StartServer();
        Client = Server.CreateClient();
        Client.Timeout = TimeSpan.FromMinutes(2);
    }

    public override async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Row count and an MD5 of every row of every table, by table: equal before and after means nothing changed.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ChecksumTablesAsync()
    {
        var sums = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using var sum = new NpgsqlCommand(
                $"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM {table} t", connection);
            sums[table] = (string)(await sum.ExecuteScalarAsync())!;
        }

        return sums;
    }
}
