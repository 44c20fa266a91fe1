using System.Diagnostics;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>A clock the test sets: the fake upstream's "now" for the data it serves.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset now = now;
    private long setAt = Stopwatch.GetTimestamp();
    private TimeProvider? running;

    public DateTimeOffset Now
    {
        get => now;
        set
        {
            now = value;
            setAt = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>
    /// The same time, moving on in real time since it was last set: for a host, whose scheduler
    /// (Quartz takes the host's <see cref="TimeProvider"/>) needs time to pass for a trigger to fire.
    /// </summary>
    public TimeProvider Running => running ??= new RunningClock(this);

    public override DateTimeOffset GetUtcNow() => Now;

    private sealed class RunningClock(TestClock clock) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => clock.Now + Stopwatch.GetElapsedTime(clock.setAt);
    }
}
