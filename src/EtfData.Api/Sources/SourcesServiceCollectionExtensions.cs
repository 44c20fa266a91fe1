using System.Net;
using EtfData.Api.Sources.Http;
using EtfData.Api.Sources.Nasdaq;
using EtfData.Api.Sources.Sec;
using EtfData.Api.Sources.Yahoo;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EtfData.Api.Sources;

/// <summary>Registration of every upstream source.</summary>
public static class SourcesServiceCollectionExtensions
{
    /// <summary>
    /// Adds the source clients with their options (section <c>Sources:&lt;Upstream&gt;</c>, validated
    /// at start-up), named HTTP clients and shared resilience pipelines.
    /// </summary>
    public static IServiceCollection AddSources(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<YahooOptions>()
            .Bind(configuration.GetSection(YahooOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Redirects are not followed: the cookie page's Set-Cookie may come on a redirect response.
        services.AddUpstreamHttpClient<YahooOptions>(YahooOptions.Upstream, followRedirects: false);
        services.TryAddSingleton<YahooSession>();
        services.TryAddSingleton<IYahooChartClient, YahooChartClient>();
        services.TryAddSingleton<IYahooFundClient, YahooFundClient>();

        services.AddOptions<NasdaqOptions>()
            .Bind(configuration.GetSection(NasdaqOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddUpstreamHttpClient<NasdaqOptions>(NasdaqOptions.Upstream);
        services.TryAddSingleton<INasdaqSymbolDirectoryClient, NasdaqSymbolDirectoryClient>();

        services.AddOptions<SecOptions>()
            .Bind(configuration.GetSection(SecOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // SEC asks for gzip or deflate; the handler decompresses them and announces nothing else.
        services.AddUpstreamHttpClient<SecOptions>(SecOptions.Upstream, decompression: DecompressionMethods.GZip | DecompressionMethods.Deflate);
        services.TryAddSingleton<ISecClient, SecClient>();

        return services;
    }
}
