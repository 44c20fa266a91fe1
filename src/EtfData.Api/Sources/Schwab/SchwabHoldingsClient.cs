using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using EtfData.Api.Sources.Http;
using EtfData.Api.Sources.Web;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Sources.Schwab;

/// <summary>Every holding of a fund as the Schwab portal lists it, all pages joined in order.</summary>
public sealed record SchwabHoldings(string Symbol, DateOnly AsOf, int PageCount, IReadOnlyList<SchwabHolding> Rows);

/// <summary>A fund's full holdings list from the Schwab research portal (sources.md §6).</summary>
public interface ISchwabHoldingsClient
{
    /// <summary>
    /// The holdings page, then the holdings module for pages 2..N. NotFound for an unknown fund (404) or the
    /// empty template; Invalid naming the page when any page cannot be read, so a partial list is never returned.
    /// </summary>
    Task<SourceResult<SchwabHoldings>> GetHoldingsAsync(string symbol, CancellationToken cancellationToken);
}

/// <inheritdoc />
public sealed class SchwabHoldingsClient(
    IHttpClientFactory httpClientFactory,
    IOptions<SchwabOptions> options,
    RequestJitter jitter,
    ILogger<SchwabHoldingsClient> logger) : ISchwabHoldingsClient
{
    internal const string PagePath = "/schwab/Prospect/research/etfs/schwabETF/index.asp?type=holdings&symbol=";
    internal const string ModulePath = "/schwab/Prospect/research/resources/server/Module/SchwabETF.ModuleAPI.asp?";

    public async Task<SourceResult<SchwabHoldings>> GetHoldingsAsync(string symbol, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var settings = options.Value;
        var client = httpClientFactory.CreateClient(SchwabOptions.Upstream);
        var pageUrl = PageUrl(settings, symbol);

        await jitter.WaitAsync(settings.MaxJitter, cancellationToken);
        var first = await SendAsync(client, new HttpRequestMessage(HttpMethod.Get, pageUrl), "holdings page", cancellationToken);
        if (!first.TryGetData(out var html))
        {
            return Log(symbol, first.AsFailure<SchwabHoldings>());
        }

        var parsed = SchwabHoldingsParser.ParsePage(html);
        if (!parsed.TryGetData(out var page))
        {
            return Log(symbol, parsed is SourceResult<SchwabHoldingsPage>.Invalid invalid
                ? new SourceResult<SchwabHoldings>.Invalid($"{SchwabOptions.Upstream}: holdings page 1 of {symbol}: {invalid.Reason}")
                : parsed.AsFailure<SchwabHoldings>());
        }

        if (page.PageCount > settings.MaxPages)
        {
            return Log(symbol, new SourceResult<SchwabHoldings>.Invalid(
                $"{SchwabOptions.Upstream}: {symbol} lists {page.PageCount} pages of holdings, more than Sources:Schwab:MaxPages ({settings.MaxPages})"));
        }

        var rows = new List<SchwabHolding>(page.Rows);
        var rowsPerPage = page.Rows.Count;
        for (var number = 2; number <= page.PageCount; number++)
        {
            await jitter.WaitAsync(settings.MaxJitter, cancellationToken);
            var request = ModuleRequest(settings, symbol, page.Session, number, rowsPerPage, pageUrl);
            var answer = await SendAsync(client, request, $"holdings page {number}", cancellationToken);
            if (!answer.TryGetData(out var javascript))
            {
                return Log(symbol, answer is SourceResult<string>.NotFound notFound
                    ? new SourceResult<SchwabHoldings>.Invalid($"{SchwabOptions.Upstream}: holdings page {number} of {page.PageCount} of {symbol}: {notFound.Detail}")
                    : answer.AsFailure<SchwabHoldings>());
            }

            var more = SchwabHoldingsParser.ParseModuleRows(javascript);
            if (!more.TryGetData(out var pageRows) || pageRows.Count == 0)
            {
                var why = more is SourceResult<IReadOnlyList<SchwabHolding>>.Invalid invalid ? invalid.Reason : "no rows";
                return Log(symbol, new SourceResult<SchwabHoldings>.Invalid(
                    $"{SchwabOptions.Upstream}: holdings page {number} of {page.PageCount} of {symbol}: {why}"));
            }

            rows.AddRange(pageRows);
        }

        return new SourceResult<SchwabHoldings>.Data(new SchwabHoldings(symbol, page.AsOf, page.PageCount, rows));
    }

    internal static Uri PageUrl(SchwabOptions settings, string symbol) =>
        settings.Resolve(PagePath + Uri.EscapeDataString(symbol.ToUpperInvariant()));

    /// <summary>The holdings module's POST for page <paramref name="page"/> (sources.md §6): base64 JSON form body, the page as Referer.</summary>
    internal static HttpRequestMessage ModuleRequest(SchwabOptions settings, string symbol, SchwabSession session, int page, int rowsPerPage, Uri referer)
    {
        var arguments = new
        {
            module = "schwabETFHoldingsTable",
            moduleArgs = new Dictionary<string, string>
            {
                ["ModuleID"] = SchwabHoldingsParser.Layout.Container.TrimStart('#'),
                ["symbol"] = symbol.ToUpperInvariant(),
                ["wsodissue"] = session.WsodIssue,
                ["sortDir"] = "desc",
                ["sortBy"] = "PctNetAssets",
                ["page"] = page.ToString(CultureInfo.InvariantCulture),
                ["numRows"] = rowsPerPage.ToString(CultureInfo.InvariantCulture),
                ["isThirdPartyETF"] = "true",
            },
        };
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(arguments)));
        var request = new HttpRequestMessage(HttpMethod.Post, settings.Resolve(ModulePath + session.SessionId))
        {
            Content = new FormUrlEncodedContent(
            [
                new("inputs", "B64ENC" + encoded),
                new("..contenttype..", "text/javascript"),
                new("..requester..", "ContentBuffer"),
            ]),
        };
        request.Headers.Referrer = referer;
        return request;
    }

    private static async Task<SourceResult<string>> SendAsync(HttpClient client, HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        var sent = await client.SendAsync(SchwabOptions.Upstream, request, cancellationToken);
        if (!sent.TryGetData(out var reply))
        {
            return sent.AsFailure<string>();
        }

        if (reply.IsSuccess)
        {
            return new SourceResult<string>.Data(Encoding.UTF8.GetString(reply.Body.Span));
        }

        if (reply.Status == HttpStatusCode.NotFound)
        {
            return new SourceResult<string>.NotFound($"{SchwabOptions.Upstream}: HTTP 404 for the {what}");
        }

        var status = (int)reply.Status;
        var unavailable = UpstreamPipeline.IsTransientStatus(reply.Status)
            || status is >= 300 and < 400
            || reply.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
        return unavailable
            ? new SourceResult<string>.Unavailable($"{what}: {reply.Describe(SchwabOptions.Upstream)}")
            : new SourceResult<string>.Invalid($"{what}: {reply.Describe(SchwabOptions.Upstream)}");
    }

    private SourceResult<SchwabHoldings> Log(string symbol, SourceResult<SchwabHoldings> result)
    {
        logger.LogWarning("Schwab holdings of {Symbol}: {Outcome}", symbol, result.Describe());
        return result;
    }
}
