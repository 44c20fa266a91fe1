using EtfData.FakeUpstream;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>Stopping and starting a clustered scheduler node the clean way.</summary>
public sealed class SchedulerRestartTests
{
    private const int CheckinSeconds = 2;

    [Fact]
    public async Task A_node_stopped_cleanly_leaves_no_state_behind_and_its_restart_reports_no_failed_instance()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: true);
        await using var fake = await FakeUpstreamServer.StartAsync();
        var settings = IngestionHost.Settings(fake);
        settings["Scheduler:Enabled"] = "true";
        settings["Scheduler:ClusterCheckinSeconds"] = CheckinSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var firstLog = new CapturingSink();
        await using (var first = Host(database, settings, firstLog))
        {
            _ = first.Services;
            await Eventually.UntilAsync(async () => await database.ScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state") == 1, "the first node checked in");
        }

        var stoppedAt = DateTime.UtcNow.Ticks;
        var leftBehind = await database.ScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state");

        var secondLog = new CapturingSink();
        await using (var second = Host(database, settings, secondLog))
        {
            _ = second.Services;
            // Quartz counts a node as failed once its last check-in is older than the check-in interval
            // plus the 7.5 s misfire threshold; wait for a check-in of the new node well past that point.
            var pastThreshold = stoppedAt + TimeSpan.FromSeconds(CheckinSeconds + 7.5 + 3).Ticks;
            await Eventually.UntilAsync(
                async () => await database.ScalarAsync<long>("SELECT coalesce(max(last_checkin_time), 0) FROM qrtz_scheduler_state") > pastThreshold,
                "the second node checked in after the first one would count as failed");
        }

        var quartzWarnings = firstLog.Events.Concat(secondLog.Events)
            .Where(e => e.Level >= Serilog.Events.LogEventLevel.Warning && CapturingSink.Render(e).Contains("ClusterManager", StringComparison.Ordinal))
            .Select(CapturingSink.Render).ToList();
        quartzWarnings.Should().BeEmpty();
        leftBehind.Should().Be(0, "a clean shutdown removes the node's check-in row");
    }

    private static WebApplicationFactory<Program> Host(TestDatabase database, IReadOnlyDictionary<string, string?> settings, CapturingSink sink) =>
        new EtfDataApiFactory(database.ConnectionString, settings)
            .WithWebHostBuilder(web => web.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(sink)));
}
