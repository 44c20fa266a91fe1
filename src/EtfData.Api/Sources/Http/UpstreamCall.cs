using System.Net;
using System.Net.Http.Headers;

namespace EtfData.Api.Sources.Http;

/// <summary>A response whose body was read in full: what a source client interprets.</summary>
public sealed record UpstreamReply(HttpStatusCode Status, string? ReasonPhrase, ReadOnlyMemory<byte> Body, HttpResponseHeaders Headers, string? MediaType)
{
    /// <summary>The body's <c>Last-Modified</c> (a content header), for conditional requests.</summary>
    public DateTimeOffset? LastModified { get; init; }

    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>"HTTP 503 Service Unavailable: '…'" for messages.</summary>
    public string Describe(string upstream) =>
        $"{upstream}: HTTP {(int)Status} {ReasonPhrase}" + (Body.IsEmpty ? "" : ": " + JsonPayload.Preview(Body.Span));
}

/// <summary>Sends a request and turns every transport-level failure into an "unavailable" result.</summary>
public static class UpstreamCall
{
    /// <summary>Set on a request whose successful body the caller streams: the pipeline then does not buffer it.</summary>
    public static readonly HttpRequestOptionsKey<bool> StreamBodyKey = new("etfdata.stream-body");

    /// <summary>Set on a request whose attempts may take longer than the upstream's <see cref="UpstreamHttpOptions.AttemptTimeout"/> (a large document).</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> AttemptTimeoutKey = new("etfdata.attempt-timeout");

    /// <summary>
    /// Sends <paramref name="request"/> (disposing it) and returns the reply with any status as data.
    /// Exceptions from the pipeline (open circuit, timeouts, connection errors, full queue) become
    /// <see cref="SourceResult{T}.Unavailable"/>; the caller's cancellation propagates.
    /// </summary>
    public static async Task<SourceResult<UpstreamReply>> SendAsync(
        this HttpClient client,
        string upstream,
        HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        using (request)
        {
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                return new SourceResult<UpstreamReply>.Data(new UpstreamReply(
                    response.StatusCode,
                    response.ReasonPhrase,
                    body,
                    response.Headers,
                    response.Content.Headers.ContentType?.MediaType)
                {
                    LastModified = response.Content.Headers.LastModified,
                });
            }
            catch (Exception ex) when (UpstreamFailure.IsUpstreamFailure(ex, cancellationToken))
            {
                return new SourceResult<UpstreamReply>.Unavailable(UpstreamFailure.Describe(upstream, ex));
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> (disposing it) with its successful body left unread, for
    /// downloads too large to buffer: the caller reads and disposes the response. Error answers are
    /// buffered as usual. Failures and cancellation as in <see cref="SendAsync"/>.
    /// </summary>
    public static async Task<SourceResult<HttpResponseMessage>> SendStreamingAsync(
        this HttpClient client,
        string upstream,
        HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        using (request)
        {
            request.Options.Set(StreamBodyKey, true);
            try
            {
                var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                return new SourceResult<HttpResponseMessage>.Data(response);
            }
            catch (Exception ex) when (UpstreamFailure.IsUpstreamFailure(ex, cancellationToken))
            {
                return new SourceResult<HttpResponseMessage>.Unavailable(UpstreamFailure.Describe(upstream, ex));
            }
        }
    }
}
