using System.Globalization;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.FakeUpstream.Securities;

/// <summary>
/// The one security universe behind every fake upstream (issuer files, Schwab, etfdb, N-PORT), so SPY's SPDR file
/// (CUSIP + ticker), IVV's iShares file (ticker + exchange), VOO's Schwab page (ticker) and its N-PORT filing
/// (CUSIP + ISIN + ticker) and QQQ's Invesco file (CUSIP) name the same stocks.
/// </summary>
/// <remarks>
/// <para><b>Stocks.</b> 500 US large caps: the first 26 are real companies with their real public CUSIP, ticker, name
/// and GICS sector (ISIN = US + CUSIP + check digit), the other 474 are "Demo … Corp" names with generated CUSIPs
/// (issuer <c>8Z</c> + 4 digits, issue <c>10</c>, valid check digit), tickers <c>X???</c>, sectors cycling through GICS,
/// alternately on NASDAQ and NYSE. 200 US small caps ("Demo … Inc", <c>Z???</c>, CUSIP issuer <c>8Y…</c>; the first five
/// carry the names and tickers of Yahoo's IWM top holdings but generated identifiers). 150 developed-market and 100
/// emerging-market stocks with ISIN only (the first five of each are the real companies of Yahoo's EFA/EEM top holdings
/// with their real ISINs; the rest generated with valid check digits), local tickers, exchange names and currencies.</para>
/// <para><b>Sizes.</b> The S&amp;P 500 total capitalisation is 50 trillion USD; the ten names of Yahoo's SPY top holdings
/// have cap = Yahoo weight × 50 T (so S&amp;P 500 cap weights equal Yahoo's exactly), the other real names 1.5 %…0.5 %
/// of it, and the generated names share the remainder ∝ 1 / (rank + 200) (flat enough that a sector's generated names stay below
/// its pinned top holdings). Small caps: 3 B … 0.15 B; developed and emerging caps fall linearly with rank. Bond sizes
/// fall with rank too (aggregate: almost flat, so Yahoo's two named notes stay on top).</para>
/// <para><b>Bonds</b> (CUSIP and ISIN, no ticker): 40 long Treasuries (TLT's index; the first three as in Yahoo's TLT top
/// holdings) and 250 aggregate-index bonds (Treasury notes, Fannie Mae pools, "Demo … Capital Corp" notes; AGG and BND).</para>
/// <para><b>Indexes</b> (<see cref="IndexOf"/>): <c>sp500</c> (SPY, IVV, VOO), <c>nasdaq100</c> (the 100 largest
/// NASDAQ-listed S&amp;P names; QQQ), <c>tech</c> / <c>financials</c> (the S&amp;P names of that sector; XLK, XLF),
/// <c>dividend</c> (100 names; SCHD), <c>total</c> (S&amp;P 500 + small caps; VTI), <c>smallcap</c> (IWM),
/// <c>developed</c> (EFA), <c>emerging</c> (EEM), <c>aggregate</c> (AGG, BND), <c>treasury</c> (TLT). Weights are
/// proportional to size, except that a fund's index pins the weights of its Yahoo top holdings (<see cref="FakeFund.TopHoldings"/>,
/// matched by ticker, else by name) and spreads the rest over the other members by size.</para>
/// </remarks>
public static class SecurityUniverse
{
    private const decimal SpTotalCap = 50_000_000_000_000m;

    private static readonly Lazy<Built> Data = new(Build);

    public static IReadOnlyList<FakeSecurity> All => Data.Value.All;

    public static IReadOnlyList<FakeSecurity> LargeCaps => Data.Value.LargeCaps;

    public static IReadOnlyList<FakeSecurity> SmallCaps => Data.Value.SmallCaps;

    public static IReadOnlyList<FakeSecurity> Developed => Data.Value.Developed;

    public static IReadOnlyList<FakeSecurity> Emerging => Data.Value.Emerging;

    public static IReadOnlyList<FakeSecurity> AggregateBonds => Data.Value.Aggregate;

    public static IReadOnlyList<FakeSecurity> LongTreasuries => Data.Value.Treasuries;

