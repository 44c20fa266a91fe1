using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using EtfData.FakeUpstream.Control;
using EtfData.FakeUpstream.Securities;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.FakeUpstream.Schwab;

/// <summary>
/// The Schwab research portal's ETF holdings (sources.md §6) on its real paths at the fake's root: the page
/// <c>GET /schwab/Prospect/research/etfs/schwabETF/index.asp?type=holdings&amp;symbol={SYMBOL}</c> and the holdings module
/// <c>POST /schwab/Prospect/research/resources/server/Module/SchwabETF.ModuleAPI.asp?{sessionID}</c>.
/// </summary>
/// <remarks>
/// <para>The page shows the first <see cref="PageSize"/> rows in <c>#holdingsTableContainer</c> ("as of MM/DD/YYYY",
/// "Page 1 of N", N = ⌈rows / 20⌉) and the two JS values <c>gSymbolWSODIssue</c> (8 digits fixed per symbol) and
/// <c>WSDOM.Page.sessionID</c> (new per page view). The module answers <c>this.apiReturn = {…};</c> with the rows of page
/// <c>page</c> at <c>numRows</c> rows per page at <c>module.c[0].c[1].c[]</c>; a POST whose query is not a session id a page
/// gave is refused with 403, so a client that skips the page fails.</para>
/// <para>Rows are <see cref="FundPortfolio.Lines"/> of the latest session by the data clock: Symbol (<c>BRK/B</c>; <c>--</c>
/// for cash and bonds), Description, Portfolio Weight (<c>7.11%</c>, weight × 100 to 2 decimals), Shares Held
/// (<c>1,234,567</c>; <c>--</c> for cash), Market Value (<c>$1.23B</c>, <c>$456.78M</c>, <c>$12.35K</c>: two decimals of the unit).
/// Funds: SCHD, VOO, VTI, BND; any other symbol gets the empty "as of -" template. A drifted symbol's page names its
/// container <c>holdingsTableModule</c>.</para>
/// </remarks>
public sealed class SchwabFake(YahooDataset dataset, TimeProvider clock, LayoutDrift drift)
{
    public const string PagePath = "/schwab/Prospect/research/etfs/schwabETF/index.asp";

    public const string ModulePath = "/schwab/Prospect/research/resources/server/Module/SchwabETF.ModuleAPI.asp";

    public const int PageSize = 20;

    public static IReadOnlyList<string> Funds { get; } = ["SCHD", "VOO", "VTI", "BND"];

    private readonly ConcurrentDictionary<string, string> _sessions = new(StringComparer.Ordinal);
    private long _sessionCounter;

    /// <summary>Session ids pages have given out, with the symbol of the page.</summary>
    public IReadOnlyDictionary<string, string> Sessions => _sessions;

    public static string PageUrl(string symbol) => PagePath + "?type=holdings&symbol=" + Uri.EscapeDataString(symbol.ToUpperInvariant());

