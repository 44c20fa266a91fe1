using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.Net.Http.Headers;

namespace EtfData.Api.Hosting;

/// <summary>
/// Conditional GETs for the read API: every successful GET under <c>/api</c> gets a weak ETag and a
/// short <c>Cache-Control</c>; a request whose <c>If-None-Match</c> names the current ETag gets 304
/// with no body. Data changes at most nightly, so one minute of caching costs nothing in freshness.
/// Health and admin answers are never cached.
/// </summary>
/// <remarks>
/// While <see cref="DataVersion.Current"/> is known, the ETag is <c>W/"&lt;epoch&gt;-&lt;counter&gt;-&lt;request hash&gt;"</c>,
/// taken BEFORE the endpoint runs: a matching <c>If-None-Match</c> is answered 304 without running the
/// endpoint (no query), and a full answer streams with no buffering. Reading the version first makes a
/// race harmless: data changed while the endpoint ran is tagged with the older version, which the
/// change's notification has already retired or is about to. The request hash covers what else an answer
/// depends on: path, query, <c>Accept</c>, and the New York date (one endpoint defaults to this month).
/// Without a trusted version (listener not connected, replica behind) the ETag is a hash of the
/// uncompressed body, as before: slower, never wrong.
/// </remarks>
internal sealed class HttpCachingMiddleware(RequestDelegate next, DataVersion dataVersion, TimeProvider time)
{
    private const string CacheableCacheControl = "public, max-age=60";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) || !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var response = context.Response;
        response.Headers.Append(HeaderNames.Vary, "Accept");
        if (request.Path.StartsWithSegments("/api/health", StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments("/api/admin", StringComparison.OrdinalIgnoreCase))
        {
            response.OnStarting(static state =>
            {
                ((HttpResponse)state).Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            }, response);
            await next(context);
            return;
        }

        if (dataVersion.Current is not { } version)
        {
            await HashBodyAsync(context);
            return;
        }

        var etag = VersionTag(version, request);
        if (Matches(request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            response.Headers.ETag = etag;
            response.Headers.CacheControl = CacheableCacheControl;
            return;
        }

        response.OnStarting(static state =>
        {
            var (response, etag) = ((HttpResponse, string))state;
            if (response.StatusCode == StatusCodes.Status200OK)
            {
                response.Headers.ETag = etag;
                response.Headers.CacheControl = CacheableCacheControl;
            }

            return Task.CompletedTask;
        }, (response, etag));
        await next(context);
    }

    private string VersionTag(string version, HttpRequest request)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), NyseCalendar.TimeZone).DateTime);
        var key = string.Join('\n', request.Path.Value, request.QueryString.Value, request.Headers.Accept.ToString(), today.DayNumber.ToString(CultureInfo.InvariantCulture));
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return "W/\"" + version + "-" + Base64Url.EncodeToString(hash[..9]) + "\"";
    }

    /// <summary>The fallback: buffer the answer and tag it with a hash of its uncompressed body.</summary>
    private async Task HashBodyAsync(HttpContext context)
    {
        var request = context.Request;
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status200OK)
        {
            var etag = "W/\"" + Convert.ToBase64String(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))[..27] + "\"";
            response.Headers.ETag = etag;
            response.Headers.CacheControl = CacheableCacheControl;
            if (Matches(request.Headers.IfNoneMatch, etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                response.Headers.ContentType = default;
                return;
            }
        }

        if (buffer.Length > 0)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        }
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        foreach (var header in ifNoneMatch)
        {
            foreach (var candidate in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                // Weak comparison (RFC 9110 §13.1.2): W/"x" and "x" match.
                if (candidate == "*" || string.Equals(Opaque(candidate), Opaque(etag), StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
