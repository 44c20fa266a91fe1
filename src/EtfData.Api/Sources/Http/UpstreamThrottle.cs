namespace EtfData.Api.Sources.Http;

/// <summary>
/// The pause an upstream imposed by throttling us: one end time for every request of the upstream,
/// read on the pipeline's <see cref="TimeProvider"/> so a test can move through it with a fake clock.
/// </summary>
internal sealed class UpstreamThrottle(TimeProvider time)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _until;

    /// <summary>When the current pause ends; null when there is none.</summary>
    public DateTimeOffset? Until
    {
        get
        {
            lock (_gate)
            {
                return _until is { } until && until > time.GetUtcNow() ? until : null;
            }
        }
    }

    /// <summary>What is left of the pause; zero or less when there is none.</summary>
    public TimeSpan Remaining
    {
        get
        {
            lock (_gate)
            {
                return _until is { } until ? until - time.GetUtcNow() : TimeSpan.Zero;
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
            var now = time.GetUtcNow();
            var until = now + pause;
            var running = _until is { } current && current > now;
            if (running && _until >= until)
            {
                return null;
            }

            _until = until;
            return running || pause <= TimeSpan.Zero ? null : until;
        }
    }
}
