using System.Diagnostics;
using System.Globalization;
using EtfData.Api.Ingestion;
using EtfData.Api.Ingestion.Sec;
using EtfData.Api.Sources.Sec.Nport;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EtfData.Benchmarks;

/// <summary>
/// <c>holdings-load AS_OF EVERY</c>: a quarter's N-PORT bulk load through the real write path (one transaction,
/// a savepoint and <see cref="NportStore.StoreAsync(ItemWriteContext, string, long, DateOnly, NportReport, IReadOnlyList{NportHolding}, int, string?, CancellationToken)"/>
/// per filing, as <c>nport-bulk</c> does) into a database filled by bench/holdings/generate.sql. The filings are
/// every EVERY-th fund's newest full snapshot re-filed for quarter AS_OF. Connection from ETFDATA_DB. Prints
/// <c>rows seconds</c> of the timed store (reading the positions beforehand is not timed).
/// </summary>
public static class HoldingsLoad
{
    private sealed record Line(string Symbol, long Cik, string SeriesId, NportHolding Holding);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2 || !DateOnly.TryParseExact(args[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf)
            || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var every) || every < 1)
        {
            await Console.Error.WriteLineAsync("usage: holdings-load AS_OF(yyyy-MM-dd) EVERY(n >= 1)");
            return 2;
        }

        var connectionString = Environment.GetEnvironmentVariable("ETFDATA_DB")
            ?? throw new InvalidOperationException("ETFDATA_DB is not set.");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var funds = await ReadFundsAsync(dataSource, every);

        var options = new DbContextOptionsBuilder<EtfDataDbContext>().UseNpgsql(dataSource).Options;
        await using var db = new EtfDataDbContext(options);
        var context = new ItemWriteContext(db, new BulkWriter(db));
        var clock = Stopwatch.StartNew();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            foreach (var fund in funds)
            {
                var first = fund[0];
                var report = new NportReport
                {
                    SubmissionType = "NPORT-P",
                    SeriesId = first.SeriesId,
                    ReportDate = asOf,
                    NetAssetsUsd = fund.Sum(l => l.Holding.ValueUsd ?? 0m),
                    HoldingCount = fund.Count,
                };
                var accession = string.Create(CultureInfo.InvariantCulture, $"{first.Cik:D10}-99-{first.Cik % 1000000:D6}");
                var (_, refusal) = await FilingSavepoint.TryAsync(
                    context,
                    token => NportStore.StoreAsync(context, accession, first.Cik, asOf.AddDays(55), report, [.. fund.Select(l => l.Holding)],
                        NportXmlParser.Version, "bench", token),
                    CancellationToken.None);
                if (refusal is not null)
                {
                    throw new InvalidOperationException($"{first.Symbol}: {refusal}");
                }
            }

            await transaction.CommitAsync();
        }

        clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{funds.Sum(f => f.Count)} {clock.Elapsed.TotalSeconds:F3}"));
        return 0;
    }

    private static async Task<List<List<Line>>> ReadFundsAsync(NpgsqlDataSource dataSource, int every)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT e.symbol, e.sec_cik, e.sec_series_id, h.position, h.name, h.cusip, h.isin, h.ticker, h.weight, h.shares, h.market_value_usd
              FROM etf e
              JOIN holding_snapshot s ON s.symbol = e.symbol AND s.is_latest AND s.coverage = 'full'
              JOIN holding h ON h.snapshot_id = s.id
             WHERE e.sec_series_id IS NOT NULL AND e.sec_cik % $1 = 0
             ORDER BY e.symbol, h.position
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = every });
        var funds = new List<List<Line>>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var symbol = reader.GetString(0);
            var shares = reader.IsDBNull(9) ? (decimal?)null : reader.GetDecimal(9);
            var line = new Line(symbol, reader.GetInt64(1), reader.GetString(2), new NportHolding
            {
                Position = reader.GetInt32(3),
                Name = reader.GetString(4),
                Cusip = reader.IsDBNull(5) ? null : reader.GetString(5),
                Isin = reader.IsDBNull(6) ? null : reader.GetString(6),
                Ticker = reader.IsDBNull(7) ? null : reader.GetString(7),
                PercentOfNetAssets = reader.IsDBNull(8) ? null : reader.GetDecimal(8) * 100m,
                Balance = shares,
                Units = "NS",
                Currency = "USD",
                ValueUsd = reader.IsDBNull(10) ? null : reader.GetDecimal(10),
                AssetCategory = "EC",
                Country = "US",
            });
            if (funds.Count == 0 || funds[^1][0].Symbol != symbol)
            {
                funds.Add([]);
            }

            funds[^1].Add(line);
        }

        return funds;
    }
}
