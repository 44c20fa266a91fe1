namespace EtfData.FakeUpstream.Faults;

/// <summary>A misbehaviour the fake upstream can put in place of (or in front of) a route's answer.</summary>
public abstract record Fault
{
    private protected Fault()
    {
    }

    /// <summary>Answer with <paramref name="StatusCode"/>, an optional <c>Retry-After</c> (whole seconds) and body.</summary>
    public sealed record StatusFault(int StatusCode, TimeSpan? RetryAfter, string? Body, string ContentType) : Fault;

    /// <summary>Say nothing for <paramref name="Duration"/> (or until the client hangs up), then answer normally.</summary>
    public sealed record HangFault(TimeSpan Duration) : Fault;

    /// <summary>Promise a longer body in <c>Content-Length</c> than is sent, then drop the connection.</summary>
    public sealed record TruncatedBodyFault : Fault;

    /// <summary>Status 200 with <c>application/json</c> that does not parse.</summary>
    public sealed record MalformedJsonFault : Fault;

    /// <summary>An HTML error page, with status 200 by default (as consent and outage pages come).</summary>
    public sealed record HtmlPageFault(int StatusCode) : Fault;

    /// <summary>Answer a chart request normally but leave its dividends and splits out, as if they had vanished upstream.</summary>
    public sealed record WithoutEventsFault : Fault;

    public static Fault Status(int statusCode, TimeSpan? retryAfter = null, string? body = null, string contentType = "application/json;charset=utf-8") =>
        new StatusFault(statusCode, retryAfter, body, contentType);

    public static Fault TooManyRequests(TimeSpan retryAfter) =>
        Status(429, retryAfter, "Too Many Requests\r\n", "text/plain;charset=utf-8");

    /// <summary>SEC EDGAR's throttling answer: 403 with its "Request Rate Threshold Exceeded" HTML page.</summary>
    public static Fault SecRequestRateThresholdExceeded() =>
        Status(403, null, Sec.SecFake.ThresholdPage, "text/html");

    /// <summary>A 200 whose N-PORT XML stops mid-document (the HTTP message itself is complete).</summary>
    public static Fault TruncatedXml() =>
        Status(200, null, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><edgarSubmission xmlns=\"http://www.sec.gov/edgar/nport\"><headerData><submissionType>NPORT-P</submissionType></headerData><formData><genInfo><regName>Trunc", "text/xml");

    public static Fault ServerError(int statusCode = 500) =>
        Status(statusCode, null, "{\"error\":\"internal error\"}");

    public static Fault Hang(TimeSpan duration) => new HangFault(duration);

    public static Fault TruncatedBody() => new TruncatedBodyFault();

    public static Fault MalformedJson() => new MalformedJsonFault();

    public static Fault HtmlPage(int statusCode = 200) => new HtmlPageFault(statusCode);

    public static Fault WithoutEvents() => new WithoutEventsFault();
}
