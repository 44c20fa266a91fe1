using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream.Control;
using EtfData.FakeUpstream.Faults;
using EtfData.FakeUpstream.Issuers;
using EtfData.FakeUpstream.Securities;
using EtfData.FakeUpstream.Yahoo;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>
/// The issuer, Schwab and etfdb jobs end to end: the real host over the fake upstream's generated files and pages,
/// a real database.
/// </summary>
public sealed class HoldingsSourcesIngestionTests(IngestionHost host) : IClassFixture<IngestionHost>
{
    private static readonly DateOnly Friday = DateOnly.FromDateTime(IngestionHost.FridayAfterClose.UtcDateTime);

    private FakeFund Fund(string symbol) => host.Dataset.Find(symbol)!;

    private async Task ResetAsync(params string[] symbols)
    {
        host.Fake.Drift.Clear();
        host.Fake.State.EtfdbStaleStamps.Clear();
        await host.ResetAsync([.. symbols.Select(Fund)]);
    }

    private async Task<List<IngestionItem>> ItemsAsync(IngestionRun run)
    {
        await using var db = host.Database.NewDbContext();
        return await db.IngestionItems.AsNoTracking().Where(i => i.RunId == run.Id).OrderBy(i => i.Item).ToListAsync();
    }

    [Fact]
    public async Task Issuer_files_store_full_snapshots_and_the_iShares_header_shares_as_a_dated_observation()
    {
        await ResetAsync("IVV", "SPY", "QQQ", "VOO");

        var run = await host.RunAsync(JobNames.HoldingsIssuer);

        run.Status.Should().Be(RunStatus.Succeeded, "items: {0}", string.Join("; ", (await ItemsAsync(run)).Select(i => $"{i.Item} {i.Status} {i.Error}")));
        // VOO (Vanguard) has no issuer file EtfData reads: not an item of this job.
        (await ItemsAsync(run)).Select(i => i.Item).Should().Equal("IVV", "QQQ", "SPY");
        await using var db = host.Database.NewDbContext();
        var snapshots = await db.HoldingSnapshots.AsNoTracking().OrderBy(s => s.Symbol).ToListAsync();
        snapshots.Select(s => (s.Symbol, s.Source, s.AsOf, s.Coverage)).Should().Equal(
            ("IVV", HoldingSources.IShares, Friday, HoldingCoverage.Full),
            ("QQQ", HoldingSources.Invesco, Friday, HoldingCoverage.Full),
            ("SPY", HoldingSources.Spdr, Friday, HoldingCoverage.Full));
        // iShares lists every line of the generated portfolio, cash and futures included.
        snapshots[0].PositionCount.Should().Be(FundPortfolio.Lines(FundDay.On(host.Dataset, Fund("IVV"), Friday)!).Count);
        snapshots.Should().OnlyContain(s => s.PositionCount > 50 && s.WeightCheck == "ok");

        // iShares states shares outstanding: the Yahoo dataset's of that day, rounded to whole shares.
        var ivvBar = host.Dataset.History(Fund("IVV"), Friday).Bars.Single(b => b.Date == Friday);
        var metric = await db.FundMetrics.AsNoTracking().SingleAsync(m => m.Symbol == "IVV" && m.Source == HoldingSources.IShares);
        metric.AsOf.Should().Be(Friday);
        metric.SharesOutstanding.Should().Be((long)Math.Round(ivvBar.SharesOutstanding));
        // SPDR's and Invesco's files state no shares outstanding: no observation is made up for them.
        (await db.FundMetrics.CountAsync(m => m.Source == HoldingSources.Spdr || m.Source == HoldingSources.Invesco)).Should().Be(0);
    }

    [Fact]
    public async Task An_unchanged_second_run_stores_no_new_snapshot_and_says_since_when()
    {
        await ResetAsync("IVV", "SPY");
        (await host.RunAsync(JobNames.HoldingsIssuer)).Status.Should().Be(RunStatus.Succeeded);

        var second = await host.RunAsync(JobNames.HoldingsIssuer);

        second.Status.Should().Be(RunStatus.Succeeded);
        var items = await ItemsAsync(second);
        items.Should().OnlyContain(i => i.RowsInserted == 0 && i.RowsUpdated == 0);
        items.Should().OnlyContain(i => i.Note!.Contains("unchanged since 2025-03-07", StringComparison.Ordinal));
        await using var db = host.Database.NewDbContext();
        (await db.HoldingSnapshots.CountAsync()).Should().Be(2);
    }

