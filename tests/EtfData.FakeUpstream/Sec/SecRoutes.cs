using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace EtfData.FakeUpstream.Sec;

/// <summary>The fake SEC's routes under <see cref="SecFake.WwwPrefix"/> and <see cref="SecFake.DataPrefix"/>, with ETag / Last-Modified and 304.</summary>
internal static class SecRoutes
{
    public static void MapSec(this IEndpointRouteBuilder app, SecFake sec)
    {
        var www = app.MapGroup(SecFake.WwwPrefix);
        www.MapGet("/files/company_tickers_mf.json", (HttpContext context) => Serve(context, sec.FundTickers()));
        www.MapGet("/files/company_tickers.json", (HttpContext context) => Serve(context, sec.CompanyTickers()));
        www.MapGet("/cgi-bin/browse-edgar", (HttpContext context) =>
        {
            var query = context.Request.Query;
            if (query["action"] != "getcompany" || query["output"] != "atom" || string.IsNullOrEmpty(query["CIK"]))
            {
                return Results.Content("<html><body>Invalid parameter.</body></html>", "text/html", statusCode: 400);
            }

            var count = int.TryParse(query["count"], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 40;
            return Serve(context, sec.SeriesFeed(query["CIK"].ToString(), count));
        });
        www.MapGet("/Archives/edgar/data/{cik:long}/{folder}/primary_doc.xml", (HttpContext context, long cik, string folder) =>
            Serve(context, sec.PrimaryDoc(cik, folder)));
        www.MapGet("/files/dera/data/form-n-port-data-sets/{name}", (HttpContext context, string name) =>
        {
            // {yyyy}q{n}_nport.zip
            if (name.Length != 16 || !name.EndsWith("_nport.zip", StringComparison.Ordinal) || name[4] != 'q'
                || !int.TryParse(name.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                || !int.TryParse(name.AsSpan(5, 1), NumberStyles.None, CultureInfo.InvariantCulture, out var quarter))
            {
                return Serve(context, null);
            }

            return Serve(context, sec.QuarterlyDataSet(year, quarter));
        });

        var data = app.MapGroup(SecFake.DataPrefix);
        data.MapGet("/submissions/{name}", (HttpContext context, string name) =>
        {
            if (name.Length == 18 && name.StartsWith("CIK", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal)
                && long.TryParse(name.AsSpan(3, 10), NumberStyles.None, CultureInfo.InvariantCulture, out var cik))
            {
                return Serve(context, sec.Submissions(cik));
            }

            return Serve(context, sec.SubmissionsPage(name));
        });
    }

    private static IResult Serve(HttpContext context, SecFile? file)
    {
        if (file is null)
        {
            return Results.Content("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>", "application/xml", statusCode: 404);
        }

        var headers = context.Response.Headers;
        if (file.ETag is { } etag)
        {
            headers.ETag = etag;
        }

        if (file.LastModified is { } lastModified)
        {
            headers.LastModified = lastModified.ToString("R", CultureInfo.InvariantCulture);
        }

        var request = context.Request.GetTypedHeaders();
        var notModified = file.ETag is not null && request.IfNoneMatch.Count > 0
            ? request.IfNoneMatch.Any(tag => tag.Tag.ToString() == file.ETag || tag.Equals(EntityTagHeaderValue.Any))
            : file.LastModified is { } modified && request.IfModifiedSince is { } since && TruncateToSeconds(modified) <= since;
        return notModified ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(file.Body, file.ContentType);
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) => value.AddTicks(-(value.Ticks % TimeSpan.TicksPerSecond));
}