    /// <summary>The fixed <c>gSymbolWSODIssue</c> of a symbol: 8 digits from an FNV-1a hash.</summary>
    public static string WsodIssue(string symbol)
    {
        var hash = 2166136261u;
        foreach (var c in symbol.ToUpperInvariant())
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (10_000_000 + (hash % 90_000_000)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The rows the portal shows for a fund, or null for a symbol it has no holdings for.</summary>
    public (DateOnly AsOf, IReadOnlyList<string[]> Rows)? Rows(string symbol)
    {
        if (!Funds.Contains(symbol.ToUpperInvariant()) || dataset.Find(symbol) is not { } fund
            || FundDay.On(dataset, fund, FundDay.LatestSession(clock)) is not { } day)
        {
            return null;
        }

        return (day.AsOf, [.. FundPortfolio.Lines(day).Select(Row)]);
    }

    internal string Page(string symbol)
    {
        var upper = symbol.ToUpperInvariant();
        var session = Guid.CreateVersion7().ToString() + "-" + Interlocked.Increment(ref _sessionCounter).ToString(CultureInfo.InvariantCulture);
        _sessions[session] = upper;
        var rows = Rows(upper);
        var container = drift.IsDrifted(LayoutDrift.Schwab, upper) ? "holdingsTableModule" : "holdingsTableContainer";
        var body = new StringBuilder();
        var pageCount = rows is null ? 1 : (rows.Value.Rows.Count + PageSize - 1) / PageSize;
        foreach (var row in rows?.Rows.Take(PageSize) ?? [])
        {
            body.Append("      <tr>");
            body.Append(row[0] == "--" ? "<td>--</td>" : $"<td><a href=\"/research/stocks?symbol={Encode(row[0])}\">{Encode(row[0])}</a></td>");
            foreach (var cell in row.Skip(1))
            {
                body.Append("<td>").Append(Encode(cell)).Append("</td>");
            }

            body.Append("</tr>\n");
        }

        var asOf = rows is null ? "-" : rows.Value.AsOf.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture);
        return $"""
            <!DOCTYPE html>
            <html>
            <head>
            <title>{Encode(upper)} - Holdings - Schwab ETF Research</title>
            <script type="text/javascript">
            var WSOD_DATA = WSOD_DATA || {"{}"};
            var gSymbolWSODIssue = '{WsodIssue(upper)}';
            var WSDOM = WSDOM || {"{ Page: {} }"};
            WSDOM.Page.sessionID = WSOD_DATA.sessionID || '{session}';
            </script>
            </head>
            <body>
            <table class="header-layout"><tr><td>Research</td><td>ETFs</td></tr></table>
            <div id="{container}" class="module">
              <h3>Holdings <span class="asof">as of {asOf}</span></h3>
              <table class="data-table sortable">
                <thead>
                  <tr><th>Symbol</th><th>Description</th><th>Portfolio Weight</th><th>Shares Held</th><th>Market Value</th></tr>
                </thead>
                <tbody>
            {body}    </tbody>
              </table>
              {(rows is null ? "" : $"<div class=\"pager\"><span>Page 1 of {pageCount}</span> <a href=\"#\" class=\"next\">Next</a></div>")}
            </div>
            </body>
            </html>

            """;
    }

    /// <summary>The module answer, or null when the session is unknown (403).</summary>
    internal string? Module(string sessionId, string? inputs, out string? error)
    {
        error = null;
        if (!_sessions.ContainsKey(sessionId))
        {
            return null;
        }

        const string prefix = "B64ENC";
        if (inputs is null || !inputs.StartsWith(prefix, StringComparison.Ordinal))
        {
            error = "inputs must be B64ENC<base64 JSON>";
            return "";
        }

        string symbol;
        int page, numRows;
        try
        {
            // Form decoding turns an unescaped '+' of the base64 into a space.
            var json = Encoding.UTF8.GetString(Convert.FromBase64String(inputs[prefix.Length..].Replace(' ', '+')));
            using var document = JsonDocument.Parse(json);
            var args = document.RootElement.GetProperty("moduleArgs");
            symbol = args.GetProperty("symbol").GetString() ?? "";
            page = int.Parse(args.GetProperty("page").GetString()!, CultureInfo.InvariantCulture);
            numRows = int.Parse(args.GetProperty("numRows").GetString()!, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException or ArgumentNullException)
        {
            error = "inputs unreadable: " + ex.Message;
            return "";
        }

        if (page < 1 || numRows < 1)
        {
            error = "page and numRows must be positive";
            return "";
        }

        var rows = Rows(symbol)?.Rows.Skip((page - 1) * numRows).Take(numRows) ?? [];
        var module = new
        {
            module = new
            {
                t = "div",
                a = new { id = "holdingsTableContainer" },
                c = new object[]
                {
                    new
                    {
                        t = "table",
                        c = new object[]
                        {
                            new { t = "thead", c = (string[])["Symbol", "Description", "Portfolio Weight", "Shares Held", "Market Value"] },
                            new { t = "tbody", c = rows.Select(r => new { t = "tr", c = r.Select(cell => new { t = "td", c = new[] { cell } }).ToArray() }).ToArray() },
                        },
                    },
                },
            },
        };
        return "this.apiReturn = " + JsonSerializer.Serialize(module) + ";";
    }

    private static string[] Row(PortfolioLine line)
    {
        var s = line.Security;
        var symbol = s?.SlashTicker is { } ticker && s.Country == "US" ? ticker : s?.Ticker ?? "--";
        var name = line.Kind switch
        {
            PortfolioLineKind.Cash => "US DOLLAR",
            PortfolioLineKind.MoneyMarket => "MONEY MARKET FUND",
            _ => line.Name,
        };
        var shares = line.Kind is PortfolioLineKind.Cash or PortfolioLineKind.MoneyMarket
            ? "--"
            : line.Quantity.ToString("N0", CultureInfo.InvariantCulture);
        return [symbol, name, (line.Weight * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%", shares, Money(line.MarketValueUsd)];
    }

    /// <summary><c>$1.23B</c>, <c>$456.78M</c>, <c>$12.35K</c>, <c>$512.00</c>.</summary>
    public static string Money(decimal amount)
    {
        var magnitude = Math.Abs(amount);
        var (unit, suffix) = magnitude >= 1_000_000_000m ? (1_000_000_000m, "B")
            : magnitude >= 1_000_000m ? (1_000_000m, "M")
            : magnitude >= 1_000m ? (1_000m, "K")
            : (1m, "");
        return (amount < 0 ? "-$" : "$") + (magnitude / unit).ToString("0.00", CultureInfo.InvariantCulture) + suffix;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}

/// <summary>The Schwab page and module routes.</summary>
internal static class SchwabRoutes
{
    public static void MapSchwab(this IEndpointRouteBuilder app, SchwabFake schwab)
    {
        app.MapGet(SchwabFake.PagePath, (string? type, string? symbol) =>
            !string.Equals(type, "holdings", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(symbol)
                ? Results.Content("<!DOCTYPE html><html><body>Page not found</body></html>", "text/html; charset=utf-8", Encoding.UTF8, 404)
                : Results.Content(schwab.Page(symbol), "text/html; charset=utf-8", Encoding.UTF8));

        app.MapPost(SchwabFake.ModulePath, async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            var session = (request.QueryString.Value ?? "").TrimStart('?');
            string? inputs = null;
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(cancellationToken);
                inputs = form["inputs"].ToString();
            }

            var answer = schwab.Module(session, inputs, out var error);
            if (answer is null)
            {
                return Results.Content("<html><body>Forbidden: session expired</body></html>", "text/html; charset=utf-8", Encoding.UTF8, 403);
            }

            return error is not null
                ? Results.Content(error, "text/plain; charset=utf-8", Encoding.UTF8, 400)
                : Results.Content(answer, "text/javascript; charset=utf-8", Encoding.UTF8);
        });
    }
}
