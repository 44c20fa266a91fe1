using EtfData.Domain;
using EtfData.FakeUpstream.Securities;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.FakeUpstream.Sec;

/// <summary>
/// The generated SEC dataset behind the demo: identities of the demo funds in SEC's ticker maps and
/// NPORT-P filings derived from the Yahoo dataset, so the two upstreams tell one story.
/// </summary>
/// <remarks>
/// <para><b>Identities.</b> SPY (CIK 884394) and QQQ (CIK 1067839) are unit investment trusts: rows of
/// <c>company_tickers.json</c> only, no series; they file NPORT-P under their CIK without a series id.
/// GLD (CIK 1222333, a grantor trust) is in <c>company_tickers.json</c> and files no N-PORT. IVV, IWM,
/// EFA, EEM, AGG and TLT are single-class series of iShares Trust (CIK 1100663), so sibling series share
/// a registrant. VOO is one class of Vanguard 500 Index Fund (S000002839) with the mutual-fund classes
/// VFIAX and VFINX; VTI shares S000002848 with VTSAX, BND shares S000002564 with VBTLX; XLK and XLF are
/// series of The Select Sector SPDR Trust; SCHD of Schwab Strategic Trust. A few mutual-fund-only rows
/// (no filings) complete the map.</para>
/// <para><b>Filings.</b> For every fund with series or UIT filings, one NPORT-P per calendar quarter end
/// q for the 8 latest quarter ends on or before <c>through</c>, filed on q + 55 days + (fund index mod 5)
/// (the index in <see cref="Funds"/> order), visible from that day. Figures use the Yahoo history through
/// q: nav(d) = NAV of the last served bar on or before d rounded to cents, so(d) = its shares
/// outstanding rounded to whole shares, m1..m3 the quarter's month ends (m3 = q) and m0 the month end
/// before m1. With S the series scale (1 for a single-class fund or UIT; 3 for S000002839, 2.5 for
/// S000002848, 2 for S000002564 — the other classes' assets), NetAssets = round(so(q) × nav(q) × S, 2),
/// TotalAssets = round(NetAssets × 1.002, 2), TotalLiabilities = TotalAssets − NetAssets. Month k:
/// net N = round((so(mk) − so(mk−1)) × nav(mk) × S, 2), churn C = round(so(mk) × nav(mk) × S × 0.004, 2),
/// sales = max(N, 0) + C, redemption = max(−N, 0) + C, reinvestment = 0 — so net new cash is exactly N.
/// Returns: one per class, the ETF class's rtnk = round((nav(mk) / nav(mk−1) − 1) × 100, 4), every other
/// class of the series 0.01 lower. Holdings are generated per fund and quarter (AGG: 400 positions of
/// Treasuries, agency MBS and corporates in principal units, five non-USD bonds, a repo, a currency forward
/// with negative value; equity funds: the largest members of the fund's index in the shared
/// <see cref="SecurityUniverse"/> with the same identifiers as every other fake source, some N/A LEIs and 000000000
/// CUSIPs on generated names, EFA/EEM in local currencies with exchange rates, one index future), percentages of net assets summing to about 100 and
/// values = round(NetAssets × pct / 100, 2). One NPORT-P/A amends AGG's second-latest filing 20 days after
/// it, with net and total assets 1,000,000.00 higher and everything else unchanged.</para>
/// <para>Deterministic: the same Yahoo dataset and <c>through</c> give the same filings and bytes.</para>
/// </remarks>
public static class SecDatasets
{
    private const long IsharesCik = 1100663;
    private const long VanguardIndexCik = 36405;
    private const long VanguardBondCik = 794105;
    private const long SectorSpdrCik = 1064641;
    private const long SchwabCik = 1454889;

