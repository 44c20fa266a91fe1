using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EtfData.Api.Hosting.OpenApi;

/// <summary>
/// The OpenAPI document as the API's contract: what the answers really contain (every property present,
/// null only where the code can put null), the CSV alternative, conditional GETs and their headers, the
/// errors every operation can meet, the admin key, and examples that exist in the demo data.
/// </summary>
public static class OpenApiContract
{
    public const string AdminKeyScheme = "AdminKey";
    public const string AdminKeyHeader = "X-Api-Key";

    public static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>
    {
        ["ETFs"] = "The ETF universe and one fund's profile with its latest figures.",
        ["Prices"] = "Daily bars, dividends and splits.",
        ["AUM"] = "Observed assets under management and the fees they imply.",
        ["Flows"] = "Estimated and reported fund flows, and their reconciliation with N-PORT.",
        ["Holdings"] = "Holdings snapshots per source, and which ETFs hold a security.",
        ["Holdings analytics"] = "Changes, exposure, concentration, overlap and portfolio look-through over holdings.",
        ["Filings"] = "SEC N-PORT filings of a fund.",
        ["Signals"] = "Flow-momentum signals from flow estimates.",
        ["Screens"] = "Screens over the universe.",
        ["Alerts"] = "Large flows and AUM changes worth a look.",
        ["Health"] = "Liveness and readiness of the service.",
        ["Admin"] = "Operations on the service: jobs, runs, funds added by hand. Need the admin key.",
    };

    public static void AddContract(this SwaggerGenOptions options)
    {
        options.SupportNonNullableReferenceTypes();
        // A nullable reference to another schema needs allOf to carry `nullable` in OpenAPI 3.0.
        options.UseAllOfToExtendReferenceSchemas();
        options.MapType<decimal>(() => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "decimal" });
        options.AddSchemaFilterInstance(new AnswerSchemaFilter());
        options.AddOperationFilterInstance(new ContractOperationFilter());
        options.DocumentFilter<ContractDocumentFilter>();
        options.AddSecurityDefinition(AdminKeyScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = AdminKeyHeader,
            Description = "The admin key (configuration Admin:ApiKey or ETFDATA_ADMIN_API_KEY), sent in the X-Api-Key header.",
        });
    }

    /// <summary>The document lists the server it was read from (scheme, host and path base of the request).</summary>
    public static void AddServers(this SwaggerOptions options) =>
        options.PreSerializeFilters.Add((document, request) =>
            document.Servers = [new OpenApiServer { Url = $"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}", Description = "This EtfData service" }]);
}
