using EtfData.Domain;

namespace EtfData.Api.Sources.Yahoo;

/// <summary>
/// One parsed chart response. <see cref="DailyPrice.Close"/> (and open/high/low) is Yahoo's
/// <c>close</c>: the traded price <b>split-adjusted over the whole history</b> but not adjusted for
/// distributions — a bar before a 4:1 split shows a quarter of the price that traded that day.
/// <see cref="DailyPrice.AdjClose"/> is <c>adjclose</c>: split- and distribution-adjusted (total return).
/// </summary>
public sealed record YahooChart(
    string Symbol,
    string? Currency,
    string? InstrumentType,
    string ExchangeTimeZone,
    IReadOnlyList<DailyPrice> Prices,
    IReadOnlyList<Dividend> Dividends,
    IReadOnlyList<Split> Splits,
    YahooChartDiagnostics Diagnostics)
{
    /// <summary>Bars, dividends and splits refused by <see cref="MarketDataChecks"/>: not in the lists above.</summary>
    public IReadOnlyList<QuarantinedValue> Quarantined { get; init; } = [];
}

/// <summary>What the parser left out of a chart response, and why.</summary>
public sealed record YahooChartDiagnostics
{
    /// <summary>Entries in <c>timestamp[]</c>.</summary>
    public int BarsInPayload { get; init; }
    /// <summary>Bars whose open, high, low or close was null (holidays, incomplete candles); never stored as 0.</summary>
    public int SkippedNullBars { get; init; }
    /// <summary>Bars that repeated an earlier bar exactly (same date, same values), collapsed to one.</summary>
    public int DuplicateBars { get; init; }
    /// <summary>Trading date of a live bar whose session had not closed; it is not a final close and was dropped.</summary>
    public DateOnly? DroppedPartialBarDate { get; init; }
    /// <summary>Dividends or splits with a missing amount or ratio (zero or negative ones are quarantined instead).</summary>
    public int SkippedInvalidEvents { get; init; }
    /// <summary>Decimals prices were rounded to (<c>meta.priceHint</c>, clamped to 2–6).</summary>
    public int PriceDecimals { get; init; }

    public bool PartialBarDropped => DroppedPartialBarDate is not null;
}
