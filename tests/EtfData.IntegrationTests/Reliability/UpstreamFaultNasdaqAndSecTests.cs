using EtfData.Api.Ingestion;
using EtfData.Api.Ingestion.Jobs;
using EtfData.FakeUpstream.Faults;
using EtfData.FakeUpstream.Sec;
using Xunit;
using Xunit.Abstractions;
using static EtfData.IntegrationTests.Reliability.UpstreamFaultRunner;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>
/// The Nasdaq symbol directory and SEC (ticker map, submissions, N-PORT XML, quarterly data set) under every fault. SEC
/// has no "429 asking for an hour" case: SEC's pause is never capped (it blocks for as long as it says), so every
/// later request of the host would fail at once; the unit tests of the SEC client cover that pause on a fake clock.
/// </summary>
public sealed class UpstreamFaultNasdaqAndSecTests(UpstreamFaultHost host, ITestOutputHelper output) : IClassFixture<UpstreamFaultHost>
{
    private const int NasdaqRetries = 3; // NasdaqOptions' default
    private const int SecRetries = 3; // SecOptions' default

    private static readonly string[] Listed = ["SPY", "QQQ", "IVV", "VOO", "TLT", "GLD", "XLK", "XLF", "SCHD", "VTI", "IWM", "EFA", "EEM", "AGG", "BND"];

    // Discovery fills the universe: the failed directory leaves every ETF row as it was.
    private static readonly FaultTarget Directory = new("nasdaq-directory", JobNames.Discovery, NasdaqRetries, [],
        "/nasdaq/nasdaqtraded.txt", [DiscoveryJob.Item], Listed);

    private static readonly FaultTarget TickerMap = new("sec-ticker-map", JobNames.Discovery, SecRetries, [],
        SecFake.WwwPrefix + "/files/company_tickers_mf.json", [DiscoveryJob.SecItem], Listed);

    // SPY is a unit investment trust: its filings come from its own submissions, its documents from its CIK's folder.
    // Its first run reads two filings; a document that cannot be read is tried for the other filing too.
    private static readonly FaultTarget Submissions = new("sec-submissions", JobNames.Holdings, SecRetries, ["SPY", "VOO"],
        SecFake.DataPrefix + "/submissions/CIK0000884394", ["SPY"], ["SPY"], RunBeforeOnEarlierDay: false)
    {
        Prepare = h => h.Runner.RunAsync(JobNames.Discovery, new IngestionRequest("test", ["SPY", "VOO"]), null, CancellationToken.None),
    };

    private static readonly FaultTarget NportXml = new("sec-nport-xml", JobNames.Holdings, SecRetries, ["SPY", "VOO"],
        SecFake.WwwPrefix + "/Archives/edgar/data/884394/", ["SPY"], ["SPY"], RunBeforeOnEarlierDay: false, DocumentsPerItem: 2)
    {
        Prepare = h => h.Runner.RunAsync(JobNames.Discovery, new IngestionRequest("test", ["SPY", "VOO"]), null, CancellationToken.None),
    };

    private static readonly FaultTarget DataSet = new("sec-nport-data-set", JobNames.NportBulk, SecRetries, ["SPY", "VOO"],
        SecFake.WwwPrefix + "/files/dera/data/form-n-port-data-sets/2024q4_nport.zip", ["2024q4"], ["SPY", "VOO"],
        RunBeforeOnEarlierDay: false, Quarters: ["2024q4"], StreamsBody: true)
    {
        Prepare = h => h.Runner.RunAsync(JobNames.Discovery, new IngestionRequest("test", ["SPY", "VOO"]), null, CancellationToken.None),
    };

    public static TheoryData<FaultCase> DirectoryFaults() =>
    [
        .. TransportFaults(NasdaqRetries),
        new("HTML error page with status 200", () => Fault.HtmlPage(200), null, Outcome.Invalid),
        new("CSV with another file's header", Fault.CsvWithForeignHeader, null, Outcome.Invalid),
        new("pipe-delimited file with a foreign header", Fault.TextWithForeignHeader, null, Outcome.Invalid),
    ];

    public static TheoryData<FaultCase> TickerMapFaults() =>
    [
        .. TransportFaults(SecRetries, hourLongPause: false),
        new("malformed JSON", Fault.MalformedJson, null, Outcome.Invalid),
        new("HTML error page with status 200", () => Fault.HtmlPage(200), null, Outcome.Invalid),
    ];

    public static TheoryData<FaultCase> SubmissionsFaults() =>
    [
        .. TransportFaults(SecRetries, hourLongPause: false),
        new("malformed JSON", Fault.MalformedJson, null, Outcome.Invalid),
        new("HTML error page with status 200", () => Fault.HtmlPage(200), null, Outcome.Invalid),
    ];

    public static TheoryData<FaultCase> NportXmlFaults() =>
    [
        .. TransportFaults(SecRetries, hourLongPause: false),
        new("malformed XML", Fault.MalformedXml, null, Outcome.Invalid),
        new("XML cut short inside a complete answer", Fault.TruncatedXml, null, Outcome.Invalid, "does not end with </edgarSubmission>"),
        new("HTML error page with status 200", () => Fault.HtmlPage(200), null, Outcome.Invalid, "not an N-PORT document"),
    ];

    public static TheoryData<FaultCase> DataSetFaults() =>
    [
        .. TransportFaults(SecRetries, hourLongPause: false),
        new("a body that is not a zip", () => Fault.NotAZip("application/zip"), null, Outcome.Invalid),
        new("HTML error page with status 200", () => Fault.HtmlPage(200), null, Outcome.Invalid),
    ];

    [Theory]
    [MemberData(nameof(DirectoryFaults))]
    public Task Symbol_directory_faults_fail_the_directory_item_and_change_no_etf(FaultCase fault) => RunAsync(host, Directory, fault, output);

    [Theory]
    [MemberData(nameof(TickerMapFaults))]
    public Task Sec_ticker_map_faults_fail_the_ticker_map_item_only(FaultCase fault) => RunAsync(host, TickerMap, fault, output);

    [Theory]
    [MemberData(nameof(SubmissionsFaults))]
    public Task Sec_submissions_faults_fail_or_recover_only_their_fund(FaultCase fault) => RunAsync(host, Submissions, fault, output);

    [Theory]
    [MemberData(nameof(NportXmlFaults))]
    public Task Nport_document_faults_fail_or_recover_only_their_fund(FaultCase fault) => RunAsync(host, NportXml, fault, output);

    [Theory]
    [MemberData(nameof(DataSetFaults))]
    public Task Quarterly_data_set_faults_fail_or_recover_the_quarter(FaultCase fault) => RunAsync(host, DataSet, fault, output);

    [Fact]
    public void Fault_cases_per_source()
    {
        Count(output, "nasdaq symbol directory", DirectoryFaults().Count);
        Count(output, "sec ticker map", TickerMapFaults().Count);
        Count(output, "sec submissions", SubmissionsFaults().Count);
        Count(output, "sec n-port xml", NportXmlFaults().Count);
        Count(output, "sec quarterly data set", DataSetFaults().Count);
    }
}
