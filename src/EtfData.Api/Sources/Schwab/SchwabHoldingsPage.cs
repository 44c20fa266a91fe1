namespace EtfData.Api.Sources.Schwab;

/// <summary>
/// One page of a fund's holdings from the Schwab research portal: the rows it shows, where it sits in the paging,
/// and the session values (<see cref="SchwabSession"/>) needed to ask the holdings module for further pages.
/// </summary>
public sealed record SchwabHoldingsPage(
    DateOnly AsOf,
    int PageNumber,
    int PageCount,
    SchwabSession Session,
    IReadOnlyList<SchwabHolding> Rows);

/// <summary>The page's <c>gSymbolWSODIssue</c> and <c>WSDOM.Page.sessionID</c>; the module API wants both.</summary>
public sealed record SchwabSession(string WsodIssue, string SessionId);

/// <summary>
/// One holding row. <see cref="Weight"/> is a fraction of net assets (0.07 = 7 %). <see cref="Ticker"/>,
/// <see cref="Shares"/> and <see cref="MarketValueUsd"/> are null where the row shows a placeholder (cash, futures).
/// </summary>
public sealed record SchwabHolding(string? Ticker, string Name, decimal Weight, decimal? Shares, decimal? MarketValueUsd);
