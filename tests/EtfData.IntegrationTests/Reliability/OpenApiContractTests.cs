using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EtfData.IntegrationTests.Endpoints;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Json.Schema;
using Xunit;
using Xunit.Abstractions;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>
/// The OpenAPI document is the contract: every operation it lists is called on <see cref="ReadAnswersHost"/>'s
/// rows with valid parameters and with parameters that provoke an error, and every answer must carry a status
/// and content type the document declares for the operation, with a JSON body valid against the declared
/// schema (OpenAPI 3.0 schemas turned into JSON Schema: <c>nullable</c> becomes a <c>null</c> alternative).
/// An operation of the document without a case here fails the test, so a new endpoint cannot slip through.
/// </summary>
public sealed class OpenApiContractTests(ReadAnswersHost host, ITestOutputHelper output) : IClassFixture<ReadAnswersHost>
{
    private const string AdminKey = "contract-test-admin-key";

    /// <summary>A request and the status it must get.</summary>
    private sealed record Case(string Method, string Path, HttpStatusCode Expected, string? Body = null, bool Admin = false, bool WithoutKey = false);

    private static Case Get(string path, HttpStatusCode expected) => new("GET", path, expected);

    /// <summary>Per operation id: valid requests first, then at least one that provokes an error.</summary>
    private static readonly Dictionary<string, Case[]> Cases = new(StringComparer.Ordinal)
    {
        ["ListEtfs"] = [Get("/api/etfs", HttpStatusCode.OK), Get("/api/etfs?sort=-aum&pageSize=2&active=true", HttpStatusCode.OK), Get("/api/etfs?pageSize=0", HttpStatusCode.BadRequest), Get("/api/etfs?page=abc", HttpStatusCode.BadRequest)],
        ["GetEtf"] = [Get("/api/etfs/IVV", HttpStatusCode.OK), Get("/api/etfs/SPY", HttpStatusCode.OK), Get("/api/etfs/VOO", HttpStatusCode.OK), Get("/api/etfs/IJH", HttpStatusCode.OK), Get("/api/etfs/ZZZZ", HttpStatusCode.NotFound), Get("/api/etfs/%21%21", HttpStatusCode.BadRequest)],
        ["GetPrices"] = [Get("/api/etfs/IVV/prices?from=2025-02-01&to=2025-03-07", HttpStatusCode.OK), Get("/api/etfs/VOO/prices", HttpStatusCode.OK), Get("/api/etfs/IVV/prices?from=2025-03-05&to=2025-03-01", HttpStatusCode.BadRequest), Get("/api/etfs/ZZZZ/prices", HttpStatusCode.NotFound)],
        ["GetDividends"] = [Get("/api/etfs/IVV/dividends", HttpStatusCode.OK), Get("/api/etfs/ZZZZ/dividends", HttpStatusCode.NotFound), Get("/api/etfs/IVV/dividends?from=nope", HttpStatusCode.BadRequest)],
        ["GetSplits"] = [Get("/api/etfs/IVV/splits", HttpStatusCode.OK), Get("/api/etfs/ZZZZ/splits", HttpStatusCode.NotFound)],
        ["GetAum"] = [Get("/api/etfs/IVV/aum?from=2025-02-01", HttpStatusCode.OK), Get("/api/etfs/IVV/aum?source=yahoo", HttpStatusCode.OK), Get("/api/etfs/VOO/aum", HttpStatusCode.OK), Get("/api/etfs/IVV/aum?source=nosuch", HttpStatusCode.BadRequest), Get("/api/etfs/ZZZZ/aum", HttpStatusCode.NotFound)],
        ["GetEtfFacets"] = [Get("/api/etfs/facets", HttpStatusCode.OK)],
        ["GetPremium"] = [Get("/api/etfs/IVV/premium?from=2025-02-01", HttpStatusCode.OK), Get("/api/etfs/SPY/premium", HttpStatusCode.OK), Get("/api/etfs/IVV/premium?from=2025-03-05&to=2025-03-01", HttpStatusCode.BadRequest), Get("/api/etfs/ZZZZ/premium", HttpStatusCode.NotFound)],
        ["GetFees"] = [Get("/api/etfs/IVV/fees?from=2025-03-31&to=2025-04-07", HttpStatusCode.OK), Get("/api/etfs/IVV/fees?from=2025-03-01&to=2025-02-01", HttpStatusCode.BadRequest), Get("/api/etfs/ZZZZ/fees", HttpStatusCode.NotFound)],
        ["GetFilings"] = [Get("/api/etfs/IVV/filings", HttpStatusCode.OK), Get("/api/etfs/ZZZZ/filings", HttpStatusCode.NotFound)],
        ["GetTopFlows"] = [Get("/api/flows/top", HttpStatusCode.OK), Get("/api/flows/top?direction=out&days=5", HttpStatusCode.OK), Get("/api/flows/top?days=0", HttpStatusCode.BadRequest)],
        ["GetCategoryFlows"] = [Get("/api/flows/categories", HttpStatusCode.OK), Get("/api/flows/categories?method=nope", HttpStatusCode.BadRequest)],
        ["GetEtfFlows"] = [Get("/api/etfs/IVV/flows", HttpStatusCode.OK), Get("/api/etfs/IVV/flows?method=nope", HttpStatusCode.BadRequest), Get("/api/etfs/ZZZZ/flows", HttpStatusCode.NotFound)],
        ["GetFlowReconciliation"] = [Get("/api/etfs/IVV/flows/reconciliation?from=2025-01&to=2025-03", HttpStatusCode.OK), Get("/api/etfs/IVV/flows/reconciliation?from=2025-13", HttpStatusCode.BadRequest), Get("/api/etfs/ZZZZ/flows/reconciliation", HttpStatusCode.NotFound)],
        ["GetHoldings"] = [Get("/api/etfs/IVV/holdings", HttpStatusCode.OK), Get("/api/etfs/IVV/holdings?source=sec-nport&limit=2", HttpStatusCode.OK), Get("/api/etfs/IVV/holdings?source=nosuch", HttpStatusCode.BadRequest), Get("/api/etfs/IVV/holdings?source=ishares", HttpStatusCode.NotFound)],
        ["GetHoldingsHistory"] = [Get("/api/etfs/IVV/holdings/history", HttpStatusCode.OK), Get("/api/etfs/IVV/holdings/history?source=nosuch", HttpStatusCode.BadRequest), Get("/api/etfs/ZZZZ/holdings/history", HttpStatusCode.NotFound)],
        ["GetHoldingChanges"] = [Get("/api/etfs/IVV/holdings/changes", HttpStatusCode.NotFound), Get("/api/etfs/IVV/holdings/changes?limit=0", HttpStatusCode.BadRequest)],
        ["GetExposure"] = [Get("/api/etfs/IVV/exposure", HttpStatusCode.OK), Get("/api/etfs/ZZZZ/exposure", HttpStatusCode.NotFound), Get("/api/etfs/IVV/exposure?source=nosuch", HttpStatusCode.BadRequest)],
        ["GetConcentration"] = [Get("/api/etfs/IVV/concentration", HttpStatusCode.OK), Get("/api/etfs/ZZZZ/concentration", HttpStatusCode.NotFound), Get("/api/etfs/IVV/concentration?asOf=nope", HttpStatusCode.BadRequest)],
        ["GetSecurityHolders"] = [Get("/api/holdings/AAPL/etfs", HttpStatusCode.OK), Get("/api/holdings/US0378331005/etfs?source=sec-nport", HttpStatusCode.OK), Get("/api/holdings/AAPL/etfs?limit=0", HttpStatusCode.BadRequest)],
        ["GetOverlap"] = [Get("/api/overlap?symbols=IVV,SPY", HttpStatusCode.NotFound), Get("/api/overlap?symbols=IVV", HttpStatusCode.BadRequest)],
        ["LookThroughPortfolio"] =
        [
            new("POST", "/api/portfolio/lookthrough", HttpStatusCode.OK, """{"IVV": 1}"""),
            new("POST", "/api/portfolio/lookthrough", HttpStatusCode.NotFound, """{"ZZZZ": 1}"""),
            new("POST", "/api/portfolio/lookthrough", HttpStatusCode.BadRequest, "not json"),
        ],
        ["ScreenAum"] = [Get("/api/screens/aum", HttpStatusCode.OK), Get("/api/screens/aum?minAum=-1", HttpStatusCode.BadRequest)],
        ["GetSignals"] = [Get("/api/signals?symbols=IVV,SPY", HttpStatusCode.OK), Get("/api/signals?symbols=IVV,NOSUCH", HttpStatusCode.NotFound), Get("/api/signals?symbols=%21%21", HttpStatusCode.BadRequest)],
        ["GetAlerts"] = [Get("/api/alerts?since=2025-02-01", HttpStatusCode.OK), Get("/api/alerts?since=nope", HttpStatusCode.BadRequest)],
        ["GetHealth"] = [Get("/api/health", HttpStatusCode.OK)],
        ["GetReadiness"] = [Get("/api/health/ready", HttpStatusCode.OK)],
        ["ListQuarantine"] = [new("GET", "/api/admin/quarantine", HttpStatusCode.OK, Admin: true), new("GET", "/api/admin/quarantine?kind=price&limit=5", HttpStatusCode.OK, Admin: true), new("GET", "/api/admin/quarantine?limit=0", HttpStatusCode.BadRequest, Admin: true), new("GET", "/api/admin/quarantine", HttpStatusCode.Unauthorized, Admin: true, WithoutKey: true)],
        ["ListJobs"] = [new("GET", "/api/admin/jobs", HttpStatusCode.OK, Admin: true), new("GET", "/api/admin/jobs", HttpStatusCode.Unauthorized, Admin: true, WithoutKey: true)],
        ["RunJob"] =
        [
            // The run started before the loop (202) is still queued: the scheduler is off in tests.
            new("POST", "/api/admin/jobs/flows/run", HttpStatusCode.Conflict, """{"symbols": ["IVV"]}""", Admin: true),
            new("POST", "/api/admin/jobs/nosuch/run", HttpStatusCode.NotFound, "{}", Admin: true),
            new("POST", "/api/admin/jobs/flows/run", HttpStatusCode.Unauthorized, "{}", Admin: true, WithoutKey: true),
        ],
        ["GetRun"] = [new("GET", "/api/admin/runs/{runId}", HttpStatusCode.OK, Admin: true), new("GET", "/api/admin/runs/999999", HttpStatusCode.NotFound, Admin: true)],
        ["AddEtf"] =
        [
            new("POST", "/api/admin/etfs", HttpStatusCode.Conflict, """{"symbol": "IVV"}""", Admin: true),
            new("POST", "/api/admin/etfs", HttpStatusCode.BadRequest, """{"symbol": "!!"}""", Admin: true),
        ],
    };

