using System.Collections.Concurrent;

namespace EtfData.FakeUpstream.Yahoo;

/// <summary>A fund the fake Yahoo knows, with the facts its quoteSummary modules report.</summary>
public sealed record FakeFund
{
    /// <summary>Yahoo spelling (<c>BRK-B</c>).</summary>
    public required string Symbol { get; init; }
    public required string Name { get; init; }
    public required string Family { get; init; }
    public required string Category { get; init; }
    public required decimal ExpenseRatio { get; init; }
    public required DateOnly Inception { get; init; }
    /// <summary>Distribution yield as a fraction; 0 = pays no dividends.</summary>
    public required decimal Yield { get; init; }
    public required double StartPrice { get; init; }
    public required double StartShares { get; init; }
    public string ExchangeName { get; init; } = "PCX";
    public string FullExchangeName { get; init; } = "NYSEArca";
    /// <summary>Commodity trusts have no <c>topHoldings</c> module on Yahoo.</summary>
    public bool HasTopHoldings { get; init; } = true;
    public IReadOnlyList<(string? Symbol, string Name, decimal Weight)> TopHoldings { get; init; } = [];
    public IReadOnlyList<(string Sector, decimal Weight)> Sectors { get; init; } = [];
    public IReadOnlyList<(DateOnly Date, int Numerator, int Denominator)> Splits { get; init; } = [];
}

/// <summary>One generated trading day. Prices are split-adjusted, as Yahoo serves them.</summary>
public sealed record FakeBar(
    DateOnly Date,
    double Open,
    double High,
    double Low,
    double Close,
    double AdjClose,
    long Volume,
    double SharesOutstanding,
    bool IsNullRow);

/// <summary>
/// The deterministic dataset behind the fake Yahoo: the same symbol and date always give the same
/// numbers. Prices are a seeded random walk from <see cref="HistoryStart"/> (or inception) to today
/// on weekdays other than 1 January and 25 December; 4 July (when a weekday) is present as a row of
/// nulls, the holiday quirk Yahoo shows on some exchanges. Dividends are quarterly (first trading
/// day from the 20th of March, June, September, December) at yield/4 of the close.
/// </summary>
public sealed class YahooDataset
{
    public static readonly DateOnly HistoryStart = new(2016, 1, 4);

    private readonly ConcurrentDictionary<(string Symbol, DateOnly Through), FakeHistory> _histories = new();
    private readonly ConcurrentDictionary<string, FakeFund> _funds;

