using System.Text;
using System.Text.Json;

namespace EtfData.Api.Sources;

/// <summary>Opening a body that should be JSON, with a useful reason when it is not.</summary>
public static class JsonPayload
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>
    /// Parses <paramref name="utf8"/> as JSON. Fails with a reason that says what arrived instead:
    /// an empty body, an HTML page (error and consent pages often come with status 200), or the
    /// parser's message for malformed or truncated JSON.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> utf8, out JsonDocument? document, out string error)
    {
        document = null;
        var span = utf8.Span;
        var start = 0;
        if (span.StartsWith("\uFEFF"u8))
        {
            start = 3;
        }

        while (start < span.Length && span[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start == span.Length)
        {
            error = "empty body";
            return false;
        }

        if (span[start] == (byte)'<')
        {
            error = "HTML or XML instead of JSON, starting " + Preview(span[start..]);
            return false;
        }

        try
        {
            document = JsonDocument.Parse(utf8[start..], DocumentOptions);
            error = "";
            return true;
        }
        catch (JsonException ex)
        {
            error = "malformed JSON: " + ex.Message;
            return false;
        }
    }

    /// <summary>The first characters of a body, for messages.</summary>
    public static string Preview(ReadOnlySpan<byte> utf8, int maxChars = 60)
    {
        var text = Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, maxChars * 2)]);
        text = text.ReplaceLineEndings(" ");
        return "'" + (text.Length > maxChars ? text[..maxChars] + "…" : text) + "'";
    }
}
