using EtfData.Domain;
using EtfData.Domain.Analytics;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Analytics;

public sealed class AlertsTests
{
    // Rules the test does not look at are switched off, so each test sees one rule.
    private static readonly AlertThresholds OnlyFlowRules = new(LargeDailyAumChange: 1m, LiquidityAumUsd: 0m);

    [Fact]
    public void Large_day_over_day_aum_changes_alert_on_the_day_they_happen_from_since_on()
    {
        // 05-29 50M → 05-30 100M: +100 %, but 05-30 is before since (06-01): not reported.
        // 05-30 100M → 06-02 111M: +11M / 100M = 0.11 ≥ 0.10 → alert on 06-02.
        // 06-02 111M → 06-03 100M: −11M / 111M = −0.099 → below 0.10 in size, no alert.
        // 06-03 100M → 06-04 90M: −10M / 100M = −0.10 → |−0.10| ≥ 0.10 → alert on 06-04.
        var input = Input(aum:
        [
            (new DateOnly(2025, 6, 4), 90_000_000m),
            (new DateOnly(2025, 5, 29), 50_000_000m),
            (new DateOnly(2025, 5, 30), 100_000_000m),
            (new DateOnly(2025, 6, 2), 111_000_000m),
            (new DateOnly(2025, 6, 3), 100_000_000m),
        ]);

        var alerts = Alerts.Evaluate(input, new AlertThresholds(LiquidityAumUsd: 0m), new DateOnly(2025, 6, 1));

        alerts.Select(a => (a.Kind, a.Date)).Should().Equal(
            (AlertKind.LargeDailyAumChange, new DateOnly(2025, 6, 2)),
            (AlertKind.LargeDailyAumChange, new DateOnly(2025, 6, 4)));
        alerts[0].Evidence.Should().Equal(new Dictionary<string, decimal?>
        {
            ["fromAumUsd"] = 100_000_000m,
            ["aumUsd"] = 111_000_000m,
            ["changeFraction"] = 0.11m,
        });
        alerts[0].Message.Should().Be(
            "SPY: AUM changed 11.00 % from $100,000,000 on 2025-05-30 to $111,000,000 on 2025-06-02 (threshold ±10.00 %).");
        alerts[1].Evidence["changeFraction"].Should().Be(-0.1m);
    }

    [Fact]
    public void A_jump_across_a_gap_of_more_than_five_days_is_no_daily_change_alert()
    {
        // 100M on Thu 2025-01-02, 112M on Mon 2025-02-03: +12 %, but 32 days apart, more than the flow
        // rule's 5-day gap: not a day-over-day change, no alert. Then 112M → 124M on Tue 02-04
        // (+12M / 112M = 0.1071 ≥ 0.10, one day apart) alerts.
        var input = Input(aum:
        [
            (new DateOnly(2025, 1, 2), 100_000_000m),
            (new DateOnly(2025, 2, 3), 112_000_000m),
            (new DateOnly(2025, 2, 4), 124_000_000m),
        ]);

        var alerts = Alerts.Evaluate(input, new AlertThresholds(LiquidityAumUsd: 0m), new DateOnly(2025, 1, 1));

        alerts.Select(a => (a.Kind, a.Date)).Should().Equal((AlertKind.LargeDailyAumChange, new DateOnly(2025, 2, 4)));
        alerts[0].Evidence["fromAumUsd"].Should().Be(112_000_000m);
    }

