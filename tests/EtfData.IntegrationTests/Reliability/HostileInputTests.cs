using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>
/// Hostile input at the API, generated from the OpenAPI document: every operation, every parameter (path, query,
/// header, body property) gets every hostile value, alone and repeated; the POST bodies are also sent malformed,
/// oversized and with wrong content types; paths get NUL, traversal and other oddities. Every answer must be a 2xx
/// or a 4xx ProblemDetails (status, title, detail), never a 5xx, never a stack trace or type name, never another
/// symbol's rows for a hostile symbol; the database is unchanged afterwards.
/// </summary>
public sealed partial class HostileInputTests(HostileInputHost host, ITestOutputHelper output) : IClassFixture<HostileInputHost>
{
    private static readonly string Long10K = new('A', 10_000);
    private static readonly string Long100K = new('S', 100_000);

    /// <summary>Values as they go on the wire (already percent-encoded where needed), with a label for the report.</summary>
    private static readonly (string Label, string Encoded)[] HostileValues =
    [
        ("sql-drop", Escape("SPY'; DROP TABLE etf;--")),
        ("sql-or", Escape("' OR '1'='1")),
        ("sql-comment", Escape("SPY/*")),
        ("sql-union", Escape("SPY' UNION SELECT symbol FROM etf--")),
        ("traversal", Escape("../../etc/passwd")),
        ("traversal-encoded", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
        ("traversal-double", Escape("%2e%2e%2f")),
        ("empty", ""),
        ("blank", "%20%20"),
        ("long-10k", Long10K),
        ("long-100k", Long100K),
        ("rtl", Escape("\u202EYPS")),
        ("combining", Escape("S\u0301P\u0308Y")),
        ("emoji", Escape("SPY\U0001F4C8")),
        ("zero-width", Escape("SP\u200BY")),
        ("fullwidth", Escape("ＳＰＹ")),
        ("high-surrogate-alone", "%ED%A0%80"),
        ("low-surrogate-alone", "SPY%ED%B0%80"),
        ("invalid-utf8", "%FF%FE%C3"),
        ("nul", "%00"),
        ("nul-inside", "SP%00Y"),
        ("nul-after", "SPY%00"),
        ("control", "%01%1F%7F"),
        ("crlf", "SPY%0D%0AX-Injected:%201"),
        ("tab", "SPY%09"),
        ("html", Escape("<script>alert(1)</script>")),
        ("format-string", Escape("%s%n{0}{{7*7}}${jndi:x}")),
        ("percent-alone", "%25"),
        ("negative", "-1"),
        ("zero", "0"),
        ("int-max", "2147483647"),
        ("int-overflow", "2147483648"),
        ("int-underflow", "-2147483649"),
        ("long-overflow", "9223372036854775808"),
        ("huge", "1" + new string('9', 400)),
        ("decimal-overflow", "79228162514264337593543950336"),
        ("exponent", "1e308"),
        ("exponent-overflow", "1e400"),
        ("fraction", "1.5"),
        ("hex", "0x10"),
        ("nan", "NaN"),
        ("infinity", "Infinity"),
        ("minus-infinity", "-Infinity"),
        ("date-min", "0001-01-01"),
        ("date-max", "9999-12-31"),
        ("date-year-10000", "10000-01-01"),
        ("date-feb-30", "2026-02-30"),
        ("date-month-13", "2025-13-01"),
        ("date-zero", "0000-00-00"),
        ("date-negative-year", "-2025-01-01"),
        ("datetime-max", Escape("9999-12-31T23:59:59.9999999+14:00")),
        ("datetime-min", Escape("0001-01-01T00:00:00-14:00")),
        ("date-basic", "20250307"),
        ("month-min", "0001-01"),
        ("month-max", "9999-12"),
        ("month-year-10000", "10000-01"),
        ("month-13", "2026-13"),
        ("month-zero", "0000-00"),
        ("bool-word", "maybe"),
        ("json", Escape("{\"$ne\":null}")),
        ("list", "SPY,,QQQ,"),
        ("list-hostile", Escape("SPY,QQQ'; DROP TABLE etf;--")),
        ("list-many", string.Join(",", Enumerable.Range(0, 2_000).Select(i => "S" + i.ToString(CultureInfo.InvariantCulture)))),
    ];

    /// <summary>Whole bodies for the POST operations: malformed, oversized, wrong shapes.</summary>
    private static readonly (string Label, string ContentType, byte[] Body)[] HostileBodies =
    [
        ("empty-json", "application/json", []),
        ("json-null", "application/json", "null"u8.ToArray()),
        ("json-truncated", "application/json", "{\"SPY\":"u8.ToArray()),
        ("json-unclosed-string", "application/json", "{\"symbol\":\"SPY"u8.ToArray()),
        ("json-trailing", "application/json", "{} {}"u8.ToArray()),
        ("json-comment", "application/json", "{/* x */}"u8.ToArray()),
        ("json-single-quotes", "application/json", "{'symbol':'SPY'}"u8.ToArray()),
        ("json-number", "application/json", "42"u8.ToArray()),
        ("json-string", "application/json", "\"SPY\""u8.ToArray()),
        ("json-array-of-numbers", "application/json", "[1,2,3]"u8.ToArray()),
        ("json-nan", "application/json", "{\"SPY\":NaN}"u8.ToArray()),
        ("json-duplicate-keys", "application/json", "{\"symbol\":\"SPY\",\"symbol\":\"QQQ'--\",\"SPY\":0.5,\"SPY\":0.5}"u8.ToArray()),
        ("json-nul-escape", "application/json", "{\"symbol\":\"SP\\u0000Y\",\"SP\\u0000Y\":1}"u8.ToArray()),
        ("json-raw-nul", "application/json", [(byte)'{', (byte)'"', 0, (byte)'"', (byte)':', (byte)'1', (byte)'}']),
        ("json-lone-surrogate", "application/json", "{\"symbol\":\"\\uD800\",\"\\uDC00\":1}"u8.ToArray()),
        ("json-invalid-utf8", "application/json", [(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}']),
        ("json-bom", "application/json", [0xEF, 0xBB, 0xBF, .. "{\"SPY\":1,\"symbols\":\"x'--\"}"u8.ToArray()]),
        ("json-deep", "application/json", Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000))),
        ("json-huge-number", "application/json", Encoding.UTF8.GetBytes("{\"SPY\":1" + new string('0', 10_000) + ",\"symbol\":1" + new string('0', 10_000) + "}")),
        ("json-negative-weight", "application/json", "{\"SPY\":-1,\"QQQ\":2}"u8.ToArray()),
        ("json-overflow-weight", "application/json", "{\"SPY\":79228162514264337593543950336}"u8.ToArray()),
        ("json-exponent-weight", "application/json", "{\"SPY\":1e400}"u8.ToArray()),
        ("json-many-keys", "application/json", Encoding.UTF8.GetBytes("{" + string.Join(",", Enumerable.Range(0, 50_000).Select(i => $"\"S{i}\":0.00002")) + "}")),
        ("json-oversized-string", "application/json", Encoding.UTF8.GetBytes("{\"symbol\":\"" + new string('A', 5_000_000) + "\",\"symbols\":[\"" + new string('B', 100_000) + "\"]}")),
        ("json-list-hostile", "application/json", "[{\"symbol\":\"SPY'; DROP TABLE etf;--\",\"weight\":1}]"u8.ToArray()),
        ("json-list-nulls", "application/json", "[null,{\"symbol\":null,\"weight\":null}]"u8.ToArray()),
        ("text-plain", "text/plain", "{\"SPY\":1}"u8.ToArray()),
        ("xml", "application/xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"u8.ToArray()),
        ("form", "application/x-www-form-urlencoded", "symbol=SPY&SPY=1"u8.ToArray()),
        ("multipart", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"symbol\"\r\n\r\nSPY\r\n--x--\r\n"u8.ToArray()),
        ("octet-stream", "application/octet-stream", [0, 1, 2, 3, 255]),
        ("json-utf16-declared", "application/json; charset=utf-16", "{\"SPY\":1}"u8.ToArray()),
        ("json-unknown-charset", "application/json; charset=x-hostile", "{\"SPY\":1}"u8.ToArray()),
        ("content-type-garbage", "application/json; ;;==", "{\"SPY\":1}"u8.ToArray()),
    ];

    private static readonly string[] PathOddities =
    [
        "/api/etfs/%00",
        "/api/etfs/SPY%00",
        "/api/etfs/SPY%00/prices",
        "/api/%00/etfs",
        "/%00",
        "/api/etfs/%2e%2e/%2e%2e/etc/passwd",
        "/api/etfs/..%2f..%2fadmin%2fjobs",
        "/api/etfs/SPY%2fprices",
        "/api/etfs/SPY%5c..%5c..%5cwindows",
        "/api//etfs",
        "/api/etfs/SPY/",
        "/api/etfs/SPY;jsessionid=1",
        "/api/etfs/SPY%20",
        "/api/etfs/%E2%80%AEYPS",
        "/api/etfs/SPY%F0%9F%93%88/prices",
        "/api/etfs/%ED%A0%80",
        "/api/etfs/%FF",
        "/api/etfs/%",
        "/api/etfs/%zz",
        "/api/etfs/SPY%0D%0ASet-Cookie:x=1",
        "/API/ETFS/spy",
        "/api/etfs/" + Long10K,
        "/api/etfs/" + Long100K,
        "/api/admin/jobs/%00/run",
        "/api/admin/runs/%00",
        "/api/admin/runs/99999999999999999999",
        "/api/admin/runs/-9223372036854775808",
        "/swagger/%00",
        "/swagger/..%2f..%2fappsettings.json",
    ];

    private static string Escape(string value) => Uri.EscapeDataString(value);

    [Fact]
    public async Task Sweep_from_the_OpenAPI_document_answers_every_hostile_request_with_2xx_or_4xx_problem_details()
    {
        var operations = await OperationsAsync();
        operations.Should().HaveCountGreaterThan(20, "the document lists every endpoint");
        var before = await host.ChecksumTablesAsync();

        var requests = new List<HostileRequest>();
        foreach (var operation in operations)
        {
            requests.AddRange(RequestsFor(operation));
        }

        requests.AddRange(PathOddities.SelectMany(path => new[]
        {
            new HostileRequest("path-oddity", HttpMethod.Get, path, null, null, null),
            new HostileRequest("path-oddity", HttpMethod.Post, path, "application/json", "{}"u8.ToArray(), null),
        }));

        var failures = new List<string>();
        var histogram = new SortedDictionary<int, int>();
        foreach (var request in requests)
        {
            var (status, problem) = await SendAsync(request);
            histogram[status] = histogram.GetValueOrDefault(status) + 1;
            if (request.Method == HttpMethod.Post && status is >= 200 and < 300)
            {
                output.WriteLine($"Accepted: POST {Shorten(request.Path)} [{request.What}] → {status}");
            }

            if (problem is not null)
            {
                failures.Add($"{request.Method} {Shorten(request.Path)} [{request.What}] → {status}: {problem}");
            }
        }

        var after = await host.ChecksumTablesAsync();
        Figures.Report(output, string.Create(CultureInfo.InvariantCulture,
            $"Hostile sweep: {requests.Count} requests over {operations.Count} operations; status histogram {string.Join(", ", histogram.Select(h => $"{h.Key}×{h.Value}"))}; {failures.Count} wrong answers; 5xx: {histogram.Where(h => h.Key >= 500).Sum(h => h.Value)}."));
        foreach (var failure in failures.Take(5000))
        {
            output.WriteLine(failure);
        }

        failures.Should().HaveCount(0, "every hostile answer is a 2xx or a 4xx ProblemDetails (the wrong ones are listed in the output)");
        before.Where(t => after.GetValueOrDefault(t.Key) != t.Value).Select(t => t.Key).Should().BeEmpty("no hostile request changes the database");
    }

    [Fact]
    public async Task A_NUL_in_a_text_parameter_is_400_problem_details_not_500()
    {
        using var response = await host.Client.GetAsync("/api/etfs?category=Large%00Blend");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("category")[0].GetString().Should().Contain("NUL");
    }

    [Fact]
    public async Task A_NUL_in_the_path_is_400_problem_details_although_Kestrel_refuses_it_before_routing()
    {
        using var response = await host.Client.GetAsync("/api/etfs/SP%00Y/prices");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().Should().Contain("NUL");
    }

    [Fact]
    public async Task A_request_line_over_Kestrels_limit_is_414_problem_details()
    {
        using var response = await host.Client.GetAsync("/api/etfs/SPY/prices?from=" + Long10K);

        var problem = await ProblemAsync(response, HttpStatusCode.RequestUriTooLong);
        problem.GetProperty("detail").GetString().Should().Contain("longer than the server accepts");
    }

    [Fact]
    public async Task A_date_at_the_edge_of_the_calendar_is_400_problem_details_not_500()
    {
        // to=0001-01-01 has no month before it: the default from (to − 1 month) used to throw. It lies before the
        // fund's first AUM observation, so the parameter at fault is to.
        using var response = await host.Client.GetAsync("/api/etfs/SPY/fees?to=0001-01-01");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("to")[0].GetString().Should().StartWith("to must be after the first AUM observation of SPY");
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_portfolio_body_is_400_problem_details_not_500()
    {
        using var content = new StringContent("{\"\\uD800\":1}", Encoding.UTF8, "application/json");
        using var response = await host.Client.PostAsync("/api/portfolio/lookthrough", content);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("body")[0].GetString().Should().Contain("not valid Unicode");
    }

    [Fact]
    public async Task An_unknown_body_charset_is_415_problem_details_not_500()
    {
        using var content = new ByteArrayContent("{\"symbols\":[\"SPY\"]}"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=x-hostile");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/jobs/prices/run") { Content = content };
        request.Headers.Add("X-Api-Key", HostileInputHost.AdminKey);
        using var response = await host.Client.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        problem.GetProperty("detail").GetString().Should().Contain("x-hostile");
    }

    [Fact]
    public async Task A_validation_problem_says_what_is_wrong_in_its_detail()
    {
        using var response = await host.Client.GetAsync("/api/etfs/SPY'--/prices");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().Should().StartWith("symbol: 'SPY'--' is not a symbol");
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.Should().Be(status);
        (response.Content.Headers.ContentType?.MediaType).Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        problem.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
        return problem;
    }

    /// <summary>One operation of the document: method, path template, parameters and the body's schema.</summary>
    private sealed record Operation(HttpMethod Method, string Template, IReadOnlyList<Parameter> Parameters, JsonElement? BodySchema, bool BodyRequired, JsonElement Document);

    private sealed record Parameter(string Name, string In, bool Required, string? Example);

    private sealed record HostileRequest(string What, HttpMethod Method, string Path, string? ContentType, byte[]? Body, (string Name, string Value)? Header, IReadOnlyList<string>? SymbolsAsked = null);

    private async Task<IReadOnlyList<Operation>> OperationsAsync()
    {
        using var response = await host.Client.GetAsync("/swagger/v1/swagger.json");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                if (method.Name is "parameters" or "summary" or "description" or "servers")
                {
                    continue;
                }

                var parameters = new List<Parameter>();
                foreach (var source in new[] { path.Value, method.Value })
                {
                    if (source.TryGetProperty("parameters", out var list))
                    {
                        foreach (var p in list.EnumerateArray())
                        {
                            var resolved = Resolve(document, p);
                            parameters.Add(new Parameter(
                                resolved.GetProperty("name").GetString()!,
                                resolved.GetProperty("in").GetString()!,
                                resolved.TryGetProperty("required", out var r) && r.GetBoolean(),
                                ExampleOf(resolved)));
                        }
                    }
                }

                JsonElement? body = method.Value.TryGetProperty("requestBody", out var requestBody)
                    && Resolve(document, requestBody).TryGetProperty("content", out var content)
                    && content.EnumerateObject().FirstOrDefault() is { Value.ValueKind: JsonValueKind.Object } media
                    && media.Value.TryGetProperty("schema", out var schema)
                        ? Resolve(document, schema)
                        : null;
                var bodyRequired = method.Value.TryGetProperty("requestBody", out var declared)
                    && Resolve(document, declared).TryGetProperty("required", out var required) && required.GetBoolean();
                operations.Add(new Operation(new HttpMethod(method.Name.ToUpperInvariant()), path.Name, parameters, body, bodyRequired, document));
            }
        }

        return operations;
    }

