using System.ComponentModel.DataAnnotations;
using System.Net;
using EtfData.Api.Sources.Http;

namespace EtfData.Api.Sources.Sec;

/// <summary>SEC EDGAR (www.sec.gov and data.sec.gov), bound from <c>Sources:Sec</c>.</summary>
public sealed class SecOptions : UpstreamHttpOptions
{
    public const string SectionName = "Sources:Sec";

    /// <summary>Name of the HTTP client and of the upstream in logs.</summary>
    public const string Upstream = "sec";

    /// <summary>SEC's fair-access limit for all traffic of one user.</summary>
    public const double MaxRequestsPerSecond = 10;

    /// <summary>The body of EDGAR's throttling page, served with status 403.</summary>
    public const string ThresholdPageMarker = "Request Rate Threshold Exceeded";

    public SecOptions()
    {
        // No default: SEC wants the caller's own name and contact, which only the operator can give.
        UserAgent = "";
        RequestsPerSecond = MaxRequestsPerSecond;
        Burst = 1;
        MaxConcurrency = 4;
        MaxRetryAttempts = 3;
        // SEC blocks an address for about ten minutes once it exceeds the limit.
        ThrottleCoolDown = TimeSpan.FromMinutes(10);
        // Room for DocumentAttemptTimeout on every attempt of a large document.
        TotalTimeout = TimeSpan.FromMinutes(10);
    }

    /// <summary>Base of www.sec.gov (ticker maps, Archives, browse-edgar, data sets); may carry a path prefix (the fake serves <c>/sec/www</c>).</summary>
    [Required]
    [Url]
    public string WwwBaseUrl { get; set; } = "https://www.sec.gov";

    /// <summary>Base of data.sec.gov (submissions); may carry a path prefix (the fake serves <c>/sec/data</c>).</summary>
    [Required]
    [Url]
    public string DataBaseUrl { get; set; } = "https://data.sec.gov";

    /// <summary>Where downloaded files are kept between runs; empty = <c>.data/sec-cache</c> under the content root.</summary>
    public string CacheDirectory { get; set; } = "";

    /// <summary>Upper bound for downloading one quarterly data set zip (hundreds of MB), body included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DataSetDownloadTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Timeout of one attempt at a filing's <c>primary_doc.xml</c>, body included: a report of tens of thousands of
    /// holdings is tens of MB, which the 20 s of <see cref="UpstreamHttpOptions.AttemptTimeout"/> (kept for the small
    /// JSON files and feeds, so a stalled one is noticed soon) may not cover on any retry.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:30:00")]
    public TimeSpan DocumentAttemptTimeout { get; set; } = TimeSpan.FromMinutes(2);

    protected override bool UserAgentRequired => false;

    /// <summary>SEC blocks the address for about ten minutes, and each request sent meanwhile prolongs the block.</summary>
    public override bool UncappedThrottlePause => true;

    /// <summary>
    /// SEC counts requests per second as they arrive: never more than <see cref="UpstreamHttpOptions.RequestsPerSecond"/>
    /// sent within <see cref="SendWindow"/>, whatever the machine's load did to the limiter's timers.
    /// </summary>
    public override int? MaxSentPerWindow => Math.Max(1, (int)Math.Floor(RequestsPerSecond));

    /// <summary>One second plus 10 % head-room for the network and scheduling jitter between sending and arrival.</summary>
    public override TimeSpan SendWindow => TimeSpan.FromSeconds(1.1);

    /// <summary>429, or a 403 carrying EDGAR's "Request Rate Threshold Exceeded" page.</summary>
    public override bool IsThrottling(HttpStatusCode status, ReadOnlySpan<byte> body) =>
        base.IsThrottling(status, body)
        || (status == HttpStatusCode.Forbidden && body.IndexOf(System.Text.Encoding.ASCII.GetBytes(ThresholdPageMarker)) >= 0);

    /// <summary>Null when SEC may be called; otherwise the sentence saying which option to set.</summary>
    public string? ConfigurationProblem()
    {
        const string HowTo = "set Sources:Sec:UserAgent (environment variable Sources__Sec__UserAgent) to your name or organisation and a contact e-mail, e.g. \"EtfData admin@example.org\"";
        if (string.IsNullOrWhiteSpace(UserAgent))
        {
            return "SEC EDGAR requires a declared User-Agent with contact details and none is configured: " + HowTo + ".";
        }

        return UserAgent.Contains('@', StringComparison.Ordinal)
            ? null
            : $"SEC EDGAR requires a User-Agent with contact details, and \"{UserAgent}\" has no e-mail address: " + HowTo + ".";
    }

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (RequestsPerSecond > MaxRequestsPerSecond)
        {
            yield return new ValidationResult(
                $"Sources:Sec:RequestsPerSecond is {RequestsPerSecond}; SEC allows at most {MaxRequestsPerSecond} requests per second.",
                [nameof(RequestsPerSecond)]);
        }
    }
}
