using EtfData.Api.Sources;
using EtfData.Api.Sources.Yahoo;
using EtfData.FakeUpstream;
using EtfData.FakeUpstream.Faults;
using EtfData.Api.Sources.Http;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EtfData.Tests.Sources.Http;

/// <summary>The resilient HTTP pipeline, exercised through the Yahoo chart client against the fake upstream over real HTTP.</summary>
public sealed class UpstreamPipelineTests : IAsyncLifetime
{
    private const string ChartPath = "/yahoo/v8/finance/chart/";
    private FakeUpstreamServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeUpstreamServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private static Task<SourceResult<YahooChart>> FetchSpy(SourcesHost host) =>
        host.Get<IYahooChartClient>().GetAsync("SPY", new YahooChartWindow.Named("5d"), CancellationToken.None);

    [Fact]
    public async Task Two_429s_with_Retry_After_1_then_success_make_exactly_3_requests_and_wait_at_least_the_header()
    {
        _fake.Faults.On(ChartPath, Fault.TooManyRequests(TimeSpan.FromSeconds(1)), times: 2);
        // The pipeline waits on a clock that moves only when the test moves it (starting now, where the fake's data is).
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = SourcesHost.ForYahoo(_fake, new Dictionary<string, string?> { ["AttemptTimeout"] = "00:05:00", ["TotalTimeout"] = "00:05:00" }, clock);

        var fetch = FetchSpy(host);
        await Eventually.Until(() => _fake.Requests.To(ChartPath).Count == 1, "the first request sent");
        var clockMovedBeforeSecond = await AdvanceUntilAsync(clock, () => _fake.Requests.To(ChartPath).Count == 2);
        var clockMovedBeforeThird = await AdvanceUntilAsync(clock, () => _fake.Requests.To(ChartPath).Count == 3);
        var result = await fetch;

        result.ShouldBeData().Prices.Should().NotBeEmpty();
        _fake.Requests.To(ChartPath).Should().HaveCount(3);
        clockMovedBeforeSecond.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1), "Retry-After: 1 is honoured");
        clockMovedBeforeThird.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1), "Retry-After: 1 is honoured");

        // One structured line per attempt: upstream, status, attempt number and the delay before it.
        var attempts = host.Logs.Entries.Where(e => e.Message.Contains("attempt", StringComparison.Ordinal) && e.State.Any(p => p.Key == "Attempt")).ToList();
        attempts.Select(e => e.State.Single(p => p.Key == "Attempt").Value).Should().Equal(1, 2, 3);
        attempts.Select(e => e.State.Single(p => p.Key == "Outcome").Value).Should().Equal("429", "429", "200");
        var delays = attempts.Select(e => (long)e.State.Single(p => p.Key == "DelayMs").Value!).ToList();
        delays[0].Should().Be(0);
        delays.Skip(1).Should().OnlyContain(ms => ms >= 1000 && ms < 1200);
        attempts.Should().OnlyContain(e => Equals(e.State.Single(p => p.Key == "Upstream").Value, "yahoo"));
    }

    [Fact]
    public async Task A_429_pauses_every_request_of_the_upstream_not_just_the_one_that_got_it()
    {
        // SPY's chart answers 429 with Retry-After: 30 once; QQQ's request, sent afterwards, must wait the pause too.
        _fake.Faults.On(ChartPath + "SPY", Fault.TooManyRequests(TimeSpan.FromSeconds(30)), times: 1);
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = SourcesHost.ForYahoo(_fake, new Dictionary<string, string?> { ["MaxRetryAfter"] = "00:01:00" }, clock);
        var client = host.Get<IYahooChartClient>();

        var spy = FetchSpy(host);
        await Eventually.Until(() => _fake.Requests.To(ChartPath).Count == 1, "SPY's first request answered 429");
        await Task.Delay(300); // the 429 read and the pause set
        var qqq = client.GetAsync("QQQ", new YahooChartWindow.Named("5d"), CancellationToken.None);
        await Task.Delay(300);

        _fake.Requests.To(ChartPath + "QQQ").Should().BeEmpty("the whole upstream is paused for the 30 s the 429 asked for");
        clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(300);
        _fake.Requests.To(ChartPath + "QQQ").Should().BeEmpty("29 of the 30 s have passed");
        await AdvanceUntilAsync(clock, () => _fake.Requests.To(ChartPath + "QQQ").Count == 1);

        (await qqq).ShouldBeData();
        await AdvanceUntilAsync(clock, () => spy.IsCompleted);
        (await spy).ShouldBeData();
    }

    [Fact]
    public async Task A_429_asking_for_an_hour_pauses_the_other_Yahoo_requests_only_up_to_MaxRetryAfter()
    {
        // Only SEC holds a long pause for the whole upstream; here it is capped at MaxRetryAfter (5 s).
        _fake.Faults.On(ChartPath + "SPY", Fault.TooManyRequests(TimeSpan.FromHours(1)), times: 1);
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = SourcesHost.ForYahoo(_fake, new Dictionary<string, string?> { ["MaxRetryAfter"] = "00:00:05" }, clock);
        var client = host.Get<IYahooChartClient>();
        var pipeline = host.Services.GetRequiredKeyedService<UpstreamPipeline>(YahooOptions.Upstream);

        var spy = await FetchSpy(host);

        spy.Should().BeOfType<SourceResult<YahooChart>.Unavailable>().Which.Reason.Should().Contain("HTTP 429", "the call that was told to wait an hour gives up");
        pipeline.PausedUntil.Should().Be(clock.GetUtcNow() + TimeSpan.FromSeconds(5));

        var qqq = client.GetAsync("QQQ", new YahooChartWindow.Named("5d"), CancellationToken.None);
        await Eventually.Until(() => pipeline.WaitingForThrottle == 1, "QQQ waits out the capped pause");
        _fake.Requests.To(ChartPath + "QQQ").Should().BeEmpty();
        clock.Advance(TimeSpan.FromSeconds(5));

        (await qqq).ShouldBeData().Prices.Should().NotBeEmpty();
        _fake.Requests.To(ChartPath + "QQQ").Should().HaveCount(1);
    }

    [Fact]
    public async Task Requests_cancelled_while_queued_for_the_rate_limit_give_back_their_concurrency_slots()
    {
        // One request per 100 s on a clock the test moves, two slots. The first request takes the burst; two more
        // take both slots and queue for their turns (100 s, 200 s), a third queues for a slot. All three are
        // cancelled; a new request must still get a slot and go at its turn (300 s: cancelled turns stay used).
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = SourcesHost.ForYahoo(_fake, new Dictionary<string, string?>
        {
            ["RequestsPerSecond"] = "0.01",
            ["Burst"] = "1",
            ["MaxConcurrency"] = "2",
            ["AttemptTimeout"] = "00:05:00",
            ["TotalTimeout"] = "01:00:00",
        }, clock);
        var client = host.Get<IYahooChartClient>();
        var pipeline = host.Services.GetRequiredKeyedService<UpstreamPipeline>(YahooOptions.Upstream);
        (await FetchSpy(host)).ShouldBeData();

        using var cancel = new CancellationTokenSource();
        var queued = Enumerable.Range(0, 3)
            .Select(_ => client.GetAsync("SPY", new YahooChartWindow.Named("5d"), cancel.Token))
            .ToList();
        await Eventually.Until(() => pipeline.WaitingForRate == 2, "two requests hold the slots and wait for the rate");
        await cancel.CancelAsync();
        foreach (var call in queued)
        {
            await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();
        }

        using var giveUp = new CancellationTokenSource();
        var next = client.GetAsync("SPY", new YahooChartWindow.Named("5d"), giveUp.Token);
        // How far the test moved the fake clock before the request went: fake time, not wall-clock time.
        TimeSpan clockMoved;
        try
        {
            clockMoved = await AdvanceUntilAsync(clock, () => _fake.Requests.To(ChartPath).Count == 2, TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // A request stuck for a slot that was never given back would otherwise outlive the test.
            await giveUp.CancelAsync();
            throw;
        }

        (await next).ShouldBeData();
        clockMoved.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(300), "its turn comes after the two cancelled ones");
        pipeline.WaitingForRate.Should().Be(0);
    }

    [Fact]
    public async Task Retry_After_longer_than_the_configured_maximum_is_not_waited_for()
    {
        _fake.Faults.On(ChartPath, Fault.TooManyRequests(TimeSpan.FromSeconds(120)), times: null);
        await using var host = SourcesHost.ForYahoo(_fake);

        var result = await FetchSpy(host);

        result.Should().BeOfType<SourceResult<YahooChart>.Unavailable>().Which.Reason.Should().Contain("HTTP 429");
        _fake.Requests.To(ChartPath).Should().HaveCount(1);
    }

    [Fact]
    public async Task Persistent_500_stops_retrying_at_the_configured_count_and_opens_the_breaker()
    {
        _fake.Faults.On(ChartPath, Fault.ServerError(), times: null);
        await using var host = SourcesHost.ForYahoo(_fake, new Dictionary<string, string?>
        {
            ["MaxRetryAttempts"] = "3",
            ["BreakerMinimumThroughput"] = "4",
            ["BreakerFailureRatio"] = "0.5",
            ["BreakerBreakDuration"] = "00:00:30",
        });

        var first = await FetchSpy(host);

        first.Should().BeOfType<SourceResult<YahooChart>.Unavailable>().Which.Reason.Should().Contain("HTTP 500");
        _fake.Requests.To(ChartPath).Should().HaveCount(4, "one attempt plus three retries");

        var second = await FetchSpy(host);

        second.Should().BeOfType<SourceResult<YahooChart>.Unavailable>().Which.Reason.Should().Contain("circuit open");
        _fake.Requests.To(ChartPath).Should().HaveCount(4, "an open circuit sends nothing");
        host.Logs.Entries.Should().Contain(e => e.Level == LogLevel.Warning && e.Message.Contains("circuit opened", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hang_past_the_attempt_timeout_is_abandoned_and_the_retry_succeeds()
    {
        _fake.Faults.On(ChartPath, Fault.Hang(TimeSpan.FromSeconds(20)), times: 1);
        await using var host = SourcesHost.ForYahoo(_fake, new Dictionary<string, string?> { ["AttemptTimeout"] = "00:00:04" });

        var result = await FetchSpy(host);

        result.ShouldBeData().Prices.Should().NotBeEmpty();
        _fake.Requests.To(ChartPath).Should().HaveCount(2);
        host.Logs.Entries.Should().Contain(e => e.Message.Contains("attempt 1", StringComparison.Ordinal) && e.Message.Contains("TimeoutRejectedException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hang_on_every_attempt_ends_unavailable_after_the_retries()
    {
        _fake.Faults.On(ChartPath, Fault.Hang(TimeSpan.FromSeconds(20)), times: null);
        await using var host = SourcesHost.ForYahoo(_fake, new Dictionary<string, string?>
        {
            ["AttemptTimeout"] = "00:00:04",
            ["MaxRetryAttempts"] = "1",
        });

        var result = await FetchSpy(host);

        result.Should().BeOfType<SourceResult<YahooChart>.Unavailable>().Which.Reason.Should().Contain("timed out");
        _fake.Requests.To(ChartPath).Should().HaveCount(2);
    }

    [Fact]
    public async Task Truncated_body_is_a_failed_attempt_that_is_retried()
    {
        _fake.Faults.On(ChartPath, Fault.TruncatedBody(), times: 1);
        await using var host = SourcesHost.ForYahoo(_fake);

        var result = await FetchSpy(host);

        result.ShouldBeData().Prices.Should().NotBeEmpty();
        _fake.Requests.To(ChartPath).Should().HaveCount(2);
    }

    [Fact]
    public async Task Malformed_json_is_payload_invalid_without_a_retry_storm()
    {
        _fake.Faults.On(ChartPath, Fault.MalformedJson(), times: null);
        await using var host = SourcesHost.ForYahoo(_fake);

        var result = await FetchSpy(host);

        result.Should().BeOfType<SourceResult<YahooChart>.Invalid>().Which.Reason.Should().StartWith("malformed JSON");
        _fake.Requests.To(ChartPath).Should().HaveCount(1);
    }

    [Fact]
    public async Task Html_page_with_status_200_is_payload_invalid_without_a_retry_storm()
    {
        _fake.Faults.On(ChartPath, Fault.HtmlPage(), times: null);
        await using var host = SourcesHost.ForYahoo(_fake);

        var result = await FetchSpy(host);

        result.Should().BeOfType<SourceResult<YahooChart>.Invalid>().Which.Reason.Should().Contain("HTML");
        _fake.Requests.To(ChartPath).Should().HaveCount(1);
    }

    [Fact]
    public async Task Rate_limit_lets_the_burst_through_then_one_request_per_interval_of_the_clock()
    {
        // 10 per second (one every 100 ms), burst 3, ten requests at once on a clock that moves only when told.
        var clock = new FakeTimeProvider();
        await using var host = SourcesHost.ForYahoo(_fake, new Dictionary<string, string?>
        {
            ["RequestsPerSecond"] = "10",
            ["Burst"] = "3",
            ["MaxConcurrency"] = "50",
            ["AttemptTimeout"] = "00:05:00",
        }, clock);
        var client = host.Get<IYahooChartClient>();
        var pipeline = host.Services.GetRequiredKeyedService<UpstreamPipeline>(YahooOptions.Upstream);

        var calls = Enumerable.Range(0, 10).Select(_ =>
            client.GetAsync("SPY", new YahooChartWindow.Named("5d"), CancellationToken.None)).ToList();

        await Eventually.Until(() => _fake.Requests.To(ChartPath).Count == 3 && pipeline.WaitingForRate == 7, "the burst sent, the rest queued");
        for (var sent = 3; sent < 10; sent++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(99));
            pipeline.WaitingForRate.Should().Be(10 - sent, "the clock has not reached the next request's turn");
            _fake.Requests.To(ChartPath).Should().HaveCount(sent);

            clock.Advance(TimeSpan.FromMilliseconds(1));
            await Eventually.Until(() => _fake.Requests.To(ChartPath).Count == sent + 1, $"request {sent + 1} sent after its interval");
            pipeline.WaitingForRate.Should().Be(10 - sent - 1, "one interval releases exactly one request");
        }

        (await Task.WhenAll(calls)).Should().OnlyContain(r => r is SourceResult<YahooChart>.Data);
        _fake.Requests.To(ChartPath).Should().HaveCount(10);
    }

    [Fact]
    public async Task Concurrency_cap_keeps_at_most_the_configured_requests_in_flight()
    {
        // Every request takes a second on the server, so requests sent together overlap there; with two
        // slots, no more than two are ever in flight.
        _fake.Faults.On(ChartPath, Fault.Hang(TimeSpan.FromSeconds(1)), times: null);
        await using var host = SourcesHost.ForYahoo(_fake, new Dictionary<string, string?> { ["MaxConcurrency"] = "2" });
        var client = host.Get<IYahooChartClient>();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            client.GetAsync("SPY", new YahooChartWindow.Named("5d"), CancellationToken.None)));

        results.Should().OnlyContain(r => r is SourceResult<YahooChart>.Data);
        _fake.Requests.To(ChartPath).Should().HaveCount(6);
        _fake.Requests.MaxInFlight.Should().Be(2);
    }

    [Fact]
    public async Task Configured_user_agent_is_sent()
    {
        await using var host = SourcesHost.ForYahoo(_fake, new Dictionary<string, string?> { ["UserAgent"] = "Mozilla/5.0 (compatible; EtfData-test/1.0)" });

        (await FetchSpy(host)).ShouldBeData();

        _fake.Requests.To(ChartPath).Single().Header("User-Agent").Should().Be("Mozilla/5.0 (compatible; EtfData-test/1.0)");
    }

    [Fact]
    public async Task Connection_refused_is_unavailable_not_an_exception()
    {
        await using var host = SourcesHost.ForYahoo(_fake, new Dictionary<string, string?>
        {
            ["BaseUrl"] = "http://127.0.0.1:1/yahoo",
            ["MaxRetryAttempts"] = "1",
        });

        var result = await FetchSpy(host);

        result.Should().BeOfType<SourceResult<YahooChart>.Unavailable>().Which.Reason.Should().Contain("connection failed");
    }

    /// <summary>
    /// Moves <paramref name="clock"/> forward in small steps until <paramref name="condition"/> holds and
    /// returns how far it moved. However slowly the machine reacts, the answer is never less than the
    /// wait the code under test asked the clock for.
    /// </summary>
    private static async Task<TimeSpan> AdvanceUntilAsync(FakeTimeProvider clock, Func<bool> condition, TimeSpan? stepSize = null)
    {
        var step = stepSize ?? TimeSpan.FromMilliseconds(10);
        var moved = TimeSpan.Zero;
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > Eventually.Patience)
            {
                throw new TimeoutException($"Condition not met after moving the clock {moved.TotalSeconds:0.00} s.");
            }

            clock.Advance(step);
            moved += step;
            await Task.Delay(10);
        }

        return moved;
    }
}