    [Fact]
    public async Task A_drifted_file_fails_only_its_own_item_naming_what_is_missing_and_writes_nothing_of_it()
    {
        await ResetAsync("IVV", "SPY", "QQQ");
        host.Fake.Drift.Drift(LayoutDrift.IShares, "IVV");

        var run = await host.RunAsync(JobNames.HoldingsIssuer);

        run.Status.Should().Be(RunStatus.Partial);
        var items = await ItemsAsync(run);
        var ivv = items.Single(i => i.Item == "IVV");
        ivv.Status.Should().Be(ItemStatus.Failed);
        ivv.Error.Should().Contain("payload invalid").And.Contain("Weight (%)");
        items.Where(i => i.Item != "IVV").Should().OnlyContain(i => i.Status == ItemStatus.Succeeded);
        await using var db = host.Database.NewDbContext();
        (await db.HoldingSnapshots.CountAsync(s => s.Symbol == "IVV")).Should().Be(0);
        (await db.FundMetrics.CountAsync(m => m.Symbol == "IVV")).Should().Be(0);
        (await db.HoldingSnapshots.Select(s => s.Symbol).OrderBy(s => s).ToListAsync()).Should().Equal("QQQ", "SPY");
    }

    [Fact]
    public async Task Throttling_and_server_errors_on_an_issuer_file_are_retried_and_then_fail_the_item_without_partial_writes()
    {
        await ResetAsync("IVV", "SPY");
        // One 429 and one 503 for IVV, then the file: retried to success. SPY's file answers 503 every time.
        host.Fake.Faults.On(IssuerFake.ISharesPath("IVV"), Fault.TooManyRequests(TimeSpan.Zero));
        host.Fake.Faults.On(IssuerFake.ISharesPath("IVV"), Fault.ServerError(503));
        host.Fake.Faults.On(IssuerFake.SpdrPathPrefix + "spy.xlsx", Fault.ServerError(503), times: null);

        var run = await host.RunAsync(JobNames.HoldingsIssuer);

        run.Status.Should().Be(RunStatus.Partial);
        var items = await ItemsAsync(run);
        items.Single(i => i.Item == "IVV").Status.Should().Be(ItemStatus.Succeeded);
        var spy = items.Single(i => i.Item == "SPY");
        spy.Status.Should().Be(ItemStatus.Failed);
        spy.Error.Should().Contain("upstream unavailable").And.Contain("503");
        // The first attempt and the two retries of Sources:Spdr:MaxRetryAttempts.
        host.Fake.Requests.To(IssuerFake.SpdrPathPrefix + "spy.xlsx").Should().HaveCount(3);
        await using var db = host.Database.NewDbContext();
        (await db.HoldingSnapshots.Select(s => s.Symbol).ToListAsync()).Should().Equal("IVV");
    }

    [Fact]
    public async Task A_security_held_by_SPY_and_IVV_has_one_identity_across_their_issuer_files()
    {
        await ResetAsync("IVV", "SPY");

        (await host.RunAsync(JobNames.HoldingsIssuer)).Status.Should().Be(RunStatus.Succeeded);

        await using var db = host.Database.NewDbContext();
        var held = await (from h in db.Holdings
                          join s in db.HoldingSnapshots on h.SnapshotId equals s.Id
                          where h.Ticker == "AAPL"
                          select new { s.Symbol, h.SecurityId }).ToListAsync();
        held.Select(h => h.Symbol).Should().BeEquivalentTo(["IVV", "SPY"]);
        held.Select(h => h.SecurityId).Distinct().Should().ContainSingle().Which.Should().NotBeNull();

        // iShares writes Berkshire's class B as BRKB on the NYSE, SPDR as BRK.B with its CUSIP: one security.
        var berkshire = await (from h in db.Holdings
                               join s in db.HoldingSnapshots on h.SnapshotId equals s.Id
                               join sec in db.Securities on h.SecurityId equals sec.Id
                               where sec.Cusip == "084670702"
                               select new { s.Symbol, h.Ticker, h.SecurityId }).ToListAsync();
        berkshire.Select(h => h.Symbol).Should().BeEquivalentTo(["IVV", "SPY"]);
        berkshire.Single(h => h.Symbol == "IVV").Ticker.Should().Be("BRK-B");

        // Mastercard is "MASTERCARD INC CLASS A" on the NYSE with the plain symbol MA: not rewritten, still one security.
        var mastercard = await (from h in db.Holdings
                                join s in db.HoldingSnapshots on h.SnapshotId equals s.Id
                                join sec in db.Securities on h.SecurityId equals sec.Id
                                where sec.Cusip == "57636Q104"
                                select new { s.Symbol, h.Ticker }).ToListAsync();
        mastercard.Should().BeEquivalentTo([new { Symbol = "IVV", Ticker = "MA" }, new { Symbol = "SPY", Ticker = "MA" }]);
    }

