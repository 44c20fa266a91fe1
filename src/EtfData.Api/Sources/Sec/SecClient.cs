using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using EtfData.Api.Sources.Http;
using EtfData.Domain;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Sources.Sec;

/// <inheritdoc />
public sealed class SecClient : ISecClient
{
    private static readonly byte[] PrimaryDocEnd = "</edgarSubmission>"u8.ToArray();

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly SecOptions _options;
    private readonly UpstreamPipeline _pipeline;
    private readonly ILogger<SecClient> _logger;
    private readonly SecCache _cache;

    public SecClient(
        IHttpClientFactory httpClientFactory,
        IOptions<SecOptions> options,
        [FromKeyedServices(SecOptions.Upstream)] UpstreamPipeline pipeline,
        ILogger<SecClient> logger,
        IHostEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _pipeline = pipeline;
        _logger = logger;
        var root = string.IsNullOrWhiteSpace(_options.CacheDirectory)
            ? Path.Combine(environment?.ContentRootPath ?? AppContext.BaseDirectory, ".data", "sec-cache")
            : Path.GetFullPath(_options.CacheDirectory, environment?.ContentRootPath ?? AppContext.BaseDirectory);
        _cache = new SecCache(root);
    }

    public string? ConfigurationProblem => _options.ConfigurationProblem();

    /// <summary>Where downloaded files are kept.</summary>
    public string CacheDirectory => _cache.Root;

    public async Task<SourceResult<IReadOnlyList<SecTickerEntry>>> GetFundTickersAsync(CancellationToken cancellationToken)
    {
        var body = await GetConditionalAsync(Www("files/company_tickers_mf.json"), "www/files/company_tickers_mf.json", cancellationToken);
        return Log("company_tickers_mf.json", body.TryGetData(out var bytes) ? SecTickerParser.ParseFundTickers(bytes) : body.AsFailure<IReadOnlyList<SecTickerEntry>>());
    }

    public async Task<SourceResult<IReadOnlyList<SecTickerEntry>>> GetCompanyTickersAsync(CancellationToken cancellationToken)
    {
        var body = await GetConditionalAsync(Www("files/company_tickers.json"), "www/files/company_tickers.json", cancellationToken);
        return Log("company_tickers.json", body.TryGetData(out var bytes) ? SecTickerParser.ParseCompanyTickers(bytes) : body.AsFailure<IReadOnlyList<SecTickerEntry>>());
    }

    public async Task<SourceResult<IReadOnlyList<SecFilingRef>>> GetNportFilingsAsync(long cik, DateOnly? filedOnOrAfter, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cik);
        var name = "CIK" + cik.ToString("D10", CultureInfo.InvariantCulture) + ".json";
        var body = await GetConditionalAsync(Data("submissions/" + name), "data/submissions/" + name, cancellationToken);
        if (!body.TryGetData(out var bytes))
        {
            return Log(name, body.AsFailure<IReadOnlyList<SecFilingRef>>());
        }

        var parsed = SecSubmissionsParser.Parse(bytes);
        if (!parsed.TryGetData(out var submissions))
        {
            return Log(name, parsed.AsFailure<IReadOnlyList<SecFilingRef>>());
        }

        var filings = new List<SecFilingRef>(submissions.Filings);
        foreach (var page in submissions.OlderPages)
        {
            // A page whose newest filing is older than what is asked for cannot hold anything wanted.
            if (filedOnOrAfter is { } since && page.FilingTo is { } to && to < since)
            {
                continue;
            }

            if (!IsPlainFileName(page.Name))
            {
                return Log(name, new SourceResult<IReadOnlyList<SecFilingRef>>.Invalid($"submissions: unexpected page name '{page.Name}'"));
            }

            var pageBody = await GetConditionalAsync(Data("submissions/" + page.Name), "data/submissions/" + page.Name, cancellationToken);
            var pageRefs = pageBody.TryGetData(out var pageBytes) ? SecSubmissionsParser.ParsePage(pageBytes) : pageBody.AsFailure<IReadOnlyList<SecFilingRef>>();
            if (!pageRefs.TryGetData(out var older))
            {
                return Log(page.Name, pageRefs);
            }

            filings.AddRange(older);
        }

