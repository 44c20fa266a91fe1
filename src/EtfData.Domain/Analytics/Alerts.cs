using System.Globalization;

namespace EtfData.Domain.Analytics;

/// <summary>
/// Rule-based alerts on one fund's AUM, flows and premium/discount. Each alert is dated on the day
/// its rule triggers, and only alerts dated on or after the <c>since</c> date are returned (an
/// episode that triggered earlier is not repeated while it lasts). Only real observations are used.
/// </summary>
public static class Alerts
{
    /// <summary>
    /// Evaluates the rules below, returning alerts dated on or after <paramref name="since"/>, sorted
    /// by date then kind.
    /// <list type="bullet">
    /// <item><b>LargeDailyAumChange</b>: <c>|AUM_t / AUM_prev − 1| ≥ LargeDailyAumChange</c> between
    /// consecutive observations at most <see cref="AumChanges.ToleranceDays"/> calendar days apart (the
    /// day-over-day change of <see cref="AumChanges.Series"/>; a longer gap is not a day); evidence <c>fromAumUsd</c>, <c>aumUsd</c>, <c>changeFraction</c>.</item>
    /// <item><b>InflowSurge</b>: on a flow day <c>t</c>, <c>flow7dUsd = Σ NetFlowUsd</c> over
    /// <c>(t − 7 days, t]</c>, <c>fraction = flow7dUsd / baseAumUsd</c> with the AUM of the latest
    /// observation on or before <c>t − 7 days</c>, only when it is dated at most
    /// <see cref="AumChanges.ToleranceDays"/> days before that day (the base of the 7-day change of
    /// <see cref="AumChanges.Series"/>; an older one does not stand in for it and that day is not
    /// evaluated); triggers when <c>fraction &gt; InflowSurge7d</c>, dated on the first day of each run
    /// of consecutive triggering flow rows; evidence <c>flow7dUsd</c>, <c>baseAumUsd</c>, <c>fraction</c>.</item>
    /// <item><b>OutflowWarning</b>: the same over 30 days (<c>flow30dUsd</c>, base on or before
    /// <c>t − 30 days</c> and at most <see cref="AumChanges.ToleranceDays"/> days before it), triggering
    /// when <c>fraction &lt; OutflowWarning30d</c>.</item>
    /// <item><b>Liquidity</b>: the latest AUM observation is below <c>LiquidityAumUsd</c>; dated on that
    /// observation; evidence <c>aumUsd</c>, <c>thresholdUsd</c>.</item>
    /// <item><b>PremiumDiscount</b>: each run of <see cref="PremiumDiscount.RunsBeyond"/>(threshold
    /// <c>PremiumDiscount</c>, more than <c>PremiumDiscountDays</c> days), dated on the day the run
    /// exceeded the day count (its day <c>PremiumDiscountDays + 1</c>); evidence <c>days</c> (length of the
    /// run so far), <c>maxAbsPremium</c> (fraction), <c>isPremium</c> (1 premium, 0 discount).</item>
    /// </list>
    /// A missing (none within the tolerance), zero or negative base AUM never triggers a flow rule; such a
    /// day also ends a run of triggering days.
    /// </summary>
    /// <param name="input">The fund's AUM observations, flows (one method) and daily close/NAV pairs.</param>
    /// <param name="thresholds">Thresholds, fractions unless the name says USD or days.</param>
    /// <param name="since">Earliest alert date returned (inclusive).</param>
    /// <exception cref="ArgumentException">The flows mix methods or are of another symbol, or a series holds two entries for one date.</exception>
    public static IReadOnlyList<Alert> Evaluate(AlertInput input, AlertThresholds thresholds, DateOnly since)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(thresholds);
        var alerts = new List<Alert>();
        var aum = DatedSeries.SortedByDate(input.Aum, o => o.Date, nameof(input));

        foreach (var change in AumChanges.Series(aum))
        {
            if (change is { DayOverDay: { Fraction: { } fraction } from } && change.Date >= since
                && Math.Abs(fraction) >= thresholds.LargeDailyAumChange)
            {
                alerts.Add(new Alert(
                    input.Symbol,
                    AlertKind.LargeDailyAumChange,
                    change.Date,
                    Text($"{input.Symbol}: AUM changed {DatedSeries.Percent(fraction)} from {DatedSeries.Usd(from.FromAumUsd)} on {DatedSeries.Iso(from.FromDate)} to {DatedSeries.Usd(change.AumUsd)} on {DatedSeries.Iso(change.Date)} (threshold ±{DatedSeries.Percent(thresholds.LargeDailyAumChange)})."),
                    new Dictionary<string, decimal?>
                    {
                        ["fromAumUsd"] = from.FromAumUsd,
                        ["aumUsd"] = change.AumUsd,
                        ["changeFraction"] = fraction,
                    }));
            }
        }

