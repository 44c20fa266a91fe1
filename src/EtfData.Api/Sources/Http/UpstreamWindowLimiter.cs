namespace EtfData.Api.Sources.Http;

/// <summary>
/// At most <c>limit</c> requests sent within any <c>window</c>, counted at the moment each is let go.
/// The rate limiter spaces requests by their reserved start times; when a busy machine fires several of
/// its timers late and together, this cap still keeps them from reaching an upstream that counts
/// arrivals (SEC) as a burst above its limit.
/// </summary>
internal sealed class UpstreamWindowLimiter(int limit, TimeSpan window, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly long _origin = time.GetTimestamp();
    private readonly Queue<TimeSpan> _sent = new();
    private int _waiting;

    /// <summary>Requests waiting for room in the window.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = time.GetElapsedTime(_origin);
                while (_sent.Count > 0 && now - _sent.Peek() >= window)
                {
                    _sent.Dequeue();
                }

                if (_sent.Count < limit)
                {
                    _sent.Enqueue(now);
                    return;
                }

                wait = window - (now - _sent.Peek());
                Interlocked.Increment(ref _waiting);
            }

            try
            {
                await Task.Delay(wait, time, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
    }
}