    [Fact]
    public async Task Etfdb_is_kept_as_an_outside_profile_with_its_flows_and_fills_etf_only_below_better_sources()
    {
        await ResetAsync("SPY", "IVV");
        (await host.RunAsync(JobNames.Aum)).Status.Should().Be(RunStatus.Succeeded);

        var run = await host.RunAsync(JobNames.Etfdb);

        run.Status.Should().Be(RunStatus.Succeeded, string.Join("; ", (await ItemsAsync(run)).Select(i => $"{i.Item} {i.Error}")));
        await using var db = host.Database.NewDbContext();
        var profile = await db.EtfSourceProfiles.AsNoTracking().SingleAsync(p => p.Symbol == "SPY");
        profile.Source.Should().Be(FundFacts.Etfdb);
        profile.Issuer.Should().Be("State Street");
        profile.Structure.Should().Be("UIT");
        profile.IndexTracked.Should().Be("S&P 500 Index");
        profile.AumAsOf.Should().Be(Friday);

        // The 5-day window: Σ over SPY's last 5 sessions through Friday of (SO_d − SO_prev) × NAV_d, SO rounded to
        // whole shares; the page shows it to two decimals of B (|x| ≥ 1e9) or M, so within half of that last digit.
        var bars = host.Dataset.History(Fund("SPY"), Friday).Bars.Where(b => !b.IsNullRow).ToList();
        var expected = Enumerable.Range(bars.Count - 5, 5)
            .Sum(i => ((decimal)Math.Round(bars[i].SharesOutstanding) - (decimal)Math.Round(bars[i - 1].SharesOutstanding)) * Math.Round((decimal)bars[i].Nav, 2));
        var fiveDay = await db.ReportedFlows.AsNoTracking().SingleAsync(f => f.Symbol == "SPY" && f.WindowName == "5-day");
        fiveDay.AsOf.Should().Be(Friday);
        fiveDay.NetFlowUsd.Should().BeApproximately(expected, Math.Abs(expected) >= 1e9m ? 5_000_000m : 5_000m);

        // Yahoo (aum) set the category first and outranks etfdb; structure and index tracked were empty.
        var spy = await db.Etfs.AsNoTracking().SingleAsync(e => e.Symbol == "SPY");
        spy.Category.Should().NotBe("Large Cap Blend Equities");
        spy.Structure.Should().Be("UIT");
        spy.IndexTracked.Should().Be("S&P 500 Index");
        var sources = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(spy.FieldSources)!;
        sources.Should().Contain("category", FundFacts.Yahoo).And.Contain("structure", FundFacts.Etfdb).And.Contain("index_tracked", FundFacts.Etfdb);

        // A second read of the same pages changes nothing.
        var again = await host.RunAsync(JobNames.Etfdb);
        (await ItemsAsync(again)).Should().OnlyContain(i => i.RowsInserted == 0 && i.RowsUpdated == 0);
    }

    [Fact]
    public async Task Etfdb_flows_are_dated_by_the_session_they_were_read_after_not_by_a_stale_AUM_stamp()
    {
        await ResetAsync("SPY");
        // Like the real VXUS page: saved in 2023-10, its AUM block still said "Last Updated Dec 09, 2021".
        var stale = new DateOnly(2021, 12, 9);
        host.Fake.State.EtfdbStaleStamps["SPY"] = stale;

        var run = await host.RunAsync(JobNames.Etfdb);

        run.Status.Should().Be(RunStatus.Succeeded, string.Join("; ", (await ItemsAsync(run)).Select(i => $"{i.Item} {i.Error}")));
        await using var db = host.Database.NewDbContext();
        (await db.EtfSourceProfiles.AsNoTracking().SingleAsync(p => p.Symbol == "SPY")).AumAsOf.Should().Be(stale);
        // The host's clock is Friday after the close: the last completed NYSE session is that Friday.
        var dates = await db.ReportedFlows.AsNoTracking().Where(f => f.Symbol == "SPY").Select(f => f.AsOf).Distinct().ToListAsync();
        dates.Should().Equal(Friday);
    }

