using System.Collections.Concurrent;

namespace EtfData.FakeUpstream.Recording;

/// <summary>A request as the fake upstream received it.</summary>
/// <param name="Sequence">1-based arrival order.</param>
/// <param name="ReceivedAt">Wall-clock arrival time (real time, not the dataset's clock).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path without the query string.</param>
/// <param name="Query">Query string including the leading <c>?</c>, or empty.</param>
/// <param name="Headers">Request headers, names case-insensitive.</param>
public sealed record RecordedRequest(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>Every request the fake upstream saw, in arrival order, so tests can assert counts, headers and pacing.</summary>
public sealed class RequestLog(TimeProvider clock)
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private long _sequence;

    public IReadOnlyList<RecordedRequest> All => [.. _requests];

    /// <summary>The requests whose path starts with <paramref name="pathPrefix"/>.</summary>
    public IReadOnlyList<RecordedRequest> To(string pathPrefix) =>
        _requests.Where(r => r.Path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase)).ToList();

    public void Clear() => _requests.Clear();

    internal void Record(HttpRequest request)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedRequest(
            Interlocked.Increment(ref _sequence),
            clock.GetUtcNow(),
            request.Method,
            request.Path.Value ?? "",
            request.QueryString.Value ?? "",
            headers));
    }
}
