using System.Collections.Concurrent;
using EtfData.Domain;

namespace EtfData.FakeUpstream.Yahoo;

/// <summary>A fund the fake Yahoo knows, with the facts its quoteSummary modules report.</summary>
public sealed record FakeFund
{
    /// <summary>Yahoo spelling (<c>BRK-B</c>).</summary>
    public required string Symbol { get; init; }
    public required string Name { get; init; }
    public required string Family { get; init; }
    public required string Category { get; init; }
    /// <summary>Broad asset class: <c>Equity</c>, <c>Fixed Income</c>, <c>Commodity</c>.</summary>
    public string AssetClass { get; init; } = "Equity";
    public required decimal ExpenseRatio { get; init; }
    public required DateOnly Inception { get; init; }
    /// <summary>Distribution yield as a fraction; 0 = pays no dividends.</summary>
    public required decimal Yield { get; init; }
    /// <summary>Close on the first generated day, in today's units (adjusted for every split of <see cref="Splits"/>).</summary>
    public required double StartPrice { get; init; }
    /// <summary>Shares outstanding on the first generated day, in today's units like <see cref="StartPrice"/>.</summary>
    public required double StartShares { get; init; }
    /// <summary>Standard deviation of the daily log return.</summary>
    public double DailyVolatility { get; init; } = 0.01;
    /// <summary>Drift of shares outstanding per year (net creations); daily noise comes on top.</summary>
    public double AnnualShareGrowth { get; init; } = 0.05;
    /// <summary>Standard deviation of the close's premium over NAV, as a fraction.</summary>
    public double NavPremiumSpread { get; init; } = 0.0002;
    /// <summary>Yahoo's exchange code: <c>PCX</c> (NYSE Arca), <c>NGM</c>/<c>NMS</c> (Nasdaq), <c>NYQ</c>, <c>ASE</c>, <c>BTS</c> (Cboe BZX).</summary>
    public string ExchangeName { get; init; } = "PCX";
    public string FullExchangeName { get; init; } = "NYSEArca";
    /// <summary>Commodity trusts have no <c>topHoldings</c> module on Yahoo.</summary>
    public bool HasTopHoldings { get; init; } = true;
    /// <summary>Yahoo leaves <c>defaultKeyStatistics.sharesOutstanding</c> out for some funds (QQQ in the recorded payload).</summary>
    public bool ReportsSharesOutstanding { get; init; } = true;
    public IReadOnlyList<(string? Symbol, string Name, decimal Weight)> TopHoldings { get; init; } = [];
    public IReadOnlyList<(string Sector, decimal Weight)> Sectors { get; init; } = [];
    public IReadOnlyList<(DateOnly Date, int Numerator, int Denominator)> Splits { get; init; } = [];
    /// <summary>A trading day Yahoo serves as a row of nulls for this fund (a quirk seen around holidays and half days).</summary>
    public DateOnly? NullRowDate { get; init; }
    /// <summary>
    /// A short, hand-checkable price path instead of the random walk: the closes of the consecutive
    /// trading days from <see cref="Inception"/>, in today's units (after every split, like
    /// <see cref="StartPrice"/>). The fund has no bars after the last one.
    /// </summary>
    public IReadOnlyList<double>? ScriptedCloses { get; init; }
    /// <summary>Cash dividends of a scripted fund (ex-date, amount per share in today's units); <see cref="Yield"/> then only feeds quoteSummary.</summary>
    public IReadOnlyList<(DateOnly ExDate, double Amount)> ScriptedDividends { get; init; } = [];
    /// <summary>
    /// Sessions after which quoteSummary still serves the <c>totalAssets</c> of the latest earlier
    /// session not in this set (Yahoo's figure is often days stale), while NAV, shares outstanding and
    /// <c>regularMarketTime</c> move on.
    /// </summary>
    public IReadOnlySet<DateOnly> StaleTotalAssetsSessions { get; init; } = new HashSet<DateOnly>();

