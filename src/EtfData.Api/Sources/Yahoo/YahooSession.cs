using System.Text;
using EtfData.Api.Sources.Http;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Sources.Yahoo;

/// <summary>A cookie + crumb pair that quoteSummary accepts.</summary>
public sealed record YahooCredentials(string Crumb, string CookieHeader, DateTimeOffset ObtainedAt);

/// <summary>
/// Yahoo's cookie + crumb handshake (sources.md §2), cached process-wide. (1) GET the cookie page
/// without following redirects and keep every <c>Set-Cookie</c> name=value, whatever the status;
/// (2) GET <c>/v1/test/getcrumb</c> with those cookies and a browser-like User-Agent — the body is
/// the crumb. The pair is reused until <see cref="YahooOptions.CrumbLifetime"/> passes or a call
/// reports it rejected (<see cref="Invalidate"/>); one handshake runs at a time.
/// </summary>
public sealed class YahooSession(
    IHttpClientFactory httpClientFactory,
    IOptions<YahooOptions> options,
    TimeProvider timeProvider,
    ILogger<YahooSession> logger) : IDisposable
{
    private const int MaxCrumbLength = 64;
    private readonly SemaphoreSlim _handshake = new(1, 1);
    private volatile YahooCredentials? _current;

    /// <summary>The cached credentials, or a fresh handshake's.</summary>
    public async Task<SourceResult<YahooCredentials>> GetAsync(CancellationToken cancellationToken)
    {
        if (Usable(_current) is { } cached)
        {
            return new SourceResult<YahooCredentials>.Data(cached);
        }

        await _handshake.WaitAsync(cancellationToken);
        try
        {
            if (Usable(_current) is { } renewedMeanwhile)
            {
                return new SourceResult<YahooCredentials>.Data(renewedMeanwhile);
            }

            var result = await HandshakeAsync(cancellationToken);
            if (result.TryGetData(out var credentials))
            {
                _current = credentials;
                logger.LogInformation("Yahoo session established (cookies {CookieCount})", credentials.CookieHeader.Split(';').Length);
            }
            else
            {
                logger.LogWarning("Yahoo handshake failed: {Outcome}", result.Describe());
            }

            return result;
        }
        finally
        {
            _handshake.Release();
        }
    }

    /// <summary>
    /// Drops <paramref name="rejected"/> so the next <see cref="GetAsync"/> handshakes again. A pair
    /// already replaced by a concurrent caller is left alone, so a burst of 401s costs one handshake.
    /// </summary>
    public void Invalidate(YahooCredentials rejected)
    {
        if (Interlocked.CompareExchange(ref _current, null, rejected) == rejected)
        {
            logger.LogInformation("Yahoo crumb rejected; a new handshake will follow");
        }
    }

    private YahooCredentials? Usable(YahooCredentials? credentials) =>
        credentials is not null && timeProvider.GetUtcNow() - credentials.ObtainedAt < options.Value.CrumbLifetime ? credentials : null;

    private async Task<SourceResult<YahooCredentials>> HandshakeAsync(CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(YahooOptions.Upstream);

        var cookiePage = new HttpRequestMessage(HttpMethod.Get, options.Value.CookieUrl);
        cookiePage.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml");
        var cookieSent = await client.SendAsync(YahooOptions.Upstream, cookiePage, cancellationToken);
        if (!cookieSent.TryGetData(out var cookieReply))
        {
            return cookieSent.AsFailure<YahooCredentials>();
        }

        var cookies = cookieReply.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(value => value.Split(';', 2)[0].Trim()).Where(pair => pair.Contains('=', StringComparison.Ordinal)).ToList()
            : [];
        if (cookies.Count == 0)
        {
            return new SourceResult<YahooCredentials>.Unavailable(
                $"yahoo: cookie page answered HTTP {(int)cookieReply.Status} without Set-Cookie");
        }

        var cookieHeader = string.Join("; ", cookies);
        var crumbRequest = new HttpRequestMessage(HttpMethod.Get, YahooUrls.GetCrumb(options.Value.BaseUrl));
        crumbRequest.Headers.TryAddWithoutValidation("Cookie", cookieHeader);
        var crumbSent = await client.SendAsync(YahooOptions.Upstream, crumbRequest, cancellationToken);
        if (!crumbSent.TryGetData(out var crumbReply))
        {
            return crumbSent.AsFailure<YahooCredentials>();
        }

        if (!crumbReply.IsSuccess)
        {
            return new SourceResult<YahooCredentials>.Unavailable("getcrumb: " + crumbReply.Describe(YahooOptions.Upstream));
        }

        var crumb = Encoding.UTF8.GetString(crumbReply.Body.Span).Trim();
        if (crumb.Length is 0 or > MaxCrumbLength || crumb.Any(c => char.IsWhiteSpace(c) || c is '<' or '{' or '"'))
        {
            return new SourceResult<YahooCredentials>.Unavailable("getcrumb returned no crumb: " + JsonPayload.Preview(crumbReply.Body.Span));
        }

        return new SourceResult<YahooCredentials>.Data(new YahooCredentials(crumb, cookieHeader, timeProvider.GetUtcNow()));
    }

    public void Dispose() => _handshake.Dispose();
}
