using System.Globalization;
using EtfData.FakeUpstream.Control;
using EtfData.FakeUpstream.Securities;

namespace EtfData.FakeUpstream.Issuers;

/// <summary>
/// The issuer downloads on their real paths: iShares
/// <c>GET /us/products/{productId}/{slug}/1467271812596.ajax?fileType=csv&amp;fileName={TICKER}_holdings&amp;dataType=fund[&amp;asOfDate=yyyyMMdd]</c>,
/// SPDR <c>GET /us/en/intermediary/library-content/products/fund-data/etfs/us/holdings-daily-us-en-{ticker}.xlsx</c>, Invesco
/// <c>GET /us/financial-products/etfs/holdings/main/holdings/0?audienceType=Investor&amp;action=download&amp;ticker={TICKER}</c>.
/// </summary>
internal static class IssuerRoutes
{
    public static void MapIssuers(this IEndpointRouteBuilder app, IssuerFake issuers)
    {
        app.MapGet("/us/products/{productId}/{slug}/1467271812596.ajax", (string productId, string slug, HttpRequest request) =>
        {
            var fileName = request.Query["fileName"].ToString();
            var symbol = fileName.EndsWith("_holdings", StringComparison.OrdinalIgnoreCase) ? fileName[..^"_holdings".Length] : "";
            if (!string.Equals(request.Query["fileType"], "csv", StringComparison.OrdinalIgnoreCase)
                || !IssuerFake.ISharesProducts.TryGetValue(symbol, out var product)
                || product.ProductId != productId
                || !string.Equals(product.Slug, slug, StringComparison.OrdinalIgnoreCase)
                || issuers.Dataset.Find(symbol) is not { } fund)
            {
                return NotFound();
            }

            var today = FundDay.LatestSession(issuers.Clock);
            var asOfText = request.Query["asOfDate"].ToString();
            DateOnly date;
            if (asOfText.Length == 0)
            {
                date = today;
            }
            else if (!DateOnly.TryParseExact(asOfText, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                return Results.Text("asOfDate must be yyyyMMdd", "text/plain; charset=utf-8", statusCode: 400);
            }

            // Before inception, a non-trading day or a day not yet published: iShares' 200 with the "as of -" template.
            var day = date <= today ? FundDay.On(issuers.Dataset, fund, date) : null;
            var bytes = ISharesFiles.File(fund, day, issuers.Drift.IsDrifted(LayoutDrift.IShares, fund.Symbol));
            return Results.File(bytes, "text/csv; charset=utf-8", fund.Symbol + "_holdings.csv");
        });

        app.MapGet(IssuerFake.SpdrPathPrefix + "{ticker}.xlsx", (string ticker) =>
        {
            if (!IssuerFake.SpdrFunds.Contains(ticker.ToUpperInvariant()) || ticker.Any(char.IsAsciiLetterUpper)
                || issuers.Dataset.Find(ticker) is not { } fund
                || FundDay.On(issuers.Dataset, fund, FundDay.LatestSession(issuers.Clock)) is not { } day)
            {
                return NotFound();
            }

            return Results.File(
                SpdrFiles.Workbook(fund, day, issuers.Drift.IsDrifted(LayoutDrift.Spdr, fund.Symbol)),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "holdings-daily-us-en-" + ticker + ".xlsx");
        });

        app.MapGet(IssuerFake.InvescoPath, (HttpRequest request) =>
        {
            var ticker = request.Query["ticker"].ToString();
            if (!string.Equals(request.Query["action"], "download", StringComparison.OrdinalIgnoreCase)
                || !IssuerFake.InvescoFunds.Contains(ticker.ToUpperInvariant())
                || issuers.Dataset.Find(ticker) is not { } fund
                || FundDay.On(issuers.Dataset, fund, FundDay.LatestSession(issuers.Clock)) is not { } day)
            {
                return NotFound();
            }

            return Results.File(
                InvescoFiles.File(fund, day, issuers.Drift.IsDrifted(LayoutDrift.Invesco, fund.Symbol)),
                "text/csv; charset=utf-8",
                fund.Symbol + "_holdings.csv");
        });
    }

    private static IResult NotFound() =>
        Results.Content("<!DOCTYPE html><html><body><h1>Page not found</h1></body></html>", "text/html; charset=utf-8", System.Text.Encoding.UTF8, 404);
}