    [Fact]
    public async Task The_issuer_file_sets_the_issuer_and_a_later_Yahoo_or_etfdb_value_does_not_overwrite_it()
    {
        await ResetAsync("SPY");

        (await host.RunAsync(JobNames.HoldingsIssuer)).Status.Should().Be(RunStatus.Succeeded);
        (await host.RunAsync(JobNames.Aum)).Status.Should().Be(RunStatus.Succeeded);
        var etfdb = await host.RunAsync(JobNames.Etfdb);

        etfdb.Status.Should().Be(RunStatus.Succeeded);
        await using var db = host.Database.NewDbContext();
        var spy = await db.Etfs.AsNoTracking().SingleAsync(e => e.Symbol == "SPY");
        // etfdb says "State Street"; the SPDR file's issuer holds.
        spy.Issuer.Should().Be("SPDR State Street Global Advisors");
        var sources = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(spy.FieldSources)!;
        sources.Should().Contain("issuer", FundFacts.Issuer);
        (await ItemsAsync(etfdb)).Single().Note.Should().Contain("issuer (kept issuer's)");
    }

    [Fact]
    public async Task A_merge_waits_for_a_concurrent_writer_of_the_etf_row_and_keeps_the_fields_it_set()
    {
        await ResetAsync("SPY");
        (await host.RunAsync(JobNames.Aum)).Status.Should().Be(RunStatus.Succeeded);
        await using var other = host.Database.NewDbContext();
        await using var otherTransaction = await other.Database.BeginTransactionAsync();
        // Another writer (a SEC merge, say) holds the row and records the expense ratio as its own.
        await other.Database.ExecuteSqlAsync($"""
            UPDATE etf SET expense_ratio = 0.0001, field_sources = field_sources || jsonb_build_object('expense_ratio', 'sec') WHERE symbol = 'SPY'
            """);

        var running = host.RunAsync(JobNames.Etfdb);
        var waiting = 0;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (waiting == 0 && DateTime.UtcNow < deadline && !running.IsCompleted)
        {
            waiting = (await other.Database.SqlQuery<int>(
                $"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()").ToListAsync()).Single();
            if (waiting == 0)
            {
                await Task.Delay(50);
            }
        }

        waiting.Should().BeGreaterThan(0, "the etfdb merge waits for the row");
        await otherTransaction.CommitAsync();
        (await running).Status.Should().Be(RunStatus.Succeeded);
        await using var db = host.Database.NewDbContext();
        var spy = await db.Etfs.AsNoTracking().SingleAsync(e => e.Symbol == "SPY");
        var sources = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(spy.FieldSources)!;
        sources.Should().Contain("expense_ratio", "sec").And.Contain("structure", FundFacts.Etfdb);
        spy.ExpenseRatio.Should().Be(0.0001m);
    }

    [Fact]
    public async Task A_drifted_etfdb_page_fails_only_its_fund()
    {
        await ResetAsync("SPY", "IVV");
        host.Fake.Drift.Drift(LayoutDrift.Etfdb, "IVV");

        var run = await host.RunAsync(JobNames.Etfdb);

        run.Status.Should().Be(RunStatus.Partial);
        var ivv = (await ItemsAsync(run)).Single(i => i.Item == "IVV");
        ivv.Status.Should().Be(ItemStatus.Failed);
        ivv.Error.Should().Contain("payload invalid").And.Contain("#etf-ticker-body");
        await using var db = host.Database.NewDbContext();
        (await db.EtfSourceProfiles.Select(p => p.Symbol).ToListAsync()).Should().Equal("SPY");
        (await db.ReportedFlows.CountAsync(f => f.Symbol == "IVV")).Should().Be(0);
    }

