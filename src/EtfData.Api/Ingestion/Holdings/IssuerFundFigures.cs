using EtfData.Api.Sources.Issuers;
using EtfData.Domain;

namespace EtfData.Api.Ingestion.Holdings;

/// <summary>
/// The fund-level figures an issuer file dates by its own as-of date: the shares outstanding its header states, and
/// the net assets and NAV per share derived from its own lines.
/// </summary>
public static class IssuerFundFigures
{
    /// <summary>
    /// The issuer's <c>fund_metric_daily</c> observation of <paramref name="file"/>, or null when the file states no
    /// shares outstanding (without them there is neither a shares-method flow nor a NAV per share to derive).
    /// </summary>
    public static FundMetric? Observation(string symbol, string source, IssuerHoldingsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.SharesOutstanding is not { } stated || stated <= 0)
        {
            return null;
        }

        var shares = (long)Math.Round(stated, MidpointRounding.AwayFromZero);
        var netAssets = file.NetAssetsUsd ?? NetAssetsFromLines(file.Holdings);
        var nav = file.NavPerShare ?? (netAssets is { } assets ? Math.Round(assets / shares, 6, MidpointRounding.AwayFromZero) : null);
        return new FundMetric(symbol, file.AsOf, source, netAssets, nav, shares);
    }

    /// <summary>
    /// Net assets from the file's own lines: every line states its market value and its weight of net assets, so
    /// net assets = Σ market value ÷ Σ weight over the lines that state both. Summing before dividing keeps it right
    /// when lines the weights count against net assets (cash collateral, payables) are listed or not, and averages
    /// out the rounding of each printed weight. Null when no line states both or the weights sum to nothing.
    /// </summary>
    public static decimal? NetAssetsFromLines(IEnumerable<IssuerHolding> holdings)
    {
        ArgumentNullException.ThrowIfNull(holdings);
        var stated = holdings.Where(h => h is { MarketValue: not null, Weight: not null }).ToList();
        var marketValue = stated.Sum(h => h.MarketValue!.Value);
        var weight = stated.Sum(h => h.Weight!.Value);
        if (weight <= 0 || marketValue <= 0)
        {
            return null;
        }

        return Math.Round(marketValue / weight, 2, MidpointRounding.AwayFromZero);
    }
}
