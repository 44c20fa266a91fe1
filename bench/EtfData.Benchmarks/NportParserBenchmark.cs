using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using EtfData.Api.Sources.Sec.Nport;
using EtfData.FakeUpstream.Sec;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.Benchmarks;

/// <summary>
/// The streaming N-PORT parser over a generated report of 2,500 and 25,000 holdings (the demo's AGG
/// bond portfolio repeated), rendered once by the fake's <c>primary_doc.xml</c> writer. Reports MB/s
/// (document bytes / mean time) and allocated bytes, which should grow linearly with the holdings
/// (flat per holding): the parser never holds more than one position.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class NportParserBenchmark
{
    private static readonly Dictionary<int, byte[]> Documents = [];

    private byte[] _xml = [];

    [Params(2_500, 25_000)]
    public int Holdings { get; set; }

    [GlobalSetup]
    public void Setup() => _xml = Document(Holdings);

    [Benchmark]
    public async Task<int> Parse()
    {
        var count = 0;
        using var stream = new MemoryStream(_xml, writable: false);
        var result = await NportXmlParser.ParseAsync(stream, (_, _) =>
        {
            count++;
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        return result.TryGetData(out _) ? count : throw new InvalidOperationException(result.Describe());
    }

    internal static byte[] Document(int holdings)
    {
        lock (Documents)
        {
            if (!Documents.TryGetValue(holdings, out var bytes))
            {
                var demo = SecDatasets.Demo(new YahooDataset(), new DateOnly(2025, 12, 31));
                var agg = demo.Filings.Last(f => f.Report.SeriesId == "S000004362" && !f.Report.IsAmendment);
                var positions = Enumerable.Range(0, holdings)
                    .Select(i => agg.Holdings[i % agg.Holdings.Count] with { Position = i + 1 })
                    .ToList();
                var filing = agg with { Holdings = positions, Report = agg.Report with { HoldingCount = holdings } };
                bytes = NportDocuments.PrimaryDoc(filing);
                Documents[holdings] = bytes;
            }

            return bytes;
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new ThroughputColumn());
    }

    /// <summary>MB/s = document size / mean time (1 MB = 10^6 bytes).</summary>
    private sealed class ThroughputColumn : IColumn
    {
        public string Id => nameof(ThroughputColumn);
        public string ColumnName => "MB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Document megabytes (10^6 bytes) parsed per second: bytes / mean time";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var holdings = (int)benchmarkCase.Parameters["Holdings"];
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } statistics)
            {
                return "-";
            }

            var bytes = Document(holdings).Length;
            var seconds = statistics.Mean / 1e9;
            return (bytes / 1e6 / seconds).ToString("0.0", CultureInfo.InvariantCulture) + FormattableString.Invariant($" ({bytes / 1e6:0.0} MB)");
        }

        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
