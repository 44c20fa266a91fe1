using System.ComponentModel.DataAnnotations;
using EtfData.Api.Sources.Http;

namespace EtfData.Api.Sources.Web;

/// <summary>
/// An upstream EtfData reads as a guest (issuer files, Schwab, etfdb): one base URL, a low default rate set by
/// each subclass, a random pause before each request and a re-check interval within which a fund is not asked again.
/// </summary>
public abstract class ScrapedUpstreamOptions : UpstreamHttpOptions
{
    /// <summary>A desktop browser's User-Agent, for sites that turn away obvious bots (etfdb, Schwab).</summary>
    public const string BrowserUserAgent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";

    protected ScrapedUpstreamOptions(string baseUrl)
    {
        BaseUrl = baseUrl;
        RequestsPerSecond = 1;
        Burst = 1;
        MaxConcurrency = 1;
        MaxRetryAttempts = 3;
        RetryBaseDelay = TimeSpan.FromSeconds(2);
    }

    /// <summary>Scheme and host of the upstream (the real one by default); may carry a path prefix.</summary>
    [Required]
    [Url]
    public string BaseUrl { get; set; }

    /// <summary>Longest random pause before each request (drawn uniformly from zero to this); zero turns it off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxJitter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A fund whose latest answer from this upstream was checked less than this long ago is not asked again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan RecheckAfter { get; set; } = TimeSpan.FromHours(12);

    /// <summary><see cref="BaseUrl"/> followed by <paramref name="pathAndQuery"/> (which starts with <c>/</c>).</summary>
    public Uri Resolve(string pathAndQuery) => new(BaseUrl.TrimEnd('/') + pathAndQuery);
}

/// <summary>
/// The random pause before a request to a scraped upstream, waited on the injected <see cref="TimeProvider"/> so tests
/// drive it with a fake clock. Requests spread out like a reader's, not a crawler's bursts.
/// </summary>
public sealed class RequestJitter(TimeProvider time, Func<double> nextFraction)
{
    public RequestJitter(TimeProvider time)
        : this(time, Random.Shared.NextDouble)
    {
    }

    /// <summary>Waits a random time between zero and <paramref name="max"/>.</summary>
    public Task WaitAsync(TimeSpan max, CancellationToken cancellationToken)
    {
        if (max <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        var delay = max * Math.Clamp(nextFraction(), 0, 1);
        return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, time, cancellationToken);
    }
}
