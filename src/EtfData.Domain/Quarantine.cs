using System.Globalization;

namespace EtfData.Domain;

/// <summary>The kinds of value a check can quarantine (column <c>quarantine.kind</c>).</summary>
public static class QuarantineKinds
{
    public const string Price = "price";
    public const string Dividend = "dividend";
    public const string Split = "split";
    public const string Aum = "aum";
    public const string Nav = "nav";
    public const string SharesOutstanding = "shares_outstanding";
    public const string HoldingsSnapshot = "holdings_snapshot";
    public const string Holding = "holding";
    public const string Flow = "flow";
}

/// <summary>
/// A value an upstream delivered that a check refused: not written to its data table, kept in
/// <c>quarantine</c> with the sentence that says why.
/// </summary>
/// <param name="Kind">A <see cref="QuarantineKinds"/> name.</param>
/// <param name="Symbol">The fund it belongs to.</param>
/// <param name="AsOf">The date the value says it describes (trade date, ex-date, as-of date).</param>
/// <param name="Reason">For a person: what is wrong, with the figures.</param>
/// <param name="Values">The offending values as delivered (stored as jsonb).</param>
public sealed record QuarantinedValue(string Kind, string? Symbol, DateOnly? AsOf, string Reason, IReadOnlyDictionary<string, object?> Values);

/// <summary>What a check kept and what it refused.</summary>
/// <param name="Kept">The values that passed, sorted by date, one per key.</param>
/// <param name="Quarantined">The refused ones, with their reasons.</param>
/// <param name="IdenticalDuplicates">Repeats of a row with the same key and the same values, collapsed to one.</param>
public sealed record Screened<T>(IReadOnlyList<T> Kept, IReadOnlyList<QuarantinedValue> Quarantined, int IdenticalDuplicates = 0);

/// <summary>
/// Plausibility checks of market data before it is stored. Pure: each takes the payload (any order,
/// duplicates included) and what is already known, and splits it into kept and quarantined values.
/// </summary>
public static class MarketDataChecks
{
    /// <summary>
    /// A close this many times the previous one (or its inverse) with no split between is a unit or
    /// decimal error, not a market move: no US-listed ETF has moved 1,000× in one session, while
    /// leveraged funds do lose 90 % in a day, so the bound leaves every real move alone.
    /// </summary>
    public const decimal JumpFactor = 1000m;

    /// <summary>
    /// Two closes within this factor of each other agree on the price level (a 3× fund's worst day is about 1/10):
    /// used to tell which of a history's first bars is the odd one when nothing is stored before them.
    /// </summary>
    public const decimal ConfirmFactor = 10m;

    /// <summary>
    /// The largest split ratio (either way) believed. The largest US ETF splits on record are reverse
    /// splits of leveraged and volatility funds (1:200 and the like); 1,000:1 either way is beyond any of them
    /// and beyond the point where a price in cents would still be quoted.
    /// </summary>
    public const decimal MaxSplitRatio = 1000m;