        var flows = FlowWindows.Validated(input.Flows, nameof(input));
        if (flows.Count > 0 && !string.Equals(flows[0].Symbol, input.Symbol, StringComparison.Ordinal))
        {
            throw new ArgumentException("The flows are of another symbol than the alert input.", nameof(input));
        }

        FlowRule(alerts, input.Symbol, flows, aum, since, 7, f => f > thresholds.InflowSurge7d, AlertKind.InflowSurge, thresholds.InflowSurge7d);
        FlowRule(alerts, input.Symbol, flows, aum, since, 30, f => f < thresholds.OutflowWarning30d, AlertKind.OutflowWarning, thresholds.OutflowWarning30d);

        if (aum.Count > 0 && aum[^1] is var latest && latest.AumUsd < thresholds.LiquidityAumUsd && latest.Date >= since)
        {
            alerts.Add(new Alert(
                input.Symbol,
                AlertKind.Liquidity,
                latest.Date,
                Text($"{input.Symbol}: AUM of {DatedSeries.Usd(latest.AumUsd)} on {DatedSeries.Iso(latest.Date)} is below {DatedSeries.Usd(thresholds.LiquidityAumUsd)}."),
                new Dictionary<string, decimal?>
                {
                    ["aumUsd"] = latest.AumUsd,
                    ["thresholdUsd"] = thresholds.LiquidityAumUsd,
                }));
        }

        foreach (var (run, triggered) in PremiumDiscount.RunsWithTrigger(input.PremiumDays, thresholds.PremiumDiscount, thresholds.PremiumDiscountDays))
        {
            if (triggered < since)
            {
                continue;
            }

            var kind = run.IsPremium ? "premium" : "discount";
            alerts.Add(new Alert(
                input.Symbol,
                AlertKind.PremiumDiscount,
                triggered,
                Text($"{input.Symbol}: {kind} beyond {DatedSeries.Percent(thresholds.PremiumDiscount)} for {run.Days} consecutive days from {DatedSeries.Iso(run.From)} to {DatedSeries.Iso(run.To)} (largest {DatedSeries.Percent(run.MaxAbsPremium)})."),
                new Dictionary<string, decimal?>
                {
                    ["days"] = run.Days,
                    ["maxAbsPremium"] = run.MaxAbsPremium,
                    ["isPremium"] = run.IsPremium ? 1m : 0m,
                }));
        }

