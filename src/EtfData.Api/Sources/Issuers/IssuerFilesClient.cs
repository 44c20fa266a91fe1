using System.Diagnostics.CodeAnalysis;
using System.Net;
using EtfData.Api.Sources.Http;
using EtfData.Api.Sources.Web;
using EtfData.Domain;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Sources.Issuers;

/// <summary>Issuers' own daily holdings files: where a fund's file is, and the file as of the issuer's latest day.</summary>
public interface IIssuerFilesClient
{
    /// <summary>
    /// The file of a fund EtfData can read (iShares, SPDR, Invesco), or false and why not (another sponsor, an
    /// iShares fund without a configured product page, a family without a parser).
    /// </summary>
    bool TryLocate(string symbol, string fundName, [NotNullWhen(true)] out IssuerFileLocation? location, [NotNullWhen(false)] out string? reason);

    /// <summary>The file at <paramref name="location"/>: NotFound when the issuer has no file for its latest day.</summary>
    Task<SourceResult<IssuerHoldingsFile>> GetAsync(IssuerFileLocation location, CancellationToken cancellationToken);

    /// <summary>How long a fund of <paramref name="family"/> is not asked again after a check.</summary>
    TimeSpan RecheckAfter(IssuerFamily family);

    /// <summary>The <see cref="HoldingSources"/> name of a family's files.</summary>
    static string SourceName(IssuerFamily family) => family switch
    {
        IssuerFamily.IShares => HoldingSources.IShares,
        IssuerFamily.Spdr => HoldingSources.Spdr,
        IssuerFamily.Invesco => HoldingSources.Invesco,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "no holdings source for this family"),
    };
}

/// <inheritdoc />
public sealed class IssuerFilesClient(
    IHttpClientFactory httpClientFactory,
    IOptions<ISharesOptions> iShares,
    IOptions<SpdrOptions> spdr,
    IOptions<InvescoOptions> invesco,
    RequestJitter jitter,
    ILogger<IssuerFilesClient> logger) : IIssuerFilesClient
{
    public bool TryLocate(string symbol, string fundName, [NotNullWhen(true)] out IssuerFileLocation? location, [NotNullWhen(false)] out string? reason)
    {
        var hosts = new IssuerHosts(iShares.Value.BaseUrl, spdr.Value.BaseUrl, invesco.Value.BaseUrl);
        if (!IssuerRegistry.TryLocate(symbol, fundName, iShares.Value.ProductPage(symbol), out location, out reason, hosts))
        {
            if (IssuerRegistry.FamilyOf(fundName) == IssuerFamily.IShares)
            {
                reason += $" (set Sources:IShares:Products:{symbol} to '{{productId}}/{{slug}}')";
            }

            return false;
        }

        if (location.Format == IssuerFileFormat.VanguardJson)
        {
            reason = $"{symbol} is a Vanguard fund; its holdings API is documented only from public code and is not read";
            location = null;
            return false;
        }

        return true;
    }

    public TimeSpan RecheckAfter(IssuerFamily family) => OptionsOf(family).RecheckAfter;

    public async Task<SourceResult<IssuerHoldingsFile>> GetAsync(IssuerFileLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var (upstream, options) = (UpstreamOf(location.Family), OptionsOf(location.Family));
        await jitter.WaitAsync(options.MaxJitter, cancellationToken);
        var client = httpClientFactory.CreateClient(upstream);
        var sent = await client.SendAsync(upstream, new HttpRequestMessage(HttpMethod.Get, location.Url), cancellationToken);
        if (!sent.TryGetData(out var reply))
        {
            return sent.AsFailure<IssuerHoldingsFile>();
        }

        var result = Interpret(location, upstream, reply);
        if (result is not SourceResult<IssuerHoldingsFile>.Data)
        {
            logger.LogWarning("{Upstream} holdings file of {Symbol}: {Outcome}", upstream, location.FundSymbol, result.Describe());
        }

        return result;
    }

    internal static SourceResult<IssuerHoldingsFile> Interpret(IssuerFileLocation location, string upstream, UpstreamReply reply)
    {
        if (reply.IsSuccess)
        {
            return location.Format switch
            {
                IssuerFileFormat.ISharesCsv => ISharesHoldingsParser.Parse(location.FundSymbol, reply.Body),
                IssuerFileFormat.SpdrXlsx => SpdrHoldingsParser.Parse(location.FundSymbol, reply.Body),
                IssuerFileFormat.InvescoCsv => InvescoHoldingsParser.Parse(location.FundSymbol, reply.Body),
                _ => new SourceResult<IssuerHoldingsFile>.Invalid($"{upstream}: no parser for {location.Format}"),
            };
        }

        if (reply.Status == HttpStatusCode.NotFound)
        {
            return new SourceResult<IssuerHoldingsFile>.NotFound($"{upstream}: HTTP 404 for {location.Url.AbsolutePath}");
        }

        var status = (int)reply.Status;
        var unavailable = UpstreamPipeline.IsTransientStatus(reply.Status)
            || status is >= 300 and < 400
            || reply.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
        return unavailable
            ? new SourceResult<IssuerHoldingsFile>.Unavailable(reply.Describe(upstream))
            : new SourceResult<IssuerHoldingsFile>.Invalid(reply.Describe(upstream));
    }

    private ScrapedUpstreamOptions OptionsOf(IssuerFamily family) => family switch
    {
        IssuerFamily.IShares => iShares.Value,
        IssuerFamily.Spdr => spdr.Value,
        IssuerFamily.Invesco => invesco.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "no file client for this family"),
    };

    private static string UpstreamOf(IssuerFamily family) => family switch
    {
        IssuerFamily.IShares => ISharesOptions.Upstream,
        IssuerFamily.Spdr => SpdrOptions.Upstream,
        IssuerFamily.Invesco => InvescoOptions.Upstream,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "no file client for this family"),
    };
}
