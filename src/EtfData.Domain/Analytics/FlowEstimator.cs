namespace EtfData.Domain.Analytics;

/// <summary>
/// Daily net flows estimated from reported fund figures. Both methods measure money that entered or
/// left through creations and redemptions, with the market move taken out:
/// <list type="bullet">
/// <item>AUM method: <c>flow_t = AUM_t − AUM_prev × (NAV_t / NAV_prev)</c>;</item>
/// <item>shares method: <c>flow_t = (SO_t − SO_prev) × NAV_t</c>.</item>
/// </list>
/// A flow is computed only between two real observations of one source, never from a value copied
/// onto a day nobody reported, and only when they are at most <see cref="MaxGapDays"/> calendar days
/// apart (a longer gap would pass a month of flows off as one day's).
/// </summary>
public static class FlowEstimator
{
    /// <summary>Longest gap between two observations that still yields a daily flow (a long weekend plus a holiday fits).</summary>
    public const int MaxGapDays = 5;

    /// <summary>Flows by the AUM method for one symbol and one source; observations in any order.</summary>
    public static IReadOnlyList<FundFlow> ByAum(IEnumerable<FundMetric> observations) =>
        Pairs(observations, m => m.TotalAssetsUsd is not null && m.NavPerShare is not null)
            .Select(p =>
            {
                var (previous, current) = p;
                return Flow(current, previous, FlowMethod.Aum, AumMethodFlow(
                    previous.TotalAssetsUsd!.Value, previous.NavPerShare!.Value, current.TotalAssetsUsd!.Value, current.NavPerShare!.Value));
            })
            .ToList();

    /// <summary>The AUM method's flow: <c>AUM_t − AUM_prev × (NAV_t / NAV_prev)</c>, what the assets grew by beyond the market move.</summary>
    public static decimal AumMethodFlow(decimal previousAumUsd, decimal previousNav, decimal aumUsd, decimal nav) =>
        aumUsd - (previousAumUsd * (nav / previousNav));

    /// <summary>Flows by the shares-outstanding method for one symbol and one source.</summary>
    public static IReadOnlyList<FundFlow> ByShares(IEnumerable<FundMetric> observations) =>
        Pairs(observations, m => m.SharesOutstanding is not null && m.NavPerShare is not null)
            .Select(p =>
            {
                var (previous, current) = p;
                var created = current.SharesOutstanding!.Value - previous.SharesOutstanding!.Value;
                return Flow(current, previous, FlowMethod.Shares, created * current.NavPerShare!.Value);
            })
            .ToList();

    /// <summary>
    /// Flows by the shares method from an issuer's dated observations (one symbol, one issuer source):
    /// <c>(SO_t − SO_prev) × NAV_t</c>, where NAV_t is the issuer's own NAV per share of day t (derived from its file's
    /// net assets and shares, both dated by the file). Never another source's NAV (Yahoo does not date its navPrice)
    /// nor the close: a day without the issuer's NAV is skipped and named in <see cref="IssuerSharesFlows.Skipped"/>.
    /// </summary>
    /// <param name="observations">The issuer's observations; only those with shares outstanding are used.</param>
    public static IssuerSharesFlows ByIssuerShares(IEnumerable<FundMetric> observations)
    {
        var flows = new List<FundFlow>();
        var skipped = new List<SkippedFlowDay>();
        foreach (var (previous, current) in Pairs(observations, m => m.SharesOutstanding is not null))
        {
            if (current.NavPerShare is not { } nav || nav <= 0)
            {
                skipped.Add(new SkippedFlowDay(current.AsOf,
                    $"no NAV dated {current.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}: " +
                    $"the {current.Source} file of that day gives none"));
                continue;
            }

            var created = current.SharesOutstanding!.Value - previous.SharesOutstanding!.Value;
            flows.Add(Flow(current, previous, FlowMethod.Shares, created * nav));
        }

        return new IssuerSharesFlows(flows, skipped);
    }

    /// <summary>
    /// One set of flows per method that counts no day twice. Each flow covers the sessions of
    /// <c>(PreviousDate, TradeDate]</c>, and an issuer's may span several days (files read on Monday and Thursday
    /// give one flow for Tuesday to Thursday). Per method, the issuer's chain is kept whole (its shares are dated);
    /// another source's flow is added only when its span overlaps no flow already kept, sources taken in name order
    /// for a stable choice. Summing the result over a month then counts each day's creations once.
    /// </summary>
    public static IReadOnlyList<FundFlow> WithoutOverlaps(IEnumerable<FundFlow> flows)
    {
        ArgumentNullException.ThrowIfNull(flows);
        var kept = new List<FundFlow>();
        foreach (var method in flows.GroupBy(f => f.Method))
        {
            var chosen = new List<FundFlow>();
            foreach (var flow in method
                         .OrderBy(f => HoldingSources.IsIssuer(f.Source) ? 0 : 1)
                         .ThenBy(f => f.Source, StringComparer.Ordinal)
                         .ThenBy(f => f.TradeDate))
            {
                if (!chosen.Any(k => k.PreviousDate < flow.TradeDate && flow.PreviousDate < k.TradeDate))
                {
                    chosen.Add(flow);
                }
            }

            kept.AddRange(chosen);
        }

        return [.. kept.OrderBy(f => f.TradeDate).ThenBy(f => f.Method)];
    }

    private static IEnumerable<(FundMetric Previous, FundMetric Current)> Pairs(
        IEnumerable<FundMetric> observations, Func<FundMetric, bool> usable)
    {
        var series = observations.Where(usable).OrderBy(m => m.AsOf).ToList();
        if (series.Select(m => (m.Symbol, m.Source)).Distinct().Count() > 1)
        {
            throw new ArgumentException("Flows are estimated per symbol and per source; the observations mix several.", nameof(observations));
        }

        for (var i = 1; i < series.Count; i++)
        {
            var gap = series[i].AsOf.DayNumber - series[i - 1].AsOf.DayNumber;
            if (gap is > 0 and <= MaxGapDays)
            {
                yield return (series[i - 1], series[i]);
            }
        }
    }

    private static FundFlow Flow(FundMetric current, FundMetric previous, FlowMethod method, decimal netFlowUsd) => new()
    {
        Symbol = current.Symbol,
        TradeDate = current.AsOf,
        Method = method,
        NetFlowUsd = Math.Round(netFlowUsd, 2, MidpointRounding.AwayFromZero),
        PreviousDate = previous.AsOf,
        AumUsd = method == FlowMethod.Aum ? current.TotalAssetsUsd : null,
        PreviousAumUsd = method == FlowMethod.Aum ? previous.TotalAssetsUsd : null,
        NavPerShare = current.NavPerShare,
        PreviousNavPerShare = previous.NavPerShare,
        SharesOutstanding = method == FlowMethod.Shares ? current.SharesOutstanding : null,
        PreviousSharesOutstanding = method == FlowMethod.Shares ? previous.SharesOutstanding : null,
        Source = current.Source,
    };
}

/// <summary>What <see cref="FlowEstimator.ByIssuerShares"/> derived, and the days it could not.</summary>
public sealed record IssuerSharesFlows(IReadOnlyList<FundFlow> Flows, IReadOnlyList<SkippedFlowDay> Skipped);

/// <summary>A day whose flow was not estimated, and why.</summary>
public sealed record SkippedFlowDay(DateOnly TradeDate, string Reason);
