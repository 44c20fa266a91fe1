using System.Globalization;
using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream.Faults;
using EtfData.FakeUpstream.Sec;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Serilog.Core;
using Serilog.Events;
using Xunit.Abstractions;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>
/// The fault suite's host: every upstream on a 2 s attempt timeout (a hang costs seconds, not minutes), Retry-After
/// honoured up to 5 s, SEC's throttling pause shortened to 1 s so one case's 429 does not hold back the next, and
/// the host's log captured to read the delay each retry waited.
/// </summary>
public class UpstreamFaultHost : IngestionHost
{
    public const int MaxRetryAfterSeconds = 5;

    public CapturingSink Log { get; } = new();

    /// <summary>Reference databases, one per source and date: what a fault-free run stores over the same earlier state.</summary>
    public Dictionary<string, DatabaseRows> References { get; } = [];

    protected override ILogEventSink? LogSink => Log;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = FaultSettings();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Fake.Sec.Dataset = SecDatasets.Demo(Dataset, DataDate);
    }

    private static Dictionary<string, string?> FaultSettings()
    {
        var settings = new Dictionary<string, string?>();
        foreach (var section in (string[])["Yahoo", "Nasdaq", "Sec", "IShares", "Spdr", "Invesco", "Schwab", "Etfdb"])
        {
            settings[$"Sources:{section}:AttemptTimeout"] = "00:00:02";
            settings[$"Sources:{section}:MaxRetryAfter"] = $"00:00:0{MaxRetryAfterSeconds}";
            settings[$"Sources:{section}:BreakerMinimumThroughput"] = "10000";
        }

        settings["Sources:Sec:ThrottleCoolDown"] = "00:00:01";
        settings["Sources:Sec:DocumentAttemptTimeout"] = "00:00:02";
        settings["Sources:Sec:DataSetDownloadTimeout"] = "00:01:00";
        return settings;
    }
}

/// <summary>Every data row of the database, volatile columns (ids, timestamps) left out, grouped by the fund it belongs to.</summary>
public sealed record DatabaseRows(IReadOnlyDictionary<string, IReadOnlyList<string>> ByFund)
{
    /// <summary>The key of rows no single fund owns (securities, N-PORT filings).</summary>
    public const string Shared = "*";

    public int Count => ByFund.Values.Sum(r => r.Count);

    public IReadOnlyList<string> Of(string fund) => ByFund.TryGetValue(fund, out var rows) ? rows : [];

    public IEnumerable<string> Funds => ByFund.Keys;