    /// <summary>
    /// Daily bars: one per trade date in date order. Identical repeats collapse to one; different bars for one
    /// date are all quarantined (no "last wins"); a bar with a zero or negative price, high below low, the close
    /// outside [low, high] or a negative volume is quarantined; so is a close <see cref="JumpFactor"/>× (or 1/…)
    /// the previous kept close (the previous bar of the payload, or <paramref name="previousStored"/> before the
    /// payload's first date) unless a split between explains it. A spike (one bar or a few far from the bars on both
    /// sides) loses only its own bars, since the bars after it are judged against the last kept close. A level shift
    /// with no split (every bar from some date on 1,000× off) is quarantined from the shift on: which side is right
    /// is not knowable, and the side already judged (stored, or earlier in the payload) is kept rather than silently
    /// rescaled. With no close before it (a full history, nothing stored), the first bar is judged against the bars
    /// after it instead: far from the next close while the close after that confirms the next one (within
    /// <see cref="ConfirmFactor"/>×), it is the odd one
    /// and goes alone; with fewer than three bars there is no majority and the first
    /// one is taken as the anchor (so are several bad first bars on one level: they read as a level shift). A parser, which does not know the stored close, leaves the jumps to the
    /// job (<paramref name="checkJumps"/> false).
    /// </summary>
    public static Screened<DailyPrice> ScreenBars(IEnumerable<DailyPrice> bars, IReadOnlyList<Split> splits, DailyPrice? previousStored = null, bool checkJumps = true)
    {
        ArgumentNullException.ThrowIfNull(bars);
        ArgumentNullException.ThrowIfNull(splits);
        var quarantined = new List<QuarantinedValue>();
        var kept = new List<DailyPrice>();
        var identical = 0;
        var sound = new List<DailyPrice>();
        foreach (var group in bars.GroupBy(b => b.TradeDate).OrderBy(g => g.Key))
        {
            var variants = group.Distinct().ToList();
            identical += group.Count() - variants.Count;
            if (variants.Count > 1)
            {
                quarantined.Add(new QuarantinedValue(QuarantineKinds.Price, variants[0].Symbol, group.Key,
                    Invariant($"{variants.Count} different bars for {Day(group.Key)} (closes {string.Join(", ", variants.Select(v => Money(v.Close)))}); none is stored rather than guessing which is right"),
                    new Dictionary<string, object?> { ["bars"] = variants.Select(BarValues).ToList() }));
                continue;
            }

            var bar = variants[0];
            if (BarProblem(bar) is { } reason)
            {
                quarantined.Add(new QuarantinedValue(QuarantineKinds.Price, bar.Symbol, bar.TradeDate, reason, BarValues(bar)));
                continue;
            }

            sound.Add(bar);
        }

        var previous = previousStored;
        for (var i = 0; i < sound.Count; i++)
        {
            var bar = sound[i];
            string? reason = null;
            if (checkJumps && previous is null && i + 2 < sound.Count
                && JumpProblem(sound[i + 1], bar, splits) is not null && IsConfirmed(sound[i + 1], sound[i + 2], splits))
            {
                // Nothing before it to judge by: a first bar far from the next one, which the bar after it confirms, is the odd one.
                reason = Invariant($"close {Money(bar.Close)} of {Day(bar.TradeDate)} is {Times(bar.Close, sound[i + 1].Close)} the next close {Money(sound[i + 1].Close)} of {Day(sound[i + 1].TradeDate)}, which the close after it confirms, with no split between");
            }
            else if (checkJumps)
            {
                reason = JumpProblem(bar, previous, splits);
            }

            if (reason is not null)
            {
                quarantined.Add(new QuarantinedValue(QuarantineKinds.Price, bar.Symbol, bar.TradeDate, reason, BarValues(bar)));
                continue;
            }

            kept.Add(bar);
            previous = bar;
        }

        return new Screened<DailyPrice>(kept, quarantined, identical);
    }

    /// <summary>
    /// Dividends: a zero or negative amount, or an amount larger than the close of its ex-date (a fund cannot
    /// pay out more than a share is worth), is quarantined. <paramref name="bars"/> are the kept bars.
    /// </summary>
    public static Screened<Dividend> ScreenDividends(IEnumerable<Dividend> dividends, IReadOnlyList<DailyPrice> bars)
    {
        ArgumentNullException.ThrowIfNull(dividends);
        ArgumentNullException.ThrowIfNull(bars);
        var closes = bars.ToDictionary(b => b.TradeDate, b => b.Close);
        var kept = new List<Dividend>();
        var quarantined = new List<QuarantinedValue>();
        foreach (var dividend in dividends.OrderBy(d => d.ExDate))
        {
            string? reason = dividend.CashAmount <= 0
                ? Invariant($"dividend of {dividend.CashAmount:0.######} per share on {Day(dividend.ExDate)} is not a payment")
                : closes.TryGetValue(dividend.ExDate, out var close) && dividend.CashAmount > close
                    ? Invariant($"dividend of {Money(dividend.CashAmount)} per share on {Day(dividend.ExDate)} is more than the close {Money(close)} of its ex-date")
                    : null;
            if (reason is null)
            {
                kept.Add(dividend);
            }
            else
            {
                quarantined.Add(new QuarantinedValue(QuarantineKinds.Dividend, dividend.Symbol, dividend.ExDate, reason,
                    new Dictionary<string, object?> { ["cashAmount"] = dividend.CashAmount }));
            }
        }

        return new Screened<Dividend>(kept, quarantined);
    }