    [Fact]
    public void An_inflow_surge_alerts_on_the_first_day_of_each_run_of_triggering_days()
    {
        // AUM: 05-20 100M, 05-23 100M, 05-27 100M, 06-03 130M. Flow day t: 7-day sum over (t − 7, t] ÷ AUM
        // on or before t − 7 (at most 5 days before it).
        //   05-27: (05-20, 05-27] = 5M;              base 05-20 100M → 0.05
        //   05-28: (05-21, 05-28] = 5 + 5 = 10M;     base 05-20 100M → 0.10
        //   06-02: (05-26, 06-02] = 5 + 5 + 15 = 25M; base 05-23 100M → 0.25 > 0.20 → ALERT (first of a run)
        //   06-03: (05-27, 06-03] = 5 + 15 + 5 = 25M; base 05-27 100M → 0.25, same run
        //   06-04: (05-28, 06-04] = 15 + 5 + 1 = 21M; base 05-27 100M → 0.21, same run
        //   06-05: (05-29, 06-05] = 15 + 5 + 1 + 0 = 21M; base 05-27 100M → 0.21, same run
        //   06-10: (06-03, 06-10] = 1 + 0 + 25 = 26M; base 06-03 130M → 0.20, not above: the run ends
        //   06-11: (06-04, 06-11] = 0 + 25 + 10 = 35M; base 06-03 130M → 35 / 130 = 0.2692307… → ALERT
        var input = Input(
            aum:
            [
                (new DateOnly(2025, 5, 20), 100_000_000m),
                (new DateOnly(2025, 5, 23), 100_000_000m),
                (new DateOnly(2025, 5, 27), 100_000_000m),
                (new DateOnly(2025, 6, 3), 130_000_000m),
            ],
            flows: Flows(
                ("2025-05-27", 5_000_000m), ("2025-05-28", 5_000_000m), ("2025-06-02", 15_000_000m),
                ("2025-06-03", 5_000_000m), ("2025-06-04", 1_000_000m), ("2025-06-05", 0m),
                ("2025-06-10", 25_000_000m), ("2025-06-11", 10_000_000m)));

        var alerts = Alerts.Evaluate(input, OnlyFlowRules, new DateOnly(2025, 6, 1));

        alerts.Select(a => (a.Kind, a.Date)).Should().Equal(
            (AlertKind.InflowSurge, new DateOnly(2025, 6, 2)),
            (AlertKind.InflowSurge, new DateOnly(2025, 6, 11)));
        alerts[0].Evidence.Should().Equal(new Dictionary<string, decimal?>
        {
            ["flow7dUsd"] = 25_000_000m,
            ["baseAumUsd"] = 100_000_000m,
            ["fraction"] = 0.25m,
        });
        alerts[1].Evidence["flow7dUsd"].Should().Be(35_000_000m);
        alerts[1].Evidence["baseAumUsd"].Should().Be(130_000_000m);
        alerts[1].Evidence["fraction"].Should().BeApproximately(0.2692307692m, 0.0000000001m);

        // From 06-03 on, the surge that began on 06-02 is not reported again; the one of 06-11 is.
        Alerts.Evaluate(input, OnlyFlowRules, new DateOnly(2025, 6, 3))
            .Select(a => a.Date).Should().Equal(new DateOnly(2025, 6, 11));
    }

    [Fact]
    public void An_outflow_warning_compares_thirty_days_of_flows_with_the_aum_thirty_days_earlier()
    {
        // AUM on Fridays: 04-11, 04-18, 04-25 200M; 05-02, 05-09 180M. 30-day sums over (t − 30, t] ÷ AUM
        // on or before t − 30 (at most 5 days before it):
        //   05-15: (04-15, 05-15] = −10M;           base 04-11 200M → −0.05
        //   05-20: (04-20, 05-20] = −10 − 15 = −25M; base 04-18 200M → −0.125, not below −0.15
        //   05-28: (04-28, 05-28] = −31M;           base 04-25 200M → −0.155 < −0.15 → ALERT
        //   06-02: (05-03, 06-02] = −32M;           base 05-02 180M → −0.1777…, same run
        //   06-12: (05-13, 06-12] = −32M;           base 05-09 180M → −0.1777…, same run
        var input = Input(
            aum:
            [
                (new DateOnly(2025, 4, 11), 200_000_000m), (new DateOnly(2025, 4, 18), 200_000_000m),
                (new DateOnly(2025, 4, 25), 200_000_000m), (new DateOnly(2025, 5, 2), 180_000_000m),
                (new DateOnly(2025, 5, 9), 180_000_000m),
            ],
            flows: Flows(
                ("2025-05-15", -10_000_000m), ("2025-05-20", -15_000_000m), ("2025-05-28", -6_000_000m),
                ("2025-06-02", -1_000_000m), ("2025-06-12", 0m)));

        var alert = Alerts.Evaluate(input, OnlyFlowRules, new DateOnly(2025, 5, 1)).Should().ContainSingle().Subject;

        alert.Kind.Should().Be(AlertKind.OutflowWarning);
        alert.Date.Should().Be(new DateOnly(2025, 5, 28));
        alert.Evidence.Should().Equal(new Dictionary<string, decimal?>
        {
            ["flow30dUsd"] = -31_000_000m,
            ["baseAumUsd"] = 200_000_000m,
            ["fraction"] = -0.155m,
        });
    }

    [Fact]
    public void Flow_rules_need_a_base_observation()
    {
        // A 50M inflow on 06-10 against no AUM on or before 06-03 (first observation 06-05): no fraction, no alert.
        var input = Input(aum: [(new DateOnly(2025, 6, 5), 1m)], flows: Flows(("2025-06-10", 50_000_000m)));

        Alerts.Evaluate(input, OnlyFlowRules, new DateOnly(2025, 6, 1)).Should().BeEmpty();
    }

