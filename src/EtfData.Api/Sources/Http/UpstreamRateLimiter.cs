namespace EtfData.Api.Sources.Http;

/// <summary>
/// The client-side rate limit of one upstream: a token bucket of <c>burst</c> tokens refilled at
/// <c>requestsPerSecond</c>, kept as the generic cell rate algorithm (one "theoretical arrival
/// time" instead of a token count and a refill timer). Each request reserves the next free start
/// time under a lock, so requests start in arrival order, and then waits until it on the
/// <see cref="TimeProvider"/>: the clock and the waits come from the same provider, which lets a
/// test drive the limiter with a fake clock instead of measuring elapsed time.
/// </summary>
/// <remarks>
/// A request cancelled while it waits leaves its start time unused rather than moving the queue
/// up: the limit errs on the slow side. Over any period t the number of started requests is at
/// most <c>burst + t × requestsPerSecond</c>, however late the waits complete.
/// </remarks>
public sealed class UpstreamRateLimiter
{
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _burstTolerance;
    private readonly int _queueLimit;
    private readonly Lock _gate = new();
    private TimeSpan _nextStart; // theoretical arrival time, measured from _origin
    private int _waiting;

    public UpstreamRateLimiter(double requestsPerSecond, int burst, int queueLimit, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _origin = time.GetTimestamp();
        _interval = TimeSpan.FromSeconds(1 / requestsPerSecond);
        _burstTolerance = _interval * (burst - 1);
        _queueLimit = queueLimit;
    }

    /// <summary>Requests currently waiting for their start time.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>
    /// Completes with true when the caller may start its request, at once or after waiting its turn;
    /// false at once when <c>queueLimit</c> requests are already waiting.
    /// </summary>
    public async ValueTask<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        // A caller already cancelled must not reserve a start time it will never use.
        cancellationToken.ThrowIfCancellationRequested();
        Task wait;
        lock (_gate)
        {
            var now = _time.GetElapsedTime(_origin);
            var next = _nextStart > now ? _nextStart : now;
            var delay = next - _burstTolerance - now;
            if (delay <= TimeSpan.Zero)
            {
                _nextStart = next + _interval;
                return true;
            }

            if (_waiting >= _queueLimit)
            {
                return false;
            }

            _nextStart = next + _interval;
            Interlocked.Increment(ref _waiting);
            // Created under the lock: once Waiting counts this request, its timer exists on the clock.
            wait = Task.Delay(delay, _time, cancellationToken);
        }

        try
        {
            await wait;
            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}