    [Fact]
    public async Task The_aum_job_records_yahoo_for_the_fields_it_sets_and_never_overwrites_a_better_source()
    {
        await ResetAsync("SPY");
        await using (var seed = host.Database.NewDbContext())
        {
            await seed.Etfs.Where(e => e.Symbol == "SPY").ExecuteUpdateAsync(u => u
                .SetProperty(e => e.ExpenseRatio, 0.0001m)
                .SetProperty(e => e.FieldSources, """{"expense_ratio": "issuer"}"""));
        }

        (await host.RunAsync(JobNames.Aum)).Status.Should().Be(RunStatus.Succeeded);

        await using var db = host.Database.NewDbContext();
        var spy = await db.Etfs.AsNoTracking().SingleAsync(e => e.Symbol == "SPY");
        spy.ExpenseRatio.Should().Be(0.0001m);
        spy.Category.Should().NotBeNull();
        var sources = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(spy.FieldSources)!;
        sources.Should().Contain("expense_ratio", FundFacts.Issuer).And.Contain("category", FundFacts.Yahoo).And.Contain("issuer", FundFacts.Yahoo);
    }

    [Fact]
    public async Task Schwab_pages_give_every_row_of_the_funds_without_an_issuer_file()
    {
        await ResetAsync("VOO", "SCHD", "SPY");

        var run = await host.RunAsync(JobNames.HoldingsSchwab);

        run.Status.Should().Be(RunStatus.Succeeded, string.Join("; ", (await ItemsAsync(run)).Select(i => $"{i.Item} {i.Error}")));
        // SPY has its issuer's file: holdings-issuer covers it, Schwab is not asked.
        (await ItemsAsync(run)).Select(i => i.Item).Should().Equal("SCHD", "VOO");
        await using var db = host.Database.NewDbContext();
        var voo = await db.HoldingSnapshots.AsNoTracking().SingleAsync(s => s.Symbol == "VOO");
        voo.Source.Should().Be(HoldingSources.Schwab);
        voo.AsOf.Should().Be(Friday);
        voo.Coverage.Should().Be(HoldingCoverage.Full);
        // Every line of the generated portfolio, over 20-row pages: the page, then the module for the rest.
        var lines = FundPortfolio.Lines(FundDay.On(host.Dataset, Fund("VOO"), Friday)!).Count;
        lines.Should().BeGreaterThan(20);
        voo.PositionCount.Should().Be(lines);
        var positions = await db.Holdings.Where(h => h.SnapshotId == voo.Id).OrderBy(h => h.Position).Select(h => h.Position).ToListAsync();
        positions.Should().Equal(Enumerable.Range(1, lines));
    }

    [Fact]
    public async Task A_drifted_Schwab_page_fails_only_its_fund_naming_what_is_missing()
    {
        await ResetAsync("VOO", "BND");
        host.Fake.Drift.Drift(LayoutDrift.Schwab, "BND");

        var run = await host.RunAsync(JobNames.HoldingsSchwab);

        run.Status.Should().Be(RunStatus.Partial);
        var items = await ItemsAsync(run);
        var bnd = items.Single(i => i.Item == "BND");
        bnd.Status.Should().Be(ItemStatus.Failed);
        bnd.Error.Should().Contain("payload invalid").And.Contain("#holdingsTableContainer");
        items.Single(i => i.Item == "VOO").Status.Should().Be(ItemStatus.Succeeded);
        await using var db = host.Database.NewDbContext();
        (await db.HoldingSnapshots.CountAsync(s => s.Symbol == "BND")).Should().Be(0);
    }

    [Fact]
    public async Task A_stock_held_by_SPY_IVV_and_VOO_through_SPDR_iShares_and_Schwab_is_one_security()
    {
        await ResetAsync("IVV", "SPY", "VOO");

        (await host.RunAsync(JobNames.HoldingsIssuer)).Status.Should().Be(RunStatus.Succeeded);
        (await host.RunAsync(JobNames.HoldingsSchwab)).Status.Should().Be(RunStatus.Succeeded);

        await using var db = host.Database.NewDbContext();
        var held = await (from h in db.Holdings
                          join s in db.HoldingSnapshots on h.SnapshotId equals s.Id
                          where h.Ticker == "AAPL" || h.Ticker == "MSFT"
                          select new { s.Symbol, s.Source, h.Ticker, h.SecurityId }).ToListAsync();
        held.Select(h => (h.Symbol, h.Source)).Distinct().Should().BeEquivalentTo(
            [("IVV", HoldingSources.IShares), ("SPY", HoldingSources.Spdr), ("VOO", HoldingSources.Schwab)]);
        foreach (var ticker in (string[])["AAPL", "MSFT"])
        {
            held.Where(h => h.Ticker == ticker).Should().HaveCount(3);
            held.Where(h => h.Ticker == ticker).Select(h => h.SecurityId).Distinct().Should().ContainSingle().Which.Should().NotBeNull();
        }

        // SPDR's file states the CUSIP, which the security now carries for the ticker-only positions too.
        var appleId = held.First(h => h.Ticker == "AAPL").SecurityId;
        var apple = await db.Securities.AsNoTracking().SingleAsync(s => s.Id == appleId);
        apple.Cusip.Should().Be("037833100");
    }

