using System.ComponentModel.DataAnnotations;
using EtfData.Api.Sources.Http;

namespace EtfData.Api.Sources.Yahoo;

/// <summary>Yahoo Finance (chart and quoteSummary), bound from <c>Sources:Yahoo</c>.</summary>
public sealed class YahooOptions : UpstreamHttpOptions
{
    public const string SectionName = "Sources:Yahoo";

    /// <summary>Name of the HTTP client and of the upstream in logs.</summary>
    public const string Upstream = "yahoo";

    public YahooOptions()
    {
        // getcrumb answers "Too Many Requests" to callers without a browser-like User-Agent (sources.md §2).
        UserAgent = "Mozilla/5.0 (compatible; EtfData/1.0)";
        RequestsPerSecond = 2;
        Burst = 2;
        MaxConcurrency = 4;
    }

    /// <summary>
    /// Base of the query API: <c>/v8/finance/chart</c>, <c>/v10/finance/quoteSummary</c> and
    /// <c>/v1/test/getcrumb</c> are appended. May carry a path prefix (the fake upstream serves Yahoo under <c>/yahoo</c>).
    /// </summary>
    [Required]
    [Url]
    public string BaseUrl { get; set; } = "https://query2.finance.yahoo.com";

    /// <summary>Page whose <c>Set-Cookie</c> starts a session for the crumb handshake; its status is ignored.</summary>
    [Required]
    [Url]
    public string CookieUrl { get; set; } = "https://fc.yahoo.com/";

    /// <summary>How long a cookie + crumb pair is reused before a fresh handshake (a 401 renews it earlier).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan CrumbLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Incremental price fetches start this many calendar days before the last stored date, to heal gaps and let recent volumes settle.</summary>
    [Range(0, 60)]
    public int ChartOverlapDays { get; set; } = 5;
}
