using System.ComponentModel.DataAnnotations;
using EtfData.Api.Sources.Http;

namespace EtfData.Api.Sources.Nasdaq;

/// <summary>Nasdaq Trader symbol directory (the listed-ETF universe), bound from <c>Sources:Nasdaq</c>.</summary>
public sealed class NasdaqOptions : UpstreamHttpOptions
{
    public const string SectionName = "Sources:Nasdaq";

    /// <summary>Name of the HTTP client and of the upstream in logs.</summary>
    public const string Upstream = "nasdaq";

    public NasdaqOptions()
    {
        // One small file a day: there is no reason to ever have two requests in flight.
        RequestsPerSecond = 0.5;
        Burst = 1;
        MaxConcurrency = 1;
        MaxRetryAttempts = 3;
        RetryBaseDelay = TimeSpan.FromSeconds(2);
    }

    /// <summary>Directory the file is fetched from; may carry a path prefix (the fake upstream serves it under <c>/nasdaq</c>).</summary>
    [Required]
    [Url]
    public string BaseUrl { get; set; } = "https://www.nasdaqtrader.com/dynamic/SymDir";

    /// <summary>The file listing every Nasdaq-traded security with its ETF flag.</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9._-]+$")]
    public string FileName { get; set; } = "nasdaqtraded.txt";
}
