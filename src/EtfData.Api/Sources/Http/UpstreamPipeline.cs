using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace EtfData.Api.Sources.Http;

/// <summary>
/// The resilience state of one upstream, shared by every <see cref="HttpClient"/> of it in the
/// process. Retry and circuit breaker are the Microsoft.Extensions.Http.Resilience handler
/// (<see cref="ConfigureResilience"/>, registered with <c>AddResilienceHandler</c>, whose registry keeps
/// one pipeline per client name however often <c>IHttpClientFactory</c> recycles handlers); below it,
/// <see cref="UpstreamAttemptHandler"/> runs each attempt through this singleton's throttle pause,
/// concurrency cap, client-side rate limit and attempt timeout, and reads the body.
/// </summary>
/// <remarks>
/// Order, outermost first: retry → circuit breaker → [throttle pause → concurrency slot → rate token → (window cap) →
/// attempt timeout → send and read body]. Every retry therefore waits for its own rate token, the
/// breaker sees every attempt, and the attempt timeout does not count time spent queueing for the
/// limiter. The body is read into memory within the attempt, so a stalled or truncated body is a failed
/// attempt that is retried, not an exception in the caller's parser (a request marked with
/// <see cref="UpstreamCall.StreamBodyKey"/> opts out: its caller streams the body).
/// </remarks>
public sealed class UpstreamPipeline : IDisposable
{
    private static readonly ResiliencePropertyKey<int> AttemptKey = new("etfdata.attempt");
    private static readonly ResiliencePropertyKey<TimeSpan> DelayKey = new("etfdata.delay");
    private static readonly ResiliencePropertyKey<bool> ThrottledKey = new("etfdata.throttled");
    private static readonly ResiliencePropertyKey<TimeSpan> AttemptTimeoutKey = new("etfdata.attempt-timeout");

    private readonly UpstreamHttpOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _attemptTimeout;
    private readonly UpstreamRateLimiter _rate;
    private readonly ConcurrencyLimiter _concurrency;
    private readonly UpstreamThrottle _throttle;
    private readonly UpstreamWindowLimiter? _window;
    private int _waitingForThrottle;