        return alerts.OrderBy(a => a.Date).ThenBy(a => a.Kind).ToList();
    }

    private static void FlowRule(
        List<Alert> alerts,
        string symbol,
        List<FundFlow> flows,
        List<(DateOnly Date, decimal AumUsd)> aum,
        DateOnly since,
        int windowDays,
        Func<decimal, bool> triggers,
        AlertKind kind,
        decimal threshold)
    {
        var prefix = FlowWindows.Prefix(flows);
        var wasTriggering = false;
        for (var i = 0; i < flows.Count; i++)
        {
            var t = flows[i].TradeDate;
            var windowStart = t.AddDays(-windowDays);
            var baseIndex = AumChanges.BaseOnOrBefore(aum, windowStart);
            // Rows in (t − window, t]: from the first row after windowStart through row i.
            var first = DatedSeries.LastOnOrBefore(flows, f => f.TradeDate, windowStart) + 1;
            var sum = prefix[i + 1] - prefix[first];
            decimal? fraction = baseIndex >= 0 && aum[baseIndex].AumUsd > 0 ? sum / aum[baseIndex].AumUsd : null;
            var isTriggering = fraction is { } f && triggers(f);

            if (isTriggering && !wasTriggering && t >= since)
            {
                var baseObservation = aum[baseIndex];
                var direction = kind == AlertKind.InflowSurge ? "inflows" : "outflows";
                alerts.Add(new Alert(
                    symbol,
                    kind,
                    t,
                    Text($"{symbol}: net {direction} of {DatedSeries.Usd(sum)} over the {windowDays} days to {DatedSeries.Iso(t)} are {DatedSeries.Percent(fraction!.Value)} of the AUM of {DatedSeries.Usd(baseObservation.AumUsd)} on {DatedSeries.Iso(baseObservation.Date)} (threshold {DatedSeries.Percent(threshold)})."),
                    new Dictionary<string, decimal?>
                    {
                        [string.Create(CultureInfo.InvariantCulture, $"flow{windowDays}dUsd")] = sum,
                        ["baseAumUsd"] = baseObservation.AumUsd,
                        ["fraction"] = fraction,
                    }));
            }

            wasTriggering = isTriggering;
        }
    }

    private static string Text(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Thresholds of <see cref="Alerts.Evaluate"/>; fractions (0.10 = 10 %) unless the name says USD or days.</summary>
/// <param name="LargeDailyAumChange">Smallest <c>|day-over-day AUM change|</c> that alerts, as a fraction (default 0.10 = 10 %).</param>
/// <param name="InflowSurge7d">Seven-day net flows over the AUM seven days earlier (observed at most <see cref="AumChanges.ToleranceDays"/> days before that day) above which an inflow surge alerts, as a fraction (default 0.20 = 20 %).</param>
/// <param name="OutflowWarning30d">Thirty-day net flows over the AUM thirty days earlier (observed at most <see cref="AumChanges.ToleranceDays"/> days before that day) below which an outflow warning alerts, as a negative fraction (default −0.15 = −15 %).</param>
/// <param name="LiquidityAumUsd">Latest AUM in USD below which a liquidity alert is raised (default 100,000,000).</param>
/// <param name="PremiumDiscount">Absolute premium/discount to NAV beyond which days count, as a fraction (default 0.02 = 2 %, Rule 6c-11).</param>
/// <param name="PremiumDiscountDays">A premium/discount run alerts when it lasts more than this many consecutive observed days (default 7, Rule 6c-11).</param>
public sealed record AlertThresholds(
    decimal LargeDailyAumChange = 0.10m,
    decimal InflowSurge7d = 0.20m,
    decimal OutflowWarning30d = -0.15m,
    decimal LiquidityAumUsd = 100_000_000m,
    decimal PremiumDiscount = 0.02m,
    int PremiumDiscountDays = 7);

/// <summary>The data <see cref="Alerts.Evaluate"/> reads for one fund; lists in any order, one entry per date.</summary>
/// <param name="Symbol">Normalised ticker; the flows must be of this symbol.</param>
/// <param name="Aum">Real AUM observations in USD.</param>
/// <param name="Flows">Estimated daily net flows by ONE method (see <see cref="FlowEstimator"/>).</param>
/// <param name="PremiumDays">Daily closing price and NAV per share, in USD.</param>
public sealed record AlertInput(
    string Symbol,
    IReadOnlyList<(DateOnly Date, decimal AumUsd)> Aum,
    IReadOnlyList<FundFlow> Flows,
    IReadOnlyList<(DateOnly Date, decimal Close, decimal Nav)> PremiumDays);

/// <summary>One triggered alert.</summary>
/// <param name="Symbol">Normalised ticker.</param>
/// <param name="Kind">The rule that triggered.</param>
/// <param name="Date">The day the rule triggered.</param>
/// <param name="Message">Human-readable explanation (invariant culture, USD and percent).</param>
/// <param name="Evidence">The figures the rule compared, keyed as documented on <see cref="Alerts.Evaluate"/>; USD amounts in USD, ratios as fractions.</param>
public sealed record Alert(string Symbol, AlertKind Kind, DateOnly Date, string Message, IReadOnlyDictionary<string, decimal?> Evidence);

/// <summary>The rules of <see cref="Alerts.Evaluate"/>.</summary>
public enum AlertKind
{
    /// <summary>AUM moved at least the threshold between two consecutive observations at most <see cref="AumChanges.ToleranceDays"/> days apart.</summary>
    LargeDailyAumChange,
    /// <summary>Seven-day net inflows above the threshold fraction of the AUM seven days earlier (an observation at most <see cref="AumChanges.ToleranceDays"/> days before that day).</summary>
    InflowSurge,
    /// <summary>Thirty-day net outflows below the (negative) threshold fraction of the AUM thirty days earlier (an observation at most <see cref="AumChanges.ToleranceDays"/> days before that day).</summary>
    OutflowWarning,
    /// <summary>Latest AUM below the liquidity threshold.</summary>
    Liquidity,
    /// <summary>Premium or discount to NAV beyond the threshold for more than the day count (Rule 6c-11).</summary>
    PremiumDiscount,
}
