namespace EtfData.Domain.Analytics;

/// <summary>
/// A buy/sell signal from five days of fund flows, price and volume. The flows are real flow
/// estimates (the sum of the fund's daily net creations/redemptions from <c>fund_flow_daily</c>, see
/// <see cref="FlowEstimator"/>), never trading volume × price. The exact rules are in <see cref="Formula"/>.
/// </summary>
public static class FlowSignals
{
    /// <summary>The rules of <see cref="Compute"/>, verbatim, for publication (e.g. in OpenAPI).</summary>
    public const string Formula = """
        Flow5dUsd is the sum of the fund's estimated daily net flows (creations minus redemptions, from fund_flow_daily) over the last five flow days; it is never volume × price.
        flow5dPct = Flow5dUsd / AumUsd × 100; FlowScore = clamp(50 + 25 × flow5dPct, 0, 100) (50 when unknown);
        return5dPct = Return5d × 100; PriceScore = clamp(50 + 5 × return5dPct, 0, 100) (50 when unknown);
        VolumeScore = clamp(50 × AvgVolume5d / AvgVolume20d, 0, 100) (50 when unknown or AvgVolume20d = 0);
        Composite = 0.5 × (FlowScore − 50) + 0.3 × (PriceScore − 50) + 0.2 × (VolumeScore − 50) × s, where s = sign(FlowScore − 50) (volume confirms the direction of the flow; s = 0 when FlowScore = 50) — Composite ranges −50..+50;
        Direction = Buy when Composite ≥ 10, Sell when Composite ≤ −10, else Neutral; Strength = round(min(100, |Composite| × 2)) (MidpointRounding.AwayFromZero);
        Divergence = BuyingTheDip when Flow5dUsd > 0 and Return5d < 0; Distribution when Flow5dUsd < 0 and Return5d > 0; else None.
        """;

    /// <summary>
    /// Scores, composite, direction, strength and divergence of one fund as defined in
    /// <see cref="Formula"/>. Scores are 0..100 with 50 = no information; the composite is −50..+50.
    /// An AUM that is zero or negative counts as unknown, as does an average volume that is negative.
    /// </summary>
    /// <param name="input">Five-day flow, AUM, five-day return and average volumes of one fund.</param>
    public static FlowSignal Compute(FlowSignalInput input)
    {
        ArgumentNullException.ThrowIfNull(input);

        var flowScore = input is { Flow5dUsd: { } flow, AumUsd: > 0 and var aum }
            ? Clamp(50m + (25m * (flow / aum * 100m)))
            : 50m;
        var priceScore = input.Return5d is { } r ? Clamp(50m + (5m * (r * 100m))) : 50m;
        var volumeScore = input is { AvgVolume5d: >= 0 and var v5, AvgVolume20d: > 0 and var v20 }
            ? Clamp(50m * v5 / v20)
            : 50m;

        var s = Math.Sign(flowScore - 50m);
        var composite = (0.5m * (flowScore - 50m)) + (0.3m * (priceScore - 50m)) + (0.2m * (volumeScore - 50m) * s);

        var direction = composite >= 10m ? SignalDirection.Buy
            : composite <= -10m ? SignalDirection.Sell
            : SignalDirection.Neutral;
        var strength = (int)Math.Round(Math.Min(100m, Math.Abs(composite) * 2m), MidpointRounding.AwayFromZero);

        var divergence = input switch
        {
            { Flow5dUsd: > 0, Return5d: < 0 } => Divergence.BuyingTheDip,
            { Flow5dUsd: < 0, Return5d: > 0 } => Divergence.Distribution,
            _ => Divergence.None,
        };

        return new FlowSignal(input.Symbol, direction, strength, flowScore, priceScore, volumeScore, composite, divergence);
    }

    private static decimal Clamp(decimal score) => Math.Clamp(score, 0m, 100m);
}

/// <summary>Inputs of <see cref="FlowSignals.Compute"/> for one fund; null = unknown.</summary>
/// <param name="Symbol">Normalised ticker.</param>
/// <param name="Flow5dUsd">Sum of the estimated daily net flows (USD) over the last five flow days; real flow estimates, not volume × price.</param>
/// <param name="AumUsd">Assets under management in USD the flow is compared with.</param>
/// <param name="Return5d">Five-day return as a <b>fraction</b> (0.02 = +2 %).</param>
/// <param name="AvgVolume5d">Average daily share volume over the last five trading days.</param>
/// <param name="AvgVolume20d">Average daily share volume over the last twenty trading days.</param>
public sealed record FlowSignalInput(
    string Symbol,
    decimal? Flow5dUsd,
    decimal? AumUsd,
    decimal? Return5d,
    decimal? AvgVolume5d,
    decimal? AvgVolume20d);

/// <summary>A fund's flow signal; see <see cref="FlowSignals.Formula"/> for every figure.</summary>
/// <param name="Symbol">Normalised ticker.</param>
/// <param name="Direction">Buy when <c>Composite ≥ 10</c>, Sell when <c>Composite ≤ −10</c>, else Neutral.</param>
/// <param name="Strength"><c>round(min(100, |Composite| × 2))</c>, 0..100, midpoints away from zero.</param>
/// <param name="FlowScore"><c>clamp(50 + 25 × Flow5dUsd / AumUsd × 100, 0, 100)</c>; 50 when unknown.</param>
/// <param name="PriceScore"><c>clamp(50 + 5 × Return5d × 100, 0, 100)</c>; 50 when unknown.</param>
/// <param name="VolumeScore"><c>clamp(50 × AvgVolume5d / AvgVolume20d, 0, 100)</c>; 50 when unknown or AvgVolume20d = 0.</param>
/// <param name="Composite"><c>0.5 × (FlowScore − 50) + 0.3 × (PriceScore − 50) + 0.2 × (VolumeScore − 50) × sign(FlowScore − 50)</c>, −50..+50.</param>
/// <param name="Divergence">Flows against the price move: buying the dip or distribution.</param>
public sealed record FlowSignal(
    string Symbol,
    SignalDirection Direction,
    int Strength,
    decimal FlowScore,
    decimal PriceScore,
    decimal VolumeScore,
    decimal Composite,
    Divergence Divergence);

/// <summary>Direction of a <see cref="FlowSignal"/>.</summary>
public enum SignalDirection
{
    /// <summary>Composite ≥ 10.</summary>
    Buy,
    /// <summary>Composite ≤ −10.</summary>
    Sell,
    /// <summary>Composite strictly between −10 and 10.</summary>
    Neutral,
}

/// <summary>Whether flows go against the price move.</summary>
public enum Divergence
{
    /// <summary>Flows and price agree, or one of them is unknown or zero.</summary>
    None,
    /// <summary>Money flows in (Flow5dUsd &gt; 0) while the price fell (Return5d &lt; 0).</summary>
    BuyingTheDip,
    /// <summary>Money flows out (Flow5dUsd &lt; 0) while the price rose (Return5d &gt; 0).</summary>
    Distribution,
}
