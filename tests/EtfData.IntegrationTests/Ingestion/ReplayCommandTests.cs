using System.Globalization;
using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream;
using EtfData.FakeUpstream.Control;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>
/// The fake upstream as the demo runs it: on a <see cref="DataClock"/> the replay pins over HTTP
/// (<c>/_fake/clock</c>), and the real host on the system clock, as <c>./etfdata demo</c> starts it.
/// </summary>
public sealed class ReplayHost : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    public DataClock Clock { get; } = new(TimeProvider.System);

    public FakeUpstreamServer Fake { get; private set; } = null!;

    public EtfDataApiFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Fake = await FakeUpstreamServer.StartAsync(Clock);
        Factory = new EtfDataApiFactory(Database.ConnectionString, IngestionHost.Settings(Fake), TimeProvider.System);
        _ = Factory.Services;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Fake.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class ReplayCommandTests(ReplayHost host) : IClassFixture<ReplayHost>
{
    [Fact]
    public void Weekdays_run_from_N_days_ago_to_yesterday_without_weekends()
    {
        // Today Tuesday 2025-03-11, 5 days: Thu 6, Fri 7, (Sat 8, Sun 9 skipped), Mon 10. Today itself is not replayed.
        ReplayCommand.Weekdays(new DateOnly(2025, 3, 11), 5)
            .Should().Equal(new DateOnly(2025, 3, 6), new DateOnly(2025, 3, 7), new DateOnly(2025, 3, 10));
    }

    [Fact]
    public async Task Three_days_replayed_in_one_process_store_one_AUM_row_per_fund_and_day_and_release_the_clock()
    {
        await host.Database.TruncateDataAsync();
        var now = DateTimeOffset.UtcNow;
        await using (var seed = host.Database.NewDbContext())
        {
            foreach (var symbol in (string[])["SPY", "QQQ"])
            {
                var fund = host.Fake.Yahoo.Dataset.Find(symbol)!;
                EtfSymbol.TryNormalize(symbol, out var normalized);
                seed.Etfs.Add(new Etf { Symbol = normalized!, Name = fund.Name, FirstSeenAt = now, UpdatedAt = now });
            }

            await seed.SaveChangesAsync();
        }

        // Three weekdays, with a gap (Wed 5) so that each row's date is the pinned day, not "the day after the last".
        IReadOnlyList<DateOnly> days = [new(2025, 3, 3), new(2025, 3, 4), new(2025, 3, 6)];
        var clockUrl = new Uri(host.Fake.BaseUrl, "_fake/clock");
        var output = new StringWriter(CultureInfo.InvariantCulture);
        using var http = new HttpClient();

        var failed = await ReplayCommand.ReplayAsync(
            host.Factory.Services.GetRequiredService<IngestionRunner>(), http, clockUrl, days, [JobNames.Aum], output, CancellationToken.None);

        failed.Should().BeEmpty(output.ToString());
        await using var db = host.Database.NewDbContext();
        var rows = await db.FundMetrics.OrderBy(m => m.AsOf).ThenBy(m => m.Symbol).Select(m => new { m.AsOf, m.Symbol }).ToListAsync();
        rows.Select(r => (r.AsOf, r.Symbol)).Should().Equal(
            (days[0], "QQQ"), (days[0], "SPY"), (days[1], "QQQ"), (days[1], "SPY"), (days[2], "QQQ"), (days[2], "SPY"));

        // One aum run per day, all through the runner's run log.
        (await db.IngestionRuns.CountAsync(r => r.Job == JobNames.Aum && r.Status == RunStatus.Succeeded)).Should().Be(3);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3);
        lines[0].Should().StartWith("[ 1/3] 2025-03-03 ok ").And.Contain("aum succeeded 2 ok 0 failed");
        lines[2].Should().StartWith("[ 3/3] 2025-03-06 ok ");

        // Back on real time for whatever runs next.
        host.Clock.PinnedDate.Should().BeNull();
    }

    [Fact]
    public async Task Backfill_replayed_days_and_todays_jobs_run_in_one_process_in_that_order()
    {
        await host.Database.TruncateDataAsync();
        var now = DateTimeOffset.UtcNow;
        await using (var seed = host.Database.NewDbContext())
        {
            var fund = host.Fake.Yahoo.Dataset.Find("SPY")!;
            seed.Etfs.Add(new Etf { Symbol = "SPY", Name = fund.Name, FirstSeenAt = now, UpdatedAt = now });
            await seed.SaveChangesAsync();
        }

        var days = ReplayCommand.Weekdays(DateOnly.FromDateTime(now.UtcDateTime), 7).Count;
        var output = new StringWriter(CultureInfo.InvariantCulture);
        string[] args = ["--days", "7", "--clock-url", new Uri(host.Fake.BaseUrl, "_fake/clock").ToString(), "--jobs", "aum", "--backfill", "splits", "--then", "aum,flows"];

        var exitCode = await ReplayCommand.RunAsync(host.Factory.Services, args, output, CancellationToken.None);

        exitCode.Should().Be(0, output.ToString());
        await using var db = host.Database.NewDbContext();
        var runs = await db.IngestionRuns.OrderBy(r => r.Id).Select(r => r.Job).ToListAsync();
        // The backfill first, then one aum run per replayed weekday, then today's jobs: one host, no second process.
        runs.Should().Equal([JobNames.Splits, .. Enumerable.Repeat(JobNames.Aum, days), JobNames.Aum, JobNames.Flows]);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith("backfill: ok ").And.Contain("splits succeeded 1 ok 0 failed");
        lines[^2].Should().StartWith("then: ok ").And.Contain("aum succeeded 1 ok 0 failed").And.Contain("flows succeeded");
        host.Clock.PinnedDate.Should().BeNull();
    }

    [Theory]
    [InlineData("--clock-url", "http://127.0.0.1:5099/_fake/clock")]
    [InlineData("--days", "0", "--clock-url", "http://127.0.0.1:5099/_fake/clock")]
    [InlineData("--days", "45", "--clock-url", "not-a-url")]
    [InlineData("--days", "45", "--clock-url", "http://127.0.0.1:5099/_fake/clock", "--jobs", "aum,nightly")]
    public async Task Usage_errors_exit_2_and_set_no_clock(params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);

        var exitCode = await ReplayCommand.RunAsync(host.Factory.Services, args, output, CancellationToken.None);

        exitCode.Should().Be(2);
        output.ToString().Should().Contain(ReplayCommand.Usage);
        host.Clock.PinnedDate.Should().BeNull();
    }

    [Fact]
    public async Task A_clock_that_cannot_be_set_stops_the_replay_before_any_run()
    {
        await host.Database.TruncateDataAsync();
        using var http = new HttpClient();
        // The fake maps no clock route here: 404.
        var nowhere = new Uri(host.Fake.BaseUrl, "_fake/no-clock");

        var replay = () => ReplayCommand.ReplayAsync(
            host.Factory.Services.GetRequiredService<IngestionRunner>(), http, nowhere, [new DateOnly(2025, 3, 3)], [JobNames.Aum],
            TextWriter.Null, CancellationToken.None);

        await replay.Should().ThrowAsync<HttpRequestException>();
        await using var db = host.Database.NewDbContext();
        (await db.IngestionRuns.CountAsync()).Should().Be(0);
    }
}
