using EtfData.Api.Endpoints;
using EtfData.Api.Ingestion;
using EtfData.Api.Ingestion.Holdings;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static EtfData.IntegrationTests.Infrastructure.NportSamples;

namespace EtfData.IntegrationTests.Storage;

/// <summary>The identity across sources as stored: tests of one class run one after another, each from empty tables.</summary>
public sealed class SecurityIndexTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string AppleCusip = "037833100";
    private const string AppleIsin = "US0378331005";
    private static readonly DateOnly Day = new(2025, 4, 1);

    public async Task InitializeAsync()
    {
        await database.TruncateDataAsync();
        await SeedUniverseAsync(database);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Ishares_ticker_then_spdr_ticker_and_cusip_then_nport_cusip_and_isin_are_one_security_and_nport_gets_the_issuer_sector()
    {
        await StoreAsync("IVV", HoldingSources.IShares, Position(1, "AAPL", "APPLE INC") with { Exchange = "NASDAQ", Sector = "Information Technology" });
        await StoreAsync("SPY", HoldingSources.Spdr, Position(1, "AAPL", "Apple Inc.") with { Cusip = AppleCusip, Sector = "Information Technology" });
        // N-PORT's Apple states CUSIP and ISIN and no sector.
        await NportSamples.StoreAsync(database, "0001752724-25-100001", IsharesCik, new DateOnly(2025, 5, 28), Report(IvvSeries, [IvvClass], 500_000_000m));

        await using var db = database.NewDbContext();
        var apple = await db.Securities.AsNoTracking().SingleAsync(s => s.Cusip == AppleCusip);
        (apple.Isin, apple.Ticker, apple.Exchange, apple.Sector, apple.SectorSource, apple.Country)
            .Should().Be((AppleIsin, "AAPL", "NASDAQ", "Information Technology", HoldingSources.IShares, "US"));
        (await db.Securities.CountAsync(s => s.Ticker == "AAPL")).Should().Be(1);
        var sources = await (from h in db.Holdings where h.SecurityId == apple.Id
                             join s in db.HoldingSnapshots on h.SnapshotId equals s.Id select s.Source).ToListAsync();
        sources.Should().BeEquivalentTo([HoldingSources.IShares, HoldingSources.Spdr, NportSource.Name]);

        var nport = await db.HoldingSnapshots.AsNoTracking().SingleAsync(s => s.Symbol == "IVV" && s.Source == NportSource.Name);
        var positions = await HoldingSnapshots.PositionsAsync(db, nport.Id, CancellationToken.None);
        positions.Single(p => p.Cusip == AppleCusip).Sector.Should().Be("Information Technology");
        // Every N-PORT position joins the identity: the yen bond by its ISIN, the forward by its name.
        positions.Should().AllSatisfy(p => p.SecurityId.Should().NotBeNull());
        // 8.373807487551 + 1.5 − 0.0043 = 9.869507487551 % of net assets: far from 100 % → off.
        (nport.WeightSum, nport.WeightCheck).Should().Be((0.09869507487551m, "off"));
    }

    [Fact]
    public async Task A_ticker_only_security_and_a_cusip_only_one_are_merged_when_a_position_states_both()
    {
        await StoreAsync("IVV", HoldingSources.IShares, Position(1, "AAPL", "APPLE INC") with { Exchange = "NASDAQ", Sector = "Information Technology" });
        var nportApple = Holdings()[0] with { Ticker = null };
        await NportSamples.StoreAsync(database, "0001752724-25-100001", IsharesCik, new DateOnly(2025, 5, 28), Report(IvvSeries, [IvvClass], 500_000_000m),
            [nportApple, .. Holdings().Skip(1)]);
        await using (var before = database.NewDbContext())
        {
            (await before.Securities.CountAsync(s => s.Ticker == "AAPL" || s.Cusip == AppleCusip)).Should().Be(2);
        }

        await StoreAsync("SPY", HoldingSources.Spdr, Position(1, "AAPL", "Apple Inc.") with { Cusip = AppleCusip });

        await using var db = database.NewDbContext();
        var apple = await db.Securities.AsNoTracking().SingleAsync(s => s.Ticker == "AAPL" || s.Cusip == AppleCusip);
        (apple.Cusip, apple.Isin, apple.Ticker, apple.Exchange, apple.Sector).Should().Be((AppleCusip, AppleIsin, "AAPL", "NASDAQ", "Information Technology"));
        var appleHoldings = await db.Holdings.AsNoTracking().Where(h => EF.Functions.ILike(h.Name, "apple%")).ToListAsync();
        appleHoldings.Should().HaveCount(3).And.AllSatisfy(h => h.SecurityId.Should().Be(apple.Id));
    }

    [Fact]
    public async Task Googl_and_goog_stay_two_securities_across_sources()
    {
        await StoreAsync("IVV", HoldingSources.IShares,
            Position(1, "GOOGL", "ALPHABET INC CLASS A") with { Exchange = "NASDAQ" },
            Position(2, "GOOG", "ALPHABET INC CLASS C") with { Exchange = "NASDAQ" });
        await StoreAsync("SPY", HoldingSources.Spdr,
            Position(1, "GOOGL", "Alphabet Inc. Class A") with { Cusip = "02079K305" },
            Position(2, "GOOG", "Alphabet Inc. Class C") with { Cusip = "02079K107" });
        // Schwab names both by ticker only.
        await StoreAsync("VOO", HoldingSources.Schwab, Position(1, "GOOG", "Alphabet Inc C"), Position(2, "GOOGL", "Alphabet Inc A"));

        await using var db = database.NewDbContext();
        var securities = await db.Securities.AsNoTracking().OrderBy(s => s.Ticker).Select(s => new { s.Ticker, s.Cusip, s.Exchange, s.Id }).ToListAsync();
        securities.Select(s => (s.Ticker, s.Cusip, s.Exchange)).Should().Equal(("GOOG", "02079K107", "NASDAQ"), ("GOOGL", "02079K305", "NASDAQ"));
        var byTicker = await db.Holdings.AsNoTracking().GroupBy(h => h.Ticker).Select(g => new { g.Key, Ids = g.Select(h => h.SecurityId).Distinct().Count() }).ToListAsync();
        byTicker.Should().AllSatisfy(g => g.Ids.Should().Be(1));
    }

    private async Task StoreAsync(string symbol, string source, params Holding[] positions)
    {
        await using var db = database.NewDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await HoldingsSnapshotStore.StoreAsync(
            new ItemWriteContext(db, new BulkWriter(db)), new SnapshotToStore(symbol, source, Day, HoldingCoverage.Full, positions, 1), 0.02m, CancellationToken.None);
        await transaction.CommitAsync();
    }

    private static Holding Position(int position, string ticker, string name) => new()
    {
        SnapshotId = 0, Position = position, Ticker = ticker, Name = name, Weight = 0.05m, AssetClass = "Equity",
    };
}
