namespace EtfData.Domain.Analytics;

/// <summary>
/// Rolling and cumulative sums of a fund's estimated daily net flows (rows of <c>fund_flow_daily</c>,
/// see <see cref="FlowEstimator"/>). Windows count flow <b>rows</b>, not calendar days: a day without
/// a flow estimate is neither counted nor filled in.
/// </summary>
public static class FlowWindows
{
    /// <summary>
    /// One <see cref="FlowDay"/> per flow row, sorted by trade date: <c>Rolling5dUsd</c> /
    /// <c>Rolling20dUsd</c> = sum of <c>NetFlowUsd</c> over the last 5 / 20 rows ending at that row (fewer
    /// at the start of the series), <c>CumulativeUsd</c> = running sum from the first row,
    /// <c>FlowPctOfAum = NetFlowUsd / PreviousAumUsd × 100</c> (a <b>percent</b>; previous AUM as in
    /// <see cref="PreviousAum"/>; null when unknown, zero or negative).
    /// </summary>
    /// <param name="flows">Flows of ONE symbol by ONE method, in any order, one per trade date.</param>
    /// <exception cref="ArgumentException">The flows mix symbols or methods, or two share a trade date.</exception>
    public static IReadOnlyList<FlowDay> Series(IEnumerable<FundFlow> flows)
    {
        var sorted = Validated(flows, nameof(flows));
        var prefix = Prefix(sorted);
        var result = new List<FlowDay>(sorted.Count);
        for (var i = 0; i < sorted.Count; i++)
        {
            var flow = sorted[i];
            var previousAum = PreviousAum(flow);
            result.Add(new FlowDay(
                flow.TradeDate,
                flow.NetFlowUsd,
                previousAum,
                previousAum is > 0 ? flow.NetFlowUsd / previousAum.Value * 100m : null,
                Rolling5dUsd: prefix[i + 1] - prefix[Math.Max(0, i + 1 - 5)],
                Rolling20dUsd: prefix[i + 1] - prefix[Math.Max(0, i + 1 - 20)],
                CumulativeUsd: prefix[i + 1]));
        }

        return result;
    }

    /// <summary>
    /// Sum of <c>NetFlowUsd</c> in USD over the flow rows with
    /// <c><paramref name="fromExclusive"/> &lt; TradeDate ≤ <paramref name="toInclusive"/></c>; 0 when none.
    /// </summary>
    /// <param name="flows">Flows of ONE symbol by ONE method (mixing methods would count a day twice).</param>
    /// <param name="fromExclusive">Rows on this date are not counted.</param>
    /// <param name="toInclusive">Rows on this date are counted.</param>
    /// <exception cref="ArgumentException">The flows mix symbols or methods, or two share a trade date.</exception>
    public static decimal SumSince(IEnumerable<FundFlow> flows, DateOnly fromExclusive, DateOnly toInclusive) =>
        Validated(flows, nameof(flows))
            .Where(f => f.TradeDate > fromExclusive && f.TradeDate <= toInclusive)
            .Sum(f => f.NetFlowUsd);

    /// <summary>
    /// The fund's AUM in USD before the flow: the flow's <see cref="FundFlow.PreviousAumUsd"/>, or for
    /// shares-method rows without it <c>PreviousSharesOutstanding × PreviousNavPerShare</c>; null when
    /// neither is known.
    /// </summary>
    /// <param name="flow">One estimated daily flow.</param>
    public static decimal? PreviousAum(FundFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (flow.PreviousAumUsd is { } aum)
        {
            return aum;
        }

        return flow is { Method: FlowMethod.Shares, PreviousSharesOutstanding: { } shares, PreviousNavPerShare: { } nav }
            ? shares * nav
            : null;
    }

    /// <summary>The flows sorted by trade date after checking they are one symbol, one method and one row per date.</summary>
    internal static List<FundFlow> Validated(IEnumerable<FundFlow> flows, string paramName)
    {
        ArgumentNullException.ThrowIfNull(flows, paramName);
        var list = flows.ToList();
        if (list.Select(f => f.Symbol).Distinct(StringComparer.Ordinal).Skip(1).Any())
        {
            throw new ArgumentException("Flow windows are computed per symbol; the flows mix several.", paramName);
        }

        if (list.Select(f => f.Method).Distinct().Skip(1).Any())
        {
            throw new ArgumentException("Flow windows are computed per method; the flows mix the AUM and shares methods.", paramName);
        }

        return DatedSeries.SortedByDate(list, f => f.TradeDate, paramName);
    }

    /// <summary><c>prefix[k]</c> = sum of the first <c>k</c> flows.</summary>
    internal static decimal[] Prefix(List<FundFlow> sorted)
    {
        var prefix = new decimal[sorted.Count + 1];
        for (var i = 0; i < sorted.Count; i++)
        {
            prefix[i + 1] = prefix[i] + sorted[i].NetFlowUsd;
        }

        return prefix;
    }
}

/// <summary>One day of a fund's flow series with its rolling and cumulative sums (USD).</summary>
/// <param name="TradeDate">Trading day of the flow.</param>
/// <param name="NetFlowUsd">Estimated net flow of the day in USD; positive = creations (money in).</param>
/// <param name="PreviousAumUsd">AUM before the flow in USD (see <see cref="FlowWindows.PreviousAum"/>); null when unknown.</param>
/// <param name="FlowPctOfAum"><c>NetFlowUsd / PreviousAumUsd × 100</c>, a <b>percent</b> (1.5 = 1.5 %); null when the previous AUM is unknown, zero or negative.</param>
/// <param name="Rolling5dUsd">Sum of <c>NetFlowUsd</c> over the last 5 flow rows ending at this one (fewer at the start).</param>
/// <param name="Rolling20dUsd">Sum of <c>NetFlowUsd</c> over the last 20 flow rows ending at this one (fewer at the start).</param>
/// <param name="CumulativeUsd">Sum of <c>NetFlowUsd</c> from the first row of the series through this one.</param>
public sealed record FlowDay(
    DateOnly TradeDate,
    decimal NetFlowUsd,
    decimal? PreviousAumUsd,
    decimal? FlowPctOfAum,
    decimal Rolling5dUsd,
    decimal Rolling20dUsd,
    decimal CumulativeUsd);
