namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>A clock the test sets: the fake upstream's "now" for the data it serves.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
