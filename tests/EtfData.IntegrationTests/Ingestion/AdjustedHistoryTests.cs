using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream.Yahoo;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>
/// The stored price history is adjusted as of one day, whatever order the runs came in: nightly
/// incremental runs across an ex-dividend date and a 2:1 split end in exactly the rows one backfill
/// on the last day stores, and the API's adjusted prices and returns equal values worked out by hand.
/// </summary>
public sealed class AdjustedHistoryTests(IngestionHost host) : IClassFixture<IngestionHost>
{
    private const string Symbol = "ADJX";
    private static readonly DateOnly FirstDay = new(2025, 2, 18); // Tuesday; Monday 17th was Presidents' Day
    private static readonly DateOnly ExDate = new(2025, 3, 7);
    private static readonly DateOnly SplitDate = new(2025, 3, 12);
    private static readonly DateOnly LastDay = new(2025, 3, 18);
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>
    /// 21 sessions, 2025-02-18 … 2025-03-18, closes in today's units (after the split). Each day opens
    /// at the previous close, so open/high/low are the previous and this close. Served as of a day
    /// before the split (2025-03-12, 2:1) every price is twice this, the dividend 2.08 instead of 1.04
    /// and the volume 25,000 instead of 50,000.
    /// </summary>
    private static readonly FakeFund Scripted = new()
    {
        Symbol = Symbol,
        Name = "Scripted Adjustment Test ETF",
        Family = "Test",
        Category = "Large Blend",
        ExpenseRatio = 0.001m,
        Inception = FirstDay,
        Yield = 0.02m,
        StartPrice = 50.0,
        StartShares = 10_000_000,
        ScriptedCloses =
        [
            50.00, 50.50, 49.50, 50.00, // Feb 18 19 20 21
            50.00, 50.50, 50.00, 51.00, 51.50, // Feb 24 25 26 27 28
            51.00, 52.00, 52.50, 52.00, 51.00, // Mar 3 4 5 6 7 (ex-dividend)
            51.50, 53.00, 53.50, 54.00, 53.00, // Mar 10 11 12 (split) 13 14
            54.50, 55.00, // Mar 17 18
        ],
        // 1.04 on a previous close of 52.00: every bar before 2025-03-07 gets adjclose = close × (1 − 1.04 / 52) = close × 0.98.
        ScriptedDividends = [(ExDate, 1.04)],
        Splits = [(SplitDate, 2, 1)],
    };

