using System.Net;
using System.Text;
using EtfData.Api.Sources.Http;
using EtfData.Api.Sources.Web;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Sources.Etfdb;

/// <summary>A fund's etfdb.com page, read into an <see cref="EtfdbProfile"/>.</summary>
public interface IEtfdbClient
{
    /// <summary>The profile of <paramref name="symbol"/>; NotFound when etfdb has no page for it (404).</summary>
    Task<SourceResult<EtfdbProfile>> GetProfileAsync(string symbol, CancellationToken cancellationToken);

    /// <summary>How long a fund is not asked again after its profile was fetched.</summary>
    TimeSpan RecheckAfter { get; }
}

/// <inheritdoc />
public sealed class EtfdbClient(
    IHttpClientFactory httpClientFactory,
    IOptions<EtfdbOptions> options,
    RequestJitter jitter,
    ILogger<EtfdbClient> logger) : IEtfdbClient
{
    public TimeSpan RecheckAfter => options.Value.RecheckAfter;

    public async Task<SourceResult<EtfdbProfile>> GetProfileAsync(string symbol, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var uri = ProfileUrl(options.Value, symbol);
        await jitter.WaitAsync(options.Value.MaxJitter, cancellationToken);
        var client = httpClientFactory.CreateClient(EtfdbOptions.Upstream);
        var sent = await client.SendAsync(EtfdbOptions.Upstream, new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken);
        if (!sent.TryGetData(out var reply))
        {
            return sent.AsFailure<EtfdbProfile>();
        }

        var result = Interpret(reply, uri);
        if (result is not SourceResult<EtfdbProfile>.Data)
        {
            logger.LogWarning("etfdb profile of {Symbol}: {Outcome}", symbol, result.Describe());
        }

        return result;
    }

    /// <summary><c>/etf/{SYMBOL}/</c>; etfdb writes share classes with a dash (BRK.B → BRK-B).</summary>
    internal static Uri ProfileUrl(EtfdbOptions settings, string symbol) =>
        settings.Resolve("/etf/" + Uri.EscapeDataString(symbol.ToUpperInvariant().Replace('.', '-')) + "/");

    internal static SourceResult<EtfdbProfile> Interpret(UpstreamReply reply, Uri uri)
    {
        if (reply.IsSuccess)
        {
            return EtfdbProfileParser.Parse(Encoding.UTF8.GetString(reply.Body.Span));
        }

        if (reply.Status == HttpStatusCode.NotFound)
        {
            return new SourceResult<EtfdbProfile>.NotFound($"{EtfdbOptions.Upstream}: HTTP 404 for {uri.AbsolutePath}");
        }

        var status = (int)reply.Status;
        var unavailable = UpstreamPipeline.IsTransientStatus(reply.Status)
            || status is >= 300 and < 400
            || reply.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
        return unavailable
            ? new SourceResult<EtfdbProfile>.Unavailable(reply.Describe(EtfdbOptions.Upstream))
            : new SourceResult<EtfdbProfile>.Invalid(reply.Describe(EtfdbOptions.Upstream));
    }
}
