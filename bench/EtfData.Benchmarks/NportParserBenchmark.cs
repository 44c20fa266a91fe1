using System.Xml;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using EtfData.Api.Sources.Sec.Nport;
using EtfData.FakeUpstream.Sec;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.Benchmarks;

/// <summary>
/// The streaming N-PORT parser over a generated report of 1,000, 10,000 and 50,000 holdings (the demo's
/// AGG bond portfolio repeated), rendered once by the fake's <c>primary_doc.xml</c> writer. Reports MB/s
/// (document bytes / mean time), allocated bytes per run and per holding: the scaling check of issue 11,
/// whose target is allocation flat in the number of holdings.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "BenchmarkDotNet runs instance methods")]
public class NportParserBenchmark
{
    private static readonly Dictionary<int, byte[]> Documents = [];

    private byte[] _xml = [];

    [Params(1_000, 10_000, 50_000)]
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

    /// <summary>
    /// The floor under the parser: the same document through an async <see cref="XmlReader"/> with the
    /// parser's settings, materialising every text node as a string and doing nothing else.
    /// </summary>
    [Benchmark]
    public async Task<int> XmlReaderAsyncTextOnly()
    {
        var texts = 0;
        using var stream = new MemoryStream(_xml, writable: false);
        using var reader = XmlReader.Create(stream, ReaderSettings(async: true));
        while (await reader.ReadAsync())
        {
            if (reader.NodeType == XmlNodeType.Text && (await reader.GetValueAsync()).Length > 0)
            {
                texts++;
            }
        }

        return texts;
    }

    /// <summary>As <see cref="XmlReaderAsyncTextOnly"/> with a synchronous reader.</summary>
    [Benchmark]
    public int XmlReaderSyncTextOnly()
    {
        var texts = 0;
        using var stream = new MemoryStream(_xml, writable: false);
        using var reader = XmlReader.Create(stream, ReaderSettings(async: false));
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Text && reader.Value.Length > 0)
            {
                texts++;
            }
        }

        return texts;
    }

    private static XmlReaderSettings ReaderSettings(bool async) => new()
    {
        Async = async,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

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
        public Config()
        {
            AddColumn(new ThroughputColumn(c => Document(HoldingsOf(c)).Length));
            AddColumn(new AllocatedPerItemColumn("Alloc/holding", c => HoldingsOf(c)));
        }

        private static int HoldingsOf(BenchmarkCase benchmarkCase) => (int)benchmarkCase.Parameters[nameof(Holdings)];
    }
}
