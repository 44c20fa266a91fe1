using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.FakeUpstream.Etfdb;

/// <summary>One net-flow window of an etfdb page, as computed from the Yahoo dataset.</summary>
/// <param name="Window">The page's class name (<c>1-month</c>).</param>
/// <param name="NetFlowUsd">The exact flow, or null when the window reaches before the fund's first served session (shown "N/A").</param>
/// <param name="Display">What the page shows (<c>681.05 M</c>).</param>
public sealed record EtfdbFlow(string Window, decimal? NetFlowUsd, string Display);

/// <summary>
/// etfdb.com fund pages (<c>/etf/{SYMBOL}/</c>) in the structure <c>EtfdbProfileParser</c> reads: the profile container
/// with Category and "Last Updated" (<c>time[datetime]</c>), <c>#etf-ticker-body</c> with the Vitals rows (Issuer,
/// Brand, Structure, Expense Ratio, Inception, Index Tracked), the themes block (Category), AUM and Shares in the
/// trading-data list, and the fund-flow spans.
/// </summary>
/// <remarks>
/// <para><b>Numbers.</b> L = the data clock's latest session. AUM = SO(L) × NAV(L) shown in millions to one decimal
/// (<c>$402,034.0 M</c>), Shares = SO(L) in millions to one decimal, Last Updated = L. SO(d) is the Yahoo dataset's shares
/// outstanding of session d rounded to whole shares and NAV(d) its NAV, from the history through L (today's units).</para>
/// <para><b>Flows.</b> flow(d) = (SO(d) − SO(p)) × NAV(d), p the served session before d (a session Yahoo serves as a
/// row of nulls is skipped: its change falls on the next session). A window's net flow = Σ flow(d) over its sessions:
/// <c>5-day</c> the last 5 sessions through L; <c>1-month</c>, <c>3-month</c>, <c>6-month</c> the sessions d with
/// L − 1/3/6 calendar months &lt; d ≤ L; <c>1-year</c>, <c>3-year</c>, <c>5-year</c>, <c>10-year</c> likewise with years. A
/// window whose first session has no served session before it shows <c>N/A</c>. Display: in B (|x| ≥ 1e9), M
/// (≥ 1e6) or K, two decimals, a leading <c>-</c> when negative (<c>-2.35 M</c>) — so the page's figure is the exact flow
/// within half a unit of its last digit.</para>
/// <para>A drifted symbol's page has no <c>#etf-ticker-body</c> (the profile block is missing).</para>
/// </remarks>
public static class EtfdbPages
{
    /// <summary>Per fund: issuer, brand, etfdb category, structure, index tracked ("N/A" for none).</summary>
    private static readonly Dictionary<string, (string Issuer, string Brand, string Category, string Structure, string Index)> Facts =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["SPY"] = ("State Street", "SPDR", "Large Cap Blend Equities", "UIT", "S&P 500 Index"),
            ["IVV"] = ("Blackrock Financial Management", "iShares", "Large Cap Blend Equities", "ETF", "S&P 500 Index"),
            ["VOO"] = ("Vanguard", "Vanguard", "Large Cap Blend Equities", "ETF", "S&P 500 Index"),
            ["QQQ"] = ("Invesco", "Invesco", "Large Cap Growth Equities", "UIT", "NASDAQ-100 Index"),
            ["VTI"] = ("Vanguard", "Vanguard", "All Cap Equities", "ETF", "CRSP US Total Market Index"),
            ["IWM"] = ("Blackrock Financial Management", "iShares", "Small Cap Blend Equities", "ETF", "Russell 2000 Index"),
            ["EFA"] = ("Blackrock Financial Management", "iShares", "Foreign Large Cap Equities", "ETF", "MSCI EAFE Index"),
            ["EEM"] = ("Blackrock Financial Management", "iShares", "Emerging Markets Equities", "ETF", "MSCI Emerging Markets Index"),
            ["AGG"] = ("Blackrock Financial Management", "iShares", "Total Bond Market", "ETF", "Bloomberg U.S. Aggregate Bond Index"),
            ["BND"] = ("Vanguard", "Vanguard", "Total Bond Market", "ETF", "Bloomberg U.S. Aggregate Float Adjusted Index"),
            ["TLT"] = ("Blackrock Financial Management", "iShares", "Government Bonds", "ETF", "ICE U.S. Treasury 20+ Year Index"),
            ["GLD"] = ("State Street", "SPDR", "Precious Metals", "ETF", "N/A"),
            ["XLK"] = ("State Street", "SPDR", "Technology Equities", "ETF", "Technology Select Sector Index"),
            ["XLF"] = ("State Street", "SPDR", "Financials Equities", "ETF", "Financial Select Sector Index"),
            ["SCHD"] = ("Charles Schwab", "Schwab", "Large Cap Value Equities", "ETF", "Dow Jones U.S. Dividend 100 Index"),
        };

    /// <summary>The flow windows in page order.</summary>
    public static IReadOnlyList<string> Windows { get; } = ["5-day", "1-month", "3-month", "6-month", "1-year", "3-year", "5-year", "10-year"];

    public static bool Knows(string symbol) => Facts.ContainsKey(symbol);

    /// <summary>The fund's flows per window through <paramref name="latest"/> (see the class remarks).</summary>
    public static IReadOnlyList<EtfdbFlow> Flows(YahooDataset dataset, FakeFund fund, DateOnly latest)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(fund);
        var served = dataset.History(fund, latest).Bars.Where(b => !b.IsNullRow).ToList();
        if (served.Count == 0)
        {
            return [.. Windows.Select(w => new EtfdbFlow(w, null, "N/A"))];
        }

        var last = served[^1].Date;
        var flows = new List<EtfdbFlow>();
        foreach (var window in Windows)
        {
            var first = window switch
            {
                "5-day" => served.Count >= 5 ? served.Count - 5 : -1,
                _ => served.FindIndex(b => b.Date > Start(window, last)),
            };
            if (first < 1)
            {
                flows.Add(new EtfdbFlow(window, null, "N/A"));
                continue;
            }

            var total = 0m;
            for (var i = first; i < served.Count; i++)
            {
                total += (Shares(served[i]) - Shares(served[i - 1])) * (decimal)served[i].Nav;
            }

            flows.Add(new EtfdbFlow(window, total, Display(total)));
        }

        return flows;
    }

    /// <summary>The page, or null for a fund etfdb does not list or a day before any session.</summary>
    public static string? Page(YahooDataset dataset, FakeFund fund, DateOnly latest, bool drifted, DateOnly? staleStamp = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(fund);
        if (!Facts.TryGetValue(fund.Symbol, out var facts))
        {
            return null;
        }

        var bar = dataset.History(fund, latest).Bars.LastOrDefault(b => !b.IsNullRow);
        if (bar is null)
        {
            return null;
        }

        var shares = Shares(bar);
        var aum = shares * (decimal)bar.Nav;
        // The real pages can carry a "Last Updated" stamp years older than the figures (sources.md §7).
        var updated = staleStamp ?? bar.Date;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><title>{Encode(fund.Symbol)} {Encode(fund.Name)} | ETF Database</title></head>
            <body>
            <div class="row row-no-gutters">
              <h1 class="data-title"><div class="label label-primary">{Encode(fund.Symbol)}</div> {Encode(fund.Name)}</h1>
              <div class="col-md-4 col-sm-12 main-video-container">
                <div class="profile-container">
                  <div class="row">
                    <span class="stock-quote-title"> Category: </span>
                    <span class="stock-quote-data"> <a href="https://etfdb.com/etfdb-category/{Slug(facts.Category)}/">{Encode(facts.Category)}</a> </span>
                  </div>
                  <div class="row data-timestamp" itemscope="" itemtype="http://schema.org/WebPage">
                    <span class="stock-quote-title">Last Updated:</span>
                    <span class="stock-quote-data hidden-xs"><time itemprop="dateModified" datetime="{updated:yyyy-MM-dd}" class="date-modified">{updated:MMM dd, yyyy}</time></span>
                  </div>
                </div>
              </div>
            </div>
            <div class="col-md-8 col-xs-12 col-sm-12">

            """);
        if (!drifted)
        {
            var index = facts.Index == "N/A" ? "N/A" : $"<a href=\"https://etfdb.com/index/{Slug(facts.Index)}/\">{Encode(facts.Index)}</a>";
            html.Append(CultureInfo.InvariantCulture, $"""
                <div id="etf-ticker-body">
                  <div class="row"><div class="col-sm-6 col-xs-12">
                    <h3 class="h4">Vitals</h3>
                    <div class="ticker-assets">
                      <div class="row"> <span>Issuer</span> <span class="truncate-index"><a href="https://etfdb.com/issuer/{Slug(facts.Issuer)}/">{Encode(facts.Issuer)}</a></span> </div>
                      <div class="row"> <span>Brand</span> <span class="truncate-index"><a href="https://etfdb.com/issuer/{Slug(facts.Brand)}/">{Encode(facts.Brand)}</a></span> </div>
                      <div class="row"> <span>Structure</span> <span class="text-right">{facts.Structure}</span> </div>
                      <div class="row"> <span>Expense Ratio</span> <span class="text-right">{(fund.ExpenseRatio * 100).ToString("0.00##", CultureInfo.InvariantCulture)}%</span> </div>
                      <div class="row"> <span>Inception</span> <span class="text-right">{fund.Inception.ToString("MMM d, yyyy", CultureInfo.InvariantCulture)}</span> </div>
                      <div class="row"> <span>Index Tracked</span> <span class="truncate-index">{index}</span> </div>
                    </div>
                  </div></div>
                  <div class="row"><div class="col-sm-6 col-xs-12">
                    <h3 class="h4">ETF Database Themes</h3>
                    <div class="ticker-assets">
                      <div class="row"> <span>Category</span> <span class="truncate-index"> <a href="https://etfdb.com/etfdb-category/{Slug(facts.Category)}/">{Encode(facts.Category)}</a> </span> </div>
                      <div class="row"> <span>Asset Class</span> <span class="truncate-index">{Encode(fund.AssetClass)}</span> </div>
                    </div>
                  </div></div>
                  <div class="data-trading bar-charts-table">
                    <h3 class="h4 heading">Trading Data</h3>
                    <ul class="list-unstyled trading-data">
                      <li> <span>Open</span> <span class="pull-right" id="stock_open">&nbsp;${bar.Open.ToString("N2", CultureInfo.InvariantCulture)}</span> </li>
                      <li> <span>Volume</span> <span class="pull-right" id="stock_vol">&nbsp;{bar.Volume.ToString("N0", CultureInfo.InvariantCulture)}</span> </li>
                    </ul>
                    <ul class="list-unstyled">
                      <li> <span>AUM</span> <span class="pull-right">${(aum / 1_000_000m).ToString("N1", CultureInfo.InvariantCulture)} M</span> </li>
                      <li> <span>Shares</span> <span class="pull-right">{(shares / 1_000_000m).ToString("N1", CultureInfo.InvariantCulture)} M</span> </li>
                    </ul>
                  </div>
                  <div id="fund-flows">

                """);
            foreach (var flow in Flows(dataset, fund, latest))
            {
                var label = flow.Window.Replace('-', ' ');
                label = char.ToUpperInvariant(label[0]) + label[1..];
                label = string.Join(' ', label.Split(' ').Select(w => w.Length > 0 ? char.ToUpperInvariant(w[0]) + w[1..] : w));
                html.Append(CultureInfo.InvariantCulture,
                    $"    <span class=\"net-fund-flow {flow.Window}\" style=\"display: {(flow.Window == "1-month" ? "inline" : "none")};\"> <b>{label} Net Flows:</b> {flow.Display} </span>\n");
            }

            html.Append("""
                    <span class="net-fund-flow custom-range" style="display: none;"></span>
                  </div>
                </div>

                """);
        }
        else
        {
            html.Append("<div id=\"etf-profile-v2\" data-react-root=\"profile\"></div>\n");
        }

        html.Append("</div>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>etfdb's flow display: B, M or K with two decimals.</summary>
    public static string Display(decimal amount)
    {
        var magnitude = Math.Abs(amount);
        var (unit, suffix) = magnitude >= 1_000_000_000m ? (1_000_000_000m, "B") : magnitude >= 1_000_000m ? (1_000_000m, "M") : (1_000m, "K");
        return (amount / unit).ToString("0.00", CultureInfo.InvariantCulture) + " " + suffix;
    }

    private static DateOnly Start(string window, DateOnly last) => window switch
    {
        "1-month" => last.AddMonths(-1),
        "3-month" => last.AddMonths(-3),
        "6-month" => last.AddMonths(-6),
        "1-year" => last.AddYears(-1),
        "3-year" => last.AddYears(-3),
        "5-year" => last.AddYears(-5),
        "10-year" => last.AddYears(-10),
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, "Unknown window"),
    };

    private static decimal Shares(FakeBar bar) => (decimal)Math.Round(bar.SharesOutstanding);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Slug(string text) =>
        string.Join('-', text.ToLowerInvariant().Split([' ', '.', '&', '+', '/'], StringSplitOptions.RemoveEmptyEntries));
}

/// <summary><c>GET /etf/{SYMBOL}/</c>: the fund's page, 404 for a symbol etfdb does not list.</summary>
internal static class EtfdbRoutes
{
    public static void MapEtfdb(
        this IEndpointRouteBuilder app, YahooDataset dataset, TimeProvider clock, Control.LayoutDrift drift, ConcurrentDictionary<string, DateOnly> staleStamps)
    {
        app.MapGet("/etf/{symbol}/", (string symbol) =>
        {
            var fund = dataset.Find(symbol);
            var page = fund is null || !EtfdbPages.Knows(symbol)
                ? null
                : EtfdbPages.Page(dataset, fund, Securities.FundDay.LatestSession(clock), drift.IsDrifted(Control.LayoutDrift.Etfdb, fund.Symbol),
                    staleStamps.TryGetValue(fund.Symbol, out var stamp) ? stamp : null);
            return page is null
                ? Results.Content("<!DOCTYPE html><html><body><h1>404 - Page Not Found</h1></body></html>", "text/html; charset=utf-8", Encoding.UTF8, 404)
                : Results.Content(page, "text/html; charset=utf-8", Encoding.UTF8);
        });
    }
}
