using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace EtfData.RawReference;

/// <summary>Small helpers shared by the reference routes: the API's JSON value formats, nullable columns.</summary>
internal static class JsonOut
{
    // The API's encoder (ASP.NET Core's JSON defaults): "&" and non-ASCII letters as themselves.
    public static readonly JsonWriterOptions Options = new() { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Date(this Utf8JsonWriter writer, string name, DateOnly? value)
    {
        if (value is { } d)
        {
            Span<byte> buffer = stackalloc byte[10];
            d.TryFormat(buffer, out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            writer.WriteString(name, buffer);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    public static void Number(this Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    public static void Number(this Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    public static void Text(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    public static T? Value<T>(this NpgsqlDataReader reader, int ordinal)
        where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    public static string? Text(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>The API's symbol normalisation for the common case (upper case, '-' as the class separator).</summary>
    public static string Symbol(string raw) => raw.Trim().ToUpperInvariant().Replace('-', '.');

    public static void StartJson(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
    }
}