    /// <summary>Operations with no parameter or body a client could get wrong.</summary>
    private static readonly HashSet<string> NoClientError = ["GetHealth", "GetReadiness", "GetEtfFacets"];

    [Fact]
    public async Task Every_operation_answers_as_the_document_says()
    {
        var document = JsonNode.Parse(await host.Client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var schemas = new ContractSchemas(document);
        var adminHost = host.Factory.WithWebHostBuilder(b => b.UseSetting("Admin:ApiKey", AdminKey));
        using var admin = adminHost.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        using var keyless = adminHost.CreateClient();
        var operations = 0;
        var answers = 0;
        var validatedBodies = 0;
        var failures = new List<string>();
        // A run for GetRun to read, whichever order the document lists the operations in.
        using var started = await admin.PostAsync("/api/admin/jobs/flows/run", new StringContent("{}", Encoding.UTF8, "application/json"));
        started.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var startedText = await started.Content.ReadAsStringAsync();
        var runId = JsonNode.Parse(startedText)!["runId"]!.GetValue<long>();
        validatedBodies += Check(schemas, document["paths"]!["/api/admin/jobs/{job}/run"]!["post"]!, "RunJob POST /api/admin/jobs/flows/run → 202", started, startedText, failures);
        answers++;

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                operations++;
                var id = operation!["operationId"]!.GetValue<string>();
                if (!Cases.TryGetValue(id, out var cases))
                {
                    failures.Add($"{id} ({method.ToUpperInvariant()} {path}): no case in OpenApiContractTests.Cases");
                    continue;
                }

                if (!NoClientError.Contains(id) && !cases.Any(c => (int)c.Expected >= 400))
                {
                    failures.Add($"{id}: no error-provoking case");
                }

                foreach (var @case in cases)
                {
                    var requestPath = @case.Path.Replace("{runId}", runId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
                    using var request = new HttpRequestMessage(new HttpMethod(@case.Method), requestPath);
                    if (@case.Body is { } body)
                    {
                        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                    }

                    using var response = await (@case.Admin ? @case.WithoutKey ? keyless : admin : host.Client).SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    answers++;
                    var where = $"{id} {@case.Method} {requestPath} → {(int)response.StatusCode}";
                    if (response.StatusCode != @case.Expected)
                    {
                        failures.Add($"{where}: expected {(int)@case.Expected}; body {Truncate(text)}");
                        continue;
                    }

                    validatedBodies += Check(schemas, operation, where, response, text, failures);

                    if (@case.Method == "GET" && response.StatusCode == HttpStatusCode.OK && response.Headers.ETag is { } etag)
                    {
                        using var conditional = new HttpRequestMessage(HttpMethod.Get, requestPath);
                        conditional.Headers.IfNoneMatch.Add(etag);
                        using var notModified = await host.Client.SendAsync(conditional);
                        answers++;
                        if (notModified.StatusCode != HttpStatusCode.NotModified)
                        {
                            failures.Add($"{where}: If-None-Match with its ETag got {(int)notModified.StatusCode}, not 304");
                        }
                        else
                        {
                            Check(schemas, operation, $"{where} (conditional)", notModified, "", failures);
                        }
                    }
                }

                // CSV where the document offers it.
                var csvCase = cases.FirstOrDefault(c => c.Method == "GET" && c.Expected == HttpStatusCode.OK);
                if (operation["responses"]?["200"]?["content"]?["text/csv"] is not null && csvCase is not null)
                {
                    var separator = csvCase.Path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
                    using var csv = await host.Client.GetAsync(csvCase.Path + separator + "format=csv");
                    answers++;
                    if (csv.StatusCode != HttpStatusCode.OK || csv.Content.Headers.ContentType?.MediaType != "text/csv")
                    {
                        failures.Add($"{id} {csvCase.Path} format=csv → {(int)csv.StatusCode} {csv.Content.Headers.ContentType}");
                    }
                }
            }
        }

        Figures.Report(output, $"OpenAPI contract: {operations} operations, {answers} answers checked, {validatedBodies} JSON bodies validated against the document's schemas, {failures.Count} failures.");
        failures.Should().BeEmpty();
        operations.Should().BeGreaterThan(25);
    }