    /// <summary>Splits: a zero or negative side (0:1, 4:0) or a ratio beyond <see cref="MaxSplitRatio"/> either way is quarantined.</summary>
    public static Screened<Split> ScreenSplits(IEnumerable<Split> splits)
    {
        ArgumentNullException.ThrowIfNull(splits);
        var kept = new List<Split>();
        var quarantined = new List<QuarantinedValue>();
        foreach (var split in splits.OrderBy(s => s.SplitDate))
        {
            var ratio = Invariant($"{split.Numerator:0.######}:{split.Denominator:0.######}");
            string? reason = split.Numerator <= 0 || split.Denominator <= 0
                ? Invariant($"split {ratio} on {Day(split.SplitDate)} leaves no shares or divides by zero")
                : split.Ratio > MaxSplitRatio || split.Ratio < 1 / MaxSplitRatio
                    ? Invariant($"split {ratio} on {Day(split.SplitDate)} is beyond {MaxSplitRatio:0}:1 either way")
                    : null;
            if (reason is null)
            {
                kept.Add(split);
            }
            else
            {
                quarantined.Add(new QuarantinedValue(QuarantineKinds.Split, split.Symbol, split.SplitDate, reason,
                    new Dictionary<string, object?> { ["numerator"] = split.Numerator, ["denominator"] = split.Denominator }));
            }
        }

        return new Screened<Split>(kept, quarantined);
    }

    /// <summary>
    /// Fund figures: total assets, NAV or shares outstanding of zero or below, or <see cref="JumpFactor"/>× (or
    /// 1/…) the previous stored figure of the same source, are quarantined one by one; the metric keeps its
    /// other figures (null when none is left).
    /// </summary>
    public static (FundMetric? Kept, IReadOnlyList<QuarantinedValue> Quarantined) ScreenMetric(FundMetric metric, FundMetric? previous)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var quarantined = new List<QuarantinedValue>();
        decimal? Check(string kind, string label, decimal? value, decimal? before)
        {
            if (value is not { } v)
            {
                return null;
            }

            var reason = v <= 0
                ? Invariant($"{label} {Figure(v)} of {Day(metric.AsOf)} is not a size a fund can have")
                : before is > 0 && (v >= before.Value * JumpFactor || v * JumpFactor <= before.Value)
                    ? Invariant($"{label} {Figure(v)} of {Day(metric.AsOf)} is {Times(v, before.Value)} the previous {Figure(before.Value)} of {Day(previous!.AsOf)}")
                    : null;
            if (reason is null)
            {
                return v;
            }

            quarantined.Add(new QuarantinedValue(kind, metric.Symbol, metric.AsOf, reason,
                new Dictionary<string, object?> { [kind] = v, ["source"] = metric.Source, ["previous"] = before }));
            return null;
        }

