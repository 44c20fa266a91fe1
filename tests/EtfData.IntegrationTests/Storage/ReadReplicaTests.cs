using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Api.Ingestion;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace EtfData.IntegrationTests.Storage;

/// <summary>
/// A host with <c>Storage:ReadOnlyConnectionString</c>: a second database standing in for a streaming
/// replica, reached as a role whose transactions are read-only (as on a hot standby), seeded with data
/// that differs from the primary's. Every read endpoint must answer the replica's data; ingestion and
/// writers must write the primary and leave the replica untouched.
/// </summary>
public sealed class ReplicaHost : IngestionHost
{
    public const string ReplicaName = "Replica Copy of SPY";
    public static readonly DateOnly Monday = new(2025, 3, 3);

    private readonly string role = "etfdata_reader_" + Guid.NewGuid().ToString("N")[..12];

    public TestDatabase Replica { get; private set; } = null!;

    public string ReplicaReaderConnectionString { get; private set; } = "";

    public HttpClient Client { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Storage:ReadOnlyConnectionString"] = ReplicaReaderConnectionString,
    };

    public override async Task InitializeAsync()
    {
        Replica = await TestDatabase.CreateAsync(migrate: true);
        await SeedReplicaAsync();
        const string password = "replica-reader";
        await Replica.ExecuteAsync(
            $"CREATE ROLE {role} LOGIN PASSWORD '{password}'; " +
            $"ALTER ROLE {role} SET default_transaction_read_only = on; " +
            $"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role};");
        ReplicaReaderConnectionString = new NpgsqlConnectionStringBuilder(Replica.ConnectionString) { Username = role, Password = password }.ConnectionString;

        await base.InitializeAsync();
        await ResetAsync(Dataset.Find("SPY")!);
        Client = Factory.CreateClient();
    }

    public override async Task DisposeAsync()
    {
        Client.Dispose();
        await base.DisposeAsync();
        await Replica.DisposeAsync();
        await using var admin = new NpgsqlConnection(await TestPostgres.ServerConnectionStringAsync());
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS {role}", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Price rows, ETFs, flows and holdings of the replica, as text: equal before and after means nothing wrote there.</summary>
    public Task<string?> ReplicaFingerprintAsync() => Replica.ScalarAsync<string>(
        "SELECT concat_ws('|', (SELECT string_agg(p::text, ',' ORDER BY p.symbol, p.trade_date) FROM price_daily p), " +
        "(SELECT string_agg(e.symbol || ':' || e.name, ',' ORDER BY e.symbol) FROM etf e), " +
        "(SELECT count(*) FROM fund_flow_daily), (SELECT count(*) FROM holding), (SELECT count(*) FROM security), " +
        "(SELECT count(*) FROM ingestion_run), (SELECT count(*) FROM ingestion_item))");

    /// <summary>On the replica only: SPY under another name with closes of 9,000 + day, a flow, and a holding of Apple.</summary>
    private async Task SeedReplicaAsync()
    {
        await using var db = Replica.NewDbContext();
        db.Etfs.Add(Samples.Etf("SPY", ReplicaName));
        db.DailyPrices.AddRange(Enumerable.Range(0, 5).Select(i => Samples.Bar("SPY", Monday.AddDays(i), 9_000m + i)));
        db.FundFlows.Add(new FundFlow
        {
            Symbol = "SPY", TradeDate = Monday.AddDays(4), Method = FlowMethod.Aum, NetFlowUsd = 123_456_789m, PreviousDate = Monday.AddDays(3),
            AumUsd = 600_000_000_000m, PreviousAumUsd = 599_000_000_000m, Source = "yahoo",
        });
        var apple = new Security
        {
            Ticker = "AAPL", Cusip = "037833100", Name = "Apple Inc", NameKey = "APPLE INC", Country = "US", AssetClass = "Equity", UpdatedAt = Samples.Instant,
        };
        db.Securities.Add(apple);
        await db.SaveChangesAsync();
        var snapshot = new HoldingSnapshot
        {
            Symbol = "SPY", AsOf = Monday.AddDays(4), Source = HoldingSources.Spdr, PositionCount = 1, FetchedAt = Samples.Instant,
            Coverage = HoldingCoverage.Full, WeightSum = 1m, WeightCheck = "ok",
        };
        db.HoldingSnapshots.Add(snapshot);
        await db.SaveChangesAsync();
        db.Holdings.Add(new Holding
        {
            SnapshotId = snapshot.Id, Position = 1, Ticker = "AAPL", Name = "Apple Inc", SecurityId = apple.Id, Weight = 0.0707m, Shares = 1_000m, MarketValueUsd = 200_000m,
        });
        await db.SaveChangesAsync();
    }
}

public sealed class ReadReplicaTests(ReplicaHost host) : IClassFixture<ReplicaHost>
{
    [Fact]
    public async Task Every_read_endpoint_answers_from_the_replica()
    {
        // The primary has SPY under the fake's name, no prices, no flows and no securities.
        var list = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs");
        var detail = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY");
        var prices = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/prices?from=2025-03-03&to=2025-03-07");
        var flows = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/flows?from=2025-03-03&to=2025-03-07");
        var top = await host.Client.GetFromJsonAsync<JsonElement>("/api/flows/top");
        using var holders = await host.Client.GetAsync("/api/holdings/AAPL/etfs");

        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).Should().Equal(ReplicaHost.ReplicaName);
        detail.GetProperty("name").GetString().Should().Be(ReplicaHost.ReplicaName);
        // Closes seeded on the replica: 9,000 + the weekday's index (Mon 0 … Fri 4).
        prices.GetProperty("bars").EnumerateArray().Select(b => b.GetProperty("close").GetDecimal()).Should().Equal(9_000m, 9_001m, 9_002m, 9_003m, 9_004m);
        flows.GetRawText().Should().Contain("123456789");
        top.GetRawText().Should().Contain("123456789");
        holders.StatusCode.Should().Be(HttpStatusCode.OK, "Apple is a security on the replica only");
        var holding = (await holders.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("etfs").EnumerateArray().Single();
        holding.GetProperty("symbol").GetString().Should().Be("SPY");
        holding.GetProperty("weight").GetDecimal().Should().Be(0.0707m);
    }

    [Fact]
    public async Task Ingestion_and_writers_write_the_primary_and_never_the_replica()
    {
        var before = await host.ReplicaFingerprintAsync();

        var run = await host.RunAsync(JobNames.Prices, backfill: true, "SPY");
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var extra = Samples.Bar("SPY", new DateOnly(2025, 3, 10), 1_234.5m);
            (await scope.ServiceProvider.GetRequiredService<BulkWriter>().UpsertAsync([extra], CancellationToken.None)).Inserted.Should().Be(1);
        }

        run.Status.Should().Be(RunStatus.Succeeded);
        var expectedBars = host.ExpectedBars(host.Dataset.Find("SPY")!).Count;
        // The backfill's bars plus the one written through the BulkWriter, all on the primary.
        (await host.Database.ScalarAsync<long>("SELECT count(*) FROM price_daily WHERE symbol = 'SPY'")).Should().Be(expectedBars + 1);
        (await host.Database.ScalarAsync<long>("SELECT count(*) FROM ingestion_run")).Should().Be(1);
        (await host.ReplicaFingerprintAsync()).Should().Be(before, "nothing writes to the read-only server");
        var lastClose = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/prices?from=2025-03-07&to=2025-03-07");
        lastClose.GetProperty("bars").EnumerateArray().Single().GetProperty("close").GetDecimal()
            .Should().Be(9_004m, "reads still come from the replica, which the primary's writes did not reach");
    }
}
