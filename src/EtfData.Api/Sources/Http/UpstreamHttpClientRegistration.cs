using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.Telemetry;

namespace EtfData.Api.Sources.Http;

/// <summary>Registers one upstream's named <see cref="HttpClient"/> with its shared resilience pipeline.</summary>
public static class UpstreamHttpClientRegistration
{
    /// <summary>
    /// Adds the named client <paramref name="upstream"/>: User-Agent and total timeout from
    /// <typeparamref name="TOptions"/>, cookies off (sources that need cookies send them explicitly),
    /// the resilience handler (retry, breaker) named <c>{upstream}-resilience</c> and, below it, the
    /// attempt handler of the <see cref="UpstreamPipeline"/> keyed by <paramref name="upstream"/>.
    /// </summary>
    public static IHttpClientBuilder AddUpstreamHttpClient<TOptions>(
        this IServiceCollection services,
        string upstream,
        bool followRedirects = true,
        DecompressionMethods decompression = DecompressionMethods.All)
        where TOptions : UpstreamHttpOptions
    {
        services.AddKeyedSingleton(upstream, (sp, _) => new UpstreamPipeline(
            upstream,
            sp.GetRequiredService<IOptions<TOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<UpstreamPipeline>>()));

        var builder = services
            .AddHttpClient(upstream, (sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<TOptions>>().Value;
                client.Timeout = options.TotalTimeout;
                if (!string.IsNullOrWhiteSpace(options.UserAgent))
                {
                    client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
                }
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseCookies = false,
                AllowAutoRedirect = followRedirects,
                AutomaticDecompression = decompression,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        // Our attempt line (UpstreamPipeline) is the one log entry per attempt; Polly's telemetry would
        // repeat each handled attempt as a warning. Its metrics stay on.
        services.PostConfigureAll<TelemetryOptions>(telemetry => telemetry.LoggerFactory = NullLoggerFactory.Instance);
        builder.AddResilienceHandler(upstream + "-resilience", (pipeline, context) =>
            context.ServiceProvider.GetRequiredKeyedService<UpstreamPipeline>(upstream).ConfigureResilience(pipeline));
        return builder.AddHttpMessageHandler(sp => new UpstreamAttemptHandler(sp.GetRequiredKeyedService<UpstreamPipeline>(upstream)));
    }
}
