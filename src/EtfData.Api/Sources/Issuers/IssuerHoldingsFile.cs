namespace EtfData.Api.Sources.Issuers;

/// <summary>
/// One issuer's daily holdings file for one fund (sources.md §9), as the file states it. Figures the
/// file does not carry are null, never derived.
/// </summary>
/// <param name="FundSymbol">The ETF the file is for.</param>
/// <param name="FundName">The fund name from the preamble, when the file has one.</param>
/// <param name="AsOf">The holdings date the file states.</param>
/// <param name="SharesOutstanding">Fund shares outstanding, when the file states them.</param>
/// <param name="NavPerShare">NAV per share, when the file states it.</param>
/// <param name="NetAssetsUsd">Fund net assets, when the file states them.</param>
/// <param name="Holdings">The positions in file order.</param>
public sealed record IssuerHoldingsFile(
    string FundSymbol,
    string? FundName,
    DateOnly AsOf,
    decimal? SharesOutstanding,
    decimal? NavPerShare,
    decimal? NetAssetsUsd,
    IReadOnlyList<IssuerHolding> Holdings);

/// <summary>
/// One position of an issuer holdings file, in file order (<c>Position</c> is 1-based). <c>Weight</c> is a
/// fraction (0.0712 = 7.12 %; issuers publish percents), <c>Shares</c> is shares or par held,
/// <c>MarketValue</c> is in the fund's base currency, <c>Price</c> as the issuer states it.
/// </summary>
public sealed record IssuerHolding(
    int Position,
    string? Ticker,
    string Name,
    string? Cusip,
    string? Isin,
    string? Sedol,
    string? Sector,
    string? AssetClass,
    string? Location,
    string? Exchange,
    string? Currency,
    decimal? Weight,
    decimal? Shares,
    decimal? MarketValue,
    decimal? Price);