    /// <summary>The index a demo fund tracks, or null (GLD holds gold).</summary>
    public static string? IndexOf(string fundSymbol) => fundSymbol.ToUpperInvariant() switch
    {
        "SPY" or "IVV" or "VOO" => "sp500",
        "QQQ" => "nasdaq100",
        "XLK" => "tech",
        "XLF" => "financials",
        "SCHD" => "dividend",
        "VTI" => "total",
        "IWM" => "smallcap",
        "EFA" => "developed",
        "EEM" => "emerging",
        "AGG" or "BND" => "aggregate",
        "TLT" => "treasury",
        _ => null,
    };

    /// <summary>The members of an index (see the class remarks), largest weight first.</summary>
    public static IReadOnlyList<FakeSecurity> Members(string index)
    {
        var d = Data.Value;
        return index switch
        {
            "sp500" => d.LargeCaps,
            "nasdaq100" => [.. d.LargeCaps.Where(s => s.Exchange == Nasdaq).OrderByDescending(s => s.SizeUsd).Take(100)],
            "tech" => [.. d.LargeCaps.Where(s => s.Sector == "Information Technology")],
            "financials" => [.. d.LargeCaps.Where(s => s.Sector == "Financials")],
            "dividend" => [.. d.LargeCaps.Take(5).Concat(d.LargeCaps.Skip(RealLargeCaps.Length).Where(s => s.Key % 4 == 1).Take(95))],
            "total" => [.. d.LargeCaps, .. d.SmallCaps],
            "smallcap" => d.SmallCaps,
            "developed" => d.Developed,
            "emerging" => d.Emerging,
            "aggregate" => d.Aggregate,
            "treasury" => d.Treasuries,
            _ => throw new ArgumentOutOfRangeException(nameof(index), index, "Unknown index"),
        };
    }

    /// <summary>
    /// The weights of a fund's index: <paramref name="fund"/>'s Yahoo top holdings pinned, the rest by size; members in
    /// descending weight. Empty for a fund without an index.
    /// </summary>
    public static IReadOnlyList<IndexMember> Weights(FakeFund fund)
    {
        ArgumentNullException.ThrowIfNull(fund);
        var index = IndexOf(fund.Symbol);
        if (index is null)
        {
            return [];
        }

        var members = Members(index);
        var pins = new Dictionary<FakeSecurity, decimal>();
        foreach (var (symbol, name, weight) in fund.TopHoldings)
        {
            var match = members.FirstOrDefault(s => symbol is not null && s.Kind == FakeSecurityKind.Stock && s.Country == "US"
                    && string.Equals(s.Ticker, symbol, StringComparison.OrdinalIgnoreCase))
                ?? members.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
            if (match is not null && !pins.ContainsKey(match))
            {
                pins[match] = weight;
            }
        }

        var pinned = pins.Values.Sum();
        var rest = members.Where(s => !pins.ContainsKey(s)).Sum(s => s.SizeUsd);
        return [.. members
            .Select(s => new IndexMember(s, pins.TryGetValue(s, out var w) ? w : (1 - pinned) * s.SizeUsd / rest))
            .OrderByDescending(m => m.Weight)
            .ThenBy(m => m.Security.Key)];
    }

    /// <summary>The security with this CUSIP, ISIN or (US) ticker.</summary>
    public static FakeSecurity? Find(string identifier) =>
        Data.Value.All.FirstOrDefault(s => s.Cusip == identifier || s.Isin == identifier)
        ?? Data.Value.All.FirstOrDefault(s => s.Country == "US" && string.Equals(s.Ticker, identifier, StringComparison.OrdinalIgnoreCase));

    private const string Nasdaq = "NASDAQ";
    private const string Nyse = "New York Stock Exchange Inc.";

