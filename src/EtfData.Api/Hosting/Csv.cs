using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace EtfData.Api.Hosting;

/// <summary>A response whose rows can be written as CSV (e.g. a page's items, a series' points).</summary>
public interface ICsvExport
{
    /// <summary>The rows, each a record of scalar (or nested record) properties.</summary>
    IEnumerable<object> CsvRows();
}

/// <summary>
/// CSV on request: <c>?format=csv</c> or an <c>Accept</c> header preferring <c>text/csv</c>. Errors stay
/// ProblemDetails JSON. Columns are the rows' JSON names (nested records flattened as
/// <c>parent.child</c>); numbers and dates are invariant (<c>1234.5</c>, <c>2025-03-07</c>).
/// </summary>
public static class Csv
{
    public const string MediaType = "text/csv";

    /// <summary>Lets the endpoints of a group answer CSV when asked.</summary>
    public static TBuilder WithCsv<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(CsvAnswers.Instance).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var format = http.Request.Query["format"].ToString();
            if (format.Length > 0 && format is not ("csv" or "json"))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["format must be json or csv."] });
            }

            var result = await next(context);
            // A Results<…> union wraps the result the handler chose.
            var chosen = result is INestedHttpResult nested ? nested.Result : result;
            if (!WantsCsv(http.Request, format) || chosen is not IValueHttpResult { Value: { } value } || chosen is not IStatusCodeHttpResult { StatusCode: 200 or null })
            {
                return result;
            }

            return TypedResults.Text(Write(Rows(value)), MediaType + "; charset=utf-8");
        });

    /// <summary>Endpoint metadata: the endpoint answers CSV on request (the OpenAPI document declares it).</summary>
    public sealed class CsvAnswers
    {
        public static readonly CsvAnswers Instance = new();
    }

    public static bool WantsCsv(HttpRequest request, string format)
    {
        if (format.Length > 0)
        {
            return format == "csv";
        }

        var accept = request.GetTypedHeaders().Accept;
        var csv = accept.Where(a => a.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(-1).Max();
        var json = accept.Where(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(-1).Max();
        return csv > 0 && csv >= json;
    }

    private static IEnumerable<object> Rows(object value) => value switch
    {
        ICsvExport export => export.CsvRows(),
        IEnumerable enumerable and not string => enumerable.Cast<object>(),
        _ => [value],
    };

    /// <summary>
    /// Writes rows as RFC 4180 CSV with a header line. The columns come from the rows' element type
    /// (the <c>T</c> of the <see cref="IEnumerable{T}"/> behind <paramref name="rows"/>), so an empty
    /// answer still has its header; only rows typed as plain objects fall back to the first row's type.
    /// </summary>
    public static string Write(IEnumerable<object> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        var text = new StringBuilder();
        var rowType = ElementType(rows) ?? (list.Count > 0 ? list[0].GetType() : null);
        if (rowType is null)
        {
            return "";
        }

        var columns = Columns(rowType, "").ToList();
        text.AppendJoin(',', columns.Select(c => Quote(c.Name))).Append("\r\n");
        foreach (var row in list)
        {
            text.AppendJoin(',', columns.Select(c => Quote(Format(c.Read(row))))).Append("\r\n");
        }

        return text.ToString();
    }

    private sealed record Column(string Name, Func<object, object?> Read);

    private static Type? ElementType(IEnumerable<object> rows) =>
        rows.GetType().GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            .Select(i => i.GetGenericArguments()[0])
            .FirstOrDefault(t => t != typeof(object));

    private static IEnumerable<Column> Columns(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            var name = prefix + char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                yield return new Column(name, row => property.GetValue(row));
            }
            else if (!typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                foreach (var nested in Columns(propertyType, name + "."))
                {
                    yield return nested with { Read = row => property.GetValue(row) is { } inner ? nested.Read(inner) : null };
                }
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateOnly)
        || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid);

    private static string Format(object? value) => value switch
    {
        null => "",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset instant => instant.ToString("O", CultureInfo.InvariantCulture),
        Enum e => JsonNames.Of(e),
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}

internal static class JsonNames
{
    /// <summary>An enum value as the JSON serializer writes it (camelCase).</summary>
    public static string Of(Enum value)
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
