using System.Net;
using EtfData.Api.Sources.Http;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Sources.Nasdaq;

/// <summary>The listed-ETF universe from Nasdaq Trader's symbol directory.</summary>
public interface INasdaqSymbolDirectoryClient
{
    /// <summary>
    /// Every ETF in <see cref="NasdaqOptions.FileName"/>. Never <see cref="SourceResult{T}.NotFound"/>:
    /// the file is one fixed address, so a 404 means it moved or the address is misconfigured (unavailable),
    /// not that the universe is empty.
    /// </summary>
    Task<SourceResult<SymbolDirectory>> GetEtfsAsync(CancellationToken cancellationToken);
}

/// <inheritdoc />
public sealed class NasdaqSymbolDirectoryClient(
    IHttpClientFactory httpClientFactory,
    IOptions<NasdaqOptions> options,
    ILogger<NasdaqSymbolDirectoryClient> logger) : INasdaqSymbolDirectoryClient
{
    public async Task<SourceResult<SymbolDirectory>> GetEtfsAsync(CancellationToken cancellationToken)
    {
        var uri = new Uri(options.Value.BaseUrl.TrimEnd('/') + "/" + options.Value.FileName);
        var client = httpClientFactory.CreateClient(NasdaqOptions.Upstream);
        var sent = await client.SendAsync(NasdaqOptions.Upstream, new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken);
        if (!sent.TryGetData(out var reply))
        {
            logger.LogWarning("Nasdaq symbol directory: {Outcome}", sent.Describe());
            return sent.AsFailure<SymbolDirectory>();
        }

        var result = Interpret(reply, uri);
        if (result is SourceResult<SymbolDirectory>.Data { Value: var directory })
        {
            var d = directory.Diagnostics;
            logger.LogInformation(
                "Nasdaq symbol directory created {FileCreatedAt}: {Etfs} ETFs of {Rows} rows; dropped {TestIssues} test issues, {Unsupported} unsupported symbols, {BlankEtfFlag} blank ETF flags, {Malformed} malformed rows, {Duplicates} duplicates",
                directory.FileCreatedAt, directory.Etfs.Count, d.DataRows, d.TestIssuesDropped, d.UnsupportedSymbolsSkipped, d.BlankEtfFlagRows, d.MalformedRowsSkipped, d.DuplicateSymbolsSkipped);
        }
        else
        {
            logger.LogWarning("Nasdaq symbol directory: {Outcome}", result.Describe());
        }

        return result;
    }

    internal static SourceResult<SymbolDirectory> Interpret(UpstreamReply reply, Uri uri)
    {
        if (reply.IsSuccess)
        {
            return NasdaqSymbolDirectoryParser.Parse(reply.Body);
        }

        if (reply.Status == HttpStatusCode.NotFound)
        {
            return new SourceResult<SymbolDirectory>.Unavailable(
                $"{NasdaqOptions.Upstream}: HTTP 404 for {uri.AbsolutePath}; the file moved or Sources:Nasdaq:BaseUrl/FileName is wrong");
        }

        // Throttling, server errors, redirects to a block page and access denials may clear up later;
        // any other 4xx means the request is wrong, which retrying will not fix.
        var status = (int)reply.Status;
        var unavailable = UpstreamPipeline.IsTransientStatus(reply.Status)
            || status is >= 300 and < 400
            || reply.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
        return unavailable
            ? new SourceResult<SymbolDirectory>.Unavailable(reply.Describe(NasdaqOptions.Upstream))
            : new SourceResult<SymbolDirectory>.Invalid(reply.Describe(NasdaqOptions.Upstream));
    }
}