    /// <summary>A demo fund's SEC identity and how its filings are generated.</summary>
    /// <param name="Symbol">The ETF.</param>
    /// <param name="Cik">Registrant.</param>
    /// <param name="Registrant">Registrant name.</param>
    /// <param name="SeriesId">Null for a UIT or grantor trust.</param>
    /// <param name="ClassId">The ETF's class; null without series.</param>
    /// <param name="SeriesName">The series' name.</param>
    /// <param name="OtherClasses">Mutual-fund classes of the same series (symbol, class id).</param>
    /// <param name="SeriesScale">Series figures ÷ the ETF's own (see the class remarks).</param>
    /// <param name="FiscalYearEndMonth">Month of the fiscal year end (<c>repPdEnd</c>).</param>
    /// <param name="FilesNport">False for a grantor trust (GLD).</param>
    /// <param name="Portfolio">How holdings are generated.</param>
    public sealed record DemoSecFund(
        string Symbol, long Cik, string Registrant, string? SeriesId, string? ClassId, string? SeriesName,
        IReadOnlyList<(string Symbol, string ClassId)> OtherClasses, decimal SeriesScale, int FiscalYearEndMonth,
        bool FilesNport, Portfolio Portfolio);

    /// <summary>Kinds of generated portfolios.</summary>
    public enum Portfolio
    {
        None,
        UsEquity,
        Developed,
        Emerging,
        AggregateBond,
        Treasury,
    }

    /// <summary>The demo identities, in a fixed order (the fund index of the filing-date rule).</summary>
    public static IReadOnlyList<DemoSecFund> Funds { get; } =
    [
        new("SPY", 884394, "SPDR S&P 500 ETF TRUST", null, null, null, [], 1m, 9, true, Portfolio.UsEquity),
        new("QQQ", 1067839, "INVESCO QQQ TRUST, SERIES 1", null, null, null, [], 1m, 9, true, Portfolio.UsEquity),
        new("GLD", 1222333, "SPDR GOLD TRUST", null, null, null, [], 1m, 9, false, Portfolio.None),
        new("IVV", IsharesCik, "iShares Trust", "S000004310", "C000012040", "iShares Core S&P 500 ETF", [], 1m, 3, true, Portfolio.UsEquity),
        new("IWM", IsharesCik, "iShares Trust", "S000004344", "C000012074", "iShares Russell 2000 ETF", [], 1m, 3, true, Portfolio.UsEquity),
        new("EFA", IsharesCik, "iShares Trust", "S000004297", "C000012027", "iShares MSCI EAFE ETF", [], 1m, 7, true, Portfolio.Developed),
        new("EEM", IsharesCik, "iShares Trust", "S000004319", "C000012049", "iShares MSCI Emerging Markets ETF", [], 1m, 7, true, Portfolio.Emerging),
        new("AGG", IsharesCik, "iShares Trust", "S000004362", "C000012092", "iShares Core U.S. Aggregate Bond ETF", [], 1m, 2, true, Portfolio.AggregateBond),
        new("TLT", IsharesCik, "iShares Trust", "S000004355", "C000012085", "iShares 20+ Year Treasury Bond ETF", [], 1m, 2, true, Portfolio.Treasury),
        new("VOO", VanguardIndexCik, "VANGUARD INDEX FUNDS", "S000002839", "C000092055", "Vanguard 500 Index Fund",
            [("VFIAX", "C000007774"), ("VFINX", "C000007773")], 3m, 12, true, Portfolio.UsEquity),
        new("VTI", VanguardIndexCik, "VANGUARD INDEX FUNDS", "S000002848", "C000007806", "Vanguard Total Stock Market Index Fund",
            [("VTSAX", "C000007807")], 2.5m, 12, true, Portfolio.UsEquity),
        new("BND", VanguardBondCik, "VANGUARD BOND INDEX FUNDS", "S000002564", "C000092053", "Vanguard Total Bond Market Index Fund",
            [("VBTLX", "C000007146")], 2m, 12, true, Portfolio.AggregateBond),
        new("XLK", SectorSpdrCik, "SELECT SECTOR SPDR TRUST", "S000006414", "C000017616", "The Technology Select Sector SPDR Fund", [], 1m, 9, true, Portfolio.UsEquity),
        new("XLF", SectorSpdrCik, "SELECT SECTOR SPDR TRUST", "S000006410", "C000017612", "The Financial Select Sector SPDR Fund", [], 1m, 9, true, Portfolio.UsEquity),
        new("SCHD", SchwabCik, "Schwab Strategic Trust", "S000027210", "C000082614", "Schwab U.S. Dividend Equity ETF", [], 1m, 8, true, Portfolio.UsEquity),
    ];