    public UpstreamPipeline(string upstream, UpstreamHttpOptions options, TimeProvider timeProvider, ILogger<UpstreamPipeline> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Upstream = upstream;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;

        _rate = new UpstreamRateLimiter(options.RequestsPerSecond, options.Burst, options.QueueLimit, timeProvider);
        _concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrency,
            QueueLimit = options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _throttle = new UpstreamThrottle(timeProvider);
        _window = options.MaxSentPerWindow is { } cap ? new UpstreamWindowLimiter(cap, options.SendWindow, timeProvider) : null;

        _attemptTimeout = new ResiliencePipelineBuilder { TimeProvider = timeProvider, Name = upstream + "-attempt" }
            .AddTimeout(new HttpTimeoutStrategyOptions
            {
                Timeout = options.AttemptTimeout,
                TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(AttemptTimeoutKey, options.AttemptTimeout)),
            })
            .Build();
    }

    /// <summary>Name of the upstream (<c>yahoo</c>, <c>sec</c>, …), used in logs.</summary>
    public string Upstream { get; }

    /// <summary>Requests holding a concurrency slot and waiting for their turn under the rate limit.</summary>
    public int WaitingForRate => _rate.Waiting;

    /// <summary>Requests past the rate limit waiting for room under <see cref="UpstreamHttpOptions.MaxSentPerWindow"/>.</summary>
    public int WaitingForWindow => _window?.Waiting ?? 0;

    /// <summary>
    /// When set, the clock's timestamp of every request let go (after its rate token and window send), read
    /// in the same step as the limiters read the clock: what the upstream's rate limit is measured against.
    /// </summary>
    internal System.Collections.Concurrent.ConcurrentQueue<long>? ReleaseLog { get; set; }

    /// <summary>Requests waiting for a throttling pause of the upstream to end.</summary>
    public int WaitingForThrottle => Volatile.Read(ref _waitingForThrottle);

    /// <summary>When the current throttling pause ends; null when the upstream is not paused.</summary>
    public DateTimeOffset? PausedUntil => _throttle.Until;

    /// <summary>
    /// Adds retry and circuit breaker to the upstream's resilience handler. Both keep the project's own
    /// predicate (the library's transient set plus I/O errors while reading the body and throttling
    /// answers), so the behaviour the tests pin did not change with the library.
    /// </summary>
    public void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.TimeProvider = _timeProvider;
        builder
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                MaxDelay = _options.RetryMaxDelay,
                // The library's Retry-After reading measures an HTTP date against the system clock rather
                // than the pipeline's TimeProvider and releases every caller at the same instant; ours does neither.
                ShouldRetryAfterHeader = false,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                OnRetry = args =>
                {
                    args.Context.Properties.Set(DelayKey, args.RetryDelay);
                    return default;
                },
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = _options.BreakerFailureRatio,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = _options.BreakerSamplingDuration,
                BreakDuration = _options.BreakerBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome, args.Context)),
                OnOpened = args =>
                {
                    _logger.LogWarning(
                        "Upstream {Upstream} circuit opened for {BreakDurationMs} ms after repeated failures",
                        Upstream, args.BreakDuration.TotalMilliseconds);
                    return default;
                },
                OnClosed = _ =>
                {
                    _logger.LogInformation("Upstream {Upstream} circuit closed", Upstream);
                    return default;
                },
            });
    }

    /// <summary>
    /// One attempt: waits out a throttling pause (or fails at once with <see cref="UpstreamThrottledException"/>
    /// when it is longer than <see cref="UpstreamHttpOptions.MaxRetryAfter"/>), takes a concurrency slot and
    /// a rate token, sends within the attempt timeout (the request's own, <see cref="UpstreamCall.AttemptTimeoutKey"/>,
    /// when it carries one) and reads the body. A throttling answer pauses the whole upstream (see
    /// <see cref="UpstreamHttpOptions.UncappedThrottlePause"/> for how long).
    /// </summary>
    internal async Task<HttpResponseMessage> AttemptAsync(
        HttpRequestMessage request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        CancellationToken cancellationToken)
    {
        var context = request.GetResilienceContext();
        var attempt = (context?.Properties.GetValue(AttemptKey, 0) ?? 0) + 1;
        context?.Properties.Set(AttemptKey, attempt);
        context?.Properties.Set(ThrottledKey, false);
        var delay = context?.Properties.GetValue(DelayKey, TimeSpan.Zero) ?? TimeSpan.Zero;

        using var lease = await AcquireTurnAsync(cancellationToken);
        var stream = request.Options.TryGetValue(UpstreamCall.StreamBodyKey, out var streamBody) && streamBody;
        var attemptTimeout = request.Options.TryGetValue(UpstreamCall.AttemptTimeoutKey, out var ownTimeout) ? ownTimeout : _options.AttemptTimeout;
        var started = _timeProvider.GetTimestamp();
        HttpResponseMessage? response = null;
        var timeoutContext = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            timeoutContext.Properties.Set(AttemptTimeoutKey, attemptTimeout);
            response = await _attemptTimeout.ExecuteAsync(
                static async (attemptContext, state) =>
                {
                    var attemptToken = attemptContext.CancellationToken;
                    var response = await state.send(state.request, attemptToken);
                    try
                    {
                        // A streamed download's error answers are small pages: read them, so throttling can be recognised.
                        if (!state.stream || !response.IsSuccessStatusCode)
                        {
                            await response.Content.LoadIntoBufferAsync(attemptToken);
                        }

                        return response;
                    }
                    catch
                    {
                        response.Dispose();
                        throw;
                    }
                },
                timeoutContext,
                (request, send, stream));
            LogAttempt(request, attempt, delay, started, (int)response.StatusCode, null);
            if (!stream || !response.IsSuccessStatusCode)
            {
                await NoteThrottlingAsync(response, context, cancellationToken);
            }

            return response;
        }
        catch (Exception ex)
        {
            // Nobody else will see a response obtained before the failure (e.g. cancelled while reading a throttling page).
            response?.Dispose();
            if (ex is not OperationCanceledException || ex is TimeoutRejectedException)
            {
                LogAttempt(request, attempt, delay, started, null, ex);
            }

            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(timeoutContext);
        }
    }

    /// <summary>
    /// Waits out a throttling pause, then takes a concurrency slot, a rate token and (when capped) a send in the
    /// window. The slot is released on every path that does not return it — cancellation or a timeout while
    /// queued for the rate included — or each such event would leak a slot until the upstream stalls.
    /// </summary>
    private async Task<RateLimitLease> AcquireTurnAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await WaitOutThrottleAsync(cancellationToken);
            var slot = await _concurrency.AcquireAsync(1, cancellationToken);
            try
            {
                if (!slot.IsAcquired || !await _rate.AcquireAsync(cancellationToken))
                {
                    throw new UpstreamQueueFullException(Upstream);
                }

                if (_window is not null)
                {
                    await _window.AcquireAsync(cancellationToken);
                }
            }
            catch
            {
                slot.Dispose();
                throw;
            }

            // A pause that began while this request queued holds it back too.
            if (_throttle.Remaining <= TimeSpan.Zero)
            {
                ReleaseLog?.Enqueue(_timeProvider.GetTimestamp());
                return slot;
            }

            slot.Dispose();
        }
    }

    private async Task WaitOutThrottleAsync(CancellationToken cancellationToken)
    {
        while (_throttle.Remaining is var remaining && remaining > TimeSpan.Zero)
        {
            if (remaining > _options.MaxRetryAfter)
            {
                throw new UpstreamThrottledException(Upstream, _throttle.Until!.Value, remaining);
            }

            Interlocked.Increment(ref _waitingForThrottle);
            try
            {
                await Task.Delay(remaining, _timeProvider, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waitingForThrottle);
            }
        }
    }

    private async Task NoteThrottlingAsync(HttpResponseMessage response, ResilienceContext? context, CancellationToken cancellationToken)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.Forbidden or HttpStatusCode.ServiceUnavailable))
        {
            return;
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!_options.IsThrottling(response.StatusCode, body))
        {
            return;
        }

        context?.Properties.Set(ThrottledKey, true);
        var retryAfter = RetryAfterOf(response) ?? TimeSpan.Zero;
        var pause = retryAfter > _options.ThrottleCoolDown ? retryAfter : _options.ThrottleCoolDown;
        if (!_options.UncappedThrottlePause && pause > _options.MaxRetryAfter)
        {
            pause = _options.MaxRetryAfter;
        }

        if (_throttle.Pause(pause) is { } until)
        {
            _logger.LogWarning(
                "Upstream {Upstream} throttled us (HTTP {Status}); every request to it paused for {PauseSeconds} s, until {PausedUntil}",
                Upstream, (int)response.StatusCode, pause.TotalSeconds, until.ToString("O", CultureInfo.InvariantCulture));
        }
    }

    private void LogAttempt(HttpRequestMessage request, int attempt, TimeSpan delay, long started, int? status, Exception? error)
    {
        var elapsedMs = (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds;
        // The path only: query strings may carry session tokens (Yahoo's crumb).
        var path = request.RequestUri?.AbsolutePath ?? "";
        var outcome = status?.ToString(CultureInfo.InvariantCulture) ?? error?.GetType().Name ?? "?";
        var level = status is >= 200 and < 400 ? (attempt == 1 ? LogLevel.Debug : LogLevel.Information) : LogLevel.Warning;
        _logger.Log(
            level,
            "Upstream {Upstream} {Method} {Path} attempt {Attempt} after {DelayMs} ms delay: {Outcome} in {ElapsedMs} ms",
            Upstream, request.Method.Method, path, attempt, (long)delay.TotalMilliseconds, outcome, elapsedMs);
    }

    /// <summary>
    /// Retried: transient failures and throttling answers, unless the pause they asked for (Retry-After,
    /// or the upstream's throttling pause) is longer than <see cref="UpstreamHttpOptions.MaxRetryAfter"/>.
    /// </summary>
    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (!IsFailure(outcome, context))
        {
            return false;
        }

        if (outcome.Result is { } response && RetryAfterOf(response) > _options.MaxRetryAfter)
        {
            return false;
        }

        return !(context.Properties.GetValue(ThrottledKey, false) && _throttle.Remaining > _options.MaxRetryAfter);
    }

    private static bool IsFailure(Outcome<HttpResponseMessage> outcome, ResilienceContext context) =>
        IsTransientFailure(outcome) || (outcome.Result is not null && context.Properties.GetValue(ThrottledKey, false));

    /// <summary>408, 429, 5xx, attempt timeouts and transport errors (and I/O errors reading the body); never the caller's cancellation.</summary>
    internal static bool IsTransientFailure(Outcome<HttpResponseMessage> outcome) =>
        HttpClientResiliencePredicates.IsTransient(outcome) || outcome.Exception is IOException;

    internal static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The pause the upstream asked for (RFC 9110 §10.2.3: seconds or an HTTP date); null when none.</summary>
    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>
    /// The wait before retrying a response that carried <c>Retry-After</c>: the asked-for pause plus
    /// 20–120 ms, so callers released by the same header do not return in lockstep and timer
    /// granularity never makes the wait shorter than asked. Null (no header) falls back to backoff.
    /// </summary>
    private TimeSpan? RetryAfter(HttpResponseMessage? response) =>
        response is not null && RetryAfterOf(response) is { } pause
            ? pause + TimeSpan.FromMilliseconds(Random.Shared.Next(20, 120))
            : null;

    public void Dispose()
    {
        _concurrency.Dispose();
    }
}

/// <summary>The client-side queue of an upstream is full; the request was not sent.</summary>
public sealed class UpstreamQueueFullException : Exception
{
    public UpstreamQueueFullException()
    {
    }

    public UpstreamQueueFullException(string upstream)
        : base($"Request queue for upstream '{upstream}' is full")
    {
    }

    public UpstreamQueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The upstream is paused after a throttling answer for longer than a request may wait; the request was not sent.</summary>
public sealed class UpstreamThrottledException : Exception
{
    public UpstreamThrottledException()
    {
    }

    public UpstreamThrottledException(string message)
        : base(message)
    {
    }

    public UpstreamThrottledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UpstreamThrottledException(string upstream, DateTimeOffset until, TimeSpan remaining)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"{upstream}: throttled by the upstream; every request paused until {until:yyyy-MM-ddTHH:mm:ssZ} ({Math.Ceiling(remaining.TotalSeconds):0} s left)"))
    {
    }
}
