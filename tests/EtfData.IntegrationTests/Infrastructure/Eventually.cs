namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>Waits for a condition with a generous deadline, for tests that must not depend on how fast the machine is.</summary>
public static class Eventually
{
    /// <summary>Only a broken run should ever reach this.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds; throws once <see cref="Patience"/> has passed.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > Patience)
            {
                throw new TimeoutException($"Not met within {Patience.TotalMinutes:0} minutes: {what}.");
            }

            await Task.Delay(100);
        }
    }
}
