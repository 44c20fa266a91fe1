using System.Diagnostics;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>A clock the test sets: the fake upstream's "now" for the data it serves.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    // One immutable pair, swapped whole: a host thread reading while the test sets the time never
    // sees the new time with the old moment it was set (or a torn DateTimeOffset).
    private volatile Anchor anchor = new(now, Stopwatch.GetTimestamp());
    private TimeProvider? running;

    public DateTimeOffset Now
    {
        get => anchor.Now;
        set => anchor = new Anchor(value, Stopwatch.GetTimestamp());
    }

    /// <summary>
    /// The same time, moving on in real time since it was last set: for a host, whose scheduler
    /// (Quartz takes the host's <see cref="TimeProvider"/>) needs time to pass for a trigger to fire.
    /// </summary>
    public TimeProvider Running => running ??= new RunningClock(this);

    public override DateTimeOffset GetUtcNow() => Now;

    private sealed class RunningClock(TestClock clock) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow()
        {
            var anchor = clock.anchor;
            return anchor.Now + Stopwatch.GetElapsedTime(anchor.SetAt);
        }
    }

    private sealed record Anchor(DateTimeOffset Now, long SetAt);
}
