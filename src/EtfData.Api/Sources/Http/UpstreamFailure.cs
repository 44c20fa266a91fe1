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
        // The outer message is only "An error occurred while sending the request": the cause (a reset, a body cut
        // short) is in the inner exception, and it is what a person reading the run log needs.
        HttpRequestException http => $"{upstream}: connection failed ({ErrorOf(http)}): {Innermost(http).Message}",
        IOException io => $"{upstream}: connection broken while reading the response: {Innermost(io).Message}",
        _ => $"{upstream}: {exception.GetType().Name}: {exception.Message}",
    };

    private static HttpRequestError ErrorOf(HttpRequestException http) =>
        http.HttpRequestError != HttpRequestError.Unknown ? http.HttpRequestError
        : http.InnerException is HttpIOException io ? io.HttpRequestError
        : HttpRequestError.Unknown;

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }
}
