using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

namespace EtfData.Api.Hosting;

/// <summary>
/// Kestrel refuses some requests before the application sees them — a NUL or an invalid escape in the path (400), a
/// request line over its limit (414), headers over theirs (431) — and answers with an empty body. This connection
/// middleware turns that one answer into a ProblemDetails like every other error. It recognises it by its shape:
/// a 4xx whose header block (no Content-Type, <c>Content-Length: 0</c>, <c>Connection: close</c>) is the whole of
/// the first write after a flush; the application's own errors always carry a body. Plain HTTP/1.1 only (what the
/// service listens on): over TLS it sits outside the encryption, sees no status line and passes everything through.
/// </summary>
public static class KestrelRejections
{
    public static IWebHostBuilder UseProblemDetailsForKestrelRejections(this IWebHostBuilder builder) =>
        builder.ConfigureKestrel(options => options.ConfigureEndpointDefaults(listen => listen.Use(next => connection =>
        {
            connection.Transport = new RewritingPipe(connection.Transport);
            return next(connection);
        })));

    /// <summary>The ProblemDetails version of a Kestrel rejection, or null when <paramref name="written"/> is not one.</summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> written)
    {
        if (written.Length < 16 || !(written.StartsWith("HTTP/1.1 4"u8) || written.StartsWith("HTTP/1.0 4"u8))
            || written.IndexOf("\r\n\r\n"u8) != written.Length - 4)
        {
            return null;
        }

        var head = Encoding.ASCII.GetString(written[..^4]);
        var lines = head.Split("\r\n");
        var headers = lines.Skip(1).ToList();
        if (!headers.Contains("Content-Length: 0", StringComparer.OrdinalIgnoreCase)
            || !headers.Contains("Connection: close", StringComparer.OrdinalIgnoreCase)
            || headers.Any(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !int.TryParse(statusLine[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status))
        {
            return null;
        }

        var title = statusLine.Length == 3 ? statusLine[2] : Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = TypeOf(status),
            ["title"] = title,
            ["status"] = status,
            ["detail"] = DetailOf(status),
        });
        var text = new StringBuilder(lines[0]).Append("\r\n");
        foreach (var header in headers.Where(h => !h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)))
        {
            text.Append(header).Append("\r\n");
        }

        text.Append("Content-Type: application/problem+json\r\n")
            .Append("Content-Length: ").Append(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(text.ToString()), .. body];
    }

    private static string TypeOf(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        408 => "https://tools.ietf.org/html/rfc9110#section-15.5.9",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        414 => "https://tools.ietf.org/html/rfc9110#section-15.5.15",
        431 => "https://tools.ietf.org/html/rfc6585#section-5",
        _ => "about:blank",
    };

    private static string DetailOf(int status) => status switch
    {
        400 => "The server could not read the request line or its headers (for example a NUL character or an invalid percent-escape in the path).",
        408 => "The request did not arrive in time.",
        413 => "The request body is larger than the server accepts.",
        414 => "The request target (path and query string) is longer than the server accepts.",
        431 => "The request headers are larger than the server accepts.",
        _ => "The server refused the request before it could be read.",
    };

    private sealed class RewritingPipe(IDuplexPipe inner) : IDuplexPipe
    {
        public PipeReader Input => inner.Input;

        public PipeWriter Output { get; } = new RewritingWriter(inner.Output);
    }

    /// <summary>Passes every write through; only the first write after a flush is looked at, without copying.</summary>
    private sealed class RewritingWriter(PipeWriter inner) : PipeWriter
    {
        private Memory<byte> lastMemory;
        private bool atStart = true;

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override Memory<byte> GetMemory(int sizeHint = 0) => lastMemory = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void Advance(int bytes)
        {
            if (atStart && bytes > 0)
            {
                atStart = false;
                if (Rewrite(lastMemory.Span[..bytes]) is { } replacement)
                {
                    // Kestrel's bytes are not committed until Advance: write the replacement over them instead.
                    replacement.CopyTo(inner.GetSpan(replacement.Length));
                    inner.Advance(replacement.Length);
                    return;
                }
            }

            inner.Advance(bytes);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            atStart = true;
            return inner.FlushAsync(cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }
}
