using System.ComponentModel.DataAnnotations;
using System.Net;

namespace EtfData.Api.Sources.Http;

/// <summary>
/// How EtfData talks to one upstream over HTTP: identity, timeouts, retries, circuit breaker and
/// client-side rate limit. Each upstream's options class derives from this and is bound from its own
/// configuration section (<c>Sources:Yahoo</c>, …), so every key can be overridden per upstream
/// (<c>Sources__Yahoo__MaxRetryAttempts=2</c>).
/// </summary>
public abstract class UpstreamHttpOptions : IValidatableObject
{
    /// <summary>
    /// Sent on every request. Some upstreams require one (SEC: name and contact; Yahoo: a browser-like one).
    /// Required unless the upstream's client reports a missing one itself (<see cref="UserAgentRequired"/>).
    /// </summary>
    public string UserAgent { get; set; } = "EtfData/1.0";

    /// <summary>Timeout of one attempt, including reading the body (a request may carry its own, <see cref="UpstreamCall.AttemptTimeoutKey"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Upper bound for a whole call, all attempts, waits and queueing included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Retries after the first attempt on 408, 429, 5xx, timeouts and connection errors.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>First retry delay; doubles per attempt, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on the computed backoff delay.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest <c>Retry-After</c> that is waited out. When an upstream asks for a longer pause the
    /// call gives up (upstream unavailable) instead of holding a worker.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long every request to the upstream is paused after a throttling answer (429, or what
    /// <see cref="IsThrottling"/> recognises); a longer <c>Retry-After</c> wins, both capped at
    /// <see cref="MaxRetryAfter"/> unless <see cref="UncappedThrottlePause"/>. Requests that meet the
    /// pause wait it out when it is at most <see cref="MaxRetryAfter"/> and fail at once otherwise.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ThrottleCoolDown { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Rule for the upstream-wide pause: it lasts at most <see cref="MaxRetryAfter"/>, so one 429 asking for an
    /// hour costs the upstream's other requests a wait they can sit out, not an hour of failures (the call that
    /// got it still gives up when its own <c>Retry-After</c> is longer). True for an upstream that blocks the
    /// whole client for long and where every request sent during the block prolongs it (SEC): the whole
    /// pause holds, and requests that meet a pause longer than <see cref="MaxRetryAfter"/> fail at once.
    /// </summary>
    public virtual bool UncappedThrottlePause => false;

    /// <summary>Share of failed attempts within <see cref="BreakerSamplingDuration"/> that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts within the sampling window before the breaker may open.</summary>
    [Range(2, 10_000)]
    public int BreakerMinimumThroughput { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long every request to the upstream is refused once the circuit opened.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sustained request rate across the process (each retry counts).</summary>
    [Range(0.01, 1000.0)]
    public double RequestsPerSecond { get; set; } = 2;

    /// <summary>Requests that may start back to back before the rate applies.</summary>
    [Range(1, 1000)]
    public int Burst { get; set; } = 1;

    /// <summary>Requests in flight at once across the process.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Requests that may wait for the limiter; beyond that a request fails at once as unavailable.</summary>
    [Range(0, 1_000_000)]
    public int QueueLimit { get; set; } = 10_000;

    /// <summary>False for an upstream whose client refuses to call without a User-Agent and says which option to set.</summary>
    protected virtual bool UserAgentRequired => true;

    /// <summary>
    /// For an upstream that counts requests per window as they arrive: at most this many sent within
    /// any <see cref="SendWindow"/>, however late the rate limiter's timers fire. Null: no such cap.
    /// </summary>
    public virtual int? MaxSentPerWindow => null;

    /// <summary>The window of <see cref="MaxSentPerWindow"/>.</summary>
    public virtual TimeSpan SendWindow => TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether a response (body buffered, or empty when streamed) means "you are sending too much".
    /// 429 everywhere; an upstream may recognise its own forms (SEC's 403 threshold page).
    /// </summary>
    public virtual bool IsThrottling(HttpStatusCode status, ReadOnlySpan<byte> body) => status == HttpStatusCode.TooManyRequests;

    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UserAgentRequired && string.IsNullOrWhiteSpace(UserAgent))
        {
            yield return new ValidationResult("A User-Agent is required.", [nameof(UserAgent)]);
        }
    }
}
