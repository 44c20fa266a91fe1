using System.Globalization;
using System.Text;

namespace EtfData.FakeUpstream.Faults;

/// <summary>Applies the armed <see cref="FaultScript"/> rule, if any, before the route runs.</summary>
internal static class FaultMiddleware
{
    private const string HtmlErrorPage =
        "<!DOCTYPE html>\n<html lang=\"en-us\"><head><meta charset=\"utf-8\"><title>Yahoo</title></head>\n" +
        "<body><h1>Will be right back...</h1><p>Thank you for your patience. Our engineers are working quickly to resolve the issue.</p></body></html>\n";

    private const string MalformedJson = "{\"chart\":{\"result\":[{\"meta\":{\"currency\":\"USD\",\"symbol\":NaN,}]}";

    public static async Task InvokeAsync(HttpContext context, Func<Task> next, FaultScript faults)
    {
        // Matched against the path and query, so a rule may single out one of several requests to a path (Schwab's page per symbol).
        var fault = faults.Take((context.Request.Path.Value ?? "") + context.Request.QueryString.Value);
        switch (fault)
        {
            case null:
                await next();
                return;
            case Fault.HangFault hang:
                try
                {
                    await Task.Delay(hang.Duration, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return; // the client gave up, as intended
                }

                await next();
                return;
            case Fault.StatusFault status:
                context.Response.StatusCode = status.StatusCode;
                if (status.RetryAfter is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                if (status.Body is not null)
                {
                    context.Response.ContentType = status.ContentType;
                    await context.Response.WriteAsync(status.Body, context.RequestAborted);
                }

                return;
            case Fault.TruncatedBodyFault:
                var partial = Encoding.UTF8.GetBytes("{\"chart\":{\"result\":[{\"meta\":{\"currency\":\"USD\",\"symbol\":\"");
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json;charset=utf-8";
                context.Response.ContentLength = 4096;
                await context.Response.Body.WriteAsync(partial, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                context.Abort();
                return;
            case Fault.ConnectionResetFault:
                context.Abort();
                return;
            case Fault.MalformedJsonFault:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json;charset=utf-8";
                await context.Response.WriteAsync(MalformedJson, context.RequestAborted);
                return;
            case Fault.HtmlPageFault html:
                context.Response.StatusCode = html.StatusCode;
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(HtmlErrorPage, context.RequestAborted);
                return;
            case Fault.WithoutEventsFault:
                // The route reads which events to include from the query: ask for none.
                context.Request.QueryString = QueryString.Create(
                    context.Request.Query.Where(q => q.Key != "events").SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v))));
                await next();
                return;
            default:
                throw new InvalidOperationException("Unknown fault " + fault.GetType().Name);
        }
    }
}
