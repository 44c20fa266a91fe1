namespace EtfData.Domain;

/// <summary>
/// One daily bar (table <c>price_daily</c>). <see cref="TradeDate"/> is the exchange-local trading day.
/// Prices are in the listing currency (USD for US ETFs) and, as Yahoo serves them, split-adjusted
/// over the whole history: a bar before a 2:1 split shows half the price that traded that day.
/// <see cref="AdjClose"/> is additionally adjusted for distributions (total-return series).
/// </summary>
public sealed record DailyPrice(
    string Symbol,
    DateOnly TradeDate,
    decimal Open,
    decimal High,
    decimal Low,
    decimal Close,
    decimal? AdjClose,
    long? Volume);

/// <summary>A cash distribution (table <c>dividend</c>): amount per share in USD, keyed by ex-date.</summary>
public sealed record Dividend(string Symbol, DateOnly ExDate, decimal CashAmount);

/// <summary>
/// A share split (table <c>split</c>): <see cref="Numerator"/> new shares for every
/// <see cref="Denominator"/> old ones (4:1 forward split = 4 / 1; 1:10 reverse split = 1 / 10).
/// </summary>
public sealed record Split(string Symbol, DateOnly SplitDate, decimal Numerator, decimal Denominator)
{
    /// <summary>Shares after the split per share before it.</summary>
    public decimal Ratio => Numerator / Denominator;
}

/// <summary>
/// Fund-level figures a source reported for one day (table <c>fund_metric_daily</c>). Stored only
/// for the date the source said they refer to; never copied onto other days.
/// </summary>
public sealed record FundMetric(
    string Symbol,
    DateOnly AsOf,
    string Source,
    decimal? TotalAssetsUsd,
    decimal? NavPerShare,
    long? SharesOutstanding);

/// <summary>How a daily flow was estimated.</summary>
public enum FlowMethod
{
    /// <summary><c>flow_t = AUM_t − AUM_{t−1} × (NAV_t / NAV_{t−1})</c>.</summary>
    Aum,
    /// <summary><c>flow_t = (SO_t − SO_{t−1}) × NAV_t</c>, SO = shares outstanding.</summary>
    Shares,
}

/// <summary>
/// Estimated net creation/redemption for one trading day (table <c>fund_flow_daily</c>), with the
/// observations it came from so that a user can redo the arithmetic.
/// </summary>
public sealed record FundFlow
{
    public required string Symbol { get; init; }
    public required DateOnly TradeDate { get; init; }
    public required FlowMethod Method { get; init; }
    /// <summary>Net flow in USD; positive = creations (money in).</summary>
    public required decimal NetFlowUsd { get; init; }
    /// <summary>Date of the earlier observation the flow is measured from.</summary>
    public required DateOnly PreviousDate { get; init; }
    public decimal? AumUsd { get; init; }
    public decimal? PreviousAumUsd { get; init; }
    public decimal? NavPerShare { get; init; }
    public decimal? PreviousNavPerShare { get; init; }
    public long? SharesOutstanding { get; init; }
    public long? PreviousSharesOutstanding { get; init; }
    public required string Source { get; init; }
}
