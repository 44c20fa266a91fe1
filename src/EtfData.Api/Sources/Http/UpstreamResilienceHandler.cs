namespace EtfData.Api.Sources.Http;

/// <summary>Routes every request of an upstream's <see cref="HttpClient"/> through its shared <see cref="UpstreamPipeline"/>.</summary>
public sealed class UpstreamResilienceHandler(UpstreamPipeline pipeline) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        pipeline.SendAsync(request, base.SendAsync, cancellationToken);
}