    private static JsonElement Resolve(JsonElement document, JsonElement element)
    {
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference))
        {
            element = document;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                element = element.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }
        }

        return element;
    }

    private static string? ExampleOf(JsonElement parameter)
    {
        var example = parameter.TryGetProperty("example", out var e) ? e
            : parameter.TryGetProperty("schema", out var s) && s.TryGetProperty("example", out var se) ? se
            : default;
        return example.ValueKind switch
        {
            JsonValueKind.String => example.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => example.GetRawText(),
            _ => null,
        };
    }

    /// <summary>A valid value for a parameter the request does not attack, so that the attacked one is what is judged.</summary>
    private static string Baseline(Parameter parameter) => parameter.Name.ToLowerInvariant() switch
    {
        "symbol" => "SPY",
        "symbols" => "SPY,QQQ",
        "security" => parameter.Example ?? "AAPL",
        "id" => "1",
        "job" => "prices",
        _ => Uri.EscapeDataString(parameter.Example ?? "SPY"),
    };

    private static bool IsSymbolParameter(string name) => name.ToLowerInvariant() is "symbol" or "symbols";

    private static IEnumerable<HostileRequest> RequestsFor(Operation operation)
    {
        var isPost = operation.Method == HttpMethod.Post;
        // A body that is valid in shape, for requests that attack a parameter; never one that would start work.
        var baselineBody = isPost ? BaselineBody(operation) : null;
        foreach (var attacked in operation.Parameters)
        {
            foreach (var (label, value) in HostileValues)
            {
                // An empty path segment is another route (/api/etfs/ is the list), not a hostile symbol.
                var asked = IsSymbolParameter(attacked.Name) && !(attacked.In == "path" && value.Length == 0) ? Named(value) : null;
                yield return Build(operation, attacked, value, repeat: false, $"{attacked.In} {attacked.Name}={label}", baselineBody, asked);
                if (attacked.In == "query")
                {
                    var both = asked is null ? null : (IReadOnlyList<string>)[.. asked, .. Named(Baseline(attacked))];
                    yield return Build(operation, attacked, value, repeat: true, $"{attacked.Name} repeated={label}", baselineBody, both);
                }
            }
        }

        if (!isPost || operation.BodySchema is not { } schema)
        {
            yield break;
        }

        var path = PathWithBaseline(operation, null, null);
        foreach (var (label, contentType, body) in HostileBodies)
        {
            // An optional body may be absent: empty or null is then a valid request (it would start a run), not a hostile one.
            if (operation.BodyRequired || label is not ("empty-json" or "json-null"))
            {
                yield return new HostileRequest($"body {label}", operation.Method, path, contentType, body, null, []);
            }
        }

        if (operation.BodyRequired)
        {
            yield return new HostileRequest("body absent, json content type", operation.Method, path, "application/json", null, null, []);
        }
        foreach (var (property, kind) in BodyProperties(operation.Document, schema))
        {
            foreach (var (label, value) in HostileValues)
            {
                var decoded = Uri.UnescapeDataString(value);
                if (property is null)
                {
                    // A map keyed by symbol: the hostile value as a key, then as SPY's value.
                    yield return new HostileRequest($"body key={label}", operation.Method, path, "application/json",
                        Encoding.UTF8.GetBytes($"{{{JsonSerializer.Serialize(decoded)}:1}}"), null, Named(value));
                }

                // A value that names a fund (SPY followed by a tab) is a valid request: for a run it would start one.
                if (property is not null && IsSymbolParameter(property) && Named(value).Count > 0)
                {
                    continue;
                }

                foreach (var json in BodyValues(kind, decoded))
                {
                    var body = $"{{{JsonSerializer.Serialize(property ?? "SPY")}:{json}}}";
                    yield return new HostileRequest($"body {property ?? "SPY"}={label}", operation.Method, path, "application/json", Encoding.UTF8.GetBytes(body), null,
                        property is null ? ["SPY"] : IsSymbolParameter(property) ? Named(value) : null);
                }
            }
        }
    }

    /// <summary>The funds a value really names: its comma- or space-separated parts that are exactly a symbol.</summary>
    private static IReadOnlyList<string> Named(string encoded)
    {
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(encoded);
        }
        catch (UriFormatException)
        {
            return [];
        }

        return [.. decoded.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Where(part => HostileInputHost.Symbols.Contains(part.ToUpperInvariant(), StringComparer.Ordinal))
            .Select(part => part.ToUpperInvariant())];
    }

    private static string? BaselineBody(Operation operation) =>
        operation.BodySchema is { } schema && schema.TryGetProperty("additionalProperties", out _) ? "{\"SPY\":0.5,\"QQQ\":0.5}" : null;

    /// <summary>The body's properties and their JSON kinds; (null, number) for a map keyed by symbol.</summary>
    private static IEnumerable<(string? Property, string Kind)> BodyProperties(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                var resolved = Resolve(document, property.Value);
                var type = resolved.TryGetProperty("type", out var t) ? t.ValueKind == JsonValueKind.Array ? t[0].GetString() : t.GetString() : "string";
                yield return (property.Name, type ?? "string");
            }
        }

        if (schema.TryGetProperty("additionalProperties", out _))
        {
            yield return (null, "number");
        }
    }

    /// <summary>A hostile value as a JSON token of the property's kind, and as the wrong kinds (never null or an empty list, which are valid requests).</summary>
    private static IEnumerable<string> BodyValues(string kind, string value)
    {
        var asString = JsonSerializer.Serialize(value);
        yield return kind switch
        {
            "array" => $"[{asString}]",
            _ => asString,
        };
        if (kind is "number" or "integer" or "boolean" && Regex.IsMatch(value, "^-?[0-9]+(\\.[0-9]+)?(e[0-9]+)?$"))
        {
            yield return value;
        }
    }

    private static HostileRequest Build(Operation operation, Parameter attacked, string value, bool repeat, string what, string? body, IReadOnlyList<string>? asked)
    {
        (string, string)? header = null;
        string path;
        if (attacked.In == "header")
        {
            path = PathWithBaseline(operation, null, null);
            header = (attacked.Name, Uri.UnescapeDataString(value));
        }
        else
        {
            path = PathWithBaseline(operation, attacked, repeat ? $"{Baseline(attacked)}&{attacked.Name}={value}" : value);
        }

        return new HostileRequest(what, operation.Method, path, body is null ? null : "application/json", body is null ? null : Encoding.UTF8.GetBytes(body), header, asked);
    }

    /// <summary>The operation's path with baseline values, the attacked parameter (when in the path or query) set to <paramref name="value"/>.</summary>
    private static string PathWithBaseline(Operation operation, Parameter? attacked, string? value)
    {
        var path = operation.Template;
        var query = new List<string>();
        foreach (var parameter in operation.Parameters)
        {
            var isAttacked = attacked is not null && parameter.Name == attacked.Name && parameter.In == attacked.In;
            if (parameter.In == "path")
            {
                path = path.Replace("{" + parameter.Name + "}", isAttacked ? value : Baseline(parameter), StringComparison.Ordinal);
            }
            else if (parameter.In == "query" && (isAttacked || parameter.Required))
            {
                query.Add($"{parameter.Name}={(isAttacked ? value : Baseline(parameter))}");
            }
        }

        return query.Count == 0 ? path : path + "?" + string.Join("&", query);
    }

    /// <summary>Sends one request; null when the answer is acceptable, else what is wrong with it.</summary>
    private async Task<(int Status, string? Problem)> SendAsync(HostileRequest request)
    {
        using var message = new HttpRequestMessage(request.Method, new Uri(host.Client.BaseAddress!, new Uri(request.Path, UriKind.Relative)));
        message.Headers.TryAddWithoutValidation("X-Api-Key", HostileInputHost.AdminKey);
        // HTTP/1.1 header values are ASCII text: HttpClient cannot send controls or other characters in one (those
        // values reach every query and path parameter instead), so such a request goes out without the header.
        if (request.Header is { } header && !header.Value.Any(c => char.IsControl(c) || c > '~'))
        {
            message.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }

        if (request.Body is not null || request.ContentType is not null)
        {
            message.Content = new ByteArrayContent(request.Body ?? []);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        using var response = await host.Client.SendAsync(message);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        return (status, Judge(request, response, status, body));
    }

    private static string? Judge(HostileRequest request, HttpResponseMessage response, int status, string body)
    {
        if (LeakPattern().Match(body) is { Success: true } leak)
        {
            return $"internals in the body ('{leak.Value}')";
        }

        if (status is >= 200 and < 300)
        {
            if (request.SymbolsAsked is not null)
            {
                // A hostile symbol names no fund: a 2xx must not carry any fund's rows.
                var other = HostileInputHost.Symbols.Except(request.SymbolsAsked)
                    .FirstOrDefault(s => body.Contains($"\"{s}\"", StringComparison.Ordinal));
                if (other is not null)
                {
                    return $"2xx for a hostile symbol returned {other}'s rows";
                }
            }

            return null;
        }

        if (status is < 400 or >= 500)
        {
            return "neither 2xx nor 4xx: " + Shorten(body);
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"4xx without ProblemDetails (content type {response.Content.Headers.ContentType?.ToString() ?? "none"}, body '{Shorten(body)}')";
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            if (!root.TryGetProperty("status", out var s) || s.GetInt32() != status)
            {
                return "ProblemDetails without the response's status";
            }

            foreach (var field in (string[])["title", "detail"])
            {
                if (!root.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                {
                    return $"ProblemDetails without a {field}: {Shorten(body)}";
                }
            }
        }
        catch (JsonException)
        {
            return "problem+json that is not JSON: " + Shorten(body);
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + $"…({text.Length} chars)";

    [GeneratedRegex(@"Exception\b|\bat [A-Z][\w.]+\(|\.cs:line|StackTrace|Npgsql|EtfData\.Api|System\.[A-Z]|Microsoft\.[A-Z]")]
    private static partial Regex LeakPattern();
}
