using System.Text;
using Microsoft.Net.Http.Headers;

namespace EtfData.Api.Hosting;

/// <summary>
/// Refuses, before any endpoint runs, what no endpoint can take and what would otherwise fail deep inside one: a NUL
/// character in the path or a query parameter (PostgreSQL's text cannot hold it, so the query would fail with a 500)
/// and a body whose declared charset does not exist (the JSON reader throws on it). 400 / 415 ProblemDetails naming
/// the parameter or the charset.
/// </summary>
public static class RequestGuard
{
    public static WebApplication UseRequestGuard(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (Check(http.Request) is { } problem)
            {
                http.Response.StatusCode = problem.Status;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = problem.Errors is { } errors
                        ? new HttpValidationProblemDetails(errors) { Status = problem.Status }
                        : new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = problem.Status, Title = "Unsupported Media Type", Detail = problem.Detail },
                });
                return;
            }

            await next(http);
        });
        return app;
    }

    private sealed record Refusal(int Status, Dictionary<string, string[]>? Errors, string? Detail);

    private static Refusal? Check(HttpRequest request)
    {
        Dictionary<string, string[]>? errors = null;
        if (request.Path.Value?.Contains('\0', StringComparison.Ordinal) == true)
        {
            (errors ??= [])["path"] = ["The path contains a NUL character (%00), which no route accepts."];
        }

        if (request.QueryString.HasValue)
        {
            foreach (var (name, values) in request.Query)
            {
                if (name.Contains('\0', StringComparison.Ordinal) || values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
                {
                    (errors ??= [])[name.Replace("\0", "\\0", StringComparison.Ordinal)] = [$"{name.Replace("\0", "\\0", StringComparison.Ordinal)} contains a NUL character (%00), which no parameter accepts."];
                }
            }
        }

        if (errors is not null)
        {
            return new Refusal(StatusCodes.Status400BadRequest, errors, null);
        }

        if (request.ContentType is { } contentType
            && MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && mediaType.Charset is { Length: > 0 } charset
            && !KnownCharset(charset.Value!))
        {
            return new Refusal(StatusCodes.Status415UnsupportedMediaType, null,
                $"The charset '{charset.Value}' of the body is not a known encoding; send UTF-8 (application/json; charset=utf-8).");
        }

        return null;
    }

    private static bool KnownCharset(string charset)
    {
        try
        {
            _ = Encoding.GetEncoding(charset.Trim('"'));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
