using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace EtfData.Api.Hosting;

/// <summary>
/// Conditional GETs for the read API: every successful GET under <c>/api</c> gets a weak ETag (a hash
/// of the uncompressed body, so it holds for gzip and brotli alike) and a short <c>Cache-Control</c>;
/// a request whose <c>If-None-Match</c> names the current ETag gets 304 with no body. Data changes at
/// most nightly, so one minute of caching costs nothing in freshness. Health and admin answers are
/// never cached.
/// </summary>
internal sealed class HttpCachingMiddleware(RequestDelegate next)
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

        var uncacheable = request.Path.StartsWithSegments("/api/health", StringComparison.OrdinalIgnoreCase)
                          || request.Path.StartsWithSegments("/api/admin", StringComparison.OrdinalIgnoreCase);
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
        response.Headers.Append(HeaderNames.Vary, "Accept");
        if (uncacheable)
        {
            response.Headers.CacheControl = "no-store";
        }
        else if (response.StatusCode == StatusCodes.Status200OK)
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
