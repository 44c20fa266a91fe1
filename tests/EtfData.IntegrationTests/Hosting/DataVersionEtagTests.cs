using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace EtfData.IntegrationTests.Hosting;

/// <summary>
/// Conditional GETs answered from the in-memory data version (migration 0008's change notifications):
/// no endpoint, no query for a 304; a new ETag once a write commits; none for a write that changes nothing.
/// Tests of one class run one after another on one host and database.
/// </summary>
public sealed class DataVersionEtagTests(ApiHost host) : IClassFixture<ApiHost>, IAsyncLifetime
{
    private const string Prices = "/api/etfs/SPY/prices?from=2025-03-03&to=2025-03-07";
    private static readonly DateOnly Monday = new(2025, 3, 3);

    public async Task InitializeAsync()
    {
        if (await host.Database.ScalarAsync<long>("SELECT count(*) FROM etf") == 0)
        {
            await using var db = host.NewDbContext();
            db.Etfs.Add(Samples.Etf("SPY"));
            await db.SaveChangesAsync();
            await UpsertAsync(Week(500m));
        }

        // The listener connects in the background: wait until ETags come from the data version.
        var version = host.Factory.Services.GetRequiredService<DataVersion>();
        await Eventually.UntilAsync(() => Task.FromResult(version.Current is not null), "the data version is known");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_matching_conditional_get_is_answered_304_without_a_database_command()
    {
        using var commands = new DatabaseCommands(host.Database.ConnectionString);
        using var first = await host.Client.GetAsync(Prices);
        var afterFirst = commands.Count;

        using var conditional = new HttpRequestMessage(HttpMethod.Get, Prices);
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await host.Client.SendAsync(conditional);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        afterFirst.Should().BePositive("the full answer ran the endpoint's query (and proves the count works)");
        second.StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await second.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        commands.Count.Should().Be(afterFirst, "a 304 from the data version runs no query");
        second.Headers.ETag.Should().Be(first.Headers.ETag);
        second.Headers.CacheControl!.MaxAge.Should().Be(TimeSpan.FromSeconds(60));
        second.Headers.Vary.Should().Contain("Accept");
    }

    [Fact]
    public async Task The_etag_depends_on_the_request_and_accept()
    {
        var json = (await host.Client.GetAsync(Prices)).Headers.ETag!;
        var otherRange = (await host.Client.GetAsync("/api/etfs/SPY/prices?from=2025-03-04&to=2025-03-07")).Headers.ETag!;
        using var asCsv = new HttpRequestMessage(HttpMethod.Get, Prices);
        asCsv.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var csv = (await host.Client.SendAsync(asCsv)).Headers.ETag!;

        json.IsWeak.Should().BeTrue();
        new[] { json.Tag, otherRange.Tag, csv.Tag }.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_write_that_changes_rows_changes_the_etag_and_an_identical_reload_does_not()
    {
        using var before = await host.Client.GetAsync(Prices);
        var etag = before.Headers.ETag!;

        // Identical re-load: the trigger must not notify. Notifications reach listeners in commit order,
        // so once the probe sent after the re-load has arrived, a change notification would have too.
        await using (var listener = await ListenAsync())
        {
            var heard = new List<string>();
            listener.Notification += (_, e) => heard.Add(e.Channel);
            (await UpsertAsync(Week(500m))).Changed.Should().Be(0);
            await host.Database.ExecuteAsync("NOTIFY etfdata_test_probe");
            while (!heard.Contains("etfdata_test_probe"))
            {
                if (!await listener.WaitAsync(Eventually.Patience))
                {
                    throw new TimeoutException("The probe notification never arrived.");
                }
            }

            heard.Should().Equal(["etfdata_test_probe"], "an identical re-load changes no row and notifies nothing");
        }

        using var unchanged = new HttpRequestMessage(HttpMethod.Get, Prices);
        unchanged.Headers.IfNoneMatch.Add(etag);
        (await host.Client.SendAsync(unchanged)).StatusCode.Should().Be(HttpStatusCode.NotModified);

        // A corrected close: the ETag changes once the notification is in, and the new answer carries the new value.
        var corrected = Week(500m).ToList();
        corrected[4] = corrected[4] with { Close = 512.34m };
        (await UpsertAsync(corrected)).Updated.Should().Be(1);
        await Eventually.UntilAsync(
            async () =>
            {
                using var again = new HttpRequestMessage(HttpMethod.Get, Prices);
                again.Headers.IfNoneMatch.Add(etag);
                using var response = await host.Client.SendAsync(again);
                return response.StatusCode == HttpStatusCode.OK;
            },
            "the old ETag no longer matches");

        using var after = await host.Client.GetAsync(Prices);
        after.Headers.ETag.Should().NotBe(etag);
        var bars = (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("bars").EnumerateArray().ToList();
        bars.Single(b => b.GetProperty("tradeDate").GetString() == "2025-03-07").GetProperty("close").GetDecimal().Should().Be(512.34m);
    }

    [Fact]
    public async Task Health_and_admin_stay_uncached_and_answers_stay_compressed()
    {
        using var health = await host.Client.GetAsync("/api/health");
        using var admin = await host.Client.GetAsync("/api/admin/jobs");
        using var gzip = new HttpRequestMessage(HttpMethod.Get, Prices);
        gzip.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var compressed = await host.Client.SendAsync(gzip);
        using var conditionalGzip = new HttpRequestMessage(HttpMethod.Get, Prices);
        conditionalGzip.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        conditionalGzip.Headers.IfNoneMatch.Add(compressed.Headers.ETag!);
        using var notModified = await host.Client.SendAsync(conditionalGzip);

        health.Headers.CacheControl!.NoStore.Should().BeTrue();
        health.Headers.ETag.Should().BeNull();
        admin.Headers.CacheControl!.NoStore.Should().BeTrue();
        admin.Headers.ETag.Should().BeNull();
        compressed.StatusCode.Should().Be(HttpStatusCode.OK);
        compressed.Content.Headers.ContentEncoding.Should().Equal("gzip");
        compressed.Headers.ETag.Should().NotBeNull();
        compressed.Headers.Vary.Should().Contain("Accept").And.Contain("Accept-Encoding");
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    private async Task<NpgsqlConnection> ListenAsync()
    {
        var connection = new NpgsqlConnection(host.Database.ConnectionString);
        await connection.OpenAsync();
        await using var listen = new NpgsqlCommand($"LISTEN {DataVersionListener.Channel}; LISTEN etfdata_test_probe", connection);
        await listen.ExecuteNonQueryAsync();
        return connection;
    }

    private async Task<BulkWriteResult> UpsertAsync(IReadOnlyCollection<DailyPrice> bars)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BulkWriter>().UpsertAsync(bars, CancellationToken.None);
    }

    private static List<DailyPrice> Week(decimal close) =>
        [.. Enumerable.Range(0, 5).Select(i => Samples.Bar("SPY", Monday.AddDays(i), close + i))];
}
