using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EtfData.FakeUpstream.Yahoo;

/// <summary>Yahoo's routes: chart, quoteSummary, the cookie page and getcrumb, under <see cref="YahooFake.Prefix"/>.</summary>
internal static class YahooRoutes
{
    private const string JsonType = "application/json;charset=utf-8";

    public static void MapYahoo(this IEndpointRouteBuilder app, YahooFake yahoo)
    {
        var group = app.MapGroup(YahooFake.Prefix);

        group.MapGet("/consent", (HttpContext context) =>
        {
            // fc.yahoo.com answers 404 but sets the session cookie; clients must not care about the status.
            var id = yahoo.Sessions.IssueCookie();
            context.Response.Headers.Append("Set-Cookie", $"A3={id}; Max-Age=31557600; Domain=.yahoo.com; Path=/; SameSite=None; Secure; HttpOnly");
            context.Response.Headers.Append("Set-Cookie", "A1S=d=AQABBF&S=AQAAA; Domain=.yahoo.com; Path=/; SameSite=Lax; Secure");
            return Results.Content("<!DOCTYPE html><html><body>Not found</body></html>", "text/html; charset=utf-8", Encoding.UTF8, 404);
        });

        group.MapGet("/v1/test/getcrumb", (HttpContext context) =>
        {
            var userAgent = context.Request.Headers.UserAgent.ToString();
            if (!userAgent.StartsWith("Mozilla/5.0", StringComparison.Ordinal))
            {
                return Results.Content("Too Many Requests\r\n", "text/plain;charset=utf-8", Encoding.UTF8, 429);
            }

            var crumb = yahoo.Sessions.IssueCrumb(context.Request.Headers.Cookie.ToString());
            return crumb is null
                ? Results.Content(FinanceError("Unauthorized", "Invalid Cookie"), JsonType, Encoding.UTF8, 401)
                : Results.Content(crumb, "text/plain;charset=utf-8", Encoding.UTF8, 200);
        });

        group.MapGet("/v8/finance/chart/{symbol}", (string symbol, HttpRequest request) => Chart(yahoo, symbol, request));

        group.MapGet("/v10/finance/quoteSummary/{symbol}", (string symbol, HttpRequest request) =>
        {
            if (!yahoo.Sessions.Accepts(request.Query["crumb"].ToString(), request.Headers.Cookie.ToString()))
            {
                return Results.Content(FinanceError("Unauthorized", "Invalid Crumb"), JsonType, Encoding.UTF8, 401);
            }

            var fund = yahoo.Dataset.Find(symbol);
            if (fund is null)
            {
                return Results.Content(ModuleError("Quote not found for symbol: " + symbol.ToUpperInvariant()), JsonType, Encoding.UTF8, 404);
            }

            var modules = request.Query["modules"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var formatted = !string.Equals(request.Query["formatted"], "false", StringComparison.OrdinalIgnoreCase);
            var body = YahooPayloads.QuoteSummary(yahoo, fund, modules, formatted);
            return body is null
                ? Results.Content(ModuleError("No fundamentals data found for any of the summaryTypes=" + string.Join(',', modules)), JsonType, Encoding.UTF8, 404)
                : Results.Bytes(body, JsonType);
        });
    }

    private static IResult Chart(YahooFake yahoo, string symbol, HttpRequest request)
    {
        var fund = yahoo.Dataset.Find(symbol);
        if (fund is null)
        {
            return Results.Content(ChartError("Not Found", "No data found, symbol may be delisted"), JsonType, Encoding.UTF8, 404);
        }

        var interval = request.Query["interval"].ToString();
        if (interval.Length > 0 && interval != "1d")
        {
            return Results.Content(ChartError("Bad Request", $"Invalid input - interval={interval} is not supported by this fake"), JsonType, Encoding.UTF8, 400);
        }

        var now = yahoo.Clock.GetUtcNow();
        long from, to;
        string range;
        if (long.TryParse(request.Query["period1"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var period1))
        {
            from = period1;
            to = long.TryParse(request.Query["period2"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var period2)
                ? period2
                : now.ToUnixTimeSeconds();
            range = "";
        }
        else
        {
            range = request.Query["range"].ToString() is { Length: > 0 } named ? named : "1mo";
            var start = RangeStart(range, now);
            if (start is null)
            {
                return Results.Content(ChartError("Bad Request", "Invalid input - range=" + range), JsonType, Encoding.UTF8, 400);
            }

            from = start.Value.ToUnixTimeSeconds();
            to = now.ToUnixTimeSeconds() + 1;
        }

        var events = request.Query["events"].ToString();
        return Results.Bytes(
            YahooPayloads.Chart(yahoo, fund, from, to, range, events.Contains("div", StringComparison.Ordinal), events.Contains("split", StringComparison.Ordinal)),
            JsonType);
    }

    private static DateTimeOffset? RangeStart(string range, DateTimeOffset now) => range switch
    {
        "1d" => now.AddDays(-1),
        "5d" => now.AddDays(-7),
        "1mo" => now.AddMonths(-1),
        "3mo" => now.AddMonths(-3),
        "6mo" => now.AddMonths(-6),
        "1y" => now.AddYears(-1),
        "2y" => now.AddYears(-2),
        "5y" => now.AddYears(-5),
        "10y" => now.AddYears(-10),
        "ytd" => new DateTimeOffset(now.Year, 1, 1, 0, 0, 0, TimeSpan.Zero),
        "max" => DateTimeOffset.UnixEpoch,
        _ => null,
    };

    private static string ChartError(string code, string description) => Envelope("chart", code, description);

    private static string ModuleError(string description) => Envelope("quoteSummary", "Not Found", description);

    private static string FinanceError(string code, string description) => Envelope("finance", code, description);

    private static string Envelope(string api, string code, string description) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            [api] = new Dictionary<string, object?> { ["result"] = null, ["error"] = new { code, description } },
        });
}