    /// <summary>Real US large caps: ticker, CUSIP, name, GICS sector, exchange, share of the S&amp;P 500 cap (the first ten as Yahoo's SPY top holdings).</summary>
    private static readonly (string Ticker, string Cusip, string Name, string Sector, string Exchange, decimal CapShare)[] RealLargeCaps =
    [
        ("NVDA", "67066G104", "NVIDIA Corp", "Information Technology", Nasdaq, 0.0712m),
        ("MSFT", "594918104", "Microsoft Corp", "Information Technology", Nasdaq, 0.0655m),
        ("AAPL", "037833100", "Apple Inc", "Information Technology", Nasdaq, 0.0621m),
        ("AMZN", "023135106", "Amazon.com Inc", "Consumer Discretionary", Nasdaq, 0.0398m),
        ("META", "30303M102", "Meta Platforms Inc Class A", "Communication Services", Nasdaq, 0.0287m),
        ("AVGO", "11135F101", "Broadcom Inc", "Information Technology", Nasdaq, 0.0243m),
        ("GOOGL", "02079K305", "Alphabet Inc Class A", "Communication Services", Nasdaq, 0.0205m),
        ("GOOG", "02079K107", "Alphabet Inc Class C", "Communication Services", Nasdaq, 0.0168m),
        ("TSLA", "88160R101", "Tesla Inc", "Consumer Discretionary", Nasdaq, 0.0164m),
        ("BRK-B", "084670702", "Berkshire Hathaway Inc Class B", "Financials", Nyse, 0.0161m),
        ("JPM", "46625H100", "JPMorgan Chase & Co", "Financials", Nyse, 0.0150m),
        ("LLY", "532457108", "Eli Lilly and Co", "Health Care", Nyse, 0.0140m),
        ("V", "92826C839", "Visa Inc Class A", "Financials", Nyse, 0.0110m),
        ("ORCL", "68389X105", "Oracle Corp", "Information Technology", Nyse, 0.0100m),
        ("NFLX", "64110L106", "Netflix Inc", "Communication Services", Nasdaq, 0.0095m),
        ("XOM", "30231G102", "Exxon Mobil Corp", "Energy", Nyse, 0.0090m),
        ("MA", "57636Q104", "Mastercard Inc Class A", "Financials", Nyse, 0.0085m),
        ("COST", "22160K105", "Costco Wholesale Corp", "Consumer Staples", Nasdaq, 0.0080m),
        ("WMT", "931142103", "Walmart Inc", "Consumer Staples", Nyse, 0.0078m),
        ("UNH", "91324P102", "UnitedHealth Group Inc", "Health Care", Nyse, 0.0075m),
        ("JNJ", "478160104", "Johnson & Johnson", "Health Care", Nyse, 0.0070m),
        ("PG", "742718109", "Procter & Gamble Co", "Consumer Staples", Nyse, 0.0066m),
        ("HD", "437076102", "Home Depot Inc", "Consumer Discretionary", Nyse, 0.0062m),
        ("ABBV", "00287Y109", "AbbVie Inc", "Health Care", Nyse, 0.0058m),
        ("BAC", "060505104", "Bank of America Corp", "Financials", Nyse, 0.0055m),
        ("KO", "191216100", "Coca-Cola Co", "Consumer Staples", Nyse, 0.0050m),
    ];

    private static readonly string[] GicsSectors =
    [
        "Information Technology", "Financials", "Health Care", "Consumer Discretionary", "Industrials", "Communication Services",
        "Consumer Staples", "Energy", "Utilities", "Real Estate", "Materials",
    ];

    private static readonly (string Ticker, string Name, string Sector)[] RealSmallCaps =
    [
        ("SFM", "Sprouts Farmers Market Inc", "Consumer Staples"), ("INSM", "Insmed Inc", "Health Care"),
        ("FTAI", "FTAI Aviation Ltd", "Industrials"), ("CRS", "Carpenter Technology Corp", "Materials"),
        ("HIMS", "Hims & Hers Health Inc", "Health Care"),
    ];

    /// <summary>Markets: country, currency, exchange as iShares names it.</summary>
    private static readonly (string Country, string Currency, string Exchange)[] DevelopedMarkets =
    [
        ("JP", "JPY", "Tokyo Stock Exchange"), ("GB", "GBP", "London Stock Exchange"), ("FR", "EUR", "Nyse Euronext - Euronext Paris"),
        ("CH", "CHF", "SIX Swiss Exchange"), ("DE", "EUR", "Xetra"), ("AU", "AUD", "Asx - All Markets"),
    ];

    private static readonly (string Country, string Currency, string Exchange)[] EmergingMarkets =
    [
        ("TW", "TWD", "Taiwan Stock Exchange"), ("CN", "HKD", "Hong Kong Exchanges And Clearing Ltd"), ("IN", "INR", "National Stock Exchange Of India"),
        ("KR", "KRW", "Korea Exchange (Stock Market)"), ("BR", "BRL", "XBSP"), ("ZA", "ZAR", "Johannesburg Stock Exchange"),
    ];

