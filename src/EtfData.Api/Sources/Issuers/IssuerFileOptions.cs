using System.ComponentModel.DataAnnotations;
using EtfData.Api.Sources.Web;

namespace EtfData.Api.Sources.Issuers;

/// <summary>iShares' holdings CSV files, bound from <c>Sources:IShares</c>.</summary>
public sealed class ISharesOptions : ScrapedUpstreamOptions
{
    public const string SectionName = "Sources:IShares";
    public const string Upstream = "ishares";

    public ISharesOptions()
        : base("https://www.ishares.com")
    {
    }

    /// <summary>
    /// Each fund's product page as <c>{productId}/{slug}</c> (<c>Sources__IShares__Products__IVV=239726/ishares-core-sp-500-etf</c>):
    /// the file URL needs both and neither the ticker nor the name gives them. Defaults cover the demo's funds.
    /// </summary>
    public Dictionary<string, string> Products { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["IVV"] = "239726/ishares-core-sp-500-etf",
        ["AGG"] = "239458/ishares-core-total-us-bond-market-etf",
        ["IWM"] = "239710/ishares-russell-2000-etf",
        ["EFA"] = "239623/ishares-msci-eafe-etf",
        ["EEM"] = "239637/ishares-msci-emerging-markets-etf",
        ["TLT"] = "239454/ishares-20-year-treasury-bond-etf",
    };

    /// <summary>The product page of <paramref name="symbol"/>, or null when none is configured.</summary>
    public ISharesProductPage? ProductPage(string symbol) =>
        Products.TryGetValue(symbol, out var page) && page.Split('/') is [var id, var slug] && id.Length > 0 && slug.Length > 0
            ? new ISharesProductPage(id, slug)
            : null;

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        foreach (var (symbol, page) in Products)
        {
            if (page.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
            {
                yield return new ValidationResult($"Sources:IShares:Products:{symbol} must be '{{productId}}/{{slug}}', got '{page}'.", [nameof(Products)]);
            }
        }
    }
}

/// <summary>SPDR's (State Street Global Advisors) holdings xlsx files, bound from <c>Sources:Spdr</c>.</summary>
public sealed class SpdrOptions : ScrapedUpstreamOptions
{
    public const string SectionName = "Sources:Spdr";
    public const string Upstream = "spdr";

    public SpdrOptions()
        : base("https://www.ssga.com")
    {
    }
}

/// <summary>Invesco's holdings CSV download, bound from <c>Sources:Invesco</c>.</summary>
public sealed class InvescoOptions : ScrapedUpstreamOptions
{
    public const string SectionName = "Sources:Invesco";
    public const string Upstream = "invesco";

    public InvescoOptions()
        : base("https://www.invesco.com")
    {
    }
}
