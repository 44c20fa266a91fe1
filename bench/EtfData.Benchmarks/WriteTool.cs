using System.Diagnostics;
using System.Globalization;
using EtfData.Api.Storage;
using EtfData.Api.Storage.Migrations;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EtfData.Benchmarks;

/// <summary>
/// The BulkWriter side of bench/parts/write.sh: the real writer with a real <see cref="EtfDataDbContext"/>.
/// Each verb prints one tab-separated line: seconds spent writing (parsing the CSV excluded), then counts.
/// <list type="bullet">
/// <item><c>write load CONNECTION CSV [CLOSE_DELTA]</c>: one upsert call with every row of the CSV
/// (symbol,trade_date,open,high,low,close,adj_close,volume); rows whose line number is a multiple of
/// 100 get CLOSE_DELTA added to their close (the 1 %-changed re-load). Prints seconds, inserted, updated, unchanged.</item>
/// <item><c>write nightly CONNECTION ETFS DAY</c>: the nightly shape, one call per ETF E0000… of 1–5 rows
/// (the ETF's days up to DAY, the last one new), each call with a DbContext of its own as the ingestion
/// runner does. Prints seconds, calls, rows, inserted, updated, unchanged.</item>
/// <item><c>write nightly-sql CONNECTION ETFS DAY</c>: the same rows by prepared single-row upserts on one
/// open connection (index look-ups, no counting): the nightly shape's limit. Prints seconds, calls, rows.</item>
/// <item><c>write migrate CONNECTION</c>: applies the migrations (for a cluster of a part's own, as settings.sh starts).</item>
/// </list>
/// Prices follow the formula of write.sh's generator, so the days before DAY are identical to the stored ones.
/// </summary>
internal static class WriteTool
{
    private static readonly DateOnly FirstDay = new(2020, 1, 1);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            await Console.Error.WriteLineAsync("usage: write load CONNECTION CSV [CLOSE_DELTA] | write nightly|nightly-sql CONNECTION ETFS DAY | write migrate CONNECTION");
            return 2;
        }

        await using var dataSource = NpgsqlDataSource.Create(args[1]);
        switch (args[0])
        {
            case "load":
                var delta = args.Length > 3 ? decimal.Parse(args[3], CultureInfo.InvariantCulture) : 0m;
                await LoadAsync(dataSource, await ReadCsvAsync(args[2], delta));
                return 0;
            case "migrate":
                await new Migrator(dataSource, Options.Create(new StorageOptions { ConnectionString = args[1] }), NullLogger<Migrator>.Instance)
                    .MigrateAsync(CancellationToken.None);
                return 0;
            case "nightly":
                await NightlyAsync(dataSource, NightlyCalls(int.Parse(args[2], CultureInfo.InvariantCulture), DateOnly.Parse(args[3], CultureInfo.InvariantCulture)));
                return 0;
            case "nightly-sql":
                await NightlySqlAsync(dataSource, NightlyCalls(int.Parse(args[2], CultureInfo.InvariantCulture), DateOnly.Parse(args[3], CultureInfo.InvariantCulture)));
                return 0;
            default:
                await Console.Error.WriteLineAsync($"unknown write verb {args[0]}");
                return 2;
        }
    }

    private static EtfDataDbContext NewDbContext(NpgsqlDataSource dataSource) =>
        new(new DbContextOptionsBuilder<EtfDataDbContext>().UseNpgsql(dataSource).Options);

    /// <summary>
    /// A rolled-back call through each path first, so that the timed call measures a running service's
    /// write, not model building, connection opening and JIT compilation.
    /// </summary>
    private static async Task WarmUpAsync(NpgsqlDataSource dataSource, IReadOnlyList<DailyPrice> rows)
    {
        await using var db = NewDbContext(dataSource);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await new BulkWriter(db) { ArrayBatchLimit = 0 }.UpsertAsync([.. rows.Take(1_000)], CancellationToken.None);
        await new BulkWriter(db).UpsertAsync([.. rows.Take(5)], CancellationToken.None);
        await transaction.RollbackAsync();
    }

    private static async Task LoadAsync(NpgsqlDataSource dataSource, List<DailyPrice> rows)
    {
        await WarmUpAsync(dataSource, rows);
        await using var db = NewDbContext(dataSource);
        var stopwatch = Stopwatch.StartNew();
        var result = await new BulkWriter(db).UpsertAsync(rows, CancellationToken.None);
        stopwatch.Stop();
        Console.WriteLine(string.Join('\t', Seconds(stopwatch), result.Inserted, result.Updated, result.Unchanged));
    }

    private static async Task NightlyAsync(NpgsqlDataSource dataSource, List<DailyPrice[]> calls)
    {
        await WarmUpAsync(dataSource, [.. calls.SelectMany(c => c)]);
        var total = BulkWriteResult.Empty;
        var stopwatch = Stopwatch.StartNew();
        foreach (var call in calls)
        {
            await using var db = NewDbContext(dataSource);
            total += await new BulkWriter(db).UpsertAsync(call, CancellationToken.None);
        }

        stopwatch.Stop();
        Console.WriteLine(string.Join('\t', Seconds(stopwatch), calls.Count, calls.Sum(c => c.Length), total.Inserted, total.Updated, total.Unchanged));
    }

    private static async Task NightlySqlAsync(NpgsqlDataSource dataSource, List<DailyPrice[]> calls)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var upsert = new NpgsqlCommand(
            "INSERT INTO price_daily AS t (symbol, trade_date, open, high, low, close, adj_close, volume) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (symbol, trade_date) DO UPDATE SET " +
            "open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close, adj_close = EXCLUDED.adj_close, volume = EXCLUDED.volume " +
            "WHERE (t.open, t.high, t.low, t.close, t.adj_close, t.volume) IS DISTINCT FROM " +
            "(EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.adj_close, EXCLUDED.volume)",
            connection);
        var symbol = upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "" });
        var day = upsert.Parameters.Add(new NpgsqlParameter<DateOnly>());
        var open = upsert.Parameters.Add(new NpgsqlParameter<decimal>());
        var high = upsert.Parameters.Add(new NpgsqlParameter<decimal>());
        var low = upsert.Parameters.Add(new NpgsqlParameter<decimal>());
        var close = upsert.Parameters.Add(new NpgsqlParameter<decimal>());
        var adjClose = upsert.Parameters.Add(new NpgsqlParameter<decimal>());
        var volume = upsert.Parameters.Add(new NpgsqlParameter<long>());
        await upsert.PrepareAsync();

        var stopwatch = Stopwatch.StartNew();
        foreach (var call in calls)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var row in call)
            {
                ((NpgsqlParameter<string>)symbol).TypedValue = row.Symbol;
                ((NpgsqlParameter<DateOnly>)day).TypedValue = row.TradeDate;
                ((NpgsqlParameter<decimal>)open).TypedValue = row.Open;
                ((NpgsqlParameter<decimal>)high).TypedValue = row.High;
                ((NpgsqlParameter<decimal>)low).TypedValue = row.Low;
                ((NpgsqlParameter<decimal>)close).TypedValue = row.Close;
                ((NpgsqlParameter<decimal>)adjClose).TypedValue = row.AdjClose!.Value;
                ((NpgsqlParameter<long>)volume).TypedValue = row.Volume!.Value;
                await upsert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        stopwatch.Stop();
        Console.WriteLine(string.Join('\t', Seconds(stopwatch), calls.Count, calls.Sum(c => c.Length)));
    }

    /// <summary>Call i writes ETF i's last 1 + i % 5 days up to <paramref name="day"/>.</summary>
    private static List<DailyPrice[]> NightlyCalls(int etfs, DateOnly day)
    {
        var calls = new List<DailyPrice[]>(etfs);
        for (var e = 0; e < etfs; e++)
        {
            var count = 1 + (e % 5);
            calls.Add([.. Enumerable.Range(0, count).Select(k => Bar(e, day.AddDays(k - count + 1)))]);
        }

        return calls;
    }

    /// <summary>The generator's formula (bench/parts/write.sh): exact two-decimal prices from ETF and day number.</summary>
    private static DailyPrice Bar(int etf, DateOnly day)
    {
        var d = day.DayNumber - FirstDay.DayNumber;
        var close = 20m + (etf % 400) + (d * 0.01m);
        return new DailyPrice(
            "E" + etf.ToString("0000", CultureInfo.InvariantCulture), day,
            close - 0.05m, close + 0.25m, close - 0.30m, close, close - 0.10m, 100_000L + (etf * 10L) + d);
    }

    private static async Task<List<DailyPrice>> ReadCsvAsync(string path, decimal closeDelta)
    {
        var rows = new List<DailyPrice>(2_000_000);
        using var reader = new StreamReader(path);
        var lineNumber = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            lineNumber++;
            var f = line.Split(',');
            var close = Dec(f[5]);
            if (closeDelta != 0 && lineNumber % 100 == 0)
            {
                close += closeDelta;
            }

            rows.Add(new DailyPrice(
                f[0], DateOnly.ParseExact(f[1], "yyyy-MM-dd", CultureInfo.InvariantCulture), Dec(f[2]), Dec(f[3]), Dec(f[4]), close,
                f[6].Length == 0 ? null : Dec(f[6]), f[7].Length == 0 ? null : long.Parse(f[7], CultureInfo.InvariantCulture)));
        }

        return rows;

        static decimal Dec(string s) => decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture);
    }

    private static string Seconds(Stopwatch stopwatch) => stopwatch.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