    /// <summary>
    /// /prices?adjusted=true on 2025-03-18, by hand. Before the ex-date the factor adjClose / close is
    /// 0.98, e.g. 2025-02-19: open 50.00 × 0.98 = 49.00, high 50.50 × 0.98 = 49.49, low 49.00, close
    /// 49.49. From the ex-date on adjClose = close (factor 1): 2025-03-07 opens at 52.00 (the
    /// unadjusted previous close) and closes at 51.00. The split is invisible: every price is in
    /// post-split units, so 2025-03-11 → 2025-03-12 is 53.00 → 53.50, not 106.00 → 53.50.
    /// </summary>
    private static readonly (string Day, decimal Open, decimal High, decimal Low, decimal Close)[] AdjustedBars =
    [
        ("2025-02-18", 49.00m, 49.00m, 49.00m, 49.00m),
        ("2025-02-19", 49.00m, 49.49m, 49.00m, 49.49m),
        ("2025-02-20", 49.49m, 49.49m, 48.51m, 48.51m),
        ("2025-02-21", 48.51m, 49.00m, 48.51m, 49.00m),
        ("2025-02-24", 49.00m, 49.00m, 49.00m, 49.00m),
        ("2025-02-25", 49.00m, 49.49m, 49.00m, 49.49m),
        ("2025-02-26", 49.49m, 49.49m, 49.00m, 49.00m),
        ("2025-02-27", 49.00m, 49.98m, 49.00m, 49.98m),
        ("2025-02-28", 49.98m, 50.47m, 49.98m, 50.47m),
        ("2025-03-03", 50.47m, 50.47m, 49.98m, 49.98m),
        ("2025-03-04", 49.98m, 50.96m, 49.98m, 50.96m),
        ("2025-03-05", 50.96m, 51.45m, 50.96m, 51.45m),
        ("2025-03-06", 51.45m, 51.45m, 50.96m, 50.96m),
        ("2025-03-07", 52.00m, 52.00m, 51.00m, 51.00m),
        ("2025-03-10", 51.00m, 51.50m, 51.00m, 51.50m),
        ("2025-03-11", 51.50m, 53.00m, 51.50m, 53.00m),
        ("2025-03-12", 53.00m, 53.50m, 53.00m, 53.50m),
        ("2025-03-13", 53.50m, 54.00m, 53.50m, 54.00m),
        ("2025-03-14", 54.00m, 54.00m, 53.00m, 53.00m),
        ("2025-03-17", 53.00m, 54.50m, 53.00m, 54.50m),
        ("2025-03-18", 54.50m, 55.00m, 54.50m, 55.00m),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Nightly_runs_across_a_dividend_and_a_split_store_what_one_backfill_on_the_last_day_stores(bool weeklyEventsRuns)
    {
        host.Dataset.Add(Scripted);
        await host.ResetAsync(Scripted);

        foreach (var day in NyseCalendar.TradingDays(FirstDay, LastDay))
        {
            if (weeklyEventsRuns && day.DayOfWeek == DayOfWeek.Monday)
            {
                // The weekly events chain on the Saturday before, 08:00 New York.
                host.DataClock.Now = At(day.AddDays(-2), new TimeOnly(8, 0));
                (await host.RunAsync(JobNames.Dividends)).Status.Should().Be(RunStatus.Succeeded);
                (await host.RunAsync(JobNames.Splits)).Status.Should().Be(RunStatus.Succeeded);
            }

            host.DataClock.Now = At(day, new TimeOnly(17, 0));
            var nightly = await host.RunAsync(JobNames.Prices);
            nightly.Status.Should().Be(RunStatus.Succeeded, $"the nightly run of {day:yyyy-MM-dd}");

            if (day == new DateOnly(2025, 3, 11))
            {
                // After the dividend, before the split (SCHD's case): the dividend of 2025-03-07 adjusts
                // every earlier bar, also those fetched weeks before it. As of today the fund is still in
                // pre-split units: 2025-02-18 closed at 100.00 and its adjusted close is 100.00 × (1 −
                // 2.08 / 104.00) = 98.00; stale rows would still say 100.00.
                await using var db = host.Database.NewDbContext();
                var feb18 = await db.DailyPrices.SingleAsync(p => p.Symbol == Symbol && p.TradeDate == FirstDay);
                feb18.Close.Should().Be(100.00m);
                feb18.AdjClose.Should().Be(98.00m, "the dividend of 2025-03-07 re-adjusts the bar fetched on 2025-02-18");
                (await db.DailyPrices.Where(p => p.Symbol == Symbol && p.TradeDate < ExDate).ToListAsync())
                    .Should().HaveCount(13).And.OnlyContain(p => p.AdjClose == p.Close * 0.98m);
            }
        }

        var replayed = await RowsAsync(host.Database);

        // A second, fresh database: one backfill on the last day.
        await using (var fresh = await TestDatabase.CreateAsync(migrate: true))
        {
            await using (var db = fresh.NewDbContext())
            {
                db.Etfs.Add(new Etf { Symbol = Symbol, Name = Scripted.Name, FirstSeenAt = host.DataClock.Now, UpdatedAt = host.DataClock.Now });
                await db.SaveChangesAsync();
            }

            await using var factory = new EtfDataApiFactory(fresh.ConnectionString, IngestionHost.Settings(host.Fake), host.DataClock.Running);
            var backfill = await factory.Services.GetRequiredService<IngestionRunner>()
                .RunAsync(JobNames.Prices, new IngestionRequest("test", [Symbol], Backfill: true), null, CancellationToken.None);
            backfill.Status.Should().Be(RunStatus.Succeeded);

            replayed.Should().Equal(await RowsAsync(fresh), "day-by-day runs and one backfill store the same rows");
        }

        replayed.Should().Contain(
            "dividend:(ADJX,2025-03-07,1.04000000)",
            "split:(ADJX,2025-03-12,2.000000,1.000000)",
            // 2025-03-03 in post-split units: opens at the previous close 51.50, closes at 51.00, adjclose 51.00 × 0.98 = 49.98.
            "price_daily:(ADJX,2025-03-03,51.500000,51.500000,51.000000,51.000000,49.980000,50000)");

        using var client = host.Factory.CreateClient();
        var prices = await client.GetFromJsonAsync<JsonElement>($"/api/etfs/{Symbol}/prices?from=2025-02-18&to=2025-03-18&adjusted=true");
        prices.GetProperty("bars").EnumerateArray()
            .Select(b => (
                b.GetProperty("tradeDate").GetString()!,
                b.GetProperty("open").GetDecimal(),
                b.GetProperty("high").GetDecimal(),
                b.GetProperty("low").GetDecimal(),
                b.GetProperty("close").GetDecimal()))
            .Should().Equal(AdjustedBars);

        // Total returns as of 2025-03-18 (adjusted close 55.00), percent rounded to 4 decimals:
        //   1 day:   base 2025-03-17 (54.50): 55.00 / 54.50 − 1 = 0.0091743… → 0.9174
        //   5 days:  base five bars back, 2025-03-11 (53.00): 55.00 / 53.00 − 1 = 0.0377358… → 3.7736
        //   1 month: base the last bar on or before 2025-02-18 (49.00): 55.00 / 49.00 − 1 = 0.1224489… → 12.2449
        //   3 months, year to date, 1 year: no bar on or before their bases → null.
        // Stale rows would give 1 month = 55.00 / 100.00 − 1 = −45 %, and 5 days = 55.00 / 106.00 − 1.
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/etfs/{Symbol}");
        var returns = detail.GetProperty("returns");
        returns.GetProperty("asOf").GetString().Should().Be("2025-03-18");
        returns.GetProperty("oneDayPct").GetDecimal().Should().Be(0.9174m);
        returns.GetProperty("fiveDayPct").GetDecimal().Should().Be(3.7736m);
        returns.GetProperty("oneMonthPct").GetDecimal().Should().Be(12.2449m);
        returns.GetProperty("threeMonthPct").ValueKind.Should().Be(JsonValueKind.Null);
        returns.GetProperty("yearToDatePct").ValueKind.Should().Be(JsonValueKind.Null);
        returns.GetProperty("oneYearPct").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_nightly_run_that_finds_the_adjustment_changed_says_why_it_rewrote_the_history()
    {
        host.Dataset.Add(Scripted);
        await host.ResetAsync(Scripted);
        host.DataClock.Now = At(new DateOnly(2025, 3, 6), new TimeOnly(17, 0));
        await host.RunAsync(JobNames.Prices);

        host.DataClock.Now = At(ExDate, new TimeOnly(17, 0));
        var run = await host.RunAsync(JobNames.Prices);

        run.Status.Should().Be(RunStatus.Succeeded);
        await using var db = host.Database.NewDbContext();
        var item = await db.IngestionItems.SingleAsync(i => i.RunId == run.Id);
        // The incremental range starts 2025-03-01; its first stored bar, 2025-03-03, moved from 102.00 to 99.96.
        item.Note.Should().Be("history rewritten: adj_close of 2025-03-03 changed (new dividend 2025-03-07)");
        (await db.DailyPrices.SingleAsync(p => p.Symbol == Symbol && p.TradeDate == FirstDay)).AdjClose.Should().Be(98.00m);
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, NewYork.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Every stored bar, dividend and split of the fund as <c>table:(row)</c>, in order.</summary>
    private static async Task<List<string>> RowsAsync(TestDatabase database)
    {
        var rows = new List<string>();
        foreach (var (table, order) in new[] { ("price_daily", "trade_date"), ("dividend", "ex_date"), ("split", "split_date") })
        {
            await using var command = database.DataSource.CreateCommand(
                $"SELECT '{table}:' || x::text FROM {table} x WHERE symbol = '{Symbol}' ORDER BY {order}");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        return rows;
    }
}
