using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using EtfData.Api.Endpoints;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Hosting;

/// <summary>Per-client request limits, section <c>RateLimiting</c>. A client is a remote IP address.</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Limit requests at all (default true); the benchmarks and load runs turn it off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sustained rate of the public <c>/api</c> endpoints per client (token bucket refill per second).</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 20;

    /// <summary>Requests a client may make at once above the sustained rate (bucket size).</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 40;

    /// <summary>
    /// Admin requests per client and minute, authorised or not: a wrong key uses up the budget like a
    /// right one, so guessing keys is limited to this many attempts a minute.
    /// </summary>
    [Range(1, 1_000_000)]
    public int AdminPermitsPerMinute { get; set; } = 30;
}

/// <summary>Cross-origin access, section <c>Cors</c>: closed unless origins are listed.</summary>
public sealed class ApiCorsOptions : IValidatableObject
{
    public const string Section = "Cors";

    /// <summary>Origins (scheme, host and port, e.g. <c>https://dashboard.example.org</c>) allowed to call the API from a browser.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.AbsolutePath != "/" || origin.EndsWith('/') || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            {
                yield return new ValidationResult(
                    $"Cors:AllowedOrigins: '{origin}' is not an origin (scheme://host[:port], no path), e.g. https://dashboard.example.org.",
                    [nameof(AllowedOrigins)]);
            }
        }
    }
}

/// <summary>Rate limits, CORS, security headers and file-based secrets.</summary>
public static class ApiSecurity
{
    private const string CorsPolicy = "configured-origins";

    /// <summary>The CSP of API answers (JSON, CSV, ProblemDetails): nothing may load, nothing may frame them.</summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// Swagger UI's page: its own scripts and styles only (it sets inline style attributes, and its icons are data: URIs),
    /// requests to this origin only ("Try it out"), never framed.
    /// </summary>
    public const string SwaggerContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>
    /// The dashboard's pages (wwwroot): scripts only from this origin as files (no inline script), data only from this
    /// origin's API, never framed. Inline styles are allowed because the chart libraries size their canvases with style attributes.
    /// </summary>
    public const string DashboardContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static IServiceCollection AddApiSecurity(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ApiCorsOptions>().BindConfiguration(ApiCorsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSecretFiles();

        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<ApiCorsOptions>>((cors, configured) => cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins([.. configured.Value.AllowedOrigins])
                .WithMethods("GET", "HEAD", "POST")
                .WithHeaders(AdminApi.ApiKeyHeader, "Content-Type", "Accept", "If-None-Match")
                .WithExposedHeaders("ETag", "Retry-After")));

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = OnRejectedAsync;
        });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitingOptions>>((limiter, configured) => limiter.GlobalLimiter = PerClientLimiter(configured.Value));
        return services;
    }

    /// <summary>Security headers on every answer, then CORS, then the rate limits.</summary>
    public static WebApplication UseApiSecurity(this WebApplication app)
    {
        app.Use(static (http, next) =>
        {
            // On starting, so that answers written after the exception handler cleared the headers carry them too.
            http.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                headers.ContentSecurityPolicy = PolicyFor(http.Request.Path);
                return Task.CompletedTask;
            }, http);
            return next(http);
        });

        if (app.Services.GetRequiredService<IOptions<ApiCorsOptions>>().Value.AllowedOrigins.Count > 0)
        {
            app.UseCors(CorsPolicy);
        }

        if (app.Services.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled)
        {
            app.UseRateLimiter();
        }

        return app;
    }

    private static string PolicyFor(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) ? ApiContentSecurityPolicy
        : path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase) ? SwaggerContentSecurityPolicy
        : DashboardContentSecurityPolicy;

    /// <summary>
    /// One token bucket per client for the public API, a fixed window per client and minute for the admin API,
    /// nothing for the health probes, Swagger UI and CORS preflights.
    /// </summary>
    private static PartitionedRateLimiter<HttpContext> PerClientLimiter(RateLimitingOptions options) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            var path = http.Request.Path;
            if (!path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                || path.StartsWithSegments("/api/health", StringComparison.OrdinalIgnoreCase)
                || HttpMethods.IsOptions(http.Request.Method))
            {
                return RateLimitPartition.GetNoLimiter("unlimited");
            }

            var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return path.StartsWithSegments("/api/admin", StringComparison.OrdinalIgnoreCase)
                ? RateLimitPartition.GetFixedWindowLimiter("admin " + client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.AdminPermitsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetTokenBucketLimiter("public " + client, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
        });

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var admin = http.Request.Path.StartsWithSegments("/api/admin", StringComparison.OrdinalIgnoreCase);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too Many Requests",
                Detail = string.Create(CultureInfo.InvariantCulture,
                    $"This client made more {(admin ? "admin " : "")}requests than the limit allows; retry after {seconds} s."),
            },
        });
    }
}
