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
    private int _inFlight;
    private int _maxInFlight;

    /// <summary>The most requests the fake was answering at one time since the last <see cref="Clear"/>.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public IReadOnlyList<RecordedRequest> All => [.. _requests];

    /// <summary>The requests whose path starts with <paramref name="pathPrefix"/>.</summary>
    public IReadOnlyList<RecordedRequest> To(string pathPrefix) =>
        _requests.Where(r => r.Path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase)).ToList();

    public void Clear()
    {
        _requests.Clear();
        Volatile.Write(ref _maxInFlight, Volatile.Read(ref _inFlight));
    }

    /// <summary>Records the request; disposing the result marks its answer as finished.</summary>
    internal IDisposable Record(HttpRequest request)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        int max;
        while (inFlight > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, max) != max)
        {
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedRequest(
            Interlocked.Increment(ref _sequence),
            clock.GetUtcNow(),
            request.Method,
            request.Path.Value ?? "",
            request.QueryString.Value ?? "",
            headers));
        return new Answered(this);
    }

    private sealed class Answered(RequestLog log) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref log._inFlight);
            }
        }
    }
}
