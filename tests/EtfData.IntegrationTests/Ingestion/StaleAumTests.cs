using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream.Yahoo;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>The host of <see cref="StaleAumTests"/>: every AUM change of 0.1 % or more alerts, no liquidity alerts.</summary>
public sealed class StaleAumHost : IngestionHost
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Alerts:LargeDailyAumChangePct"] = "0.1",
        ["Alerts:LiquidityAumUsd"] = "0",
    };
}

/// <summary>
/// Yahoo's undated <c>totalAssets</c> served stale for three sessions while NAV moves: nightly AUM runs
/// store nothing for those days and say why, and flows, AUM changes and alerts read only real
/// observations, through the read API.
/// </summary>
public sealed class StaleAumTests(StaleAumHost host) : IClassFixture<StaleAumHost>
{
    private static readonly DateOnly Mon = new(2025, 3, 3);
    private static readonly DateOnly Tue = new(2025, 3, 4);
    private static readonly DateOnly Wed = new(2025, 3, 5);
    private static readonly DateOnly Thu = new(2025, 3, 6);
    private static readonly DateOnly Fri = new(2025, 3, 7);
    private static readonly DateOnly NextMon = new(2025, 3, 10);
    private static readonly DateOnly NextTue = new(2025, 3, 11);
    private static readonly DateOnly NextWed = new(2025, 3, 12);
    private static readonly DateOnly[] Sessions = [Mon, Tue, Wed, Thu, Fri, NextMon, NextTue, NextWed];

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Three_stale_sessions_store_no_observation_and_the_figures_resume_against_the_last_real_one()
    {
        // STLE: totalAssets stale Tue–Thu (Monday's figure served), fresh again on Friday.
        // STLW: stale Thu, Fri and the next Monday, fresh on Tuesday — six days after Wednesday's real
        // observation, more than the flow rule's five, so Tuesday gets no flow and no daily change.
        var spy = host.Dataset.Find("SPY")!;
        var stle = spy with { Symbol = "STLE", StaleTotalAssetsSessions = new HashSet<DateOnly> { Tue, Wed, Thu } };
        var stlw = spy with { Symbol = "STLW", StaleTotalAssetsSessions = new HashSet<DateOnly> { Thu, Fri, NextMon } };
        host.Dataset.Add(stle);
        host.Dataset.Add(stlw);
        await host.ResetAsync(stle, stlw);

        var runs = new Dictionary<DateOnly, long>();
        foreach (var session in Sessions)
        {
            host.DataClock.Now = new DateTimeOffset(session.ToDateTime(new TimeOnly(22, 0)), TimeSpan.Zero);
            var run = await host.RunAsync(JobNames.Aum);
            run.Status.Should().Be(RunStatus.Succeeded);
            runs[session] = run.Id;
        }

        (await host.RunAsync(JobNames.Flows)).Status.Should().Be(RunStatus.Succeeded);

        var stored = new Dictionary<string, DateOnly[]>
        {
            ["STLE"] = [Mon, Fri, NextMon, NextTue, NextWed],
            ["STLW"] = [Mon, Tue, Wed, NextTue, NextWed],
        };
        var staleDays = new Dictionary<string, DateOnly[]> { ["STLE"] = [Tue, Wed, Thu], ["STLW"] = [Thu, Fri, NextMon] };
        // Flows by the AUM method: between stored observations at most 5 days apart. STLE's Friday is
        // measured from Monday (4 days); STLW's Tuesday is 6 days after Wednesday: none.
        var flowPairs = new Dictionary<string, (DateOnly Day, DateOnly Previous)[]>
        {
            ["STLE"] = [(Fri, Mon), (NextMon, Fri), (NextTue, NextMon), (NextWed, NextTue)],
            ["STLW"] = [(Tue, Mon), (Wed, Tue), (NextWed, NextTue)],
        };

        await using var db = host.Database.NewDbContext();
        foreach (var symbol in new[] { "STLE", "STLW" })
        {
            var fund = host.Dataset.Find(symbol)!;

            // The table: exactly the fresh days.
            (await db.FundMetrics.Where(m => m.Symbol == symbol).OrderBy(m => m.AsOf).Select(m => m.AsOf).ToListAsync())
                .Should().Equal(stored[symbol]);

            // The item note of each stale night says what was held and since when; NAV did move.
            foreach (var day in staleDays[symbol])
            {
                var since = stored[symbol].Last(d => d < day);
                Nav(fund, day).Should().NotBe(Nav(fund, since), "the scenario needs NAV to move");
                var note = await db.IngestionItems.Where(i => i.RunId == runs[day] && i.Item == symbol).Select(i => i.Note).SingleAsync();
                note.Should().Be(
                    $"stale snapshot for {Iso(day)} not stored: total assets {Usd(Aum(fund, since))} unchanged since {Iso(since)} " +
                    $"while NAV moved {Nav(fund, since).ToString(CultureInfo.InvariantCulture)} → {Nav(fund, day).ToString(CultureInfo.InvariantCulture)}");
            }

            // The AUM series: no point on a stale day; day-over-day only from an observation at most 5 days back.
            var aum = await host.Factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/etfs/{symbol}/aum?from=2025-03-01");
            var points = aum.GetProperty("points").EnumerateArray().ToList();
            points.Select(p => p.GetProperty("date").GetString()).Should().Equal(stored[symbol].Select(Iso));
            foreach (var point in points.Skip(1))
            {
                var day = DateOnly.Parse(point.GetProperty("date").GetString()!, CultureInfo.InvariantCulture);
                var pair = flowPairs[symbol].SingleOrDefault(p => p.Day == day);
                if (pair == default)
                {
                    point.GetProperty("previousDate").ValueKind.Should().Be(JsonValueKind.Null, $"{symbol} {Iso(day)} follows a gap of more than 5 days");
                    point.GetProperty("dayOverDayUsd").ValueKind.Should().Be(JsonValueKind.Null);
                    continue;
                }

                point.GetProperty("aumUsd").GetDecimal().Should().Be(Aum(fund, day));
                point.GetProperty("previousDate").GetString().Should().Be(Iso(pair.Previous));
                point.GetProperty("dayOverDayUsd").GetDecimal().Should().Be(Aum(fund, day) - Aum(fund, pair.Previous));
            }

            // The flows: none on a stale day; each measured from the last real observation:
            // AUM_t − AUM_prev × NAV_t / NAV_prev.
            var flows = await host.Factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/etfs/{symbol}/flows?from=2025-03-01");
            var days = flows.GetProperty("days").EnumerateArray().ToList();
            days.Select(d => (d.GetProperty("tradeDate").GetString(), d.GetProperty("previousDate").GetString()))
                .Should().Equal(flowPairs[symbol].Select(p => ((string?)Iso(p.Day), (string?)Iso(p.Previous))));
            foreach (var (day, (tradeDay, previous)) in days.Zip(flowPairs[symbol]))
            {
                var expected = Aum(fund, tradeDay) - (Aum(fund, previous) * (Nav(fund, tradeDay) / Nav(fund, previous)));
                day.GetProperty("netFlowUsd").GetDecimal().Should().BeApproximately(expected, 0.01m);
                day.GetProperty("previousAumUsd").GetDecimal().Should().Be(Aum(fund, previous));
            }
        }

        // Alerts at a 0.1 % threshold: only the daily changes above (one per flow pair), none on a stale day,
        // each naming the real observation it is measured from.
        var alerts = await host.Factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/alerts?since=2025-03-03");
        var large = alerts.GetProperty("alerts").EnumerateArray()
            .Where(a => a.GetProperty("kind").GetString() == "largeDailyAumChange")
            .Select(a => (Symbol: a.GetProperty("symbol").GetString()!, Date: a.GetProperty("date").GetString()!, Message: a.GetProperty("message").GetString()!))
            .ToList();
        var expectedAlerts = flowPairs
            .SelectMany(e => e.Value.Select(p => (Symbol: e.Key, p.Day, p.Previous)))
            .Where(p => Math.Abs((Aum(host.Dataset.Find(p.Symbol)!, p.Day) / Aum(host.Dataset.Find(p.Symbol)!, p.Previous)) - 1) >= 0.001m)
            .ToList();
        large.Select(a => (a.Symbol, a.Date)).Should().BeEquivalentTo(expectedAlerts.Select(p => (p.Symbol, Iso(p.Day))));
        large.Should().NotContain(a => staleDays[a.Symbol].Select(Iso).Contains(a.Date));
        foreach (var (symbol, day, previous) in expectedAlerts)
        {
            large.Single(a => a.Symbol == symbol && a.Date == Iso(day)).Message.Should().Contain($" on {Iso(previous)} to ");
        }

        expectedAlerts.Should().Contain(p => p.Symbol == "STLE" && p.Day == Fri, "the first fresh day after the stale run alerts against Monday");
    }

    private FakeBar Bar(FakeFund fund, DateOnly day) => host.Dataset.History(fund, NextWed).Bars.Single(b => b.Date == day);

    /// <summary>AUM as the fake reports it when fresh: whole shares outstanding × NAV, rounded to the dollar.</summary>
    private decimal Aum(FakeFund fund, DateOnly day)
    {
        var bar = Bar(fund, day);
        return (decimal)Math.Round(Math.Round(bar.SharesOutstanding) * bar.Nav);
    }

    private decimal Nav(FakeFund fund, DateOnly day) => (decimal)Bar(fund, day).Nav;

    private static string Usd(decimal amount) => "$" + amount.ToString("#,0", CultureInfo.InvariantCulture);
}
