using System.IO.Compression;
using System.Text;
using EtfData.Api.Sources;
using EtfData.Api.Sources.Http;
using EtfData.Api.Sources.Sec;
using EtfData.Domain;
using EtfData.FakeUpstream;
using EtfData.FakeUpstream.Faults;
using EtfData.FakeUpstream.Sec;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace EtfData.Tests.Sources.Sec;

/// <summary>The SEC client against the fake SEC over real HTTP.</summary>
public sealed class SecClientTests : IAsyncLifetime
{
    private const long VanguardCik = 36405;
    private const string TickersPath = SecFake.WwwPrefix + "/files/company_tickers_mf.json";
    private const string SubmissionsPath = SecFake.DataPrefix + "/submissions/";
    private const string FeedPath = SecFake.WwwPrefix + "/cgi-bin/browse-edgar";
    private FakeUpstreamServer _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeUpstreamServer.StartAsync();
        _fake.Sec.Dataset = Dataset();
        _fake.Sec.RenderPrimaryDoc = filing => Encoding.UTF8.GetBytes(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><edgarSubmission xmlns=\"http://www.sec.gov/edgar/nport\"><headerData><submissionType>{filing.Report.SubmissionType}</submissionType></headerData></edgarSubmission>\n");
        _fake.Sec.WriteDataSet = (stream, filings) =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            using var writer = new StreamWriter(zip.CreateEntry("SUBMISSION.tsv").Open());
            writer.Write("ACCESSION_NUMBER\tFILING_DATE\n" + string.Concat(filings.Select(f => f.Accession + "\t" + f.FilingDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "\n")));
        };
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    /// <summary>
    /// Vanguard Index Funds (CIK 36405) filing for VOO's series every quarter from 2024 Q1 to 2025 Q2 (six
    /// reports, the first of 2025 also amended), SPY by CIK without a series.
    /// </summary>
    private static SecDataset Dataset()
    {
        var filings = new List<FakeNportFiling>();
        var periods = new[] { (2023, 12), (2024, 3), (2024, 6), (2024, 9), (2024, 12), (2025, 3) };
        for (var i = 0; i < periods.Length; i++)
        {
            var (year, month) = periods[i];
            var period = new DateOnly(year, month, 1).AddMonths(1).AddDays(-1);
            filings.Add(Filing($"0001752724-{period.AddDays(58).Year % 100:D2}-{100 + i:D6}", "NPORT-P", period, period.AddDays(58)));
        }

        filings.Add(Filing("0001752724-25-000200", "NPORT-P/A", new DateOnly(2025, 3, 31), new DateOnly(2025, 6, 2)));
        return new SecDataset(
            [
                new FakeSecFund("VOO", VanguardCik, "S000002839", "C000092055", "VANGUARD INDEX FUNDS"),
                new FakeSecFund("VFIAX", VanguardCik, "S000002839", "C000007773", "VANGUARD INDEX FUNDS"),
                new FakeSecFund("SPY", 884394, null, null, "SPDR S&P 500 ETF TRUST"),
            ],
            filings);

        static FakeNportFiling Filing(string accession, string form, DateOnly period, DateOnly filed) => new(
            accession,
            VanguardCik,
            filed,
            new NportReport { SubmissionType = form, ReportDate = period, SeriesId = "S000002839", RegistrantName = "VANGUARD INDEX FUNDS", RegistrantCik = VanguardCik },
            []);
    }

    [Fact]
    public async Task Without_a_user_agent_every_call_refuses_naming_the_option_and_nothing_is_sent()
    {
        await using var host = SourcesHost.ForSec(_fake, new Dictionary<string, string?> { ["UserAgent"] = "" });
        var client = host.Get<ISecClient>();

        client.ConfigurationProblem.Should().Contain("Sources:Sec:UserAgent").And.Contain("Sources__Sec__UserAgent");
        var results = new[]
        {
            (await client.GetFundTickersAsync(CancellationToken.None)).Describe(),
            (await client.GetCompanyTickersAsync(CancellationToken.None)).Describe(),
            (await client.GetNportFilingsAsync(VanguardCik, null, CancellationToken.None)).Describe(),
            (await client.GetSeriesNportFilingsAsync("S000002839", CancellationToken.None)).Describe(),
            (await client.GetNportDocumentAsync(VanguardCik, "0001752724-24-000100", CancellationToken.None)).Describe(),
            (await client.GetNportDataSetAsync(2024, 1, CancellationToken.None)).Describe(),
        };

        results.Should().OnlyContain(r => r.StartsWith("upstream unavailable: SEC EDGAR requires a declared User-Agent", StringComparison.Ordinal));
        _fake.Requests.To(SecFake.Prefix).Should().BeEmpty();
    }

    [Fact]
    public async Task Declared_user_agent_and_gzip_deflate_are_sent_and_both_ticker_maps_parse()
    {
        await using var host = SourcesHost.ForSec(_fake, new Dictionary<string, string?> { ["UserAgent"] = "EtfData admin@example.org" });
        var client = host.Get<ISecClient>();

        var funds = (await client.GetFundTickersAsync(CancellationToken.None)).ShouldBeData();
        var companies = (await client.GetCompanyTickersAsync(CancellationToken.None)).ShouldBeData();

        funds.Should().Equal(
            new SecTickerEntry("VFIAX", VanguardCik, "S000002839", "C000007773"),
            new SecTickerEntry("VOO", VanguardCik, "S000002839", "C000092055"));
        companies.Should().Equal(new SecTickerEntry("SPY", 884394, null, null, "SPDR S&P 500 ETF TRUST"));
        _fake.Requests.To(SecFake.Prefix).Should().HaveCount(2).And.OnlyContain(r =>
            r.Header("User-Agent") == "EtfData admin@example.org" && r.Header("Accept-Encoding") == "gzip, deflate");
    }

    [Fact]
    public async Task Filings_are_found_across_the_recent_list_and_an_older_page_which_is_read_only_when_needed()
    {
        // Two rows per filing (its N-PORT and a 497K the client skips): four rows keep two filings in filings.recent.
        _fake.Sec.RecentPageSize = 4;
        await using var host = SourcesHost.ForSec(_fake);
        var client = host.Get<ISecClient>();

        var all = (await client.GetNportFilingsAsync(VanguardCik, null, CancellationToken.None)).ShouldBeData();

        all.Select(f => (f.Accession, f.Form, f.ReportDate)).Should().Equal(
            ("0001752724-25-000200", "NPORT-P/A", new DateOnly(2025, 3, 31)),
            ("0001752724-25-000105", "NPORT-P", new DateOnly(2025, 3, 31)),
            ("0001752724-25-000104", "NPORT-P", new DateOnly(2024, 12, 31)),
            ("0001752724-24-000103", "NPORT-P", new DateOnly(2024, 9, 30)),
            ("0001752724-24-000102", "NPORT-P", new DateOnly(2024, 6, 30)),
            ("0001752724-24-000101", "NPORT-P", new DateOnly(2024, 3, 31)),
            ("0001752724-24-000100", "NPORT-P", new DateOnly(2023, 12, 31)));
        _fake.Requests.To(SubmissionsPath).Select(r => r.Path[SubmissionsPath.Length..]).Should().Equal(
            "CIK0000036405.json", "CIK0000036405-submissions-001.json", "CIK0000036405-submissions-002.json", "CIK0000036405-submissions-003.json");

        _fake.Requests.Clear();
        var recent = (await client.GetNportFilingsAsync(VanguardCik, new DateOnly(2025, 5, 1), CancellationToken.None)).ShouldBeData();

        recent.Select(f => f.Accession).Should().Equal("0001752724-25-000200", "0001752724-25-000105");
        _fake.Requests.To(SubmissionsPath).Select(r => r.Path[SubmissionsPath.Length..]).Should().Equal(
            ["CIK0000036405.json"], "no older page can hold a filing from May 2025 on");
    }

    [Fact]
    public async Task Series_feed_is_asked_by_series_id_and_lists_that_series_filings()
    {
        await using var host = SourcesHost.ForSec(_fake);

        var filings = (await host.Get<ISecClient>().GetSeriesNportFilingsAsync("S000002839", CancellationToken.None)).ShouldBeData();

        filings.Should().HaveCount(7);
        filings[0].Should().Be(new SecFilingRef("0001752724-25-000200", "NPORT-P/A", new DateOnly(2025, 6, 2), null));
        var request = _fake.Requests.To(FeedPath).Single();
        request.Query.Should().Be("?action=getcompany&CIK=S000002839&type=NPORT-P&dateb=&owner=include&count=40&output=atom");
    }

    [Fact]
    public async Task An_unchanged_ticker_map_is_not_downloaded_twice()
    {
        await using var host = SourcesHost.ForSec(_fake, Unhurried);
        var client = host.Get<ISecClient>();

        var first = (await client.GetFundTickersAsync(CancellationToken.None)).ShouldBeData();
        var second = (await client.GetFundTickersAsync(CancellationToken.None)).ShouldBeData();

        second.Should().Equal(first);
        var requests = _fake.Requests.To(TickersPath);
        requests.Should().HaveCount(2);
        requests[0].Header("If-None-Match").Should().BeNull();
        requests[1].Header("If-None-Match").Should().Be(_fake.Sec.FundTickers().ETag);
        Outcomes(host, "/files/company_tickers_mf.json").Should().Equal("200", "304");
    }

    [Fact]
    public async Task A_cached_body_left_with_another_writers_validators_is_not_served_for_their_304()
    {
        // Two writers of one key can interleave their renames (A body, B body, B meta, A meta), leaving one
        // download's body beside the other's ETag. Built here by hand: the first ticker map's body under the
        // second one's validators. A conditional request with that ETag would get a 304 and serve the old body.
        var cache = Path.Combine(Path.GetTempPath(), "etfdata-sec-cache-" + Guid.NewGuid().ToString("N"));
        await using var host = SourcesHost.ForSec(_fake, new Dictionary<string, string?> { ["CacheDirectory"] = cache });
        var client = host.Get<ISecClient>();
        var bodyPath = Path.Combine(cache, "www", "files", "company_tickers_mf.json");

        (await client.GetFundTickersAsync(CancellationToken.None)).ShouldBeData().Should().HaveCount(2);
        var oldBody = await File.ReadAllBytesAsync(bodyPath);
        var oldTag = _fake.Sec.FundTickers().ETag;
        _fake.Sec.Dataset = new SecDataset(
            [.. _fake.Sec.Dataset.Funds, new FakeSecFund("VTI", VanguardCik, "S000002848", "C000092059", "VANGUARD INDEX FUNDS")],
            _fake.Sec.Dataset.Filings);
        var newTag = _fake.Sec.FundTickers().ETag;
        (await client.GetFundTickersAsync(CancellationToken.None)).ShouldBeData().Should().HaveCount(3);
        await File.WriteAllBytesAsync(bodyPath, oldBody);

        var third = (await client.GetFundTickersAsync(CancellationToken.None)).ShouldBeData();

        third.Select(t => t.Symbol).Should().BeEquivalentTo(["VFIAX", "VOO", "VTI"], "the current map, not the old body");
        var requests = _fake.Requests.To(TickersPath);
        requests.Should().HaveCount(3);
        requests[1].Header("If-None-Match").Should().Be(oldTag);
        newTag.Should().NotBe(oldTag);
        requests[2].Header("If-None-Match").Should().BeNull("the validators on disk are not the old body's");
        Outcomes(host, "/files/company_tickers_mf.json").Should().Equal("200", "200", "200");
        (await client.GetFundTickersAsync(CancellationToken.None)).ShouldBeData().Should().HaveCount(3);
        Outcomes(host, "/files/company_tickers_mf.json").Should().Equal("200", "200", "200", "304");
    }

    [Fact]
    public async Task A_filing_document_may_take_longer_than_the_attempt_timeout_of_small_files()
    {
        // Attempt timeout 2 s (the test settings); the document answers only after the clock has moved 30 s,
        // within DocumentAttemptTimeout (2 min by default): one attempt, no timeout, no retry.
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = SourcesHost.ForSec(_fake, clock: clock);
        _fake.Faults.On(SecFake.WwwPrefix + "/Archives/", Fault.Hang(TimeSpan.FromSeconds(5)), times: 1);

        var document = host.Get<ISecClient>().GetNportDocumentAsync(VanguardCik, "0001752724-25-000105", CancellationToken.None);
        await Eventually.Until(() => _fake.Requests.To(SecFake.WwwPrefix + "/Archives/").Count == 1, "the document asked for");
        clock.Advance(TimeSpan.FromSeconds(30));
        await Eventually.Until(() => document.IsCompleted, "the document read");

        (await document).ShouldBeData();
        _fake.Requests.To(SecFake.WwwPrefix + "/Archives/").Should().HaveCount(1);
        host.Logs.Entries.Should().NotContain(e => e.Message.Contains("TimeoutRejectedException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_primary_doc_fetched_twice_is_requested_once_even_by_a_new_process()
    {
        var cache = Path.Combine(Path.GetTempPath(), "etfdata-sec-cache-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["CacheDirectory"] = cache };
        ReadOnlyMemory<byte> first;
        await using (var host = SourcesHost.ForSec(_fake, settings))
        {
            first = (await host.Get<ISecClient>().GetNportDocumentAsync(VanguardCik, "0001752724-25-000105", CancellationToken.None)).ShouldBeData();
            var again = (await host.Get<ISecClient>().GetNportDocumentAsync(VanguardCik, "0001752724-25-000105", CancellationToken.None)).ShouldBeData();
            again.ToArray().Should().Equal(first.ToArray());
        }

        await using (var restarted = SourcesHost.ForSec(_fake, settings))
        {
            var third = (await restarted.Get<ISecClient>().GetNportDocumentAsync(VanguardCik, "0001752724-25-000105", CancellationToken.None)).ShouldBeData();
            third.ToArray().Should().Equal(first.ToArray());
        }

        Encoding.UTF8.GetString(first.Span).Should().Contain("<submissionType>NPORT-P</submissionType>");
        // CIK unpadded and the accession without dashes in the Archives path.
        _fake.Requests.To(SecFake.WwwPrefix + "/Archives/").Select(r => r.Path).Should().Equal(
            SecFake.WwwPrefix + "/Archives/edgar/data/36405/000175272425000105/primary_doc.xml");
    }

    [Fact]
    public async Task A_truncated_document_is_invalid_and_not_cached()
    {
        _fake.Faults.On(SecFake.WwwPrefix + "/Archives/", Fault.TruncatedXml(), times: 1);
        await using var host = SourcesHost.ForSec(_fake);
        var client = host.Get<ISecClient>();

        var truncated = await client.GetNportDocumentAsync(VanguardCik, "0001752724-25-000105", CancellationToken.None);
        var whole = await client.GetNportDocumentAsync(VanguardCik, "0001752724-25-000105", CancellationToken.None);

        truncated.Should().BeOfType<SourceResult<ReadOnlyMemory<byte>>.Invalid>().Which.Reason.Should().Contain("</edgarSubmission>");
        whole.ShouldBeData();
        _fake.Requests.To(SecFake.WwwPrefix + "/Archives/").Should().HaveCount(2);
    }

    [Fact]
    public async Task The_quarterly_data_set_is_downloaded_into_the_cache_and_asked_conditionally_afterwards()
    {
        await using var host = SourcesHost.ForSec(_fake, Unhurried);
        var client = host.Get<ISecClient>();

        var path = (await client.GetNportDataSetAsync(2025, 2, CancellationToken.None)).ShouldBeData();
        var again = (await client.GetNportDataSetAsync(2025, 2, CancellationToken.None)).ShouldBeData();

        again.Should().Be(path);
        using (var zip = ZipFile.OpenRead(path))
        {
            using var reader = new StreamReader(zip.GetEntry("SUBMISSION.tsv")!.Open());
            (await reader.ReadToEndAsync()).Should().Be("ACCESSION_NUMBER\tFILING_DATE\n0001752724-25-000105\t2025-05-28\n0001752724-25-000200\t2025-06-02\n");
        }

        Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp").Should().BeEmpty();
        var requests = _fake.Requests.To(SecFake.WwwPrefix + "/files/dera/data/form-n-port-data-sets/2025q2_nport.zip");
        requests.Should().HaveCount(2);
        requests[1].Header("If-None-Match").Should().NotBeNullOrEmpty();
        Outcomes(host, "/files/dera/data/form-n-port-data-sets/2025q2_nport.zip").Should().Equal("200", "304");
    }

    [Fact]
    public async Task A_burst_of_100_requests_is_let_go_at_no_more_than_10_in_any_second()
    {
        // On a clock the test moves, each request dated by the instant the pipeline let it go: what SEC's limit
        // is about, measured exactly however slow this machine is (arrival times at the fake would also
        // measure the machine's scheduling).
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = SourcesHost.ForSec(_fake, new Dictionary<string, string?>
        {
            ["Burst"] = "1",
            ["MaxConcurrency"] = "100",
            ["AttemptTimeout"] = "00:10:00",
            ["TotalTimeout"] = "00:10:00",
        }, clock);
        var client = host.Get<ISecClient>();
        var pipeline = host.Services.GetRequiredKeyedService<UpstreamPipeline>(SecOptions.Upstream);
        pipeline.ReleaseLog = new();
        var origin = clock.GetTimestamp();

        // Cancelled on the way out, so that no request is left waiting for a clock nobody moves.
        using var stop = new CancellationTokenSource();
        var each = Enumerable.Range(0, 100).Select(_ => client.GetSeriesNportFilingsAsync("S000002839", stop.Token)).ToList();
        var calls = Task.WhenAll(each);
        try
        {
            // The clock moves only when the pipeline is quiet: every request answered or waiting on the clock (for its
            // rate token or room in the send window), none still on its way to the limiter or to the fake. So the
            // instants below depend on the limiter alone, never on how fast this machine got the requests there.
            // `moved` counts fake-clock time: a guard against a pipeline that never lets the last requests go.
            for (var moved = TimeSpan.Zero; !calls.IsCompleted; moved += TimeSpan.FromMilliseconds(50))
            {
                await Eventually.Until(
                    () => calls.IsCompleted || each.Count(t => t.IsCompleted) + pipeline.WaitingForRate + pipeline.WaitingForWindow == each.Count,
                    "every request answered or waiting on the clock");
                moved.Should().BeLessThan(TimeSpan.FromMinutes(1), "100 requests at 10 a second take about 11 s");
                clock.Advance(TimeSpan.FromMilliseconds(50));
            }
        }
        finally
        {
            await stop.CancelAsync();
        }

        (await calls).Should().OnlyContain(r => r is SourceResult<IReadOnlyList<SecFilingRef>>.Data);
        _fake.Requests.To(FeedPath).Should().HaveCount(100);
        // Instants on the fake clock (how far the test had moved it), not wall-clock durations.
        var released = pipeline.ReleaseLog.Select(t => clock.GetElapsedTime(origin, t)).Order().ToList();
        released.Should().HaveCount(100);
        var busiest = released.Select(start => released.Count(t => t >= start && t < start + TimeSpan.FromSeconds(1))).Max();
        busiest.Should().BeLessThanOrEqualTo(10, "SEC allows at most 10 requests in any second");
        // Not a trickle either: 10 per 1.1 s lets the hundredth go after about 10.9 s.
        released[^1].Should().BeLessThan(TimeSpan.FromSeconds(12));
    }

    [Fact]
    public async Task A_403_threshold_page_pauses_every_SEC_request_for_the_cool_down_then_they_recover()
    {
        // The default 10-minute cool-down on a clock the test moves; requests may wait that long here.
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = SourcesHost.ForSec(_fake, new Dictionary<string, string?>
        {
            ["MaxRetryAfter"] = "00:15:00",
            ["TotalTimeout"] = "00:05:00",
        }, clock);
        var client = host.Get<ISecClient>();
        var pipeline = host.Services.GetRequiredKeyedService<UpstreamPipeline>(SecOptions.Upstream);
        _fake.Faults.On(TickersPath, Fault.SecRequestRateThresholdExceeded(), times: 1);

        var throttled = client.GetFundTickersAsync(CancellationToken.None);
        await Eventually.Until(() => pipeline.PausedUntil is not null, "the threshold page paused SEC");
        var others = new Task[]
        {
            client.GetNportFilingsAsync(VanguardCik, null, CancellationToken.None),
            client.GetSeriesNportFilingsAsync("S000002839", CancellationToken.None),
            client.GetCompanyTickersAsync(CancellationToken.None),
        };
        await Eventually.Until(() => pipeline.WaitingForThrottle == 3, "the other requests wait for the pause");

        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        await Task.Delay(300);
        _fake.Requests.To(SecFake.Prefix).Should().HaveCount(1, "nothing reaches SEC during the cool-down");

        clock.Advance(TimeSpan.FromSeconds(1));
        // The throttled call's own retry waits its backoff on the same clock.
        await Eventually.Until(() => others.All(t => t.IsCompleted), "the waiting requests go once the pause ends");
        clock.Advance(TimeSpan.FromSeconds(1));
        (await throttled).ShouldBeData().Should().HaveCount(2);
        others.Should().OnlyContain(t => t.IsCompletedSuccessfully);
        _fake.Requests.To(SecFake.Prefix).Should().HaveCount(5);
        host.Logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("throttled us", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Message.Should().Contain("HTTP 403").And.Contain("600 s");
    }

    [Fact]
    public async Task During_a_pause_longer_than_a_request_may_wait_requests_fail_at_once_naming_the_pause()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = SourcesHost.ForSec(_fake, new Dictionary<string, string?> { ["MaxRetryAfter"] = "00:01:00" }, clock);
        var client = host.Get<ISecClient>();
        _fake.Faults.On(TickersPath, Fault.TooManyRequests(TimeSpan.FromSeconds(30)), times: 1);

        var throttled = await client.GetFundTickersAsync(CancellationToken.None);
        var next = await client.GetSeriesNportFilingsAsync("S000002839", CancellationToken.None);

        // 429 with Retry-After 30 s still pauses SEC for the 10-minute cool-down, longer than the minute a request may wait.
        throttled.Should().BeOfType<SourceResult<IReadOnlyList<SecTickerEntry>>.Unavailable>().Which.Reason.Should().Contain("every request paused until");
        next.Should().BeOfType<SourceResult<IReadOnlyList<SecFilingRef>>.Unavailable>().Which.Reason.Should().Contain("every request paused until").And.Contain("600 s left");
        _fake.Requests.To(SecFake.Prefix).Should().HaveCount(1);

        clock.Advance(TimeSpan.FromMinutes(10));
        (await client.GetSeriesNportFilingsAsync("S000002839", CancellationToken.None)).ShouldBeData();
    }

    [Fact]
    public async Task More_than_10_requests_per_second_is_refused_at_start_up()
    {
        await using var host = SourcesHost.ForSec(_fake, new Dictionary<string, string?> { ["RequestsPerSecond"] = "12" });

        var read = () => host.Get<IOptions<SecOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("at most 10 requests per second");
    }

    /// <summary>
    /// For tests that count requests: the test settings' 2 s attempt timeout, hit on a loaded machine, turns one request
    /// into a timeout and a retry, which is not what they are about.
    /// </summary>
    private static readonly Dictionary<string, string?> Unhurried = new()
    {
        ["AttemptTimeout"] = "00:02:00",
        ["TotalTimeout"] = "00:05:00",
    };

    private static List<string> Outcomes(SourcesHost host, string path) =>
        host.Logs.Entries
            .Where(e => e.State.Any(p => p.Key == "Attempt") && Equals(e.State.Single(p => p.Key == "Upstream").Value, SecOptions.Upstream)
                && ((string?)e.State.Single(p => p.Key == "Path").Value)!.EndsWith(path, StringComparison.Ordinal))
            .Select(e => (string)e.State.Single(p => p.Key == "Outcome").Value!)
            .ToList();
}
