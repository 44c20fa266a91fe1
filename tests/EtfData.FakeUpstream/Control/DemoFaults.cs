using EtfData.FakeUpstream.Faults;
using EtfData.FakeUpstream.Nasdaq;
using EtfData.FakeUpstream.Sec;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.FakeUpstream.Control;

/// <summary>
/// The bad days demo mode (<c>--demo</c> or <c>Demo=true</c>) arms: one transient failure per kind of
/// request, each answered normally on the next attempt, so a client that retries ends with complete data
/// and its run log shows the recovery.
/// </summary>
public static class DemoFaults
{
    /// <summary>The rules, as (path prefix, fault, what it shows), each applied once.</summary>
    public static IReadOnlyList<(string PathPrefix, Fault Fault, string Description)> Rules { get; } =
    [
        (YahooFake.Prefix + "/v8/finance/chart/SPY", Fault.ServerError(503), "first SPY chart request answers 503"),
        (YahooFake.Prefix + "/v8/finance/chart/IWM", Fault.TruncatedBody(), "first IWM chart response is cut off mid-body"),
        (YahooFake.Prefix + "/v10/finance/quoteSummary/QQQ", Fault.TooManyRequests(TimeSpan.FromSeconds(1)), "first QQQ quoteSummary answers 429 with Retry-After: 1"),
        (NasdaqFake.Prefix + "/" + NasdaqFake.FileName, Fault.ServerError(500), "first symbol directory request answers 500"),
        (SecFake.WwwPrefix + "/cgi-bin/browse-edgar", Fault.SecRequestRateThresholdExceeded(),
            "first SEC series feed request answers 403 with EDGAR's Request Rate Threshold Exceeded page (every SEC request pauses for the cool-down)"),
    ];

    /// <summary>Layout drift demo mode arms for good (not transient): the client must report the page as drifted, not guess around it.</summary>
    public static IReadOnlyList<(string Source, string Symbol, string Description)> Drifts { get; } =
    [
        (LayoutDrift.Schwab, "BND", "Schwab's BND holdings page has its table container renamed (layout drift)"),
    ];

    /// <summary>Arms <see cref="Drifts"/>.</summary>
    public static void ArmDrift(LayoutDrift drift)
    {
        ArgumentNullException.ThrowIfNull(drift);
        foreach (var (source, symbol, _) in Drifts)
        {
            drift.Drift(source, symbol);
        }
    }

    public static void Arm(FaultScript faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        foreach (var (pathPrefix, fault, _) in Rules)
        {
            faults.On(pathPrefix, fault, times: 1);
        }
    }
}
