namespace EtfData.Api.Sources.Http;

/// <summary>
/// Below the resilience handler: runs each attempt of an upstream's <see cref="HttpClient"/> through
/// its shared <see cref="UpstreamPipeline"/> (throttle pause, concurrency, rate, attempt timeout, body).
/// </summary>
public sealed class UpstreamAttemptHandler(UpstreamPipeline pipeline) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        pipeline.AttemptAsync(request, base.SendAsync, cancellationToken);
}