    public static async Task<DatabaseRows> ReadAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var tables = new List<(string Table, bool HasSymbol)>();
        await using (var list = new NpgsqlCommand(
            """
            SELECT t.table_name,
                   EXISTS (SELECT 1 FROM information_schema.columns c
                            WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = 'symbol')
              FROM information_schema.tables t
             WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE'
               AND t.table_name NOT LIKE 'qrtz%' AND t.table_name NOT LIKE 'ingestion%' AND t.table_name NOT LIKE '%migration%'
             ORDER BY 1
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add((reader.GetString(0), reader.GetBoolean(1)));
            }
        }

        var rows = new Dictionary<string, List<string>>();
        foreach (var (table, hasSymbol) in tables)
        {
            // Ids and timestamps differ between two runs that stored the same data.
            const string Stable = "(SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each(to_jsonb(t)) WHERE key NOT IN ('id', 'snapshot_id', 'security_id') AND key NOT LIKE '%\\_at')";
            var sql = table switch
            {
                // Which source's spelling of a name or sector a shared security keeps depends on which fund's file came
                // first, and items run in parallel: its identity is what two equal runs share.
                "security" => $"SELECT '{Shared}', '{table} ' || jsonb_build_object('cusip', cusip, 'isin', isin, 'ticker', ticker)::text FROM security",
                "holding" => $"SELECT s.symbol, '{table} ' || s.as_of || ' ' || s.source || ' ' || {Stable}::text FROM holding t JOIN holding_snapshot s ON s.id = t.snapshot_id",
                _ when hasSymbol => $"SELECT t.symbol, '{table} ' || {Stable}::text FROM \"{table}\" t",
                _ => $"SELECT '{Shared}', '{table} ' || {Stable}::text FROM \"{table}\" t",
            };
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var fund = reader.IsDBNull(0) ? Shared : reader.GetString(0);
                (rows.TryGetValue(fund, out var list) ? list : rows[fund] = []).Add(reader.GetString(1));
            }
        }

        return new DatabaseRows(rows.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)[.. kv.Value.Order(StringComparer.Ordinal)]));
    }
}

/// <summary>What a fault does to the item it hits.</summary>
public enum Outcome
{
    /// <summary>The retries get past it: the item succeeds and stores what a fault-free run stores.</summary>
    Recovers,

    /// <summary>Every attempt the policy allows is made, then the item fails "upstream unavailable".</summary>
    FailsAfterRetries,

    /// <summary>Not retried (a throttling pause longer than a request may wait): one attempt, the item fails naming the pause.</summary>
    FailsAtOnce,

    /// <summary>A complete answer that cannot be read: one attempt, the item fails "payload invalid" naming what is wrong.</summary>
    Invalid,
}

/// <summary>One fault of a source's table: how it is armed (on every request, or the first <see cref="Times"/>) and what it must lead to.</summary>
public sealed record FaultCase(string Name, Func<Fault> Fault, int? Times, Outcome Outcome, string? DetailContains = null, int? RetryAfterSeconds = null)
{
    public override string ToString() => Name;
}

/// <summary>Where a source is faulted and which job reads it.</summary>
public sealed record FaultTarget(
    string Source,
    string Job,
    int Retries,
    string[] Funds,
    string FaultPath,
    string[] FaultedItems,
    string[] FaultedFunds,
    bool Backfill = false,
    bool RunBeforeOnEarlierDay = true,
    string[]? Quarters = null,
    int DocumentsPerItem = 1,
    bool StreamsBody = false)
{
    public Task<IngestionRun> RunAsync(UpstreamFaultHost host) =>
        host.Runner.RunAsync(Job, new IngestionRequest("test", null, Backfill, Quarters: Quarters), null, CancellationToken.None);

    /// <summary>Steps before the measured run (e.g. discovery, for the SEC identifiers); run again for the reference.</summary>
    public Func<UpstreamFaultHost, Task>? Prepare { get; init; }

    /// <summary>Steps right before the measured run (e.g. expiring Yahoo's crumbs so the handshake is made again).</summary>
    public Action<UpstreamFaultHost>? BeforeRun { get; init; }
}

/// <summary>Runs one fault case of one source and checks the run log, the attempts made and the database.</summary>
public static class UpstreamFaultRunner
{
    public static readonly DateTimeOffset EarlierDay = IngestionHost.FridayAfterClose.AddDays(-7);

    /// <summary>The standard transport faults every source is put through, for an upstream allowing <paramref name="retries"/> retries.</summary>
    public static IEnumerable<FaultCase> TransportFaults(int retries, bool hourLongPause = true) =>
        AllTransportFaults(retries).Where(f => hourLongPause || f.Outcome != Outcome.FailsAtOnce);

    private static IEnumerable<FaultCase> AllTransportFaults(int retries) =>
    [
        new("429 storm without Retry-After", () => Fault.Status(429, null, "Too Many Requests\r\n", "text/plain"), null, Outcome.FailsAfterRetries, "429"),
        new("429 storm with Retry-After: 1", () => Fault.TooManyRequests(TimeSpan.FromSeconds(1)), null, Outcome.FailsAfterRetries, "429", RetryAfterSeconds: 1),
        new("429 burst with Retry-After: 1, then served", () => Fault.TooManyRequests(TimeSpan.FromSeconds(1)), retries, Outcome.Recovers, RetryAfterSeconds: 1),
        new("429 asking for an hour", () => Fault.TooManyRequests(TimeSpan.FromHours(1)), null, Outcome.FailsAtOnce, "429"),
        new("500 storm", () => Fault.ServerError(500), null, Outcome.FailsAfterRetries, "500"),
        new("502/503 burst, then served", () => Fault.ServerError(503), retries, Outcome.Recovers),
        new("hang past the attempt timeout", () => Fault.Hang(TimeSpan.FromSeconds(30)), null, Outcome.FailsAfterRetries, "timed out"),
        new("hang once, then served", () => Fault.Hang(TimeSpan.FromSeconds(30)), 1, Outcome.Recovers),
        new("connection reset", () => Fault.ConnectionReset(), null, Outcome.FailsAfterRetries, "reset by peer|ended prematurely"),
        new("connection reset once, then served", () => Fault.ConnectionReset(), 1, Outcome.Recovers),
        new("truncated body", () => Fault.TruncatedBody(), null, Outcome.FailsAfterRetries, "reset by peer|ended prematurely"),
    ];

    public static async Task RunAsync(UpstreamFaultHost host, FaultTarget target, FaultCase fault, ITestOutputHelper output)
    {
        var reference = await ReferenceAsync(host, target);

        var before = await PrepareAsync(host, target);
        var rule = host.Fake.Faults.On(target.FaultPath, fault.Fault(), fault.Times);
        host.Log.Events.Clear();
        target.BeforeRun?.Invoke(host);
        var run = await target.RunAsync(host);
        var after = await DatabaseRows.ReadAsync(host.Database);
        host.Fake.Faults.Clear();

        await using var db = host.Database.NewDbContext();
        var items = await db.IngestionItems.AsNoTracking().Where(i => i.RunId == run.Id).OrderBy(i => i.Item).ToListAsync();
        var described = string.Join("; ", items.Select(i => $"{i.Item} {i.Status}: {i.Error ?? i.Note}"));
        output.WriteLine($"{target.Source} / {fault.Name}: run {run.Status}, attempts {rule.Applied}; {described}");
        // ./etfdata test sums these per source: cases run and faults the fake injected.
        Figures.Report(output, $"upstream fault: {target.Source} / {fault.Name}: faults injected {rule.Applied}");

        // The run log: the faulted items say what happened, the others succeeded.
        var retries = target.Retries;
        var faulted = items.Where(i => target.FaultedItems.Contains(i.Item)).ToList();
        faulted.Should().HaveCount(target.FaultedItems.Length, "every faulted item is in the run log ({0})", described);
        items.Except(faulted).Where(i => i.Status != ItemStatus.Succeeded).Should().BeEmpty("faults on other items do not spread ({0})", described);
        if (fault.Outcome == Outcome.Recovers)
        {
            run.Status.Should().Be(RunStatus.Succeeded, described);
            faulted.Should().OnlyContain(i => i.Status == ItemStatus.Succeeded);
        }
        else
        {
            run.Status.Should().Be(items.Count == faulted.Count ? RunStatus.Failed : RunStatus.Partial, described);
            // Items that read several documents name the one that failed first ("filing …: upstream unavailable: …").
            var prefix = fault.Outcome == Outcome.Invalid ? "payload invalid" : "upstream unavailable";
            faulted.Should().OnlyContain(i => i.Status == ItemStatus.Failed, described);
            if (fault.Outcome != Outcome.Invalid || fault.DetailContains is null)
            {
                faulted.Should().OnlyContain(i => i.Error!.Contains(prefix, StringComparison.Ordinal), described);
            }
            if (fault.DetailContains is { } detail)
            {
                // Alternatives separated by '|': a reset reaches the client as "reset by peer" or as a response ended early, by timing.
                faulted.Should().OnlyContain(
                    i => detail.Split('|').Any(d => i.Error!.Contains(d, StringComparison.OrdinalIgnoreCase)), "the error names the fault: {0}", described);
            }
        }

        // The attempts: as many as the retry policy allows, each retry after Retry-After when one was sent.
        var expectedAttempts = fault.Outcome switch
        {
            Outcome.Recovers => (fault.Times ?? 0) + 1,
            Outcome.FailsAfterRetries => retries + 1,
            Outcome.Invalid => target.DocumentsPerItem,
            _ => 1,
        };
        var faultedAttempts = fault.Outcome == Outcome.Recovers ? expectedAttempts - 1 : expectedAttempts;
        if (target.StreamsBody && fault.Outcome == Outcome.FailsAfterRetries && rule.Applied != faultedAttempts)
        {
            // A streamed download is tried again when its body breaks off after the headers, and each try has the
            // pipeline's retries for failures before them: a connection cut right after the headers fails on either
            // side by timing, so from one to (retries + 1) requests per try.
            rule.Applied.Should().BeInRange(faultedAttempts, faultedAttempts * faultedAttempts, "tries of a streamed download, each with its retries");
        }
        else
        {
            rule.Applied.Should().Be(faultedAttempts * target.FaultedItems.Length, "attempts that met the fault, per faulted item");
        }
        if (fault.RetryAfterSeconds is { } retryAfter)
        {
            var retryDelays = RetryDelays(host, target.FaultPath);
            retryDelays.Should().HaveCount(expectedAttempts - 1).And.OnlyContain(
                d => d >= retryAfter * 1000, "each retry waited the Retry-After asked for");
        }

        // The database: exactly what it held before plus the good items' rows.
        if (fault.Outcome == Outcome.Recovers)
        {
            SameFundRows(after, reference);
        }
        else
        {
            foreach (var fund in after.Funds.Union(reference.Funds).Union(before.Funds))
            {
                if (target.FaultedFunds.Contains(fund))
                {
                    after.Of(fund).Should().Equal(before.Of(fund), $"{fund}'s rows are the ones it held before");
                }
                else if (fund != DatabaseRows.Shared)
                {
                    after.Of(fund).Should().Equal(reference.Of(fund), $"{fund}'s rows are those of a fault-free run");
                }
            }

            before.Of(DatabaseRows.Shared).Except(after.Of(DatabaseRows.Shared)).Should().BeEmpty("no shared row was lost");
            after.Of(DatabaseRows.Shared).Where(r => !before.Of(DatabaseRows.Shared).Contains(r) && !reference.Of(DatabaseRows.Shared).Contains(r))
                .Should().BeEmpty("shared rows are those held before or those of a fault-free run");
        }
    }

    /// <summary>
    /// Every fund's rows equal. Shared securities are left out: which file's spelling of an identity a security keeps (and
    /// so which lines of other files it absorbs) depends on the order in which parallel items ran.
    /// </summary>
    private static void SameFundRows(DatabaseRows actual, DatabaseRows expected)
    {
        actual.Funds.Order().Should().Equal(expected.Funds.Order());
        foreach (var fund in expected.Funds.Where(f => f != DatabaseRows.Shared))
        {
            actual.Of(fund).Should().Equal(expected.Of(fund), $"{fund}'s rows are those of a fault-free run");
        }
    }

    /// <summary>The delays the pipeline waited before each retry of a request to <paramref name="path"/>, in ms.</summary>
    private static List<long> RetryDelays(UpstreamFaultHost host, string path) =>
    [
        .. host.Log.Events
            .Where(e => e.Properties.TryGetValue("Attempt", out var attempt) && attempt is ScalarValue { Value: int n } && n > 1
                && e.Properties.TryGetValue("Path", out var p) && p is ScalarValue { Value: string s } && s.StartsWith(path.Split('?')[0], StringComparison.Ordinal))
            .Select(e => Convert.ToInt64(((ScalarValue)e.Properties["DelayMs"]).Value, CultureInfo.InvariantCulture)),
    ];

    /// <summary>The state before the measured run: the universe, the preparation, and a fault-free run on the earlier day.</summary>
    private static async Task<DatabaseRows> PrepareAsync(UpstreamFaultHost host, FaultTarget target)
    {
        await host.ResetAsync([.. target.Funds.Select(s => host.Dataset.Find(s)!)]);
        ClearSecCache(host);
        host.Fake.Yahoo.Sessions.ExpireAll();
        if (target.RunBeforeOnEarlierDay)
        {
            host.DataClock.Now = EarlierDay;
            if (target.Prepare is { } prepareEarlier)
            {
                await prepareEarlier(host);
            }

            var earlier = await target.RunAsync(host);
            earlier.Status.Should().Be(RunStatus.Succeeded, "the fault-free run before the fault ({0})", await DescribeAsync(host, earlier));
            host.DataClock.Now = IngestionHost.FridayAfterClose;
        }
        else if (target.Prepare is { } prepare)
        {
            await prepare(host);
        }

        host.Fake.Requests.Clear();
        return await DatabaseRows.ReadAsync(host.Database);
    }

    private static async Task<DatabaseRows> ReferenceAsync(UpstreamFaultHost host, FaultTarget target)
    {
        if (host.References.TryGetValue(target.Source, out var cached))
        {
            return cached;
        }

        await PrepareAsync(host, target);
        target.BeforeRun?.Invoke(host);
        var run = await target.RunAsync(host);
        run.Status.Should().Be(RunStatus.Succeeded, "the fault-free reference run ({0})", await DescribeAsync(host, run));
        var rows = await DatabaseRows.ReadAsync(host.Database);
        rows.Count.Should().BePositive("the reference run stored rows to compare with");
        return host.References[target.Source] = rows;
    }

    private static async Task<string> DescribeAsync(UpstreamFaultHost host, IngestionRun run)
    {
        await using var db = host.Database.NewDbContext();
        var items = await db.IngestionItems.AsNoTracking().Where(i => i.RunId == run.Id && i.Status != ItemStatus.Succeeded).ToListAsync();
        return run.Error + " " + string.Join("; ", items.Select(i => $"{i.Item} {i.Status}: {i.Error ?? i.Note}"));
    }

    /// <summary>SEC documents are cached on disk: a case must fetch them again to meet its fault.</summary>
    private static void ClearSecCache(UpstreamFaultHost host)
    {
        var cache = host.Factory.Services.GetRequiredService<IOptions<EtfData.Api.Sources.Sec.SecOptions>>().Value.CacheDirectory;
        if (Directory.Exists(cache))
        {
            Directory.Delete(cache, recursive: true);
            Directory.CreateDirectory(cache);
        }
    }

    /// <summary>Writes the one-line count the README's figures are read from.</summary>
    public static void Count(ITestOutputHelper output, string source, int cases) =>
        output.WriteLine($"upstream fault suite: {source}: {cases} fault cases");
}