        var kept = metric with
        {
            TotalAssetsUsd = Check(QuarantineKinds.Aum, "total assets", metric.TotalAssetsUsd, previous?.TotalAssetsUsd),
            NavPerShare = Check(QuarantineKinds.Nav, "NAV", metric.NavPerShare, previous?.NavPerShare),
            SharesOutstanding = (long?)Check(QuarantineKinds.SharesOutstanding, "shares outstanding", metric.SharesOutstanding, previous?.SharesOutstanding),
        };
        return (kept is { TotalAssetsUsd: null, NavPerShare: null, SharesOutstanding: null } ? null : kept, quarantined);
    }

    private static string? BarProblem(DailyPrice bar)
    {
        var day = Day(bar.TradeDate);
        if (bar.Open <= 0 || bar.High <= 0 || bar.Low <= 0 || bar.Close <= 0)
        {
            return Invariant($"bar of {day} has a zero or negative price (open {Money(bar.Open)}, high {Money(bar.High)}, low {Money(bar.Low)}, close {Money(bar.Close)})");
        }

        if (bar.High < bar.Low)
        {
            return Invariant($"bar of {day} has its high {Money(bar.High)} below its low {Money(bar.Low)}");
        }

        if (bar.Close < bar.Low || bar.Close > bar.High)
        {
            return Invariant($"close {Money(bar.Close)} of {day} is outside the day's range {Money(bar.Low)}–{Money(bar.High)}");
        }

        return bar.Volume < 0 ? Invariant($"bar of {day} has a negative volume {bar.Volume:N0}") : null;
    }

    private static string? JumpProblem(DailyPrice bar, DailyPrice? previous, IReadOnlyList<Split> splits)
    {
        if (previous is null)
        {
            return null;
        }

        var ratio = bar.Close / previous.Close;
        if (ratio < JumpFactor && ratio > 1 / JumpFactor)
        {
            return null;
        }

        // A split between the two days that the prices were not adjusted for: n:d turns a close c into c × d / n.
        var between = splits.Where(s => s.SplitDate > previous.TradeDate && s.SplitDate <= bar.TradeDate && s.Numerator > 0 && s.Denominator > 0).ToList();
        var explained = between.Count > 0 && between.Aggregate(ratio, (r, s) => r * s.Ratio) is var adjusted && adjusted < JumpFactor && adjusted > 1 / JumpFactor;
        return explained
            ? null
            : Invariant($"close {Money(bar.Close)} of {Day(bar.TradeDate)} is {Times(bar.Close, previous.Close)} the previous close {Money(previous.Close)} of {Day(previous.TradeDate)} with no split between");
    }

    /// <summary>
    /// True when <paramref name="after"/> closes within <see cref="ConfirmFactor"/>× of <paramref name="bar"/> (splits between
    /// allowed for): the two agree on the price level, so a first bar 1,000× off both is the odd one.
    /// </summary>
    private static bool IsConfirmed(DailyPrice bar, DailyPrice after, IReadOnlyList<Split> splits)
    {
        var ratio = splits.Where(s => s.SplitDate > bar.TradeDate && s.SplitDate <= after.TradeDate && s.Numerator > 0 && s.Denominator > 0)
            .Aggregate(after.Close / bar.Close, (r, s) => r * s.Ratio);
        return ratio < ConfirmFactor && ratio > 1 / ConfirmFactor;
    }

    private static Dictionary<string, object?> BarValues(DailyPrice bar) => new()
    {
        ["open"] = bar.Open, ["high"] = bar.High, ["low"] = bar.Low, ["close"] = bar.Close, ["adjClose"] = bar.AdjClose, ["volume"] = bar.Volume,
    };

    /// <summary><c>1,000×</c> or <c>1/1,000×</c>, to the nearest whole factor.</summary>
    internal static string Times(decimal value, decimal previous) =>
        value >= previous
            ? Invariant($"{Math.Round(value / previous, 0, MidpointRounding.AwayFromZero):N0}×")
            : Invariant($"1/{Math.Round(previous / value, 0, MidpointRounding.AwayFromZero):N0}×");

    private static string Money(decimal value) => value.ToString("N2", CultureInfo.InvariantCulture);

    private static string Figure(decimal value) => value.ToString("#,##0.######", CultureInfo.InvariantCulture);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Plausibility of a full holdings list as a whole.</summary>
public static class HoldingsChecks
{
    /// <summary>
    /// The largest Σ weight (fractions of net assets) a full list may have. Leveraged and inverse funds stay far
    /// below it: N-PORT and issuer files state a swap or future at its value (the unrealised gain), not its
    /// notional, so a 3× fund's lines still sum near 100 %; short lines, cash owed and securities-lending collateral
    /// move real sums a few points either way (a Goldman Sachs bond fund's full N-PORT: 103.8 % with negative lines).
    /// 250 % is beyond all of these and well short of the 300 % of a doubled file or a percent read as a fraction × 3.
    /// </summary>
    public const decimal MaxWeightSum = 2.5m;

    /// <summary>
    /// The smallest Σ weight a full list may have: 10 %. Percentages read as fractions twice over (weights ÷ 100
    /// once too often) sum to about 1 %; no full list of a fund holds less than a tenth of its assets.
    /// </summary>
    public const decimal MinWeightSum = 0.1m;

    /// <summary>
    /// Null when the weights of a full list are plausible; otherwise the snapshot's quarantine entry (kind
    /// <see cref="QuarantineKinds.HoldingsSnapshot"/>). Lines without a weight are not counted; a list with no
    /// weight at all is not judged.
    /// </summary>
    public static QuarantinedValue? ScreenSnapshot(string symbol, string source, DateOnly asOf, IReadOnlyList<decimal?> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var stated = weights.Where(w => w is not null).Select(w => w!.Value).ToList();
        if (stated.Count == 0)
        {
            return null;
        }

        var sum = stated.Sum();
        if (sum is >= MinWeightSum and <= MaxWeightSum)
        {
            return null;
        }

        var reason = string.Create(CultureInfo.InvariantCulture,
            $"the {weights.Count} {source} holdings of {asOf:yyyy-MM-dd} have weights summing to {sum * 100:0.##} %, outside {MinWeightSum * 100:0} %–{MaxWeightSum * 100:0} %; the snapshot is not stored");
        return new QuarantinedValue(QuarantineKinds.HoldingsSnapshot, symbol, asOf, reason, new Dictionary<string, object?>
        {
            ["positions"] = weights.Count,
            ["weightSum"] = sum,
            ["largestWeights"] = stated.OrderByDescending(Math.Abs).Take(5).ToList(),
        });
    }
}

