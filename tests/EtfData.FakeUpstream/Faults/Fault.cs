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

    /// <summary>Drop the connection before any byte of a response is sent (a reset as the client sees it).</summary>
    public sealed record ConnectionResetFault : Fault;

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

    public static Fault ConnectionReset() => new ConnectionResetFault();

    /// <summary>Status 200 with <paramref name="body"/> as <paramref name="contentType"/>: a document of the right kind that is not the one expected.</summary>
    public static Fault Ok(string body, string contentType) => Status(200, null, body, contentType);

    /// <summary>XML that is not well formed (an element never closed, an undeclared entity).</summary>
    public static Fault MalformedXml() =>
        Ok("<?xml version=\"1.0\" encoding=\"UTF-8\"?><edgarSubmission xmlns=\"http://www.sec.gov/edgar/nport\"><headerData>&broken;<submissionType>NPORT-P</headerData></edgarSubmission>", "text/xml");

    /// <summary>A CSV whose header is another file's (the Nasdaq listing's where a holdings file was expected, or the reverse).</summary>
    public static Fault CsvWithForeignHeader() =>
        Ok("Date,Open,High,Low,Close,Adj Close,Volume\r\n2025-03-07,1,1,1,1,1,100\r\n2025-03-06,1,1,1,1,1,100\r\n", "text/csv");

    /// <summary>A body that is not a zip archive, served as an xlsx (or a data set zip).</summary>
    public static Fault NotAZip(string contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") =>
        Ok("PK\u0003\u0004 this is not a zip archive, only its first four bytes are", contentType);

    /// <summary>A well-formed HTML page of the site without the table or data block the page should carry.</summary>
    public static Fault HtmlWithoutTable() =>
        Ok("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Holdings</title></head>\n<body><main><h1>Holdings</h1><p>No data is available at this time.</p></main></body></html>\n", "text/html; charset=utf-8");

    /// <summary>A pipe-delimited text file with a header none of the expected columns are in.</summary>
    public static Fault TextWithForeignHeader() =>
        Ok("Ticker|Fund Name|Weight\r\nSPY|SPDR S&P 500|1.0\r\n", "text/plain");
}