    [Fact]
    public void Flow_rules_do_not_take_a_months_old_observation_as_the_aum_seven_or_thirty_days_earlier()
    {
        // Inflow: AUM 100M observed on 04-04, next on 06-02. Flows 06-02 +15M, 06-03 +10M.
        //   06-03: (05-27, 06-03] = 25M; the latest AUM on or before 05-27 is 04-04, 53 days before it
        //   (60 before t), more than 5 → no base, no fraction, no alert (25M / 100M = 0.25 would exceed 0.20).
        //   06-02 is no base either: it lies after t − 7.
        var inflow = Input(
            aum: [(new DateOnly(2025, 4, 4), 100_000_000m), (new DateOnly(2025, 6, 2), 100_000_000m)],
            flows: Flows(("2025-06-02", 15_000_000m), ("2025-06-03", 10_000_000m)));
        // Outflow: AUM 200M observed on 03-05, next on 05-02. Flows 05-02 −20M, 05-05 −15M.
        //   05-05: (04-05, 05-05] = −35M; the latest AUM on or before 04-05 is 03-05, 31 days before it,
        //   more than 5 → no alert (−35M / 200M = −0.175 would be below −0.15).
        var outflow = Input(
            aum: [(new DateOnly(2025, 3, 5), 200_000_000m), (new DateOnly(2025, 5, 2), 200_000_000m)],
            flows: Flows(("2025-05-02", -20_000_000m), ("2025-05-05", -15_000_000m)));

        Alerts.Evaluate(inflow, OnlyFlowRules, new DateOnly(2025, 1, 1)).Should().BeEmpty();
        Alerts.Evaluate(outflow, OnlyFlowRules, new DateOnly(2025, 1, 1)).Should().BeEmpty();
    }

    [Fact]
    public void A_flow_rule_base_may_lie_five_days_before_the_window_start_but_not_six()
    {
        // Inflow, AUM 100M on Wed 05-21 only, one 25M flow (25M / 100M = 0.25 > 0.20):
        //   on 06-02: t − 7 = 05-26, 05-21 is 5 days before it → base 100M → ALERT;
        //   on 06-03: t − 7 = 05-27, 05-21 is 6 days before it → no base, no alert.
        // Outflow, AUM 200M on Sun 04-20 only, one −40M flow (−40M / 200M = −0.20 < −0.15):
        //   on 05-25: t − 30 = 04-25, 04-20 is 5 days before it → base 200M → ALERT;
        //   on 05-26: t − 30 = 04-26, 04-20 is 6 days before it → no base, no alert.
        IReadOnlyList<(DateOnly, decimal)> inflowAum = [(new DateOnly(2025, 5, 21), 100_000_000m)];
        IReadOnlyList<(DateOnly, decimal)> outflowAum = [(new DateOnly(2025, 4, 20), 200_000_000m)];
        var since = new DateOnly(2025, 1, 1);

        var surge = Alerts.Evaluate(Input(inflowAum, Flows(("2025-06-02", 25_000_000m))), OnlyFlowRules, since)
            .Should().ContainSingle().Subject;
        surge.Kind.Should().Be(AlertKind.InflowSurge);
        surge.Date.Should().Be(new DateOnly(2025, 6, 2));
        surge.Evidence.Should().Equal(new Dictionary<string, decimal?>
        {
            ["flow7dUsd"] = 25_000_000m,
            ["baseAumUsd"] = 100_000_000m,
            ["fraction"] = 0.25m,
        });
        surge.Message.Should().Be(
            "SPY: net inflows of $25,000,000 over the 7 days to 2025-06-02 are 25.00 % of the AUM of $100,000,000 on 2025-05-21 (threshold 20.00 %).");
        Alerts.Evaluate(Input(inflowAum, Flows(("2025-06-03", 25_000_000m))), OnlyFlowRules, since).Should().BeEmpty();

        var warning = Alerts.Evaluate(Input(outflowAum, Flows(("2025-05-25", -40_000_000m))), OnlyFlowRules, since)
            .Should().ContainSingle().Subject;
        warning.Kind.Should().Be(AlertKind.OutflowWarning);
        warning.Date.Should().Be(new DateOnly(2025, 5, 25));
        warning.Evidence.Should().Equal(new Dictionary<string, decimal?>
        {
            ["flow30dUsd"] = -40_000_000m,
            ["baseAumUsd"] = 200_000_000m,
            ["fraction"] = -0.2m,
        });
        Alerts.Evaluate(Input(outflowAum, Flows(("2025-05-26", -40_000_000m))), OnlyFlowRules, since).Should().BeEmpty();
    }

