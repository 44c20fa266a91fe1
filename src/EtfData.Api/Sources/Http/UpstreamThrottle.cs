namespace EtfData.Api.Sources.Http;

/// <summary>
/// The pause an upstream imposed by throttling us: one end for every request of the upstream, kept
/// on the pipeline's <see cref="TimeProvider"/> timestamps (as the rate limiter is), so a test can move
/// through it with a fake clock and a wall clock pinned to one instant cannot hold it forever.
/// </summary>
internal sealed class UpstreamThrottle(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly long _origin = time.GetTimestamp();
    private TimeSpan? _until; // measured from _origin

    /// <summary>When the current pause ends (wall clock, for messages); null when there is none.</summary>
    public DateTimeOffset? Until => Remaining is var remaining && remaining > TimeSpan.Zero ? time.GetUtcNow() + remaining : null;

    /// <summary>What is left of the pause; zero or less when there is none.</summary>
    public TimeSpan Remaining
    {
        get
        {
            lock (_gate)
            {
                return _until is { } until ? until - time.GetElapsedTime(_origin) : TimeSpan.Zero;
            }
        }
    }

    /// <summary>
    /// Pauses the upstream for <paramref name="pause"/> from now, or extends a shorter running pause.
    /// Returns the end time when a new pause began (for the one warning per pause), null otherwise.
    /// </summary>
    public DateTimeOffset? Pause(TimeSpan pause)
    {
        lock (_gate)
        {
            var now = time.GetElapsedTime(_origin);
            var until = now + pause;
            var running = _until is { } current && current > now;
            if (running && _until >= until)
            {
                return null;
            }

            _until = until;
            return running || pause <= TimeSpan.Zero ? null : time.GetUtcNow() + pause;
        }
    }
}