    /// <summary>The Nasdaq Trader listing exchange letter matching <see cref="ExchangeName"/>.</summary>
    public string ListingExchange => ExchangeName switch
    {
        "NGM" or "NMS" or "NCM" or "NAS" => "Q",
        "NYQ" => "N",
        "ASE" => "A",
        "BTS" => "Z",
        _ => "P",
    };

    /// <summary>Nasdaq market tier (<c>Q</c> Global Select, <c>G</c> Global Market, <c>S</c> Capital Market); a space off Nasdaq.</summary>
    public string MarketCategory => ExchangeName switch
    {
        "NMS" => "Q",
        "NGM" or "NAS" => "G",
        "NCM" => "S",
        _ => " ",
    };
}

/// <summary>
/// One generated trading day, as Yahoo serves it on the day the history runs through: prices are
/// adjusted for the splits up to that day, not for later ones.
/// </summary>
/// <param name="Date">Trading date (New York).</param>
/// <param name="Open">Open, split-adjusted as of the history's last day.</param>
/// <param name="High">High, split-adjusted as of the history's last day.</param>
/// <param name="Low">Low, split-adjusted as of the history's last day.</param>
/// <param name="Close">Close, split-adjusted as of the history's last day.</param>
/// <param name="AdjClose">Close adjusted for later dividends too.</param>
/// <param name="Volume">Shares traded.</param>
/// <param name="SharesOutstanding">Fund shares outstanding after the day's creations and redemptions.</param>
/// <param name="Nav">Net asset value per share at the close, in cents; never equal to the close rounded to cents.</param>
/// <param name="IsNullRow">Served as a row of nulls (Yahoo's quirk); prices are then 0 and meaningless.</param>
public sealed record FakeBar(
    DateOnly Date,
    double Open,
    double High,
    double Low,
    double Close,
    double AdjClose,
    long Volume,
    double SharesOutstanding,
    double Nav,
    bool IsNullRow);