        var result = filings
            .Where(f => filedOnOrAfter is not { } since || f.FilingDate >= since)
            .DistinctBy(f => f.Accession, StringComparer.Ordinal)
            .OrderByDescending(f => f.FilingDate)
            .ThenByDescending(f => f.Accession, StringComparer.Ordinal)
            .ToList();
        return new SourceResult<IReadOnlyList<SecFilingRef>>.Data(result);
    }

    public async Task<SourceResult<IReadOnlyList<SecFilingRef>>> GetSeriesNportFilingsAsync(string seriesId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(seriesId);
        if (!IsPlainFileName(seriesId))
        {
            throw new ArgumentException("Not a series id: " + seriesId, nameof(seriesId));
        }

        // The feed changes with every filing and EDGAR sends no validators for it: always asked.
        var uri = Www("cgi-bin/browse-edgar?action=getcompany&CIK=" + Uri.EscapeDataString(seriesId)
            + "&type=NPORT-P&dateb=&owner=include&count=40&output=atom");
        var body = await GetAsync(uri, cancellationToken);
        return Log("series " + seriesId, body.TryGetData(out var bytes) ? SecAtomParser.Parse(bytes) : body.AsFailure<IReadOnlyList<SecFilingRef>>());
    }

    public async Task<SourceResult<ReadOnlyMemory<byte>>> GetNportDocumentAsync(long cik, string accession, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cik);
        var path = DocumentPath(cik, accession);
        var key = "www/" + path;
        // A filing never changes once accepted: a cached copy is the document.
        if (await _cache.ReadAsync(key, cancellationToken) is { } cached)
        {
            return new SourceResult<ReadOnlyMemory<byte>>.Data(cached.Body);
        }

        var body = await GetAsync(Www(path), cancellationToken, _options.DocumentAttemptTimeout);
        if (!body.TryGetData(out var bytes))
        {
            return Log(path, body);
        }

        // A document cut short would be cached for good; one that does not close its root is not kept.
        if (!bytes.Span.TrimEnd(" \t\r\n"u8).EndsWith(PrimaryDocEnd))
        {
            return Log(path, new SourceResult<ReadOnlyMemory<byte>>.Invalid(
                $"{SecOptions.Upstream}: {path} does not end with </edgarSubmission> (truncated or not an N-PORT document)"));
        }

        await TryCacheAsync(key, bytes, new SecCacheValidators(null, null), cancellationToken);
        return body;
    }

    public async Task<SourceResult<string>> GetNportDataSetAsync(int year, int quarter, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 2019);
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        if (ConfigurationProblem is { } problem)
        {
            return new SourceResult<string>.Unavailable(problem);
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"{year}q{quarter}_nport.zip");
        var path = "files/dera/data/form-n-port-data-sets/" + name;
        var key = "www/" + path;
        var uri = Www(path);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.DataSetDownloadTimeout);
        // The pipeline retries what fails before the headers; a body broken off mid-download (a reset, a connection
        // closed short of Content-Length) fails after them, so the download is tried again here, as often.
        for (var attempt = 1; ; attempt++)
        {
            var (result, bodyBroken) = await DownloadDataSetAsync(name, key, uri, timeout.Token, cancellationToken);
            if (!bodyBroken || attempt > _options.MaxRetryAttempts)
            {
                return result;
            }

            _logger.LogWarning("SEC data set {DataSet}: download broken off ({Outcome}); trying again, attempt {Attempt}", name, result.Describe(), attempt + 1);
        }
    }

    private async Task<(SourceResult<string> Result, bool BodyBroken)> DownloadDataSetAsync(
        string name, string key, Uri uri, CancellationToken timeoutToken, CancellationToken cancellationToken)
    {
        var validators = await _cache.ValidatorsOfFileAsync(key, timeoutToken);
        var request = NewRequest(uri, validators);
        var sent = await Client().SendStreamingAsync(SecOptions.Upstream, request, timeoutToken);
        if (!sent.TryGetData(out var response))
        {
            return (Log(name, sent.AsFailure<string>()), false);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotModified && validators is not null && _cache.Contains(key))
            {
                _logger.LogInformation("SEC data set {DataSet} unchanged; using the cached copy", name);
                return (new SourceResult<string>.Data(_cache.PathOf(key)), false);
            }

            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsByteArrayAsync(timeoutToken);
                var reply = new UpstreamReply(response.StatusCode, response.ReasonPhrase, body, response.Headers, response.Content.Headers.ContentType?.MediaType);
                return (Log(name, Failure<string>(reply, uri)), false);
            }

            var temp = _cache.NewTempFile(key);
            try
            {
                await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    await using var stream = await response.Content.ReadAsStreamAsync(timeoutToken);
                    await stream.CopyToAsync(file, 1 << 16, timeoutToken);
                }

                await _cache.CommitAsync(temp, key, Validators(response.Headers.ETag, response.Content.Headers.LastModified), cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                File.Delete(temp);
                return (Log(name, new SourceResult<string>.Unavailable($"{SecOptions.Upstream}: download of {name} failed: {ex.Message}")), ex is not OperationCanceledException);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }

            _logger.LogInformation("SEC data set {DataSet} downloaded to {Path}", name, _cache.PathOf(key));
            return (new SourceResult<string>.Data(_cache.PathOf(key)), false);
        }
    }

    /// <summary>A file with validators: asked conditionally when cached, a 304 answered from the cache.</summary>
    private async Task<SourceResult<ReadOnlyMemory<byte>>> GetConditionalAsync(Uri uri, string key, CancellationToken cancellationToken)
    {
        if (ConfigurationProblem is { } problem)
        {
            return new SourceResult<ReadOnlyMemory<byte>>.Unavailable(problem);
        }

        // Body and validators read together: a 304 serves exactly the body its validators came with.
        var cached = await _cache.ReadAsync(key, cancellationToken);
        var sent = await Client().SendAsync(SecOptions.Upstream, NewRequest(uri, cached?.Validators), cancellationToken);
        if (!sent.TryGetData(out var reply))
        {
            return sent.AsFailure<ReadOnlyMemory<byte>>();
        }

        if (reply.Status == HttpStatusCode.NotModified && cached is { Validators: not null })
        {
            _logger.LogDebug("SEC {Path} not modified; served from the cache", uri.AbsolutePath);
            return new SourceResult<ReadOnlyMemory<byte>>.Data(cached.Body);
        }

        if (!reply.IsSuccess)
        {
            return Failure<ReadOnlyMemory<byte>>(reply, uri);
        }

        await TryCacheAsync(key, reply.Body, Validators(reply.Headers.ETag, reply.LastModified), cancellationToken);
        return new SourceResult<ReadOnlyMemory<byte>>.Data(reply.Body);
    }

    private async Task<SourceResult<ReadOnlyMemory<byte>>> GetAsync(Uri uri, CancellationToken cancellationToken, TimeSpan? attemptTimeout = null)
    {
        if (ConfigurationProblem is { } problem)
        {
            return new SourceResult<ReadOnlyMemory<byte>>.Unavailable(problem);
        }

        var request = NewRequest(uri, null);
        if (attemptTimeout is { } timeout)
        {
            request.Options.Set(UpstreamCall.AttemptTimeoutKey, timeout);
        }

        var sent = await Client().SendAsync(SecOptions.Upstream, request, cancellationToken);
        if (!sent.TryGetData(out var reply))
        {
            return sent.AsFailure<ReadOnlyMemory<byte>>();
        }

        return reply.IsSuccess ? new SourceResult<ReadOnlyMemory<byte>>.Data(reply.Body) : Failure<ReadOnlyMemory<byte>>(reply, uri);
    }

    private SourceResult<T> Failure<T>(UpstreamReply reply, Uri uri)
    {
        if (reply.Status == HttpStatusCode.NotFound)
        {
            return new SourceResult<T>.NotFound($"{SecOptions.Upstream}: HTTP 404 for {uri.AbsolutePath}");
        }

        var status = (int)reply.Status;
        var throttled = _options.IsThrottling(reply.Status, reply.Body.Span);
        var unavailable = throttled
            || UpstreamPipeline.IsTransientStatus(reply.Status)
            || status is >= 300 and < 400
            || reply.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
        var reason = reply.Describe(SecOptions.Upstream);
        if (throttled && _pipeline.PausedUntil is { } until)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"{SecOptions.Upstream}: throttled (HTTP {status}); every request paused until {until:yyyy-MM-ddTHH:mm:ssZ}");
        }

        return unavailable ? new SourceResult<T>.Unavailable(reason) : new SourceResult<T>.Invalid(reason);
    }

    private async Task TryCacheAsync(string key, ReadOnlyMemory<byte> body, SecCacheValidators validators, CancellationToken cancellationToken)
    {
        try
        {
            await _cache.WriteAsync(key, body, validators, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The answer is good; only the next run loses the shortcut.
            _logger.LogWarning("SEC cache: could not store {Key} under {Root}: {Error}", key, _cache.Root, ex.Message);
        }
    }

    private static HttpRequestMessage NewRequest(Uri uri, SecCacheValidators? validators)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (validators?.ETag is { } etag)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        if (validators?.LastModified is { } lastModified)
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        }

        return request;
    }

    private static SecCacheValidators Validators(EntityTagHeaderValue? etag, DateTimeOffset? lastModified) =>
        new(etag?.ToString(), lastModified?.ToString("R", CultureInfo.InvariantCulture));

    private HttpClient Client() => _httpClientFactory.CreateClient(SecOptions.Upstream);

    private Uri Www(string path) => new(_options.WwwBaseUrl.TrimEnd('/') + "/" + path);

    private Uri Data(string path) => new(_options.DataBaseUrl.TrimEnd('/') + "/" + path);

    /// <summary>The Archives folder of an accession: its digits without dashes.</summary>
    /// <summary>Where a filing's <c>primary_doc.xml</c> lives under www.sec.gov: the CIK unpadded, the accession without dashes.</summary>
    public static string DocumentPath(long cik, string accession) =>
        "Archives/edgar/data/" + cik.ToString(CultureInfo.InvariantCulture) + "/" + AccessionFolder(accession) + "/primary_doc.xml";

    internal static string AccessionFolder(string accession)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accession);
        var digits = accession.Replace("-", "", StringComparison.Ordinal);
        if (digits.Length != 18 || !digits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("Not an accession number: " + accession, nameof(accession));
        }

        return digits;
    }

    private static bool IsPlainFileName(string name) =>
        name.Length is > 0 and < 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && !name.Contains("..", StringComparison.Ordinal);

    private SourceResult<T> Log<T>(string what, SourceResult<T> result)
    {
        if (result is not SourceResult<T>.Data)
        {
            _logger.LogWarning("SEC {What}: {Outcome}", what, result.Describe());
        }

        return result;
    }
}
