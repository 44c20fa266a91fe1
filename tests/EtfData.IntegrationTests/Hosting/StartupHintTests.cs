using EtfData.Api.Hosting;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Xunit;

namespace EtfData.IntegrationTests.Hosting;

public sealed class StartupHintTests
{
    [Fact]
    public async Task A_host_started_on_an_empty_database_says_how_to_get_data_and_is_quiet_once_there_is_some()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: true);

        var empty = await StartupEventsAsync(database);

        var hint = empty.Should().ContainSingle().Which;
        hint.Level.Should().Be(LogEventLevel.Warning);
        CapturingSink.Render(hint).Should()
            .StartWith("No data yet: the database has no ETFs. Run `./etfdata ingest all --backfill`")
            .And.EndWith("this instance's scheduler is off (Scheduler__Enabled=false), so nothing here will fill it.", "the test host runs without the scheduler");

        await using (var db = database.NewDbContext())
        {
            var now = new DateTimeOffset(2025, 3, 7, 22, 0, 0, TimeSpan.Zero);
            db.Etfs.Add(new Etf { Symbol = "SPY", Name = "SPDR S&P 500 ETF Trust", FirstSeenAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
        }

        (await StartupEventsAsync(database)).Should().BeEmpty();
    }

    private static async Task<List<LogEvent>> StartupEventsAsync(TestDatabase database)
    {
        var sink = new CapturingSink();
        await using var factory = new EtfDataApiFactory(database.ConnectionString)
            .WithWebHostBuilder(web => web.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(sink)));
        _ = factory.Services; // start-up runs before the host answers
        return sink.From(StartupHints.LoggerName);
    }
}