    [Fact]
    public async Task Document_declares_nulls_required_properties_csv_caching_and_the_admin_key()
    {
        var document = JsonNode.Parse(await host.Client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var detail = document["components"]!["schemas"]!["EtfDetail"]!;
        detail["properties"]!["topHoldings"]!["nullable"]!.GetValue<bool>().Should().BeTrue();
        detail["properties"]!["sharesOutstanding"]!["nullable"]!.GetValue<bool>().Should().BeTrue();
        detail["required"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Contain(["symbol", "topHoldings", "sharesOutstanding", "isActive"]);

        var prices = document["paths"]!["/api/etfs/{symbol}/prices"]!["get"]!;
        prices["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).Should().Contain("format");
        prices["responses"]!["200"]!["content"]!["text/csv"].Should().NotBeNull();
        prices["responses"]!["200"]!["headers"]!["ETag"].Should().NotBeNull();
        prices["responses"]!["304"].Should().NotBeNull();
        prices["responses"]!["429"].Should().NotBeNull();
        prices["responses"]!["503"].Should().NotBeNull();

        document["components"]!["securitySchemes"]!["AdminKey"]!["name"]!.GetValue<string>().Should().Be("X-Api-Key");
        document["paths"]!["/api/admin/jobs"]!["get"]!["security"]![0]!["AdminKey"].Should().NotBeNull();
        document["servers"]!.AsArray().Should().NotBeEmpty();
        document["components"]!["schemas"]!["SignalItem"]!["properties"]!["flowScore"]!["format"]!.GetValue<string>().Should().Be("decimal");
    }

    [Fact]
    public async Task Unknown_symbols_in_signals_are_a_404_naming_them()
    {
        using var response = await host.Client.GetAsync("/api/signals?symbols=IVV,NOSUCH,ZZZZ");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        problem["detail"]!.GetValue<string>().Should().Contain("NOSUCH, ZZZZ");
        problem["unknownSymbols"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("NOSUCH", "ZZZZ");
    }

    [Fact]
    public async Task Unknown_aum_source_is_a_400_naming_the_known_ones()
    {
        using var response = await host.Client.GetAsync("/api/etfs/IVV/aum?source=nosuch");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        problem["errors"]!["source"]![0]!.GetValue<string>().Should().Contain("yahoo").And.Contain("sec-nport");
    }

    [Fact]
    public async Task Fees_without_dates_over_a_one_day_history_are_404_saying_so_not_a_400_for_parameters_never_sent()
    {
        // IVV's chosen AUM source (the source of its latest figure) has a single observation: the default
        // period (a month before the latest observation, no earlier than the first) is empty.
        using var response = await host.Client.GetAsync("/api/etfs/IVV/fees");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        problem["title"]!.GetValue<string>().Should().Be("Not enough AUM history");
        problem["detail"]!.GetValue<string>().Should().Contain("IVV has AUM for");
    }

    [Fact]
    public async Task Signal_scores_have_at_most_two_decimals()
    {
        var report = JsonNode.Parse(await host.Client.GetStringAsync("/api/signals?symbols=IVV,SPY"))!;
        var signals = report["signals"]!.AsArray();
        signals.Should().HaveCount(2);
        foreach (var signal in signals)
        {
            foreach (var score in new[] { "flowScore", "priceScore", "volumeScore", "composite" })
            {
                var value = signal![score]!.GetValue<decimal>();
                (value * 100m).Should().Be(decimal.Truncate(value * 100m), $"{score} {value} has at most two decimals");
            }
        }
    }

    /// <summary>Checks status, content type and body against the operation; returns 1 when a JSON body was validated.</summary>
    private static int Check(ContractSchemas schemas, JsonNode operation, string where, HttpResponseMessage response, string text, List<string> failures)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var declared = operation["responses"]?[status];
        if (declared is null)
        {
            failures.Add($"{where}: status {status} is not declared");
            return 0;
        }

        // The caching headers of answers (errors may carry the exception handler's no-store, which is no contract).
        foreach (var header in new[] { "ETag", "Cache-Control" })
        {
            if ((int)response.StatusCode is (>= 200 and < 300) or 304 && response.Headers.Contains(header) && declared["headers"]?[header] is null)
            {
                failures.Add($"{where}: header {header} is not declared");
            }
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null)
        {
            if (text.Length > 0 || declared["content"] is not null && response.StatusCode != HttpStatusCode.NotModified && response.StatusCode != HttpStatusCode.Accepted)
            {
                failures.Add($"{where}: no content type, though the document declares {declared["content"]?.ToJsonString()}");
            }

            return 0;
        }

        var schema = declared["content"]?[mediaType]?["schema"];
        if (schema is null)
        {
            failures.Add($"{where}: content type {mediaType} is not declared for status {status}");
            return 0;
        }

        if (!mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            return 0;
        }

        using var body = JsonDocument.Parse(text);
        var result = schemas.For(schema).Evaluate(body.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(8);
            failures.Add($"{where}: body does not match the schema: {string.Join("; ", errors)}");
        }

        return 1;
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>The document's schemas as JSON Schema (draft 2020-12), built once per distinct response schema.</summary>
    private sealed class ContractSchemas(JsonNode document)
    {
        private readonly JsonObject definitions = Convert(document["components"]!["schemas"]!).AsObject();
        private readonly Dictionary<string, JsonSchema> built = new(StringComparer.Ordinal);

        public JsonSchema For(JsonNode openApiSchema)
        {
            var key = openApiSchema.ToJsonString();
            if (!built.TryGetValue(key, out var schema))
            {
                var root = Convert(openApiSchema).AsObject();
                root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
                root["$defs"] = definitions.DeepClone();
                schema = JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://etfdata.test/contract/{built.Count}"));
                built[key] = schema;
            }

            return schema;
        }

        /// <summary>
        /// OpenAPI 3.0 → JSON Schema: <c>nullable: true</c> becomes <c>anyOf [null, the rest]</c>, component
        /// references point into <c>$defs</c>, formats other than date and date-time (int32, decimal…) are dropped
        /// (JSON Schema does not know them), <c>example</c> goes.
        /// </summary>
        private static JsonNode Convert(JsonNode node)
        {
            switch (node)
            {
                case JsonObject obj:
                {
                    var copy = new JsonObject();
                    var nullable = false;
                    foreach (var (name, value) in obj)
                    {
                        switch (name)
                        {
                            case "nullable":
                                nullable = value!.GetValue<bool>();
                                break;
                            case "example":
                                break;
                            case "format" when value is JsonValue format && format.GetValue<string>() is not ("date" or "date-time"):
                                break;
                            case "$ref":
                                copy[name] = value!.GetValue<string>().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
                                break;
                            default:
                                copy[name] = value is null ? null : Convert(value);
                                break;
                        }
                    }

                    return nullable ? new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "null" }, copy) } : copy;
                }

                case JsonArray array:
                    return new JsonArray([.. array.Select(n => n is null ? null : Convert(n))]);
                default:
                    return node.DeepClone();
            }
        }
    }
}