    /// <summary>Mutual-fund classes in the MF ticker map whose series the demo does not file for.</summary>
    private static readonly FakeSecFund[] MutualFundOnly =
    [
        new("VWELX", 105563, "S000002936", "C000008033", "VANGUARD WELLINGTON FUND"),
        new("FXAIX", 819118, "S000006027", "C000019596", "FIDELITY CONCORD STREET TRUST"),
        new("LACAX", 2110, "S000009184", "C000024954", "COLUMBIA ACORN TRUST"),
    ];

    /// <summary>The demo's SEC dataset; filings cover the 8 quarter ends on or before <paramref name="through"/>.</summary>
    public static SecDataset Demo(YahooDataset yahoo, DateOnly through)
    {
        ArgumentNullException.ThrowIfNull(yahoo);
        var funds = new List<FakeSecFund>();
        var filings = new List<FakeNportFiling>();
        var quarterEnds = QuarterEnds(through, 8);
        for (var index = 0; index < Funds.Count; index++)
        {
            var fund = Funds[index];
            funds.Add(new FakeSecFund(fund.Symbol, fund.Cik, fund.SeriesId, fund.ClassId, fund.Registrant));
            funds.AddRange(fund.OtherClasses.Select(c => new FakeSecFund(c.Symbol, fund.Cik, fund.SeriesId, c.ClassId, fund.Registrant)));
            var yahooFund = yahoo.Find(fund.Symbol);
            if (!fund.FilesNport || yahooFund is null)
            {
                continue;
            }

            for (var q = 0; q < quarterEnds.Count; q++)
            {
                var quarterEnd = quarterEnds[q];
                var history = yahoo.History(yahooFund, quarterEnd);
                if (history.Bars.Count == 0 || history.Bars[0].Date > quarterEnd.AddMonths(-3))
                {
                    continue;
                }

                var filing = Filing(fund, index, quarterEnd, history, yahooFund);
                filings.Add(filing);
                if (fund.Symbol == "AGG" && q == quarterEnds.Count - 2)
                {
                    filings.Add(Amendment(filing, index));
                }
            }
        }

        funds.AddRange(MutualFundOnly);
        return new SecDataset(funds, filings);
    }

    /// <summary>The last <paramref name="count"/> calendar quarter ends on or before <paramref name="through"/>, oldest first.</summary>
    public static IReadOnlyList<DateOnly> QuarterEnds(DateOnly through, int count)
    {
        var month = ((through.Month - 1) / 3 * 3) + 3;
        var end = new DateOnly(through.Year, month, 1).AddMonths(1).AddDays(-1);
        if (end > through)
        {
            end = new DateOnly(end.Year, end.Month, 1).AddMonths(-2).AddDays(-1);
        }

        var ends = new List<DateOnly>();
        for (var i = 0; i < count; i++)
        {
            ends.Insert(0, end);
            end = new DateOnly(end.Year, end.Month, 1).AddMonths(-2).AddDays(-1);
        }

        return ends;
    }

    /// <summary>The filing date rule: quarter end + 55 days + (fund index mod 5).</summary>
    public static DateOnly FilingDate(DateOnly quarterEnd, int fundIndex) => quarterEnd.AddDays(55 + (fundIndex % 5));

