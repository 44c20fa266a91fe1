using EtfData.Api.Sources.Http;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace EtfData.Tests.Sources.Http;

/// <summary>The client-side rate limit on a fake clock: what it lets through depends on the clock, never on how busy the machine is.</summary>
public sealed class UpstreamRateLimiterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_burst_starts_at_once_and_the_queue_starts_one_interval_apart_as_the_clock_advances()
    {
        // 2 per second (one every 500 ms), burst 3: three at once, then at +500, +1000, +1500 ms.
        var clock = new FakeTimeProvider();
        var limiter = new UpstreamRateLimiter(requestsPerSecond: 2, burst: 3, queueLimit: 10, clock);

        var acquired = Enumerable.Range(0, 6).Select(_ => limiter.AcquireAsync(CancellationToken.None).AsTask()).ToList();

        acquired.Take(3).Should().OnlyContain(t => t.IsCompletedSuccessfully && t.Result);
        acquired.Skip(3).Should().NotContain(t => t.IsCompleted);
        limiter.Waiting.Should().Be(3);

        for (var next = 3; next < 6; next++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(499));
            acquired.Skip(next).Should().NotContain(t => t.IsCompleted, "the clock has not reached request {0}'s turn", next + 1);

            clock.Advance(TimeSpan.FromMilliseconds(1));
            (await acquired[next].WaitAsync(Patience)).Should().BeTrue();
            acquired.Skip(next + 1).Should().NotContain(t => t.IsCompleted, "one interval releases one request");
        }

        await Eventually.Until(() => limiter.Waiting == 0, "every released request has left the queue");
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_without_waiting()
    {
        var clock = new FakeTimeProvider();
        var limiter = new UpstreamRateLimiter(requestsPerSecond: 1, burst: 1, queueLimit: 2, clock);

        (await limiter.AcquireAsync(CancellationToken.None)).Should().BeTrue();
        var queued = new[] { limiter.AcquireAsync(CancellationToken.None).AsTask(), limiter.AcquireAsync(CancellationToken.None).AsTask() };
        var refused = limiter.AcquireAsync(CancellationToken.None);

        refused.IsCompleted.Should().BeTrue();
        (await refused).Should().BeFalse();
        queued.Should().NotContain(t => t.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(2));
        (await Task.WhenAll(queued).WaitAsync(Patience)).Should().Equal(true, true);
    }

    [Fact]
    public async Task An_idle_period_refills_the_burst_but_never_beyond_it()
    {
        // 1 per second, burst 2: after 10 idle seconds two requests start at once, the third waits a full second.
        var clock = new FakeTimeProvider();
        var limiter = new UpstreamRateLimiter(requestsPerSecond: 1, burst: 2, queueLimit: 10, clock);
        (await limiter.AcquireAsync(CancellationToken.None)).Should().BeTrue();
        (await limiter.AcquireAsync(CancellationToken.None)).Should().BeTrue();

        clock.Advance(TimeSpan.FromSeconds(10));
        var acquired = Enumerable.Range(0, 3).Select(_ => limiter.AcquireAsync(CancellationToken.None).AsTask()).ToList();

        acquired.Take(2).Should().OnlyContain(t => t.IsCompletedSuccessfully && t.Result);
        acquired[2].IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromMilliseconds(999));
        acquired[2].IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        (await acquired[2].WaitAsync(Patience)).Should().BeTrue();
    }

    [Fact]
    public async Task A_waiter_whose_caller_cancels_stops_waiting_and_leaves_the_queue()
    {
        var clock = new FakeTimeProvider();
        var limiter = new UpstreamRateLimiter(requestsPerSecond: 1, burst: 1, queueLimit: 10, clock);
        (await limiter.AcquireAsync(CancellationToken.None)).Should().BeTrue();
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync(cancel.Token).AsTask();
        limiter.Waiting.Should().Be(1);
        await cancel.CancelAsync();

        await FluentActions.Awaiting(() => waiting.WaitAsync(Patience)).Should().ThrowAsync<OperationCanceledException>();
        limiter.Waiting.Should().Be(0);
    }
}
