using System.Net;
using EtfData.Api.Sources.Http;
using EtfData.Domain;

namespace EtfData.Api.Sources.Yahoo;

/// <summary>Yahoo endpoint addresses relative to the configured base, and status handling shared by the clients.</summary>
internal static class YahooUrls
{
    public static string Chart(string baseUrl, string symbol) =>
        baseUrl.TrimEnd('/') + "/v8/finance/chart/" + Uri.EscapeDataString(EtfSymbol.ToYahoo(symbol));

    public static string QuoteSummary(string baseUrl, string symbol) =>
        baseUrl.TrimEnd('/') + "/v10/finance/quoteSummary/" + Uri.EscapeDataString(EtfSymbol.ToYahoo(symbol));

    public static string GetCrumb(string baseUrl) => baseUrl.TrimEnd('/') + "/v1/test/getcrumb";

    /// <summary>
    /// A final non-success status other than 404: throttling, server errors, redirects (a consent
    /// wall) and access denials are "unavailable" — another day may go better; any other 4xx means
    /// the request or the upstream's contract is wrong, which retrying will not fix.
    /// </summary>
    public static SourceResult<T> ClassifyFailure<T>(UpstreamReply reply)
    {
        var status = (int)reply.Status;
        var unavailable = UpstreamPipeline.IsTransientStatus(reply.Status)
            || status is >= 300 and < 400
            || reply.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
        return unavailable
            ? new SourceResult<T>.Unavailable(reply.Describe(YahooOptions.Upstream))
            : new SourceResult<T>.Invalid(reply.Describe(YahooOptions.Upstream));
    }
}
