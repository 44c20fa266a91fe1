using System.Net;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Sources.Http;

/// <summary>Registers one upstream's named <see cref="HttpClient"/> with its shared resilience pipeline.</summary>
public static class UpstreamHttpClientRegistration
{
    /// <summary>
    /// Adds the named client <paramref name="upstream"/>: User-Agent and total timeout from
    /// <typeparamref name="TOptions"/>, cookies off (sources that need cookies send them explicitly),
    /// and the <see cref="UpstreamPipeline"/> keyed by <paramref name="upstream"/>.
    /// </summary>
    public static IHttpClientBuilder AddUpstreamHttpClient<TOptions>(
        this IServiceCollection services,
        string upstream,
        bool followRedirects = true)
        where TOptions : UpstreamHttpOptions
    {
        services.AddKeyedSingleton(upstream, (sp, _) => new UpstreamPipeline(
            upstream,
            sp.GetRequiredService<IOptions<TOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<UpstreamPipeline>>()));

        return services
            .AddHttpClient(upstream, (sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<TOptions>>().Value;
                client.Timeout = options.TotalTimeout;
                client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseCookies = false,
                AllowAutoRedirect = followRedirects,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .AddHttpMessageHandler(sp => new UpstreamResilienceHandler(sp.GetRequiredKeyedService<UpstreamPipeline>(upstream)));
    }
}