    private static readonly (string Ticker, string Isin, string Name, string Country, string Currency, string Exchange, string Sector)[] RealDeveloped =
    [
        ("ASML", "NL0010273215", "ASML Holding NV", "NL", "EUR", "Euronext Amsterdam", "Information Technology"),
        ("SAP", "DE0007164600", "SAP SE", "DE", "EUR", "Xetra", "Information Technology"),
        ("NESN", "CH0038863350", "Nestle SA", "CH", "CHF", "SIX Swiss Exchange", "Consumer Staples"),
        ("NOVO B", "DK0062498333", "Novo Nordisk A/S Class B", "DK", "DKK", "Omx Nordic Exchange Copenhagen A/S", "Health Care"),
        ("ROG", "CH0012032048", "Roche Holding AG", "CH", "CHF", "SIX Swiss Exchange", "Health Care"),
    ];

    private static readonly (string Ticker, string Isin, string Name, string Country, string Currency, string Exchange, string Sector)[] RealEmerging =
    [
        ("2330", "TW0002330008", "Taiwan Semiconductor Manufacturing Co Ltd", "TW", "TWD", "Taiwan Stock Exchange", "Information Technology"),
        ("700", "KYG875721634", "Tencent Holdings Ltd", "CN", "HKD", "Hong Kong Exchanges And Clearing Ltd", "Communication Services"),
        ("005930", "KR7005930003", "Samsung Electronics Co Ltd", "KR", "KRW", "Korea Exchange (Stock Market)", "Information Technology"),
        ("9988", "KYG017191142", "Alibaba Group Holding Ltd", "CN", "HKD", "Hong Kong Exchanges And Clearing Ltd", "Consumer Discretionary"),
        ("RELIANCE", "INE002A01018", "Reliance Industries Ltd", "IN", "INR", "National Stock Exchange Of India", "Energy"),
    ];

    /// <summary>Units of local currency per USD, shared with the N-PORT generator.</summary>
    public static IReadOnlyDictionary<string, decimal> FxPerUsd { get; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["USD"] = 1m, ["JPY"] = 149.25m, ["GBP"] = 0.7912m, ["EUR"] = 0.9215m, ["CHF"] = 0.8834m, ["AUD"] = 1.5321m, ["DKK"] = 6.8741m,
        ["TWD"] = 32.145m, ["HKD"] = 7.8123m, ["INR"] = 83.412m, ["KRW"] = 1352.6m, ["BRL"] = 5.0123m, ["ZAR"] = 18.204m,
    };

    private static readonly string[] Words =
    [
        "Atlas", "Beacon", "Cedar", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Iris", "Juniper", "Keystone", "Lumen",
        "Meridian", "Northwind", "Orchid", "Pinnacle", "Quarry", "Redwood", "Summit", "Tidewater", "Upland", "Vantage",
        "Willow", "Yarrow", "Zephyr", "Aspen", "Birch", "Cobalt", "Dune", "Evergreen",
    ];

    private static readonly string[] Nouns =
        ["Systems", "Brands", "Energy", "Health", "Financial", "Industries", "Networks", "Foods", "Materials", "Logistics", "Labs", "Power", "Realty", "Media", "Devices", "Capital"];

    private sealed record Built(
        IReadOnlyList<FakeSecurity> All,
        IReadOnlyList<FakeSecurity> LargeCaps,
        IReadOnlyList<FakeSecurity> SmallCaps,
        IReadOnlyList<FakeSecurity> Developed,
        IReadOnlyList<FakeSecurity> Emerging,
        IReadOnlyList<FakeSecurity> Aggregate,
        IReadOnlyList<FakeSecurity> Treasuries);

