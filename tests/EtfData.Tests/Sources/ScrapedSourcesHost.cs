using System.Collections.Concurrent;
using System.Net;
using EtfData.Api.Sources;
using EtfData.Api.Sources.Etfdb;
using EtfData.Api.Sources.Issuers;
using EtfData.Api.Sources.Schwab;
using EtfData.Api.Sources.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EtfData.Tests.Sources;

/// <summary>A request the stub upstream received, body read.</summary>
internal sealed record StubRequest(HttpMethod Method, Uri Uri, string? Body, Uri? Referrer, string? UserAgent);

/// <summary>Answers requests from a function and records them, in place of the network.</summary>
internal sealed class StubUpstream(Func<StubRequest, (HttpStatusCode Status, string Body)> answer) : HttpMessageHandler
{
    public ConcurrentQueue<StubRequest> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var received = new StubRequest(request.Method, request.RequestUri!, body, request.Headers.Referrer, request.Headers.UserAgent.ToString());
        Requests.Enqueue(received);
        var (status, text) = answer(received);
        return new HttpResponseMessage(status) { Content = new StringContent(text) };
    }
}

/// <summary>The scraped sources registered as the host does, each upstream's network replaced by a stub.</summary>
internal static class ScrapedSourcesHost
{
    public static ServiceProvider Build(StubUpstream stub, TimeProvider? clock = null, RequestJitter? jitter = null, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>();
        foreach (var section in new[] { ISharesOptions.SectionName, SpdrOptions.SectionName, InvescoOptions.SectionName, SchwabOptions.SectionName, EtfdbOptions.SectionName })
        {
            values[section + ":MaxJitter"] = "00:00:00";
            values[section + ":RequestsPerSecond"] = "1000";
            values[section + ":Burst"] = "100";
            values[section + ":RetryBaseDelay"] = "00:00:00.010";
            values[section + ":RetryMaxDelay"] = "00:00:00.050";
        }

        values[SchwabOptions.SectionName + ":BaseUrl"] = "http://schwab.test";
        values[EtfdbOptions.SectionName + ":BaseUrl"] = "http://etfdb.test";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        if (jitter is not null)
        {
            services.AddSingleton(jitter);
        }

        services.AddSources(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        foreach (var upstream in new[] { ISharesOptions.Upstream, SpdrOptions.Upstream, InvescoOptions.Upstream, SchwabOptions.Upstream, EtfdbOptions.Upstream })
        {
            services.AddHttpClient(upstream).ConfigurePrimaryHttpMessageHandler(() => stub);
        }

        return services.BuildServiceProvider(validateScopes: true);
    }
}