    private static FakeNportFiling Filing(DemoSecFund fund, int index, DateOnly quarterEnd, FakeHistory history, FakeFund yahooFund)
    {
        var monthEnds = Enumerable.Range(0, 4).Select(k => MonthEnd(quarterEnd, k - 3)).ToArray();
        var marks = monthEnds.Select(d => Mark(history, d)).ToArray();
        var scale = fund.SeriesScale;
        var netAssets = Math.Round(marks[3].Shares * marks[3].Nav * scale, 2);
        var totalAssets = Math.Round(netAssets * 1.002m, 2);
        var flows = new NportMonthFlow[3];
        var etfReturns = new decimal[3];
        for (var k = 1; k <= 3; k++)
        {
            var net = Math.Round((marks[k].Shares - marks[k - 1].Shares) * marks[k].Nav * scale, 2);
            var churn = Math.Round(marks[k].Shares * marks[k].Nav * scale * 0.004m, 2);
            flows[k - 1] = new NportMonthFlow(Math.Max(net, 0) + churn, 0m, Math.Max(-net, 0) + churn);
            etfReturns[k - 1] = Math.Round(((marks[k].Nav / marks[k - 1].Nav) - 1) * 100, 4);
        }

        var returns = new List<NportClassReturn> { new(fund.ClassId, etfReturns[0], etfReturns[1], etfReturns[2]) };
        returns.AddRange(fund.OtherClasses.Select(c => new NportClassReturn(c.ClassId, etfReturns[0] - 0.01m, etfReturns[1] - 0.01m, etfReturns[2] - 0.01m)));
        var report = new NportReport
        {
            SubmissionType = "NPORT-P",
            RegistrantCik = fund.Cik,
            RegistrantName = fund.Registrant,
            SeriesId = fund.SeriesId,
            SeriesName = fund.SeriesName,
            ClassIds = fund.ClassId is null ? [] : [fund.ClassId, .. fund.OtherClasses.Select(c => c.ClassId)],
            ReportDate = quarterEnd,
            FiscalYearEnd = FiscalYearEnd(quarterEnd, fund.FiscalYearEndMonth),
            TotalAssetsUsd = totalAssets,
            TotalLiabilitiesUsd = totalAssets - netAssets,
            NetAssetsUsd = netAssets,
            Returns = returns,
            Month1Flow = flows[0],
            Month2Flow = flows[1],
            Month3Flow = flows[2],
        };
        var holdings = Holdings(fund, quarterEnd, netAssets, yahooFund);
        report = report with { HoldingCount = holdings.Count };
        var filingDate = FilingDate(quarterEnd, index);
        return new FakeNportFiling(Accession(filingDate, index, 0), fund.Cik, filingDate, report, holdings);
    }

    private static FakeNportFiling Amendment(FakeNportFiling original, int index)
    {
        var filingDate = original.FilingDate.AddDays(20);
        var report = original.Report with
        {
            SubmissionType = "NPORT-P/A",
            NetAssetsUsd = original.Report.NetAssetsUsd + 1_000_000m,
            TotalAssetsUsd = original.Report.TotalAssetsUsd + 1_000_000m,
        };
        return new FakeNportFiling(Accession(filingDate, index, 1), original.FilerCik, filingDate, report, original.Holdings);
    }

    private static string Accession(DateOnly filingDate, int index, int amendment) =>
        FormattableString.Invariant($"0001752724-{filingDate.Year % 100:D2}-{((index + 1) * 10000) + (filingDate.DayOfYear * 10) + amendment:D6}");

    private static DateOnly MonthEnd(DateOnly quarterEnd, int monthsBack) =>
        new DateOnly(quarterEnd.Year, quarterEnd.Month, 1).AddMonths(monthsBack + 1).AddDays(-1);

    private static DateOnly FiscalYearEnd(DateOnly reportDate, int month)
    {
        var candidate = new DateOnly(reportDate.Year, month, 1).AddMonths(1).AddDays(-1);
        return candidate < reportDate ? new DateOnly(reportDate.Year + 1, month, 1).AddMonths(1).AddDays(-1) : candidate;
    }

    /// <summary>NAV (cents) and shares outstanding (whole shares) of the last served bar on or before <paramref name="day"/>.</summary>
    private static (decimal Nav, decimal Shares) Mark(FakeHistory history, DateOnly day)
    {
        var bar = history.Bars.Last(b => b.Date <= day && !b.IsNullRow);
        return (Math.Round((decimal)bar.Nav, 2), Math.Round((decimal)bar.SharesOutstanding, 0));
    }

    private static List<NportHolding> Holdings(DemoSecFund fund, DateOnly quarterEnd, decimal netAssets, FakeFund yahooFund)
    {
        var random = new Random(StableSeed(fund.Symbol + quarterEnd.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)));
        var specs = fund.Portfolio switch
        {
            Portfolio.AggregateBond => BondPortfolio(random, fund.Symbol == "AGG" ? 400 : 150, aggregate: true),
            Portfolio.Treasury => BondPortfolio(random, 40, aggregate: false),
            Portfolio.Developed or Portfolio.Emerging => EquityPortfolio(random, yahooFund, 80),
            _ => EquityPortfolio(random, yahooFund, fund.Symbol is "XLK" or "XLF" ? 40 : 100),
        };