    [Fact]
    public async Task The_shares_method_flow_from_two_issuer_file_days_is_the_generators_creations_times_that_days_NAV()
    {
        await ResetAsync("IVV");
        var thursday = Friday.AddDays(-1);
        foreach (var day in (DateOnly[])[thursday, Friday])
        {
            host.DataClock.Now = new DateTimeOffset(day.ToDateTime(new TimeOnly(22, 0)), TimeSpan.Zero);
            (await host.RunAsync(JobNames.Aum)).Status.Should().Be(RunStatus.Succeeded);
            (await host.RunAsync(JobNames.HoldingsIssuer)).Status.Should().Be(RunStatus.Succeeded);
        }

        (await host.RunAsync(JobNames.Flows)).Status.Should().Be(RunStatus.Succeeded);

        // The generator's Thursday and Friday: SO rounded to whole shares as the file states it, NAV_fri the
        // generator's (to the cent). flow = (SO_fri − SO_thu) × NAV_fri, with NAV_fri derived from Friday's file.
        var bars = host.Dataset.History(Fund("IVV"), Friday).Bars;
        var thu = bars.Single(b => b.Date == thursday);
        var fri = bars.Single(b => b.Date == Friday);
        var soThu = (long)Math.Round(thu.SharesOutstanding);
        var soFri = (long)Math.Round(fri.SharesOutstanding);
        var navFri = Math.Round((decimal)fri.Nav, 2);
        soFri.Should().NotBe(soThu, "the generator created or redeemed shares that day");

        // The file's rounding bound. The file prints each line's market value to the cent (exact: the generator's
        // values are cents) and its weight as a percent to 2 decimals, a fraction off by at most 0.00005 per line;
        // over n lines Σ weight is off by at most e = n × 0.00005. Net assets derived = Σ MV ÷ Σ weight_printed, the
        // true ones Σ MV ÷ Σ weight (weights are MV ÷ net assets), so their relative error is at most e ÷ (Σ weight − e).
        // NAV derived = net assets (to the cent) ÷ SO: NAV_fri × that relative error, + 0.01 ÷ SO for the two cent
        // roundings of net assets, + 0.0000005 for nav_per_share's 6 decimals. The flow is off by |ΔSO| × that.
        var lines = FundPortfolio.Lines(FundDay.On(host.Dataset, Fund("IVV"), Friday)!);
        var e = lines.Count * 0.00005m;
        var weightSum = lines.Sum(l => l.Weight);
        var navBound = (navFri * e / (weightSum - e)) + (0.01m / soFri) + 0.0000005m;
        await using var db = host.Database.NewDbContext();
        var observation = await db.FundMetrics.AsNoTracking()
            .SingleAsync(m => m.Symbol == "IVV" && m.Source == HoldingSources.IShares && m.AsOf == Friday);
        observation.NavPerShare.Should().NotBeNull("the issuer's NAV is derived from its own file");
        observation.NavPerShare!.Value.Should().BeApproximately(navFri, navBound);
        observation.TotalAssetsUsd!.Value.Should().BeApproximately(soFri * navFri, soFri * navBound);
        var flow = await db.FundFlows.AsNoTracking()
            .SingleAsync(f => f.Symbol == "IVV" && f.TradeDate == Friday && f.Method == FlowMethod.Shares && f.Source == HoldingSources.IShares);
        flow.PreviousDate.Should().Be(thursday);
        flow.SharesOutstanding.Should().Be(soFri);
        flow.PreviousSharesOutstanding.Should().Be(soThu);
        flow.NavPerShare.Should().Be(observation.NavPerShare);
        flow.NetFlowUsd.Should().Be(Math.Round((soFri - soThu) * observation.NavPerShare.Value, 2, MidpointRounding.AwayFromZero));
        flow.NetFlowUsd.Should().BeApproximately((soFri - soThu) * navFri, Math.Abs(soFri - soThu) * navBound);
    }
}
