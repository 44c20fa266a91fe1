using EtfData.Api.Ingestion;
using EtfData.FakeUpstream.Faults;
using Xunit;
using Xunit.Abstractions;
using static EtfData.IntegrationTests.Reliability.UpstreamFaultRunner;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>Yahoo's chart, quote summary and session handshake under every transport and format fault.</summary>
public sealed class UpstreamFaultYahooTests(UpstreamFaultHost host, ITestOutputHelper output) : IClassFixture<UpstreamFaultHost>
{
    private const int Retries = 2; // Sources:Yahoo:MaxRetryAttempts of the test host

    private static readonly FaultTarget Chart = new("yahoo-chart", JobNames.Prices, Retries, ["SPY", "QQQ", "TLT"],
        "/yahoo/v8/finance/chart/QQQ", ["QQQ"], ["QQQ"]);

    private static readonly FaultTarget QuoteSummary = new("yahoo-quote-summary", JobNames.Aum, Retries, ["SPY", "QQQ", "TLT"],
        "/yahoo/v10/finance/quoteSummary/QQQ", ["QQQ"], ["QQQ"]);

    // One fund: the handshake is the session of every item, so with more funds each would meet the fault.
    private static readonly FaultTarget Crumb = new("yahoo-session-crumb", JobNames.Aum, Retries, ["SPY"],
        "/yahoo/v1/test/getcrumb", ["SPY"], ["SPY"])
    {
        BeforeRun = h => h.Fake.Yahoo.Sessions.ExpireAll(),
    };

    private static IEnumerable<FaultCase> JsonFaults() =>
    [
        .. TransportFaults(Retries),
        new("malformed JSON", Fault.MalformedJson, null, Outcome.Invalid),
        new("JSON cut short inside a complete answer", () => Fault.Ok("{\"chart\":{\"result\":[{\"meta\":{\"currency\":\"USD\"", "application/json"), null, Outcome.Invalid),
        new("HTML error page with status 200", () => Fault.HtmlPage(200), null, Outcome.Invalid),
        new("HTML error page with status 503", () => Fault.HtmlPage(503), null, Outcome.FailsAfterRetries, "503"),
    ];

    public static TheoryData<FaultCase> ChartFaults() => [.. JsonFaults()];

    public static TheoryData<FaultCase> QuoteSummaryFaults() => [.. JsonFaults()];

    public static TheoryData<FaultCase> CrumbFaults() =>
    [
        .. TransportFaults(Retries),
        new("HTML page instead of a crumb", () => Fault.HtmlPage(200), null, Outcome.FailsAtOnce, "no crumb"),
    ];

    [Theory]
    [MemberData(nameof(ChartFaults))]
    public Task Chart_faults_fail_or_recover_only_their_fund(FaultCase fault) => RunAsync(host, Chart, fault, output);

    [Theory]
    [MemberData(nameof(QuoteSummaryFaults))]
    public Task Quote_summary_faults_fail_or_recover_only_their_fund(FaultCase fault) => RunAsync(host, QuoteSummary, fault, output);

    [Theory]
    [MemberData(nameof(CrumbFaults))]
    public Task Session_crumb_faults_fail_or_recover_the_funds_that_need_it(FaultCase fault) => RunAsync(host, Crumb, fault, output);

    [Fact]
    public void Fault_cases_per_source()
    {
        Count(output, "yahoo chart", ChartFaults().Count);
        Count(output, "yahoo quote summary", QuoteSummaryFaults().Count);
        Count(output, "yahoo session (crumb)", CrumbFaults().Count);
    }
}