        // Weights of the long positions sum to 100 %; derivative lines add a small signed amount on top.
        var totalWeight = specs.Where(s => s.Weight > 0).Sum(s => s.Weight);
        var holdings = new List<NportHolding>(specs.Count);
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var pct = spec.Weight > 0 ? Math.Round(spec.Weight / totalWeight * 100, 6) : spec.Weight;
            var value = Math.Round(netAssets * pct / 100, 2);
            var balance = spec.Units switch
            {
                "PA" => Math.Round(value / spec.Price * 100 * (spec.ExchangeRate ?? 1m), 2),
                "NC" => spec.Contracts,
                _ => Math.Round(value / spec.Price * (spec.ExchangeRate ?? 1m), 0),
            };
            holdings.Add(spec.Holding with { Position = i + 1, ValueUsd = value, PercentOfNetAssets = pct, Balance = balance });
        }

        return holdings;
    }

    private sealed record Spec(NportHolding Holding, decimal Weight, decimal Price, string Units, decimal? ExchangeRate = null, decimal Contracts = 0);

    /// <summary>
    /// The fund's index from the shared universe (<see cref="SecurityUniverse.Weights"/>), its <paramref name="count"/>
    /// largest members: the same CUSIP, ISIN, ticker (US stocks), name, country and currency as every other fake source
    /// names them. Foreign stocks carry no CUSIP (written <c>000000000</c>), and neither does every eleventh generated US
    /// name (EDGAR's quirk; the real large caps always keep theirs); every seventh line has no LEI.
    /// </summary>
    private static List<Spec> EquityPortfolio(Random random, FakeFund yahooFund, int count)
    {
        var members = SecurityUniverse.Weights(yahooFund).Take(count).ToList();
        var specs = new List<Spec>(members.Count + 1);
        for (var i = 0; i < members.Count; i++)
        {
            var security = members[i].Security;
            var us = security.Country == "US";
            var rate = SecurityUniverse.FxPerUsd[security.Currency];
            specs.Add(new Spec(
                new NportHolding
                {
                    Position = 0,
                    Name = security.Name,
                    Lei = i % 7 == 3 ? null : Lei(random),
                    Title = security.Name,
                    Cusip = us && (security.Real || i % 11 != 10) ? security.Cusip : null,
                    Isin = security.Isin,
                    Ticker = us ? security.Ticker : null,
                    Units = "NS",
                    Currency = security.Currency,
                    ExchangeRate = security.Currency == "USD" ? null : rate,
                    PayoffProfile = "Long",
                    AssetCategory = "EC",
                    IssuerCategory = "CORP",
                    Country = security.Country,
                    IsRestricted = false,
                    FairValueLevel = us ? "1" : "2",
                },
                Weight: members[i].Weight,
                Price: Math.Round(security.BasePrice / rate, 2),
                Units: "NS",
                ExchangeRate: security.Currency == "USD" ? null : rate));
        }

        var futureValue = Math.Round((decimal)((random.NextDouble() - 0.6) * 0.05), 6);
        specs.Add(new Spec(
            new NportHolding
            {
                Position = 0,
                Name = "Chicago Mercantile Exchange",
                Lei = null,
                Title = "E-MINI INDEX FUTURE " + (2 + random.Next(3)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "M",
                OtherIdentifiers = "Internal Identifier: FUT" + Alnum(random, 6),
                Units = "NC",
                Currency = "USD",
                PayoffProfile = "Long",
                AssetCategory = "DE",
                IssuerCategory = "OTHER",
                IssuerCategoryDescription = "derivative",
                Country = "US",
                IsRestricted = false,
                FairValueLevel = "1",
                InstrumentKind = NportInstrumentKind.Derivative,
                DerivativeCategory = "FUT",
            },
            Weight: futureValue, Price: 1m, Units: "NC", Contracts: 50 + random.Next(500)));
        return specs;
    }

    private static List<Spec> BondPortfolio(Random random, int count, bool aggregate)
    {
        var specs = new List<Spec>(count + 3);
        for (var i = 0; i < count; i++)
        {
            var kind = !aggregate ? 0 : (i % 10) switch { < 4 => 0, < 7 => 1, _ => 2 };
            var year = 2026 + random.Next(aggregate ? 2 : 20, aggregate ? 30 : 30);
            var coupon = Math.Round((decimal)(1 + (random.NextDouble() * 5)), 3);
            var nonUsd = aggregate && kind == 2 && i % 80 == 9;
            var (issuer, title, issuerCategory, assetCategory) = kind switch
            {
                0 => ("United States Treasury", FormattableString.Invariant($"T {coupon} {(i % 12) + 1:D2}/15/{year % 100:D2}"), "UST", "DBT"),
                1 => ("Fannie Mae", FormattableString.Invariant($"FN MA{random.Next(1000, 9999)} {coupon}% {year}"), "USGSE", "ABS-MBS"),
                _ => (FormattableString.Invariant($"Demo {Words[random.Next(Words.Length)]} Capital Corp"), FormattableString.Invariant($"{coupon}% Senior Notes {year}"), "CORP", "DBT"),
            };
            var cusip = Cusip(random);
            specs.Add(new Spec(
                new NportHolding
                {
                    Position = 0,
                    Name = issuer,
                    Lei = kind == 0 ? "254900HROIFWPRGM1V77" : Lei(random),
                    Title = title,
                    Cusip = cusip,
                    Isin = (nonUsd ? "XS" : "US") + cusip + "0",
                    Units = "PA",
                    Currency = nonUsd ? (i % 160 == 9 ? "EUR" : "GBP") : "USD",
                    ExchangeRate = nonUsd ? (i % 160 == 9 ? 0.9215m : 0.7912m) : null,
                    PayoffProfile = "Long",
                    AssetCategory = assetCategory,
                    IssuerCategory = issuerCategory,
                    Country = nonUsd ? (i % 160 == 9 ? "DE" : "GB") : "US",
                    IsRestricted = false,
                    FairValueLevel = "2",
                },
                Weight: (decimal)(0.5 + random.NextDouble()),
                Price: Math.Round((decimal)(84 + (random.NextDouble() * 18)), 4),
                Units: "PA",
                ExchangeRate: nonUsd ? (i % 160 == 9 ? 0.9215m : 0.7912m) : null));
        }

        if (aggregate)
        {
            specs.Add(new Spec(
                new NportHolding
                {
                    Position = 0,
                    Name = "Fixed Income Clearing Corp",
                    Lei = "549300U6XKD8X6BR2N89",
                    Title = "TRI-PARTY REPO 4.30% 1D",
                    Units = "PA",
                    Currency = "USD",
                    PayoffProfile = "Long",
                    AssetCategory = "RA",
                    IssuerCategory = "CORP",
                    Country = "US",
                    IsRestricted = false,
                    FairValueLevel = "2",
                    InstrumentKind = NportInstrumentKind.Repo,
                },
                Weight: 0.8m, Price: 100m, Units: "PA"));
            specs.Add(new Spec(
                new NportHolding
                {
                    Position = 0,
                    Name = "Morgan Stanley & Co. LLC",
                    Lei = "9R7GPTSO7KV3UQJZQ078",
                    Title = "PURCHASED USD / SOLD EUR",
                    OtherIdentifiers = "Trade Identifier: FWD" + Alnum(random, 8),
                    Units = "NC",
                    Currency = "EUR",
                    ExchangeRate = 0.9215m,
                    AssetCategory = "DFE",
                    IssuerCategory = "OTHER",
                    IssuerCategoryDescription = "derivative",
                    Country = "US",
                    IsRestricted = false,
                    FairValueLevel = "2",
                    InstrumentKind = NportInstrumentKind.Derivative,
                    DerivativeCategory = "FWD",
                },
                Weight: -Math.Round((decimal)(0.001 + (random.NextDouble() * 0.01)), 6), Price: 1m, Units: "NC", Contracts: 1m));
        }

        return specs;
    }

    private static readonly string[] Words = ["Atlas", "Beacon", "Cedar", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Iris", "Juniper", "Keystone", "Lumen"];

    private const string Alphanumerics = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    private static string Alnum(Random random, int length) =>
        string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphanumerics[r.Next(Alphanumerics.Length)];
            }
        });

    private static string Cusip(Random random) => Alnum(random, 8) + random.Next(10).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Lei(Random random) => Alnum(random, 18) + random.Next(10, 100).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>FNV-1a: string.GetHashCode is randomised per process.</summary>
    private static int StableSeed(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7fffffff);
    }
}
