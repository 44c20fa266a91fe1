using Polly.CircuitBreaker;
using Polly.Timeout;

namespace EtfData.Api.Sources.Http;

/// <summary>Turns what the HTTP pipeline threw into the reason of an "upstream unavailable" result.</summary>
public static class UpstreamFailure
{
    /// <summary>
    /// True for exceptions that mean "no usable response from the upstream" — the ones a source
    /// client converts into <see cref="SourceResult{T}.Unavailable"/>. The caller's own cancellation
    /// is not among them and must propagate.
    /// </summary>
    public static bool IsUpstreamFailure(Exception exception, CancellationToken callerToken) => exception switch
    {
        OperationCanceledException => !callerToken.IsCancellationRequested, // HttpClient.Timeout (total timeout)
        BrokenCircuitException or TimeoutRejectedException or HttpRequestException or IOException => true,
        UpstreamQueueFullException or UpstreamThrottledException => true,
        _ => false,
    };

    /// <summary>Human-readable reason for <paramref name="exception"/>.</summary>
    public static string Describe(string upstream, Exception exception) => exception switch
    {
        IsolatedCircuitException => $"{upstream}: circuit isolated manually",
        BrokenCircuitException broken => $"{upstream}: circuit open after repeated failures; requests paused"
            + (broken.RetryAfter is { } after ? $" for {after.TotalSeconds:0.#} s" : ""),
        TimeoutRejectedException => $"{upstream}: attempt timed out and retries were exhausted",
        OperationCanceledException => $"{upstream}: total timeout exceeded",
        UpstreamQueueFullException => $"{upstream}: client-side request queue full",
        UpstreamThrottledException throttled => throttled.Message,
        HttpRequestException http => $"{upstream}: connection failed ({http.HttpRequestError}): {http.Message}",
        _ => $"{upstream}: {exception.GetType().Name}: {exception.Message}",
    };
}
