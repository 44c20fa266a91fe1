using EtfData.Api.Ingestion;
using EtfData.FakeUpstream.Faults;
using EtfData.FakeUpstream.Issuers;
using EtfData.FakeUpstream.Schwab;
using Xunit;
using Xunit.Abstractions;
using static EtfData.IntegrationTests.Reliability.UpstreamFaultRunner;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>The issuers' files (iShares and Invesco CSV, SPDR xlsx), Schwab's pages and etfdb's pages under every fault.</summary>
public sealed class UpstreamFaultHoldingsSitesTests(UpstreamFaultHost host, ITestOutputHelper output) : IClassFixture<UpstreamFaultHost>
{
    private const int Retries = 2; // Sources:{site}:MaxRetryAttempts of the test host

    private static readonly string[] IssuerFunds = ["IVV", "SPY", "QQQ"];

    private static readonly FaultTarget IShares = new("ishares-csv", JobNames.HoldingsIssuer, Retries, IssuerFunds,
        IssuerFake.ISharesPath("IVV"), ["IVV"], ["IVV"]);

    private static readonly FaultTarget Spdr = new("spdr-xlsx", JobNames.HoldingsIssuer, Retries, IssuerFunds,
        IssuerFake.SpdrPathPrefix + "spy.xlsx", ["SPY"], ["SPY"]);

    private static readonly FaultTarget Invesco = new("invesco-csv", JobNames.HoldingsIssuer, Retries, IssuerFunds,
        IssuerFake.InvescoPath, ["QQQ"], ["QQQ"]);

    private static readonly FaultTarget Schwab = new("schwab-html", JobNames.HoldingsSchwab, Retries, ["VOO", "VTI"],
        SchwabFake.PageUrl("VOO"), ["VOO"], ["VOO"]);

    private static readonly FaultTarget Etfdb = new("etfdb-html", JobNames.Etfdb, Retries, ["SPY", "VOO"],
        "/etf/SPY/", ["SPY"], ["SPY"]);

    public static TheoryData<FaultCase> CsvFaults() =>
    [
        .. TransportFaults(Retries),
        new("CSV with another file's header", Fault.CsvWithForeignHeader, null, Outcome.Invalid),
        new("HTML error page with status 200", () => Fault.HtmlPage(200), null, Outcome.Invalid),
    ];

    public static TheoryData<FaultCase> XlsxFaults() =>
    [
        .. TransportFaults(Retries),
        new("an xlsx that is not a zip", () => Fault.NotAZip(), null, Outcome.Invalid),
        new("HTML error page with status 200", () => Fault.HtmlPage(200), null, Outcome.Invalid),
    ];

    public static TheoryData<FaultCase> HtmlFaults() =>
    [
        .. TransportFaults(Retries),
        new("HTML page with the table missing", Fault.HtmlWithoutTable, null, Outcome.Invalid),
        new("HTML error page with status 200", () => Fault.HtmlPage(200), null, Outcome.Invalid),
    ];

    [Theory]
    [MemberData(nameof(CsvFaults))]
    public Task IShares_csv_faults_fail_or_recover_only_their_fund(FaultCase fault) => RunAsync(host, IShares, fault, output);

    [Theory]
    [MemberData(nameof(CsvFaults))]
    public Task Invesco_csv_faults_fail_or_recover_only_their_fund(FaultCase fault) => RunAsync(host, Invesco, fault, output);

    [Theory]
    [MemberData(nameof(XlsxFaults))]
    public Task Spdr_xlsx_faults_fail_or_recover_only_their_fund(FaultCase fault) => RunAsync(host, Spdr, fault, output);

    [Theory]
    [MemberData(nameof(HtmlFaults))]
    public Task Schwab_page_faults_fail_or_recover_only_their_fund(FaultCase fault) => RunAsync(host, Schwab, fault, output);

    [Theory]
    [MemberData(nameof(HtmlFaults))]
    public Task Etfdb_page_faults_fail_or_recover_only_their_fund(FaultCase fault) => RunAsync(host, Etfdb, fault, output);

    [Fact]
    public void Fault_cases_per_source()
    {
        Count(output, "ishares csv", CsvFaults().Count);
        Count(output, "invesco csv", CsvFaults().Count);
        Count(output, "spdr xlsx", XlsxFaults().Count);
        Count(output, "schwab html", HtmlFaults().Count);
        Count(output, "etfdb html", HtmlFaults().Count);
    }
}
