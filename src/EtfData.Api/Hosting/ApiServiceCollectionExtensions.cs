using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using EtfData.Api.Hosting.OpenApi;
using Microsoft.OpenApi;

namespace EtfData.Api.Hosting;

public static class ApiServiceCollectionExtensions
{
    /// <summary>JSON conventions, ProblemDetails for every error, OpenAPI with the XML doc comments.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, EtfDataJsonContext.Default);
        });

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
            ProblemDetailsText.Complete(context);
        });
        // Binding failures (e.g. ?page=abc) reach the exception handler, which answers 400 with the reason.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();

        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            options.MimeTypes = Microsoft.AspNetCore.ResponseCompression.ResponseCompressionDefaults.MimeTypes
                .Concat(["application/problem+json", "text/csv"]);
        });

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "EtfData API",
                Version = "v1",
                Description = "US-listed ETFs: universe, daily prices, dividends, splits, AUM, holdings and fund flows, " +
                              "kept current from public upstreams. Money in USD; weights and ratios as fractions unless a field name says percent (Pct). " +
                              "Every GET answers JSON, or CSV with ?format=csv or Accept: text/csv; every GET carries an ETag (If-None-Match gives 304) " +
                              "and Cache-Control: max-age=60; responses are gzip/brotli compressed on request. Errors are ProblemDetails.",
            });
            var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }

            options.AddContract();
        });
        services.Configure<Swashbuckle.AspNetCore.Swagger.SwaggerOptions>(options => options.AddServers());
        return services;
    }

    /// <summary>
    /// Errors as ProblemDetails: unhandled exceptions become a 500 without internals, a request the
    /// framework could not bind stays the client's 400, and bare status codes (404 for an unknown
    /// route) get a body.
    /// </summary>
    /// <summary>Compression outermost, then conditional GETs over the uncompressed body.</summary>
    public static WebApplication UseHttpCaching(this WebApplication app)
    {
        app.UseResponseCompression();
        app.UseMiddleware<HttpCachingMiddleware>();
        return app;
    }

    public static WebApplication UseApiErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
