using System.Net;
using System.Text.Json;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>
/// Reads while ingestion writes: a writer commits two versions of one fund's data in turn (bar, AUM, NAV and the
/// holdings snapshot replaced, each version in one transaction as the jobs write), while readers check that every
/// answer describes exactly one of them.
/// </summary>
public sealed class SnapshotReadTests(ITestOutputHelper output)
{
    private static readonly DateOnly Day = new(2025, 3, 7);

    /// <summary>One committed state of SPY: every figure says which version it belongs to.</summary>
    private sealed record Version(string Tag, decimal Close, decimal AumUsd, int PositionCount);

    private static readonly Version[] Versions = [new("A", 100m, 1_000_000_000m, 10), new("B", 200m, 2_000_000_000m, 12)];

    [Fact]
    public async Task Etf_detail_and_holdings_read_while_a_writer_alternates_two_versions_never_mix_them()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: true);
        await database.ExecuteAsync("INSERT INTO etf (symbol, name) VALUES ('SPY', 'SPDR S&P 500 ETF Trust')");
        await WriteAsync(database, Versions[0]);
        await using var host = new EtfDataApiFactory(database.ConnectionString);
        using var client = host.CreateClient();

        using var stop = new CancellationTokenSource();
        var versionsWritten = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await WriteAsync(database, Versions[(versionsWritten + 1) % 2]);
                Interlocked.Increment(ref versionsWritten);
            }
        });

        var mixed = new List<string>();
        var reads = 0;
        async Task ReadAsync(string path, Func<JsonElement, string?> mixOf)
        {
            for (var i = 0; i < 300; i++)
            {
                using var response = await client.GetAsync(path);
                response.StatusCode.Should().Be(HttpStatusCode.OK);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Interlocked.Increment(ref reads);
                if (mixOf(json.RootElement) is { } mix)
                {
                    lock (mixed)
                    {
                        mixed.Add($"{path}: {mix}");
                    }
                }
            }
        }

        try
        {
            await Task.WhenAll(
                ReadAsync("/api/etfs/SPY", DetailMix), ReadAsync("/api/etfs/SPY", DetailMix),
                ReadAsync("/api/etfs/SPY/holdings", HoldingsMix), ReadAsync("/api/etfs/SPY/holdings", HoldingsMix));
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }

        Figures.Report(output, $"snapshot reads: {reads} answers read while {versionsWritten} versions were committed, {mixed.Count} mixed two versions");
        versionsWritten.Should().BeGreaterThan(50, "the readers ran while the writer committed");
        mixed.Should().BeEmpty();
    }

    /// <summary>Null when every versioned figure of the detail answer names the same version, else what disagreed.</summary>
    private static string? DetailMix(JsonElement detail)
    {
        var holdings = detail.GetProperty("topHoldings");
        var names = holdings.ValueKind == JsonValueKind.Null
            ? []
            : holdings.GetProperty("holdings").EnumerateArray().Select(h => h.GetProperty("name").GetString()![..1]).Distinct().ToList();
        var tags = new Dictionary<string, string?>
        {
            ["close"] = Versions.SingleOrDefault(v => v.Close == detail.GetProperty("latestPrice").GetProperty("close").GetDecimal())?.Tag,
            ["aumUsd"] = Versions.SingleOrDefault(v => v.AumUsd == detail.GetProperty("aumUsd").GetProperty("value").GetDecimal())?.Tag,
            ["positionCount"] = holdings.ValueKind == JsonValueKind.Null
                ? null
                : Versions.SingleOrDefault(v => v.PositionCount == holdings.GetProperty("positionCount").GetInt32())?.Tag,
            // The ten largest of the snapshot named above, all of that version.
            ["topHoldings"] = names.Count == 1 && holdings.GetProperty("holdings").GetArrayLength() == 10 ? names[0] : null,
        };
        return tags.Values.Distinct().Count() == 1 && tags.Values.First() is not null
            ? null
            : string.Join(", ", tags.Select(t => $"{t.Key}={t.Value ?? "?"}"));
    }

    private static string? HoldingsMix(JsonElement answer)
    {
        var count = answer.GetProperty("positionCount").GetInt32();
        var names = answer.GetProperty("holdings").EnumerateArray().Select(h => h.GetProperty("name").GetString()![..1]).Distinct().ToList();
        var version = Versions.SingleOrDefault(v => v.PositionCount == count);
        return version is not null && names.Count == 1 && names[0] == version.Tag && answer.GetProperty("holdings").GetArrayLength() == count
            ? null
            : $"positionCount={count}, position versions={string.Join('/', names)}";
    }

    /// <summary>
    /// Commits <paramref name="version"/> in one transaction, the way the jobs write: the day's bar and AUM
    /// observation upserted, the issuer's snapshot replaced by a new one (the trigger marks it latest).
    /// </summary>
    private static async Task WriteAsync(TestDatabase database, Version version)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("""
                    INSERT INTO price_daily (symbol, trade_date, open, high, low, close, adj_close, volume)
                    VALUES ('SPY', @day, @close, @close, @close, @close, @close, 1000)
                    ON CONFLICT (symbol, trade_date) DO UPDATE
                       SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close, adj_close = EXCLUDED.adj_close
                    """) { Parameters = { new("day", Day), new("close", version.Close) } },
                new("""
                    INSERT INTO fund_metric_daily (symbol, as_of, source, total_assets_usd, nav_per_share)
                    VALUES ('SPY', @day, 'yahoo', @aum, @close)
                    ON CONFLICT (symbol, as_of, source) DO UPDATE SET total_assets_usd = EXCLUDED.total_assets_usd, nav_per_share = EXCLUDED.nav_per_share
                    """) { Parameters = { new("day", Day), new("aum", version.AumUsd), new("close", version.Close) } },
                new("DELETE FROM holding_snapshot WHERE symbol = 'SPY' AND source = 'ishares'"),
                new("""
                    INSERT INTO holding_snapshot (symbol, as_of, source, position_count, coverage)
                    VALUES ('SPY', @day, 'ishares', @count, 'full')
                    """) { Parameters = { new("day", Day), new("count", version.PositionCount) } },
                new("""
                    INSERT INTO holding (snapshot_id, position, name, weight)
                    SELECT s.id, g, @tag || '-' || g, 1.0 / @count
                    FROM holding_snapshot s, generate_series(1, @count) g
                    WHERE s.symbol = 'SPY' AND s.source = 'ishares'
                    """) { Parameters = { new("tag", version.Tag), new("count", version.PositionCount) } },
            },
        };
        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
