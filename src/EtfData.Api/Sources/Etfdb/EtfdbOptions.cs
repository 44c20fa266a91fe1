using EtfData.Api.Sources.Web;

namespace EtfData.Api.Sources.Etfdb;

/// <summary>etfdb.com fund pages, bound from <c>Sources:Etfdb</c>. The site blocks obvious bots: a browser's User-Agent and a slow pace.</summary>
public sealed class EtfdbOptions : ScrapedUpstreamOptions
{
    public const string SectionName = "Sources:Etfdb";
    public const string Upstream = "etfdb";

    public EtfdbOptions()
        : base("https://etfdb.com")
    {
        UserAgent = BrowserUserAgent;
        RequestsPerSecond = 0.5;
        MaxJitter = TimeSpan.FromSeconds(4);
        RecheckAfter = TimeSpan.FromDays(6);
    }
}
