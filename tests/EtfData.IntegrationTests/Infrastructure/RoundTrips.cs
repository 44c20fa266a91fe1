using System.Collections.Concurrent;
using System.Diagnostics;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>
/// Counts the database round trips one API request makes: every command or batch Npgsql executes is an activity of
/// its <c>Npgsql</c> source, and the request carries its own trace id (a <c>traceparent</c> header the host's request
/// activity adopts), so requests of tests running in parallel are never counted together.
/// </summary>
public static class RoundTrips
{
    private static readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<string>> Commands = new();

    private static readonly ActivityListener Listener = Listen();

    /// <summary>The answer to GET <paramref name="url"/> and the SQL of each round trip it made, in order.</summary>
    public static async Task<(HttpResponseMessage Response, IReadOnlyList<string> Commands)> GetAsync(HttpClient client, string url)
    {
        _ = Listener;
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return (response, Commands.TryRemove(traceId, out var seen) ? [.. seen] : []);
    }

    private static ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && activity.TraceId != default
                    && (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is string sql)
                {
                    Commands.GetOrAdd(activity.TraceId, _ => new ConcurrentQueue<string>()).Enqueue(sql);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