    public YahooDataset(IEnumerable<FakeFund>? funds = null)
    {
        _funds = new ConcurrentDictionary<string, FakeFund>(
            (funds ?? DefaultFunds()).Select(f => KeyValuePair.Create(f.Symbol, f)),
            StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyCollection<FakeFund> Funds => [.. _funds.Values];

    public FakeFund? Find(string symbol) => _funds.TryGetValue(symbol, out var fund) ? fund : null;

    public void Add(FakeFund fund)
    {
        ArgumentNullException.ThrowIfNull(fund);
        _funds[fund.Symbol] = fund;
    }

    /// <summary>Bars and dividends from the first trading day through <paramref name="through"/> (inclusive).</summary>
    public FakeHistory History(FakeFund fund, DateOnly through)
    {
        ArgumentNullException.ThrowIfNull(fund);
        return _histories.GetOrAdd((fund.Symbol, through), key => Generate(fund, key.Through));
    }

    public static bool IsTradingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !(date.Month == 1 && date.Day == 1)
        && !(date.Month == 12 && date.Day == 25);

    private static FakeHistory Generate(FakeFund fund, DateOnly through)
    {
        var random = new Random(StableSeed(fund.Symbol));
        var bars = new List<FakeBar>();
        var dividends = new List<(DateOnly ExDate, double Amount)>();
        var close = fund.StartPrice;
        var shares = fund.StartShares;
        var start = fund.Inception > HistoryStart ? fund.Inception : HistoryStart;
        var lastDividendQuarter = -1;

        for (var date = start; date <= through; date = date.AddDays(1))
        {
            if (!IsTradingDay(date))
            {
                continue;
            }

            var drift = Gaussian(random);
            var open = close * (1 + (0.002 * Gaussian(random)));
            close *= Math.Exp(0.0003 + (0.01 * drift));
            var high = Math.Max(open, close) * (1 + (0.004 * random.NextDouble()));
            var low = Math.Min(open, close) * (1 - (0.004 * random.NextDouble()));
            var volume = (long)(fund.StartShares / 200 * (0.5 + random.NextDouble()));
            shares *= 1 + (0.0015 * Gaussian(random));

            if (date.Month == 7 && date.Day == 4)
            {
                bars.Add(new FakeBar(date, 0, 0, 0, 0, 0, 0, shares, IsNullRow: true));
                continue;
            }

            var quarter = (date.Year * 4) + ((date.Month - 1) / 3);
            if (fund.Yield > 0 && date.Month % 3 == 0 && date.Day >= 20 && quarter != lastDividendQuarter && bars.Count > 0)
            {
                lastDividendQuarter = quarter;
                dividends.Add((date, Math.Round(bars[^1].Close * (double)fund.Yield / 4, 4)));
            }

            bars.Add(new FakeBar(date, open, high, low, close, close, volume, shares, IsNullRow: false));
        }

        // adjclose: every bar before an ex-date is scaled by (1 - amount / previous close).
        var factor = 1.0;
        var next = dividends.Count - 1;
        for (var i = bars.Count - 1; i >= 0; i--)
        {
            while (next >= 0 && dividends[next].ExDate > bars[i].Date)
            {
                var previousClose = bars[i].IsNullRow ? bars[Math.Max(i - 1, 0)].Close : bars[i].Close;
                factor *= 1 - (dividends[next].Amount / previousClose);
                next--;
            }

            if (!bars[i].IsNullRow)
            {
                bars[i] = bars[i] with { AdjClose = bars[i].Close * factor };
            }
        }

        return new FakeHistory(bars, dividends, fund.Splits.Where(s => s.Date <= through).ToList());
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>FNV-1a over the symbol: string.GetHashCode is randomised per process.</summary>
    private static int StableSeed(string symbol)
    {
        var hash = 2166136261u;
        foreach (var c in symbol.ToUpperInvariant())
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7fffffff);
    }

    private static readonly (string Sector, decimal Weight)[] BroadSectors =
    [
        ("realestate", 0.0212m), ("consumer_cyclical", 0.1043m), ("basic_materials", 0.0195m),
        ("consumer_defensive", 0.0561m), ("technology", 0.3254m), ("communication_services", 0.0937m),
        ("financial_services", 0.1342m), ("utilities", 0.0241m), ("industrials", 0.0739m),
        ("energy", 0.0301m), ("healthcare", 0.1175m),
    ];

    private static readonly (string? Symbol, string Name, decimal Weight)[] LargeCaps =
    [
        ("NVDA", "NVIDIA Corp", 0.0712m), ("MSFT", "Microsoft Corp", 0.0655m), ("AAPL", "Apple Inc", 0.0621m),
        ("AMZN", "Amazon.com Inc", 0.0398m), ("META", "Meta Platforms Inc Class A", 0.0287m),
        ("AVGO", "Broadcom Inc", 0.0243m), ("GOOGL", "Alphabet Inc Class A", 0.0205m),
        ("GOOG", "Alphabet Inc Class C", 0.0168m), ("TSLA", "Tesla Inc", 0.0164m),
        ("BRK-B", "Berkshire Hathaway Inc Class B", 0.0161m),
    ];

    /// <summary>The demo universe. Names and families are the real funds'; every number is generated.</summary>
    public static IReadOnlyList<FakeFund> DefaultFunds() =>
    [
        new FakeFund
        {
            Symbol = "SPY", Name = "SPDR S&P 500 ETF Trust", Family = "SPDR State Street Global Advisors",
            Category = "Large Blend", ExpenseRatio = 0.000945m, Inception = new DateOnly(1993, 1, 22), Yield = 0.0121m,
            StartPrice = 201.0, StartShares = 880_000_000, TopHoldings = LargeCaps, Sectors = BroadSectors,
        },
        new FakeFund
        {
            Symbol = "QQQ", Name = "Invesco QQQ Trust, Series 1", Family = "Invesco", Category = "Large Growth",
            ExpenseRatio = 0.002m, Inception = new DateOnly(1999, 3, 10), Yield = 0.0054m, StartPrice = 102.5,
            StartShares = 450_000_000, ExchangeName = "NGM", FullExchangeName = "NasdaqGM", TopHoldings = LargeCaps,
            Sectors = BroadSectors,
        },
        new FakeFund
        {
            Symbol = "IVV", Name = "iShares Core S&P 500 ETF", Family = "iShares", Category = "Large Blend",
            ExpenseRatio = 0.0003m, Inception = new DateOnly(2000, 5, 15), Yield = 0.0125m, StartPrice = 202.3,
            StartShares = 320_000_000, TopHoldings = LargeCaps, Sectors = BroadSectors,
        },
        new FakeFund
        {
            Symbol = "AGG", Name = "iShares Core U.S. Aggregate Bond ETF", Family = "iShares",
            Category = "Intermediate Core Bond", ExpenseRatio = 0.0003m, Inception = new DateOnly(2003, 9, 22),
            Yield = 0.0341m, StartPrice = 108.4, StartShares = 1_100_000_000,
            TopHoldings =
            [
                ("BLK CSH FND TREASURY SL AGENCY", "BlackRock Cash Funds Treasury SL Agency", 0.0189m),
                (null, "United States Treasury Notes 4.25% 2034-11-15", 0.0051m),
                (null, "United States Treasury Notes 4.375% 2034-05-15", 0.0048m),
            ],
        },
        new FakeFund
        {
            Symbol = "GLD", Name = "SPDR Gold Shares", Family = "SPDR State Street Global Advisors",
            Category = "Commodities Focused", ExpenseRatio = 0.004m, Inception = new DateOnly(2004, 11, 18),
            Yield = 0m, StartPrice = 102.9, StartShares = 270_000_000, HasTopHoldings = false,
        },
        new FakeFund
        {
            Symbol = "SCHD", Name = "Schwab US Dividend Equity ETF", Family = "Schwab ETFs", Category = "Large Value",
            ExpenseRatio = 0.0006m, Inception = new DateOnly(2011, 10, 20), Yield = 0.0372m, StartPrice = 12.7,
            StartShares = 1_500_000_000, TopHoldings = LargeCaps[..5], Sectors = BroadSectors,
            Splits = [(new DateOnly(2024, 10, 11), 3, 1)],
        },
    ];
}

/// <summary>A fund's generated history through one day.</summary>
public sealed record FakeHistory(
    IReadOnlyList<FakeBar> Bars,
    IReadOnlyList<(DateOnly ExDate, double Amount)> Dividends,
    IReadOnlyList<(DateOnly Date, int Numerator, int Denominator)> Splits);