/// <summary>Plausibility of an N-PORT filing as a whole, before any of it is stored.</summary>
public static class NportChecks
{
    /// <summary>
    /// The largest Σ|pctVal| (percent of net assets, short lines counted by their size) a filing may have: 500 %.
    /// A filing may be a partial sample (no lower bound fits), and derivative-heavy filers are far above 100 %: a
    /// Goldman Sachs bond fund's full filing has Σ|pctVal| = 149.5 % (longs 126.7 %, shorts and forwards −22.9 %);
    /// a 130/30 or market-neutral fund reaches 160–250 %, TBA rolls a little more. Swaps and futures are stated at
    /// their value, not their notional, so even 3× funds stay near 100 %. 500 % is beyond all of these, while a
    /// fraction written as a percent (× 100) sums to thousands.
    /// </summary>
    public const decimal MaxAbsPercentSum = 500m;

    /// <summary>
    /// Null when the filing may be stored; otherwise its quarantine entry (kind <see cref="QuarantineKinds.HoldingsSnapshot"/>
    /// for the weights, <see cref="QuarantineKinds.Aum"/> for the net assets). Net assets of zero or below, or
    /// <see cref="MarketDataChecks.JumpFactor"/>× (or 1/…) the previous filing's, and Σ|pctVal| above
    /// <see cref="MaxAbsPercentSum"/> refuse the whole filing: its positions, flows and returns come from the same document.
    /// </summary>
    /// <param name="symbol">The fund it is stored for (the first of the series' ETFs), null when none is known.</param>
    /// <param name="accession">The filing's accession number.</param>
    /// <param name="reportDate">Its report period.</param>
    /// <param name="netAssetsUsd">Its net assets; not judged when absent.</param>
    /// <param name="percentValues">Each position's pctVal (percent of net assets).</param>
    /// <param name="previous">The net assets and report period of the series' latest earlier filing, when one is stored.</param>
    public static QuarantinedValue? ScreenFiling(
        string? symbol, string accession, DateOnly reportDate, decimal? netAssetsUsd, IReadOnlyList<decimal?> percentValues,
        (decimal NetAssetsUsd, DateOnly ReportDate)? previous)
    {
        ArgumentNullException.ThrowIfNull(percentValues);
        var day = reportDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var values = new Dictionary<string, object?> { ["accession"] = accession, ["netAssetsUsd"] = netAssetsUsd, ["positions"] = percentValues.Count };
        if (netAssetsUsd is <= 0)
        {
            return new QuarantinedValue(QuarantineKinds.Aum, symbol, reportDate, Invariant(
                $"N-PORT filing {accession} of {day} reports net assets of {netAssetsUsd:#,##0.##} USD, not a size a fund can have; nothing of the filing is stored"), values);
        }

        if (netAssetsUsd is { } assets && previous is { NetAssetsUsd: > 0 } before
            && (assets >= before.NetAssetsUsd * MarketDataChecks.JumpFactor || assets * MarketDataChecks.JumpFactor <= before.NetAssetsUsd))
        {
            values["previousNetAssetsUsd"] = before.NetAssetsUsd;
            return new QuarantinedValue(QuarantineKinds.Aum, symbol, reportDate, Invariant(
                $"N-PORT filing {accession} of {day} reports net assets of {assets:#,##0.##} USD, {MarketDataChecks.Times(assets, before.NetAssetsUsd)} the previous filing's {before.NetAssetsUsd:#,##0.##} USD of {before.ReportDate:yyyy-MM-dd}; nothing of the filing is stored"), values);
        }

        var absSum = percentValues.Sum(p => p is { } v ? Math.Abs(v) : 0m);
        if (absSum > MaxAbsPercentSum)
        {
            values["absPercentSum"] = absSum;
            values["largestPercents"] = percentValues.OfType<decimal>().OrderByDescending(Math.Abs).Take(5).ToList();
            return new QuarantinedValue(QuarantineKinds.HoldingsSnapshot, symbol, reportDate, Invariant(
                $"N-PORT filing {accession} of {day} has {percentValues.Count} positions whose |pctVal| sum to {absSum:0.##} %, above {MaxAbsPercentSum:0} % of net assets; nothing of the filing is stored"), values);
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Plausibility of the figures an outside fund page states (etfdb.com): its AUM and the net flows it reports.</summary>
public static class OutsideFigureChecks
{
    /// <summary>
    /// AUM of zero or below, or <see cref="MarketDataChecks.JumpFactor"/>× (or 1/…) the AUM the same source stated
    /// before, is quarantined and <c>Aum</c> comes back null (the caller keeps what it stored). A window's net flow of
    /// <see cref="MarketDataChecks.JumpFactor"/>× the AUM or more (either way) is quarantined on its own: a fund that shrank
    /// from $50 B to $1 B shows an outflow of 49× its AUM; 1,000× is a unit or parsing error (thousands read as billions).
    /// Flows are judged against the page's AUM, or the one stated before when the page's is quarantined; not at all without either.
    /// </summary>
    /// <param name="symbol">The fund.</param>
    /// <param name="source">The page's source name, stored with each quarantined value.</param>
    /// <param name="aumUsd">The AUM the page states.</param>
    /// <param name="aumAsOf">The date the page gives it.</param>
    /// <param name="previousAumUsd">The AUM the same source stated before (stored), when any.</param>
    /// <param name="flowsAsOf">The date the flow windows end on.</param>
    /// <param name="flows">Window name and net flow in USD.</param>
    public static (decimal? Aum, IReadOnlyList<(string Window, decimal NetFlowUsd)> Flows, IReadOnlyList<QuarantinedValue> Quarantined) Screen(
        string symbol, string source, decimal aumUsd, DateOnly aumAsOf, decimal? previousAumUsd, DateOnly flowsAsOf,
        IReadOnlyList<(string Window, decimal NetFlowUsd)> flows)
    {
        ArgumentNullException.ThrowIfNull(flows);
        var quarantined = new List<QuarantinedValue>();
        var factor = MarketDataChecks.JumpFactor;
        string? aumProblem = aumUsd <= 0
            ? Invariant($"{source} AUM {aumUsd:#,##0.##} USD of {aumAsOf:yyyy-MM-dd} is not a size a fund can have")
            : previousAumUsd is > 0 && (aumUsd >= previousAumUsd.Value * factor || aumUsd * factor <= previousAumUsd.Value)
                ? Invariant($"{source} AUM {aumUsd:#,##0.##} USD of {aumAsOf:yyyy-MM-dd} is {MarketDataChecks.Times(aumUsd, previousAumUsd.Value)} the {previousAumUsd.Value:#,##0.##} USD it stated before")
                : null;
        decimal? aum = aumUsd;
        if (aumProblem is not null)
        {
            quarantined.Add(new QuarantinedValue(QuarantineKinds.Aum, symbol, aumAsOf, aumProblem,
                new Dictionary<string, object?> { ["aumUsd"] = aumUsd, ["previousAumUsd"] = previousAumUsd, ["source"] = source }));
            aum = null;
        }

        var kept = new List<(string Window, decimal NetFlowUsd)>();
        foreach (var flow in flows)
        {
            if ((aum ?? (previousAumUsd is > 0 ? previousAumUsd : null)) is { } assets && Math.Abs(flow.NetFlowUsd) >= assets * factor)
            {
                quarantined.Add(new QuarantinedValue(QuarantineKinds.Flow, symbol, flowsAsOf,
                    Invariant($"{source} {flow.Window} net flow {flow.NetFlowUsd:#,##0.##} USD to {flowsAsOf:yyyy-MM-dd} is {Math.Round(Math.Abs(flow.NetFlowUsd) / assets, 0, MidpointRounding.AwayFromZero):N0}× the fund's AUM {assets:#,##0.##} USD"),
                    new Dictionary<string, object?> { ["window"] = flow.Window, ["netFlowUsd"] = flow.NetFlowUsd, ["aumUsd"] = assets, ["source"] = source }));
                continue;
            }

            kept.Add(flow);
        }

        return (aum, kept, quarantined);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
