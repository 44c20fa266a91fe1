using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream.Faults;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

public sealed class DiscoveryTests(IngestionHost host) : IClassFixture<IngestionHost>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await host.ResetAsync();
        host.Fake.State.Nasdaq.Reset();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private List<string> ListedFunds() =>
        [.. host.Dataset.Funds.Where(f => f.Inception <= host.DataDate).Select(f => f.Symbol).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Discovery_inserts_every_listed_etf_and_nothing_else()
    {
        var run = await host.RunAsync(JobNames.Discovery);

        run.Status.Should().Be(RunStatus.Succeeded);
        await using var db = host.Database.NewDbContext();
        var etfs = await db.Etfs.OrderBy(e => e.Symbol).ToListAsync();
        etfs.Select(e => e.Symbol).Should().Equal(ListedFunds(), "stocks, the preferred, the warrant and the test issue are not ETFs we keep");
        etfs.Should().OnlyContain(e => e.IsActive);
        etfs.Single(e => e.Symbol == "SPY").Exchange.Should().Be("NYSE Arca");
        etfs.Single(e => e.Symbol == "QQQ").Exchange.Should().Be("Nasdaq");
        run.RowsInserted.Should().Be(etfs.Count);
    }

    [Fact]
    public async Task An_etf_that_left_the_file_is_marked_inactive_with_its_history_kept_and_comes_back_active()
    {
        await host.RunAsync(JobNames.Discovery);
        await host.RunAsync(JobNames.Prices, backfill: true, "TLT");
        host.Fake.State.Nasdaq.Remove("TLT");

        var left = await host.RunAsync(JobNames.Discovery);

        left.RowsUpdated.Should().Be(1);
        left.RowsUnchanged.Should().Be(ListedFunds().Count - 1);
        await using (var db = host.Database.NewDbContext())
        {
            (await db.Etfs.SingleAsync(e => e.Symbol == "TLT")).IsActive.Should().BeFalse();
            (await db.DailyPrices.CountAsync(p => p.Symbol == "TLT")).Should().BePositive("history is never deleted");
            (await Universe.ActiveSymbolsAsync(new IngestionRequest("test"), db, CancellationToken.None)).Should().NotContain("TLT");
        }

        var again = await host.RunAsync(JobNames.Discovery);
        again.RowsUpdated.Should().Be(0, "an unchanged file changes nothing");

        host.Fake.State.Nasdaq.Reset();
        var back = await host.RunAsync(JobNames.Discovery);
        back.RowsUpdated.Should().Be(1);
        await using var check = host.Database.NewDbContext();
        (await check.Etfs.SingleAsync(e => e.Symbol == "TLT")).IsActive.Should().BeTrue();
    }

    [Fact]
    public async Task A_run_limited_to_some_symbols_only_touches_those()
    {
        var run = await host.RunAsync(JobNames.Discovery, false, "SPY", "GLD");

        run.RowsInserted.Should().Be(2);
        await using var db = host.Database.NewDbContext();
        (await db.Etfs.Select(e => e.Symbol).OrderBy(s => s).ToListAsync()).Should().Equal("GLD", "SPY");
    }

    [Fact]
    public async Task An_html_page_instead_of_the_file_fails_the_directory_item_and_changes_nothing()
    {
        await host.RunAsync(JobNames.Discovery);
        var before = await host.Database.ScalarAsync<string>("SELECT md5(string_agg(e::text, ',' ORDER BY symbol)) FROM etf e");
        host.Fake.Faults.On("/nasdaq/", Fault.Status(200, body: "<html><body>Access denied</body></html>", contentType: "text/html"), times: null);

        var run = await host.RunAsync(JobNames.Discovery);

        // The directory item fails; the SEC identifiers item still refreshes the funds already known.
        run.Status.Should().Be(RunStatus.Partial);
        (await host.Database.ScalarAsync<string>($"SELECT error FROM ingestion_item WHERE run_id = {run.Id} AND item = 'nasdaqtraded.txt'"))
            .Should().StartWith("payload invalid");
        (await host.Database.ScalarAsync<string>("SELECT md5(string_agg(e::text, ',' ORDER BY symbol)) FROM etf e")).Should().Be(before);
    }
}

/// <summary>A small install: the universe limited by <c>Ingestion:Symbols</c>.</summary>
public sealed class AllowListedHost : IngestionHost
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Ingestion:Symbols:0"] = "spy",
        ["Ingestion:Symbols:1"] = "QQQ",
        ["Ingestion:Symbols:2"] = "NOTLISTED",
    };
}

public sealed class AllowListedDiscoveryTests(AllowListedHost host) : IClassFixture<AllowListedHost>
{
    [Fact]
    public async Task The_allow_list_limits_the_universe_to_its_listed_symbols()
    {
        await host.ResetAsync();

        var run = await host.RunAsync(JobNames.Discovery);

        run.Status.Should().Be(RunStatus.Succeeded);
        await using var db = host.Database.NewDbContext();
        (await db.Etfs.Select(e => e.Symbol).OrderBy(s => s).ToListAsync()).Should().Equal("QQQ", "SPY");
    }
}
