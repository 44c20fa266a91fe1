using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EtfData.Api.Hosting.OpenApi;

/// <summary>
/// Declares per operation what the pipeline around the endpoints does (see <see cref="HttpCachingMiddleware"/>,
/// <see cref="Csv"/>, the admin key filter): <c>?format=</c> and <c>text/csv</c>, 304 with <c>ETag</c> and
/// <c>Cache-Control</c> on data GETs, 400 for a request that cannot be bound, 429 when a client is over its rate,
/// 500 and 503 (database unreachable) anywhere, and the admin key on admin operations.
/// </summary>
internal sealed class ContractOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var path = "/" + (context.ApiDescription.RelativePath ?? "").TrimStart('/');
        var isGet = string.Equals(context.ApiDescription.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase);
        var admin = path.StartsWith("/api/admin", StringComparison.OrdinalIgnoreCase);
        var health = path.StartsWith("/api/health", StringComparison.OrdinalIgnoreCase);
        var csv = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<Csv.CsvAnswers>().Any();
        operation.Responses ??= [];
        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        var validation = context.SchemaGenerator.GenerateSchema(typeof(HttpValidationProblemDetails), context.SchemaRepository);

        // Results<Ok<A>, Ok<B>> answers either; the explorer keeps one type per status.
        foreach (var group in context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IProducesResponseTypeMetadata>()
                     .Where(m => m.Type is not null && m.Type != typeof(void)).GroupBy(m => m.StatusCode))
        {
            var types = group.Select(m => m.Type!).Distinct().ToList();
            var key = group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (types.Count > 1 && operation.Responses.TryGetValue(key, out var several) && several is OpenApiResponse { Content: { } content }
                && content.TryGetValue("application/json", out var json) && json is OpenApiMediaType jsonMedia)
            {
                jsonMedia.Schema = new OpenApiSchema { OneOf = [.. types.Select(t => context.SchemaGenerator.GenerateSchema(t, context.SchemaRepository))] };
            }
        }

        if (csv)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "format",
                In = ParameterLocation.Query,
                Description = "`json` (default) or `csv`; without it, an `Accept: text/csv` header preferred over JSON gives CSV. " +
                              "CSV columns are the rows' JSON names (nested records as `parent.child`), invariant numbers and dates. Errors stay ProblemDetails JSON.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("json"), JsonValue.Create("csv")] },
                Example = JsonValue.Create("json"),
            });
            if (operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse okResponse)
            {
                okResponse.Content ??= new Dictionary<string, IOpenApiMediaType>();
                okResponse.Content[Csv.MediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
        }

        if (isGet && path.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var (status, response) in operation.Responses)
            {
                if (response is OpenApiResponse concrete && status.StartsWith('2'))
                {
                    concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    if (admin || health)
                    {
                        concrete.Headers["Cache-Control"] = Header("`no-store`: never cached.");
                    }
                    else
                    {
                        concrete.Headers["ETag"] = Header("Weak validator of the answer (data version and request); send it back in `If-None-Match`.");
                        concrete.Headers["Cache-Control"] = Header("`public, max-age=60`.");
                    }
                }
            }

            if (!admin && !health)
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "If-None-Match",
                    In = ParameterLocation.Header,
                    Description = "An ETag of an earlier answer; when it is still current the answer is 304 with no body.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
                operation.Responses["304"] = new OpenApiResponse
                {
                    Description = "Not Modified: the answer `If-None-Match` names is still current.",
                    Headers = new Dictionary<string, IOpenApiHeader>
                    {
                        ["ETag"] = Header("The current ETag."),
                        ["Cache-Control"] = Header("`public, max-age=60`."),
                    },
                };
            }
        }

        Problem(operation, "400", "Bad Request: a parameter or body the endpoint cannot accept.", validation);
        if (admin)
        {
            Problem(operation, "401", "Unauthorized: the admin key is missing or wrong.", problem);
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiContract.AdminKeyScheme, context.Document)] = [] }];
        }
        else
        {
            // Said explicitly: the public operations need no credentials.
            operation.Security = [];
        }

        Problem(operation, "429", "Too Many Requests: the client is over its rate limit; retry after `Retry-After` seconds.", problem, retryAfter: true);
        Problem(operation, "500", "Internal Server Error: an unexpected failure, without internals.", problem);
        Problem(operation, "503", "Service Unavailable: the database cannot be reached (or the service is not ready); retry after `Retry-After` seconds.", problem, retryAfter: true);
        foreach (var (status, response) in operation.Responses)
        {
            if (response is OpenApiResponse concrete && Descriptions.TryGetValue(status, out var description)
                && (string.IsNullOrEmpty(concrete.Description) || concrete.Description == ReasonPhrase(status)))
            {
                concrete.Description = description;
            }
        }
    }

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["200"] = "OK",
        ["201"] = "Created",
        ["202"] = "Accepted: the run is queued; follow it at /api/admin/runs/{id}.",
        ["404"] = "Not Found: the resource named in the path or query is unknown (the detail names it).",
        ["409"] = "Conflict: the request clashes with the current state (the detail says how).",
    };

    private static string ReasonPhrase(string status) =>
        int.TryParse(status, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
            ? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code)
            : "";

    private static OpenApiHeader Header(string description) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };

    private static void Problem(OpenApiOperation operation, string status, string description, IOpenApiSchema schema, bool retryAfter = false)
    {
        if (!operation.Responses!.TryGetValue(status, out var existing))
        {
            existing = new OpenApiResponse
            {
                Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = schema } },
            };
            operation.Responses[status] = existing;
        }

        if (existing is OpenApiResponse concrete)
        {
            concrete.Description = description;
            if (retryAfter)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                };
            }
        }
    }
}
