using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using EtfData.Api.Sources;
using EtfData.Api.Sources.Issuers;
using EtfData.Api.Sources.Yahoo;
using EtfData.FakeUpstream.Issuers;
using EtfData.FakeUpstream.Securities;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.Benchmarks;

/// <summary>
/// The Yahoo chart parser and the issuer holdings-file parsers over payloads rendered once by the fake
/// upstream's own writers (the bytes the fake serves), as of <see cref="Payloads.AsOf"/>. Reports MB/s
/// (payload bytes / mean time), allocated bytes per run and per parsed item (bar or holding).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "BenchmarkDotNet runs instance methods")]
public class SourceParserBenchmarks
{
    [Benchmark(Description = "Yahoo chart SPY max+div+split")]
    public int YahooChartSpy() => Count(YahooChartParser.Parse("SPY", Payloads.ChartSpy, Payloads.Now), c => c.Prices.Count);

    [Benchmark(Description = "iShares CSV IVV (equity)")]
    public int ISharesIvv() => Count(ISharesHoldingsParser.Parse("IVV", Payloads.ISharesIvv), f => f.Holdings.Count);

    [Benchmark(Description = "iShares CSV AGG (bonds)")]
    public int ISharesAgg() => Count(ISharesHoldingsParser.Parse("AGG", Payloads.ISharesAgg), f => f.Holdings.Count);

    [Benchmark(Description = "SPDR xlsx SPY")]
    public int SpdrSpy() => Count(SpdrHoldingsParser.Parse("SPY", Payloads.SpdrSpy), f => f.Holdings.Count);

    [Benchmark(Description = "Invesco CSV QQQ")]
    public int InvescoQqq() => Count(InvescoHoldingsParser.Parse("QQQ", Payloads.InvescoQqq), f => f.Holdings.Count);

    private static int Count<T>(SourceResult<T> result, Func<T, int> items) =>
        result.TryGetData(out var data) ? items(data) : throw new InvalidOperationException(result.Describe());

    private static byte[] PayloadOf(BenchmarkCase benchmarkCase) => benchmarkCase.Descriptor.WorkloadMethod.Name switch
    {
        nameof(YahooChartSpy) => Payloads.ChartSpy,
        nameof(ISharesIvv) => Payloads.ISharesIvv,
        nameof(ISharesAgg) => Payloads.ISharesAgg,
        nameof(SpdrSpy) => Payloads.SpdrSpy,
        nameof(InvescoQqq) => Payloads.InvescoQqq,
        var name => throw new InvalidOperationException("No payload for " + name),
    };

    private static int ItemsOf(BenchmarkCase benchmarkCase)
    {
        var benchmarks = new SourceParserBenchmarks();
        return (int)benchmarkCase.Descriptor.WorkloadMethod.Invoke(benchmarks, null)!;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new ThroughputColumn(c => PayloadOf(c).Length));
            AddColumn(new AllocatedPerItemColumn("Alloc/item", c => ItemsOf(c)));
        }
    }

    /// <summary>Payloads rendered once per process (the benchmark process and the host that prints the table).</summary>
    private static class Payloads
    {
        public static readonly DateOnly AsOf = new(2025, 12, 31);

        /// <summary>New Year's Day, after the as-of session closed: no live bar.</summary>
        public static readonly DateTimeOffset Now = new(2026, 1, 1, 17, 0, 0, TimeSpan.Zero);

        private static readonly YahooDataset Dataset = new();

        public static readonly byte[] ChartSpy = YahooPayloads.Chart(
            new YahooFake(Dataset, new FixedClock(Now)), Fund("SPY"), 0, Now.ToUnixTimeSeconds() + 1, "max", dividends: true, splits: true);

        public static readonly byte[] ISharesIvv = ISharesFiles.File(Fund("IVV"), Day("IVV"), drifted: false);
        public static readonly byte[] ISharesAgg = ISharesFiles.File(Fund("AGG"), Day("AGG"), drifted: false);
        public static readonly byte[] SpdrSpy = SpdrFiles.Workbook(Fund("SPY"), Day("SPY"), drifted: false);
        public static readonly byte[] InvescoQqq = InvescoFiles.File(Fund("QQQ"), Day("QQQ"), drifted: false);

        private static FakeFund Fund(string symbol) => Dataset.Find(symbol) ?? throw new InvalidOperationException(symbol + " is not in the dataset");

        private static FundDay Day(string symbol) =>
            FundDay.On(Dataset, Fund(symbol), AsOf) ?? throw new InvalidOperationException(symbol + " has no bar on " + AsOf.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
