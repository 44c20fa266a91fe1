using System.Net;
using EtfData.Api.Sources.Http;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Sources.Yahoo;

/// <summary>Fund profile and AUM from Yahoo's quoteSummary API.</summary>
public interface IYahooFundClient
{
    /// <summary>
    /// The fund modules of <paramref name="symbol"/>. A fund lacking some or all of them is data
    /// (see <see cref="YahooFundDiagnostics.MissingModules"/>); an unknown symbol is not found.
    /// </summary>
    Task<SourceResult<YahooFundSnapshot>> GetFundAsync(string symbol, CancellationToken cancellationToken);
}

/// <inheritdoc />
public sealed class YahooFundClient(
    IHttpClientFactory httpClientFactory,
    YahooSession session,
    IOptions<YahooOptions> options,
    TimeProvider timeProvider,
    ILogger<YahooFundClient> logger) : IYahooFundClient
{
    private static readonly string ModulesParameter = Uri.EscapeDataString(string.Join(',', YahooQuoteSummaryParser.FundModules));

    public async Task<SourceResult<YahooFundSnapshot>> GetFundAsync(string symbol, CancellationToken cancellationToken)
    {
        var result = await FetchAsync(symbol, cancellationToken);
        if (result is SourceResult<YahooFundSnapshot>.Data { Value: var snapshot })
        {
            logger.LogDebug(
                "Yahoo fund {Symbol}: total assets {TotalAssets} as of {AsOf}, {Holdings} top holdings, missing modules {MissingModules}",
                symbol, snapshot.Metric?.TotalAssetsUsd, snapshot.Metric?.AsOf, snapshot.Profile.TopHoldings.Count, snapshot.Diagnostics.MissingModules);
        }
        else
        {
            logger.LogWarning("Yahoo fund {Symbol}: {Outcome}", symbol, result.Describe());
        }

        return result;
    }

    private async Task<SourceResult<YahooFundSnapshot>> FetchAsync(string symbol, CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(YahooOptions.Upstream);
        UpstreamReply? reply = null;
        // A 401 "Invalid Crumb" means the session expired: one fresh handshake, then one more try.
        for (var round = 1; round <= 2; round++)
        {
            var credentials = await session.GetAsync(cancellationToken);
            if (!credentials.TryGetData(out var current))
            {
                return credentials.AsFailure<YahooFundSnapshot>();
            }

            var uri = YahooUrls.QuoteSummary(options.Value.BaseUrl, symbol)
                + "?modules=" + ModulesParameter + "&formatted=false&crumb=" + Uri.EscapeDataString(current.Crumb);
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("Cookie", current.CookieHeader);
            var sent = await client.SendAsync(YahooOptions.Upstream, request, cancellationToken);
            if (!sent.TryGetData(out reply))
            {
                return sent.AsFailure<YahooFundSnapshot>();
            }

            if (reply.Status != HttpStatusCode.Unauthorized)
            {
                break;
            }

            session.Invalidate(current);
        }

        var now = timeProvider.GetUtcNow();
        if (reply!.IsSuccess)
        {
            return YahooQuoteSummaryParser.Parse(symbol, reply.Body, now);
        }

        if (reply.Status == HttpStatusCode.Unauthorized)
        {
            return new SourceResult<YahooFundSnapshot>.Unavailable("yahoo: crumb rejected again after a fresh handshake");
        }

        if (reply.Status == HttpStatusCode.NotFound)
        {
            // 404 either means "none of the requested modules exist" (not available: data without
            // those modules) or an unknown symbol; the parser tells them apart by the error description.
            return YahooQuoteSummaryParser.Parse(symbol, reply.Body, now) switch
            {
                SourceResult<YahooFundSnapshot>.Data data => data,
                SourceResult<YahooFundSnapshot>.NotFound notFound => notFound,
                _ => new SourceResult<YahooFundSnapshot>.NotFound("HTTP 404 for " + symbol),
            };
        }

        return YahooUrls.ClassifyFailure<YahooFundSnapshot>(reply);
    }
}