    private static Built Build()
    {
        var key = 0;
        var large = new List<FakeSecurity>();
        foreach (var r in RealLargeCaps)
        {
            key++;
            large.Add(new FakeSecurity(key, r.Cusip, SecurityIdentifiers.UsIsin(r.Cusip), Sedol(key), r.Ticker, r.Name, r.Sector, "US", r.Exchange, "USD",
                FakeSecurityKind.Stock, r.CapShare * SpTotalCap, BasePrice(key, 60, 900), Real: true));
        }

        const int generatedLarge = 500 - 26;
        var remainder = SpTotalCap - large.Sum(s => s.SizeUsd);
        var zipf = Enumerable.Range(0, generatedLarge).Select(j => 1m / (j + 200)).ToArray();
        var zipfSum = zipf.Sum();
        for (var j = 0; j < generatedLarge; j++)
        {
            key++;
            var cusip = GeneratedCusip("8Z", j, "10");
            large.Add(new FakeSecurity(key, cusip, SecurityIdentifiers.UsIsin(cusip), Sedol(key), "X" + Letters(j, 3), DemoName(j, "Corp"),
                GicsSectors[j % GicsSectors.Length], "US", j % 2 == 0 ? Nasdaq : Nyse, "USD", FakeSecurityKind.Stock,
                Math.Round(remainder * zipf[j] / zipfSum, 0), BasePrice(key, 20, 400), Real: false));
        }

        var small = new List<FakeSecurity>();
        for (var j = 0; j < 200; j++)
        {
            key++;
            var cusip = GeneratedCusip("8Y", j, "10");
            var real = j < RealSmallCaps.Length ? RealSmallCaps[j] : default;
            small.Add(new FakeSecurity(key, cusip, SecurityIdentifiers.UsIsin(cusip), Sedol(key), real.Ticker ?? "Z" + Letters(j, 3),
                real.Name ?? DemoName(j + 7, "Inc"), real.Sector ?? GicsSectors[(j + 3) % GicsSectors.Length], "US", j % 3 == 0 ? Nyse : Nasdaq, "USD",
                FakeSecurityKind.Stock, Math.Round(3_000_000_000m * 10m / (j + 10), 0), BasePrice(key, 5, 120), Real: false));
        }

        var developed = Foreign(ref key, RealDeveloped, DevelopedMarkets, 150, 400_000_000_000m, "Holdings");
        var emerging = Foreign(ref key, RealEmerging, EmergingMarkets, 100, 300_000_000_000m, "Group");

        var treasuries = new List<FakeSecurity>();
        (decimal Coupon, DateOnly Maturity)[] namedLong = [(4.625m, new(2054, 5, 15)), (4.25m, new(2054, 8, 15)), (4.125m, new(2053, 8, 15))];
        for (var j = 0; j < 40; j++)
        {
            key++;
            var (coupon, maturity) = j < namedLong.Length
                ? namedLong[j]
                : (2m + (0.125m * (j % 24)), new DateOnly(2040 + (j % 11), ((j % 4) * 3) + 2, 15));
            var cusip = GeneratedCusip("912810", j, "");
            treasuries.Add(Bond(key, cusip, FormattableString.Invariant($"United States Treasury Bonds {coupon}% {maturity:yyyy-MM-dd}"),
                "Treasuries", Math.Round(60_000_000_000m * 3m / (j + 10), 0), coupon, maturity));
        }

        var aggregate = new List<FakeSecurity>();
        (decimal Coupon, DateOnly Maturity)[] namedNotes = [(4.25m, new(2034, 11, 15)), (4.375m, new(2034, 5, 15))];
        for (var j = 0; j < 250; j++)
        {
            key++;
            var kind = j < namedNotes.Length ? 0 : j % 10 switch { < 4 => 0, < 7 => 1, _ => 2 };
            var coupon = j < namedNotes.Length ? namedNotes[j].Coupon : 1.55m + (0.1m * (j % 33));
            var maturity = j < namedNotes.Length ? namedNotes[j].Maturity : new DateOnly(2027 + (j % 28), (j % 12) + 1, 15);
            var (cusip, name, sector) = kind switch
            {
                0 => (GeneratedCusip("91282C", j, ""), FormattableString.Invariant($"United States Treasury Notes {coupon}% {maturity:yyyy-MM-dd}"), "Treasuries"),
                1 => (GeneratedCusip("31418", j, ""), FormattableString.Invariant($"Fannie Mae Pool MA{4000 + j} {coupon}% {maturity:yyyy-MM-dd}"), "MBS Pass-Through"),
                _ => (GeneratedCusip("2D", j, "AB"), FormattableString.Invariant($"Demo {Words[j % Words.Length]} Capital Corp {coupon}% {maturity:yyyy-MM-dd}"), "Corporates"),
            };
            aggregate.Add(Bond(key, cusip, name, sector, 1_000_000m * (1000 - j), coupon, maturity));
        }

        return new Built([.. large, .. small, .. developed, .. emerging, .. treasuries, .. aggregate], large, small, developed, emerging, aggregate, treasuries);
    }

