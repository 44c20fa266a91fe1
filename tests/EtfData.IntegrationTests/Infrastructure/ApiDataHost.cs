using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream.Yahoo;
using Xunit;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>
/// A database filled through the real ingestion path from the fake upstream: discovery of five ETFs,
/// a price backfill, nightly AUM snapshots replayed for every session from 2025-02-03 to 2025-03-07
/// (the data clock moved day by day, as nightly runs would have seen it), and derived flows.
/// Read-API tests check the endpoints against the fake's generator, not against the database.
/// </summary>
public sealed class ApiDataHost : IngestionHost
{
    public static readonly string[] Symbols = ["AGG", "GLD", "QQQ", "SCHD", "SPY"];

    public static readonly DateOnly FirstAumDay = new(2025, 2, 3);

    /// <summary>Alert thresholds low enough that the generated data triggers them (percents as configured).</summary>
    public const decimal LiquidityThresholdUsd = 100_000_000_000m;
    public const decimal LargeDailyChangePct = 0.5m;

    public HttpClient Client { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Alerts:LiquidityAumUsd"] = "100000000000",
        ["Alerts:LargeDailyAumChangePct"] = "0.5",
    };

    public IReadOnlyList<DateOnly> AumDays { get; private set; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ResetAsync();
        await RunAsync(JobNames.Discovery, false, Symbols);
        await RunAsync(JobNames.Prices, backfill: true);
        var days = new List<DateOnly>();
        var lastDay = DataDate;
        for (var day = FirstAumDay; day <= lastDay; day = day.AddDays(1))
        {
            if (NyseCalendar.IsTradingDay(day))
            {
                DataClock.Now = new DateTimeOffset(day.ToDateTime(new TimeOnly(22, 0)), TimeSpan.Zero);
                await RunAsync(JobNames.Aum);
                days.Add(day);
            }
        }

        DataClock.Now = FridayAfterClose;
        AumDays = days;
        await RunAsync(JobNames.Flows);
        Client = Factory.CreateClient();
    }

    public override async Task DisposeAsync()
    {
        Client.Dispose();
        await base.DisposeAsync();
    }

    public FakeFund Fund(string symbol) => Dataset.Find(symbol) ?? throw new ArgumentException(symbol);

    /// <summary>The generator's bar of a fund on a day (what the fake served for it).</summary>
    public FakeBar Bar(string symbol, DateOnly day) => Dataset.History(Fund(symbol), DataDate).Bars.Single(b => b.Date == day);

    /// <summary>
    /// The AUM-method flow of a replayed day, from the generator's numbers:
    /// AUM_t − AUM_prev × (NAV_t / NAV_prev), rounded to cents; null on the first replayed day.
    /// </summary>
    public decimal? ExpectedAumFlow(string symbol, DateOnly day)
    {
        var index = AumDays.ToList().IndexOf(day);
        if (index < 1)
        {
            return null;
        }

        var previous = AumDays[index - 1];
        var navNow = (decimal)Bar(symbol, day).Nav;
        var navBefore = (decimal)Bar(symbol, previous).Nav;
        return Math.Round(FakeAum(symbol, day) - (FakeAum(symbol, previous) * (navNow / navBefore)), 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>AUM as the fake reports it: whole shares outstanding × NAV, rounded to the dollar.</summary>
    public decimal FakeAum(string symbol, DateOnly day)
    {
        var bar = Bar(symbol, day);
        return (decimal)Math.Round(Math.Round(bar.SharesOutstanding) * bar.Nav);
    }
}

/// <summary>Test classes that read the loaded database share one load.</summary>
[CollectionDefinition(Name)]
public sealed class ApiDataGroup : ICollectionFixture<ApiDataHost>
{
    public const string Name = "api-data";
}
