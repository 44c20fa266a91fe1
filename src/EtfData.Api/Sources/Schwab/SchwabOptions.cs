using System.ComponentModel.DataAnnotations;
using EtfData.Api.Sources.Web;

namespace EtfData.Api.Sources.Schwab;

/// <summary>Schwab's research portal (ETF holdings pages and module), bound from <c>Sources:Schwab</c>.</summary>
public sealed class SchwabOptions : ScrapedUpstreamOptions
{
    public const string SectionName = "Sources:Schwab";
    public const string Upstream = "schwab";

    public SchwabOptions()
        : base("https://www.schwab.wallst.com")
    {
        UserAgent = BrowserUserAgent;
        RecheckAfter = TimeSpan.FromDays(6);
    }

    /// <summary>Most pages of one fund's holdings read; a fund with more fails rather than stores a partial list.</summary>
    [Range(1, 1000)]
    public int MaxPages { get; set; } = 200;
}