    private static List<FakeSecurity> Foreign(
        ref int key,
        (string Ticker, string Isin, string Name, string Country, string Currency, string Exchange, string Sector)[] real,
        (string Country, string Currency, string Exchange)[] markets,
        int count,
        decimal largestCapUsd,
        string suffix)
    {
        var list = new List<FakeSecurity>();
        for (var j = 0; j < count; j++)
        {
            key++;
            var cap = Math.Round(largestCapUsd * (200 - j) / 200, 0);
            if (j < real.Length)
            {
                var r = real[j];
                list.Add(new FakeSecurity(key, null, r.Isin, Sedol(key), r.Ticker, r.Name, r.Sector, r.Country, r.Exchange, r.Currency,
                    FakeSecurityKind.Stock, cap, BasePrice(key, 20, 900) * FxPerUsd[r.Currency], Real: true));
                continue;
            }

            var (country, currency, exchange) = markets[j % markets.Length];
            var isinBase = country + Alnum(key, 9);
            var ticker = country is "JP" or "TW" or "KR" or "CN" ? (1000 + (key * 7 % 8000)).ToString(CultureInfo.InvariantCulture) : Letters(key, 4);
            list.Add(new FakeSecurity(key, null, isinBase + SecurityIdentifiers.IsinCheckDigit(isinBase), Sedol(key), ticker, DemoName(j + 11, suffix),
                GicsSectors[(j + 5) % GicsSectors.Length], country, exchange, currency, FakeSecurityKind.Stock, cap,
                Math.Round(BasePrice(key, 5, 200) * FxPerUsd[currency], 2), Real: false));
        }

        return list;
    }

    private static FakeSecurity Bond(int key, string cusip, string name, string sector, decimal size, decimal coupon, DateOnly maturity) =>
        new(key, cusip, SecurityIdentifiers.UsIsin(cusip), Sedol(key), null, name, sector, "US", "-", "USD", FakeSecurityKind.Bond, size,
            Math.Round(84m + (key * 37 % 180 / 10m), 4), Real: false)
        {
            CouponPct = coupon,
            Maturity = maturity,
        };

    /// <summary>Prefix + the number in base 36, padded to 8 characters with the issue suffix, + check digit.</summary>
    private static string GeneratedCusip(string prefix, int number, string issue)
    {
        var width = 8 - prefix.Length - issue.Length;
        var body = ToBase36(number, width);
        var base8 = prefix + body + issue;
        return base8 + SecurityIdentifiers.CusipCheckDigit(base8);
    }

    private static string ToBase36(int number, int width)
    {
        const string digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var chars = new char[width];
        for (var i = width - 1; i >= 0; i--)
        {
            chars[i] = digits[number % 36];
            number /= 36;
        }

        return new string(chars);
    }

    private static string Letters(int number, int width)
    {
        var chars = new char[width];
        for (var i = width - 1; i >= 0; i--)
        {
            chars[i] = (char)('A' + (number % 26));
            number /= 26;
        }

        return new string(chars);
    }

    private static string Alnum(int seed, int width)
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        var chars = new char[width];
        var x = (uint)((seed * 2654435761u) ^ 0x5bd1e995u);
        for (var i = 0; i < width; i++)
        {
            x = (x * 1103515245u) + 12345u;
            chars[i] = alphabet[(int)((x >> 16) % (uint)alphabet.Length)];
        }

        return new string(chars);
    }

    private static string DemoName(int j, string suffix) =>
        "Demo " + Words[j % Words.Length] + " " + Nouns[(j / Words.Length) % Nouns.Length] + " " + suffix;

    private static decimal BasePrice(int key, int low, int high) => low + (key * 7919 % ((high - low) * 100) / 100m);

    /// <summary>A SEDOL: <c>B</c> + 5 digits + the weighted check digit (weights 1 3 1 7 3 9; B counts 11).</summary>
    private static string Sedol(int key)
    {
        var body = "B" + (key % 100000).ToString("D5", CultureInfo.InvariantCulture);
        int[] weights = [1, 3, 1, 7, 3, 9];
        var sum = 0;
        for (var i = 0; i < 6; i++)
        {
            var c = body[i];
            sum += (char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10) * weights[i];
        }

        return body + (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