/// <summary>
/// The deterministic dataset behind the fake Yahoo: the same symbol and date always give the same
/// numbers. Prices are a seeded random walk from <see cref="HistoryStart"/> (or inception) to today
/// on NYSE trading days (<see cref="NyseCalendar"/>). One fund has a <see cref="FakeFund.NullRowDate"/>
/// served as a row of nulls. Shares outstanding drift with creations and redemptions and NAV sits a
/// small premium/discount away from the close, so AUM = shares × NAV moves with both price and flows.
/// Dividends are quarterly (first trading day from the 20th of March, June, September, December) at
/// yield/4 of the previous close. Like Yahoo, a history through a given day is adjusted only for the
/// splits up to that day: before a split takes effect the whole history is in the old units. A fund
/// may instead follow a short scripted path (<see cref="FakeFund.ScriptedCloses"/>).
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

    public IReadOnlyCollection<FakeFund> Funds => [.. _funds.Values.OrderBy(f => f.Symbol, StringComparer.Ordinal)];

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

    private static FakeHistory Generate(FakeFund fund, DateOnly through)
    {
        var (bars, dividends) = fund.ScriptedCloses is null ? RandomWalk(fund, through) : Scripted(fund, through);

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

        // The series is generated in the units of today, after every split. As of a day before a
        // split, Yahoo had not applied it yet: prices (and dividends) were that many times higher,
        // volume and shares outstanding that many times lower. Ratios such as adjclose's factors are
        // unit-free, so scaling after the fact is exact.
        var unsplit = fund.Splits.Where(s => s.Date > through).Aggregate(1.0, (k, s) => k * s.Numerator / s.Denominator);
        if (unsplit != 1.0)
        {
            bars = [.. bars.Select(b => b with
            {
                Open = b.Open * unsplit,
                High = b.High * unsplit,
                Low = b.Low * unsplit,
                Close = b.Close * unsplit,
                AdjClose = b.AdjClose * unsplit,
                Volume = (long)Math.Round(b.Volume / unsplit),
                SharesOutstanding = b.SharesOutstanding / unsplit,
                Nav = Math.Round(b.Nav * unsplit, 2),
            })];
            dividends = [.. dividends.Select(d => (d.ExDate, Math.Round(d.Amount * unsplit, 6)))];
        }

        return new FakeHistory(bars, dividends, fund.Splits.Where(s => s.Date <= through).ToList());
    }

    private static (List<FakeBar> Bars, List<(DateOnly ExDate, double Amount)> Dividends) RandomWalk(FakeFund fund, DateOnly through)
    {
        var random = new Random(StableSeed(fund.Symbol));
        var bars = new List<FakeBar>();
        var dividends = new List<(DateOnly ExDate, double Amount)>();
        var close = fund.StartPrice;
        var lastClose = close;
        var shares = fund.StartShares;
        var start = fund.Inception > HistoryStart ? fund.Inception : HistoryStart;
        var lastDividendQuarter = -1;
        var shareDrift = Math.Log(1 + fund.AnnualShareGrowth) / 252;

        foreach (var date in NyseCalendar.TradingDays(start, through))
        {
            // Every day draws the same count of numbers, so one day's quirk never shifts the others.
            var move = Gaussian(random);
            var gap = Gaussian(random);
            var up = random.NextDouble();
            var down = random.NextDouble();
            var activity = random.NextDouble();
            var flow = Gaussian(random);
            var premiumDraw = Gaussian(random);

            var open = close * (1 + (0.2 * fund.DailyVolatility * gap));
            close *= Math.Exp(0.0003 + (fund.DailyVolatility * move));
            var high = Math.Max(open, close) * (1 + (0.4 * fund.DailyVolatility * up));
            var low = Math.Min(open, close) * (1 - (0.4 * fund.DailyVolatility * down));
            var volume = (long)(fund.StartShares / 200 * (0.5 + activity));
            shares *= Math.Exp(shareDrift + (0.0015 * flow));
            var premium = Math.Clamp(fund.NavPremiumSpread * premiumDraw, -4 * fund.NavPremiumSpread, 4 * fund.NavPremiumSpread);
            var nav = NavInCents(close, premium);

            if (date == fund.NullRowDate)
            {
                bars.Add(new FakeBar(date, 0, 0, 0, 0, 0, 0, shares, 0, IsNullRow: true));
                continue;
            }

            var quarter = (date.Year * 4) + ((date.Month - 1) / 3);
            if (fund.Yield > 0 && date.Month % 3 == 0 && date.Day >= 20 && quarter != lastDividendQuarter && bars.Count > 0)
            {
                lastDividendQuarter = quarter;
                dividends.Add((date, Math.Round(lastClose * (double)fund.Yield / 4, 4)));
            }

            bars.Add(new FakeBar(date, open, high, low, close, close, volume, shares, nav, IsNullRow: false));
            lastClose = close;
        }

        return (bars, dividends);
    }

    /// <summary>
    /// A fund with <see cref="FakeFund.ScriptedCloses"/>: day i (from inception) closes at the i-th
    /// close and opens at the previous close; high and low are the larger and smaller of the two;
    /// volume is <see cref="FakeFund.StartShares"/> / 200, shares outstanding stay at
    /// <see cref="FakeFund.StartShares"/> and NAV is the close less one cent.
    /// </summary>
    private static (List<FakeBar> Bars, List<(DateOnly ExDate, double Amount)> Dividends) Scripted(FakeFund fund, DateOnly through)
    {
        var closes = fund.ScriptedCloses!;
        var days = NyseCalendar.TradingDays(fund.Inception, through).Take(closes.Count).ToList();
        var bars = new List<FakeBar>();
        for (var i = 0; i < days.Count; i++)
        {
            var close = closes[i];
            var open = i == 0 ? close : closes[i - 1];
            bars.Add(new FakeBar(
                days[i], open, Math.Max(open, close), Math.Min(open, close), close, close,
                (long)(fund.StartShares / 200), fund.StartShares, Math.Round(close - 0.01, 2), IsNullRow: false));
        }

        var dividends = fund.ScriptedDividends.Where(d => days.Count > 0 && d.ExDate > days[0] && d.ExDate <= days[^1]).ToList();
        return (bars, dividends);
    }

    /// <summary>NAV = close / (1 + premium) in cents, one cent off the close when rounding made them equal.</summary>
    private static double NavInCents(double close, double premium)
    {
        var closeCents = Math.Round(close, 2);
        var nav = Math.Round(close / (1 + premium), 2);
        if (nav == closeCents)
        {
            nav = premium >= 0 ? closeCents - 0.01 : closeCents + 0.01;
        }

        return Math.Round(nav, 2);
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

    private static readonly (string? Symbol, string Name, decimal Weight)[] Nasdaq100 =
    [
        ("AAPL", "Apple Inc", 0.0874m), ("NVDA", "NVIDIA Corp", 0.0851m), ("MSFT", "Microsoft Corp", 0.0802m),
        ("AMZN", "Amazon.com Inc", 0.0561m), ("AVGO", "Broadcom Inc", 0.0498m), ("META", "Meta Platforms Inc Class A", 0.0372m),
        ("NFLX", "Netflix Inc", 0.0311m), ("TSLA", "Tesla Inc", 0.0296m), ("COST", "Costco Wholesale Corp", 0.0271m),
        ("GOOGL", "Alphabet Inc Class A", 0.0253m),
    ];

    private static readonly (string? Symbol, string Name, decimal Weight)[] SmallCaps =
    [
        ("SFM", "Sprouts Farmers Market Inc", 0.0046m), ("INSM", "Insmed Inc", 0.0041m), ("FTAI", "FTAI Aviation Ltd", 0.0038m),
        ("CRS", "Carpenter Technology Corp", 0.0033m), ("HIMS", "Hims & Hers Health Inc", 0.0031m),
    ];

    private static readonly (string? Symbol, string Name, decimal Weight)[] Developed =
    [
        ("ASML.AS", "ASML Holding NV", 0.0186m), ("SAP.DE", "SAP SE", 0.0171m), ("NESN.SW", "Nestle SA", 0.0149m),
        ("NOVO-B.CO", "Novo Nordisk A/S Class B", 0.0142m), ("ROG.SW", "Roche Holding AG", 0.0131m),
    ];

    private static readonly (string? Symbol, string Name, decimal Weight)[] Emerging =
    [
        ("2330.TW", "Taiwan Semiconductor Manufacturing Co Ltd", 0.1023m), ("0700.HK", "Tencent Holdings Ltd", 0.0458m),
        ("005930.KS", "Samsung Electronics Co Ltd", 0.0261m), ("9988.HK", "Alibaba Group Holding Ltd", 0.0252m),
        ("RELIANCE.NS", "Reliance Industries Ltd", 0.0131m),
    ];

    private static readonly (string? Symbol, string Name, decimal Weight)[] AggregateBonds =
    [
        ("BLK CSH FND TREASURY SL AGENCY", "BlackRock Cash Funds Treasury SL Agency", 0.0189m),
        (null, "United States Treasury Notes 4.25% 2034-11-15", 0.0051m),
        (null, "United States Treasury Notes 4.375% 2034-05-15", 0.0048m),
    ];

    private static readonly (string? Symbol, string Name, decimal Weight)[] LongTreasuries =
    [
        (null, "United States Treasury Bonds 4.625% 2054-05-15", 0.0612m),
        (null, "United States Treasury Bonds 4.25% 2054-08-15", 0.0577m),
        (null, "United States Treasury Bonds 4.125% 2053-08-15", 0.0541m),
    ];

    private static readonly (string? Symbol, string Name, decimal Weight)[] TechnologySector =
    [
        ("NVDA", "NVIDIA Corp", 0.1462m), ("AAPL", "Apple Inc", 0.1297m), ("MSFT", "Microsoft Corp", 0.1251m),
        ("AVGO", "Broadcom Inc", 0.0512m), ("ORCL", "Oracle Corp", 0.0384m),
    ];

    private static readonly (string? Symbol, string Name, decimal Weight)[] FinancialSector =
    [
        ("BRK-B", "Berkshire Hathaway Inc Class B", 0.1245m), ("JPM", "JPMorgan Chase & Co", 0.1032m),
        ("V", "Visa Inc Class A", 0.0781m), ("MA", "Mastercard Inc Class A", 0.0622m), ("BAC", "Bank of America Corp", 0.0439m),
    ];

    private static readonly (string Sector, decimal Weight)[] TechnologyOnly = [("technology", 0.9987m)];

    private static readonly (string Sector, decimal Weight)[] FinancialOnly = [("financial_services", 0.9991m)];

    /// <summary>
    /// A universe of <paramref name="size"/> funds for the nightly-run benchmark (issue 11: 4,000 ETFs):
    /// the demo's funds, then generated ones. Fund <c>i</c> is always the same: symbol <c>Z</c> and three
    /// letters from <c>i</c>, a price, share count and volatility derived from <c>i</c>, the large-cap top
    /// list, listed since <paramref name="listedSince"/> (a recent date keeps a backfill short; a nightly run
    /// still asks about every fund). No issuer serves their files.
    /// </summary>
    public static IReadOnlyList<FakeFund> Universe(int size, DateOnly listedSince)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 26 * 26 * 26);
        var demo = DefaultFunds();
        return
        [
            .. demo.Take(size),
            .. Enumerable.Range(0, Math.Max(0, size - demo.Count)).Select(i => new FakeFund
            {
                Symbol = string.Create(3 + 1, i, (chars, n) =>
                {
                    chars[0] = 'Z';
                    chars[1] = (char)('A' + n / 676);
                    chars[2] = (char)('A' + n / 26 % 26);
                    chars[3] = (char)('A' + n % 26);
                }),
                Name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Generated Index Fund {i + 1:0000} ETF"),
                Family = "Generated Funds",
                Category = (i % 3) switch { 0 => "Large Blend", 1 => "Mid-Cap Value", _ => "Small Growth" },
                ExpenseRatio = 0.0005m + i % 40 * 0.0001m,
                Inception = listedSince,
                Yield = i % 4 * 0.005m,
                StartPrice = 20 + i * 37 % 180,
                StartShares = 1_000_000 * (1 + i % 250),
                DailyVolatility = 0.006 + i % 7 * 0.001,
                AnnualShareGrowth = i % 11 * 0.02 - 0.08,
                TopHoldings = LargeCaps,
                Sectors = BroadSectors,
            }),
        ];
    }

    /// <summary>
    /// The demo universe: fifteen well-known US-listed ETFs. Names, families, categories, asset classes,
    /// expense ratios, inception dates and listing exchanges are the real funds'; prices, shares, NAVs and
    /// dividends are generated (start values near the funds' early-2016 levels, split-adjusted).
    /// </summary>
    public static IReadOnlyList<FakeFund> DefaultFunds() =>
    [
        new FakeFund
        {
            Symbol = "SPY", Name = "SPDR S&P 500 ETF Trust", Family = "SPDR State Street Global Advisors",
            Category = "Large Blend", ExpenseRatio = 0.000945m, Inception = new DateOnly(1993, 1, 22), Yield = 0.0121m,
            StartPrice = 201.0, StartShares = 880_000_000, AnnualShareGrowth = 0.02, NavPremiumSpread = 0.0001,
            TopHoldings = LargeCaps, Sectors = BroadSectors,
        },
        new FakeFund
        {
            Symbol = "IVV", Name = "iShares Core S&P 500 ETF", Family = "iShares", Category = "Large Blend",
            ExpenseRatio = 0.0003m, Inception = new DateOnly(2000, 5, 15), Yield = 0.0125m, StartPrice = 202.3,
            StartShares = 340_000_000, AnnualShareGrowth = 0.10, NavPremiumSpread = 0.0001,
            TopHoldings = LargeCaps, Sectors = BroadSectors,
        },
        new FakeFund
        {
            Symbol = "VOO", Name = "Vanguard S&P 500 ETF", Family = "Vanguard", Category = "Large Blend",
            ExpenseRatio = 0.0003m, Inception = new DateOnly(2010, 9, 7), Yield = 0.0124m, StartPrice = 184.6,
            StartShares = 200_000_000, AnnualShareGrowth = 0.18, NavPremiumSpread = 0.0001,
            TopHoldings = LargeCaps, Sectors = BroadSectors,
        },
        new FakeFund
        {
            Symbol = "QQQ", Name = "Invesco QQQ Trust, Series 1", Family = "Invesco", Category = "Large Growth",
            ExpenseRatio = 0.002m, Inception = new DateOnly(1999, 3, 10), Yield = 0.0054m, StartPrice = 108.4,
            StartShares = 340_000_000, DailyVolatility = 0.013, AnnualShareGrowth = 0.03,
            ExchangeName = "NGM", FullExchangeName = "NasdaqGM", ReportsSharesOutstanding = false,
            TopHoldings = Nasdaq100, Sectors = BroadSectors,
        },
        new FakeFund
        {
            Symbol = "VTI", Name = "Vanguard Total Stock Market ETF", Family = "Vanguard", Category = "Large Blend",
            ExpenseRatio = 0.0003m, Inception = new DateOnly(2001, 5, 24), Yield = 0.0127m, StartPrice = 103.2,
            StartShares = 530_000_000, AnnualShareGrowth = 0.09, NavPremiumSpread = 0.0001,
            TopHoldings = LargeCaps, Sectors = BroadSectors,
        },
        new FakeFund
        {
            Symbol = "IWM", Name = "iShares Russell 2000 ETF", Family = "iShares", Category = "Small Blend",
            ExpenseRatio = 0.0019m, Inception = new DateOnly(2000, 5, 22), Yield = 0.0110m, StartPrice = 110.1,
            StartShares = 245_000_000, DailyVolatility = 0.014, AnnualShareGrowth = 0.01, NavPremiumSpread = 0.0003,
            TopHoldings = SmallCaps, Sectors = BroadSectors,
            // Yahoo's null row: the half day after Thanksgiving, for this one fund.
            NullRowDate = new DateOnly(2024, 11, 29),
        },
        new FakeFund
        {
            Symbol = "EFA", Name = "iShares MSCI EAFE ETF", Family = "iShares", Category = "Foreign Large Blend",
            ExpenseRatio = 0.0032m, Inception = new DateOnly(2001, 8, 14), Yield = 0.0280m, StartPrice = 57.3,
            StartShares = 1_000_000_000, DailyVolatility = 0.009, AnnualShareGrowth = 0.0, NavPremiumSpread = 0.0015,
            TopHoldings = Developed, Sectors = BroadSectors,
        },
        new FakeFund
        {
            Symbol = "EEM", Name = "iShares MSCI Emerging Markets ETF", Family = "iShares",
            Category = "Diversified Emerging Mkts", ExpenseRatio = 0.007m, Inception = new DateOnly(2003, 4, 7),
            Yield = 0.0225m, StartPrice = 31.6, StartShares = 700_000_000, DailyVolatility = 0.012,
            AnnualShareGrowth = -0.02, NavPremiumSpread = 0.0025, TopHoldings = Emerging, Sectors = BroadSectors,
        },
        new FakeFund
        {
            Symbol = "AGG", Name = "iShares Core U.S. Aggregate Bond ETF", Family = "iShares",
            Category = "Intermediate Core Bond", AssetClass = "Fixed Income", ExpenseRatio = 0.0003m,
            Inception = new DateOnly(2003, 9, 22), Yield = 0.0341m, StartPrice = 108.4, StartShares = 250_000_000,
            DailyVolatility = 0.003, AnnualShareGrowth = 0.16, NavPremiumSpread = 0.0006, TopHoldings = AggregateBonds,
        },
        new FakeFund
        {
            Symbol = "BND", Name = "Vanguard Total Bond Market ETF", Family = "Vanguard",
            Category = "Intermediate Core Bond", AssetClass = "Fixed Income", ExpenseRatio = 0.0003m,
            Inception = new DateOnly(2007, 4, 3), Yield = 0.0345m, StartPrice = 80.6, StartShares = 375_000_000,
            DailyVolatility = 0.003, AnnualShareGrowth = 0.17, NavPremiumSpread = 0.0006,
            ExchangeName = "NGM", FullExchangeName = "NasdaqGM", TopHoldings = AggregateBonds,
        },
        new FakeFund
        {
            Symbol = "TLT", Name = "iShares 20+ Year Treasury Bond ETF", Family = "iShares",
            Category = "Long Government", AssetClass = "Fixed Income", ExpenseRatio = 0.0015m,
            Inception = new DateOnly(2002, 7, 22), Yield = 0.0412m, StartPrice = 121.5, StartShares = 55_000_000,
            DailyVolatility = 0.009, AnnualShareGrowth = 0.20, NavPremiumSpread = 0.0005,
            ExchangeName = "NGM", FullExchangeName = "NasdaqGM", TopHoldings = LongTreasuries,
        },
        new FakeFund
        {
            Symbol = "GLD", Name = "SPDR Gold Shares", Family = "SPDR State Street Global Advisors",
            Category = "Commodities Focused", AssetClass = "Commodity", ExpenseRatio = 0.004m,
            Inception = new DateOnly(2004, 11, 18), Yield = 0m, StartPrice = 102.9, StartShares = 270_000_000,
            DailyVolatility = 0.009, AnnualShareGrowth = 0.01, NavPremiumSpread = 0.0008, HasTopHoldings = false,
        },
        new FakeFund
        {
            Symbol = "XLK", Name = "Technology Select Sector SPDR Fund", Family = "SPDR State Street Global Advisors",
            Category = "Technology", ExpenseRatio = 0.0008m, Inception = new DateOnly(1998, 12, 16), Yield = 0.0065m,
            StartPrice = 42.1, StartShares = 260_000_000, DailyVolatility = 0.014, AnnualShareGrowth = 0.0,
            TopHoldings = TechnologySector, Sectors = TechnologyOnly,
        },
        new FakeFund
        {
            Symbol = "XLF", Name = "Financial Select Sector SPDR Fund", Family = "SPDR State Street Global Advisors",
            Category = "Financial", ExpenseRatio = 0.0008m, Inception = new DateOnly(1998, 12, 16), Yield = 0.0140m,
            StartPrice = 23.3, StartShares = 770_000_000, DailyVolatility = 0.012, AnnualShareGrowth = 0.02,
            TopHoldings = FinancialSector, Sectors = FinancialOnly,
        },
        new FakeFund
        {
            Symbol = "SCHD", Name = "Schwab US Dividend Equity ETF", Family = "Schwab ETFs", Category = "Large Value",
            ExpenseRatio = 0.0006m, Inception = new DateOnly(2011, 10, 20), Yield = 0.0372m, StartPrice = 12.7,
            StartShares = 315_000_000, AnnualShareGrowth = 0.22, TopHoldings = LargeCaps[..5], Sectors = BroadSectors,
            Splits = [(new DateOnly(2024, 10, 11), 3, 1)],
        },
    ];
}

/// <summary>A fund's generated history through one day.</summary>
public sealed record FakeHistory(
    IReadOnlyList<FakeBar> Bars,
    IReadOnlyList<(DateOnly ExDate, double Amount)> Dividends,
    IReadOnlyList<(DateOnly Date, int Numerator, int Denominator)> Splits);