    [Fact]
    public void Liquidity_alerts_when_the_latest_aum_is_below_the_threshold()
    {
        // Latest observation 06-03: 90M < 100M → alert dated 06-03 (from since 06-01; not from 06-04).
        // If the latest is 150M, an earlier 90M does not matter.
        var thresholds = new AlertThresholds(LargeDailyAumChange: 1m);
        var low = Input(aum: [(new DateOnly(2025, 6, 2), 150_000_000m), (new DateOnly(2025, 6, 3), 90_000_000m)]);
        var recovered = Input(aum: [(new DateOnly(2025, 6, 2), 90_000_000m), (new DateOnly(2025, 6, 3), 150_000_000m)]);

        var alert = Alerts.Evaluate(low, thresholds, new DateOnly(2025, 6, 1)).Should().ContainSingle().Subject;
        alert.Kind.Should().Be(AlertKind.Liquidity);
        alert.Date.Should().Be(new DateOnly(2025, 6, 3));
        alert.Evidence.Should().Equal(new Dictionary<string, decimal?> { ["aumUsd"] = 90_000_000m, ["thresholdUsd"] = 100_000_000m });

        Alerts.Evaluate(low, thresholds, new DateOnly(2025, 6, 4)).Should().BeEmpty();
        Alerts.Evaluate(recovered, thresholds, new DateOnly(2025, 6, 1)).Should().BeEmpty();
    }

    [Fact]
    public void A_premium_discount_run_alerts_on_the_day_it_exceeds_the_day_count()
    {
        // NAV 100, close 97.5 (−2.5 %) on the trading days 06-02, 03, 04, 05, 06, 09, 10, 11, 12, except
        // 06-05 at 97 (−3 %): a discount run of 9 days beyond 2 %. More than 7 days is reached on its
        // 8th day, 06-11: the alert's date. Evidence: 9 days, largest |premium| 0.03.
        var days = new[] { 2, 3, 4, 5, 6, 9, 10, 11, 12 }
            .Select(d => (new DateOnly(2025, 6, d), d == 5 ? 97m : 97.5m, 100m))
            .ToList();
        var input = Input(premiumDays: days);

        var alert = Alerts.Evaluate(input, new AlertThresholds(LiquidityAumUsd: 0m), new DateOnly(2025, 6, 1))
            .Should().ContainSingle().Subject;

        alert.Kind.Should().Be(AlertKind.PremiumDiscount);
        alert.Date.Should().Be(new DateOnly(2025, 6, 11));
        alert.Evidence.Should().Equal(new Dictionary<string, decimal?>
        {
            ["days"] = 9m,
            ["maxAbsPremium"] = 0.03m,
            ["isPremium"] = 0m,
        });
        alert.Message.Should().Be("SPY: discount beyond 2.00 % for 9 consecutive days from 2025-06-02 to 2025-06-12 (largest 3.00 %).");

        // From 06-12 on, the run that triggered on 06-11 is not reported again.
        Alerts.Evaluate(input, new AlertThresholds(LiquidityAumUsd: 0m), new DateOnly(2025, 6, 12)).Should().BeEmpty();
    }

    [Fact]
    public void No_data_gives_no_alerts_and_flows_of_two_methods_or_another_symbol_are_refused()
    {
        Alerts.Evaluate(Input(), new AlertThresholds(), DateOnly.MinValue).Should().BeEmpty();

        var mixed = Input(flows:
        [
            FlowWindowsTests.Flow(new DateOnly(2025, 6, 2), 1m),
            FlowWindowsTests.Flow(new DateOnly(2025, 6, 3), 1m, FlowMethod.Shares),
        ]);
        var other = Input(flows: [FlowWindowsTests.Flow(new DateOnly(2025, 6, 2), 1m, symbol: "QQQ")]);

        ((Action)(() => Alerts.Evaluate(mixed, new AlertThresholds(), DateOnly.MinValue))).Should().Throw<ArgumentException>();
        ((Action)(() => Alerts.Evaluate(other, new AlertThresholds(), DateOnly.MinValue))).Should().Throw<ArgumentException>();
    }

    private static AlertInput Input(
        IReadOnlyList<(DateOnly, decimal)>? aum = null,
        IReadOnlyList<FundFlow>? flows = null,
        IReadOnlyList<(DateOnly, decimal, decimal)>? premiumDays = null) =>
        new("SPY", aum ?? [], flows ?? [], premiumDays ?? []);

    private static List<FundFlow> Flows(params (string Day, decimal Usd)[] flows) =>
        flows.Select(f => FlowWindowsTests.Flow(DateOnly.Parse(f.Day, System.Globalization.CultureInfo.InvariantCulture), f.Usd)).ToList();
}
