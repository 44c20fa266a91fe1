using EtfData.FakeUpstream.Control;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.FakeUpstream.Issuers;

/// <summary>
/// The issuers' daily holdings downloads (iShares CSV, SPDR xlsx, Invesco CSV), on the real sites' paths at the fake's
/// root: point <c>Sources:IShares:BaseUrl</c>, <c>Sources:Spdr:BaseUrl</c> and <c>Sources:Invesco:BaseUrl</c> at the
/// fake's base URL. Files are generated from the Yahoo dataset and the shared security universe.
/// </summary>
public sealed class IssuerFake(YahooDataset dataset, TimeProvider clock, LayoutDrift drift)
{
    /// <summary>iShares product pages of the demo funds: symbol → (product id, slug).</summary>
    public static IReadOnlyDictionary<string, (string ProductId, string Slug)> ISharesProducts { get; } =
        new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
        {
            ["IVV"] = ("239726", "ishares-core-sp-500-etf"),
            ["AGG"] = ("239458", "ishares-core-total-us-bond-market-etf"),
            ["IWM"] = ("239710", "ishares-russell-2000-etf"),
            ["EFA"] = ("239623", "ishares-msci-eafe-etf"),
            ["EEM"] = ("239637", "ishares-msci-emerging-markets-etf"),
            ["TLT"] = ("239454", "ishares-20-year-treasury-bond-etf"),
        };

    /// <summary>Funds with an SPDR holdings workbook.</summary>
    public static IReadOnlyList<string> SpdrFunds { get; } = ["SPY", "XLK", "XLF"];

    /// <summary>Funds with an Invesco holdings CSV.</summary>
    public static IReadOnlyList<string> InvescoFunds { get; } = ["QQQ"];

    /// <summary>The iShares download's path for a demo fund (the constant <c>1467271812596.ajax</c> is iShares' own).</summary>
    public static string ISharesPath(string symbol)
    {
        var (productId, slug) = ISharesProducts[symbol];
        return $"/us/products/{productId}/{slug}/1467271812596.ajax";
    }

    /// <summary>The iShares download's query for <paramref name="symbol"/>, optionally for one date.</summary>
    public static string ISharesQuery(string symbol, DateOnly? asOf = null) =>
        $"?fileType=csv&fileName={symbol.ToUpperInvariant()}_holdings&dataType=fund"
        + (asOf is { } d ? "&asOfDate=" + d.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) : "");

    public const string SpdrPathPrefix = "/us/en/intermediary/library-content/products/fund-data/etfs/us/holdings-daily-us-en-";

    public const string InvescoPath = "/us/financial-products/etfs/holdings/main/holdings/0";

    public YahooDataset Dataset { get; } = dataset;

    public TimeProvider Clock { get; } = clock;

    public LayoutDrift Drift { get; } = drift;
}
