using System.Net;
using EtfData.Api.Sources.Etfdb;
using EtfData.Api.Sources.Http;
using EtfData.Api.Sources.Issuers;
using EtfData.Api.Sources.Nasdaq;
using EtfData.Api.Sources.Schwab;
using EtfData.Api.Sources.Sec;
using EtfData.Api.Sources.Web;
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

        // Sites read as a guest: a low rate, one request at a time, a random pause before each.
        services.TryAddSingleton<RequestJitter>(sp => new RequestJitter(sp.GetRequiredService<TimeProvider>()));
        AddScraped<ISharesOptions>(services, configuration, ISharesOptions.SectionName, ISharesOptions.Upstream);
        AddScraped<SpdrOptions>(services, configuration, SpdrOptions.SectionName, SpdrOptions.Upstream);
        AddScraped<InvescoOptions>(services, configuration, InvescoOptions.SectionName, InvescoOptions.Upstream);
        services.TryAddSingleton<IIssuerFilesClient, IssuerFilesClient>();
        AddScraped<SchwabOptions>(services, configuration, SchwabOptions.SectionName, SchwabOptions.Upstream);
        services.TryAddSingleton<ISchwabHoldingsClient, SchwabHoldingsClient>();
        AddScraped<EtfdbOptions>(services, configuration, EtfdbOptions.SectionName, EtfdbOptions.Upstream);
        services.TryAddSingleton<IEtfdbClient, EtfdbClient>();

        return services;
    }

    private static void AddScraped<TOptions>(IServiceCollection services, IConfiguration configuration, string section, string upstream)
        where TOptions : ScrapedUpstreamOptions
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddUpstreamHttpClient<TOptions>(upstream);
    }
}
