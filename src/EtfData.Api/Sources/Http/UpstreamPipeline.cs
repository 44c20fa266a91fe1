using System.Net;
using System.Threading.RateLimiting;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace EtfData.Api.Sources.Http;

/// <summary>
/// The resilience state of one upstream, shared by every <see cref="HttpClient"/> of it in the
/// process: retry with backoff, circuit breaker, client-side rate limit and concurrency cap, and
/// the per-attempt timeout. It is a singleton per upstream (not per handler instance) because
/// <c>IHttpClientFactory</c> recycles handlers, and a limiter or breaker that resets with them
/// would not protect anything.
/// </summary>
/// <remarks>
/// Order, outermost first: retry → circuit breaker → [concurrency slot → rate token → attempt timeout → send and read body].
/// Every retry therefore waits for its own rate token, the breaker sees every attempt, and the
/// attempt timeout does not count time spent queueing for the limiter. The body is read into memory
/// within the attempt, so a stalled or truncated body is a failed attempt that is retried, not an
/// exception in the caller's parser.
/// </remarks>
public sealed class UpstreamPipeline : IDisposable
{
    private static readonly ResiliencePropertyKey<int> AttemptKey = new("etfdata.attempt");
    private static readonly ResiliencePropertyKey<TimeSpan> DelayKey = new("etfdata.delay");

    private readonly UpstreamHttpOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ResiliencePipeline _attemptTimeout;
    private readonly UpstreamRateLimiter _rate;
    private readonly ConcurrencyLimiter _concurrency;

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

        _attemptTimeout = new ResiliencePipelineBuilder { TimeProvider = timeProvider, Name = upstream + "-attempt" }
            .AddTimeout(options.AttemptTimeout)
            .Build();

        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider, Name = upstream }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    args.Context.Properties.Set(DelayKey, args.RetryDelay);
                    return default;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsTransientFailure(args.Outcome)),
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
            })
            .Build();
    }

    /// <summary>Name of the upstream (<c>yahoo</c>, <c>sec</c>, …), used in logs.</summary>
    public string Upstream { get; }

    /// <summary>Requests holding a concurrency slot and waiting for their turn under the rate limit.</summary>
    public int WaitingForRate => _rate.Waiting;

    /// <summary>
    /// Sends <paramref name="request"/> through the pipeline. Returns the last response (possibly a
    /// failure status once retries are exhausted) with its body buffered; throws
    /// <see cref="BrokenCircuitException"/>, <see cref="TimeoutRejectedException"/>,
    /// <see cref="HttpRequestException"/> or <see cref="UpstreamQueueFullException"/> when no response was obtained.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (context, state) => state.Self.AttemptAsync(state.Request, state.Send, context),
                context,
                (Self: this, Request: request, Send: send));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<HttpResponseMessage> AttemptAsync(
        HttpRequestMessage request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        ResilienceContext context)
    {
        var attempt = context.Properties.GetValue(AttemptKey, 0) + 1;
        context.Properties.Set(AttemptKey, attempt);
        var delay = context.Properties.GetValue(DelayKey, TimeSpan.Zero);
        var cancellationToken = context.CancellationToken;

        using var slot = await _concurrency.AcquireAsync(1, cancellationToken);
        if (!slot.IsAcquired)
        {
            throw new UpstreamQueueFullException(Upstream);
        }

        if (!await _rate.AcquireAsync(cancellationToken))
        {
            throw new UpstreamQueueFullException(Upstream);
        }

        var started = _timeProvider.GetTimestamp();
        try
        {
            var response = await _attemptTimeout.ExecuteAsync(
                static async (state, attemptToken) =>
                {
                    var response = await state.send(state.request, attemptToken);
                    try
                    {
                        await response.Content.LoadIntoBufferAsync(attemptToken);
                        return response;
                    }
                    catch
                    {
                        response.Dispose();
                        throw;
                    }
                },
                (request, send),
                cancellationToken);
            LogAttempt(request, attempt, delay, started, (int)response.StatusCode, null);
            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || ex is TimeoutRejectedException)
        {
            LogAttempt(request, attempt, delay, started, null, ex);
            throw;
        }
    }

    private void LogAttempt(HttpRequestMessage request, int attempt, TimeSpan delay, long started, int? status, Exception? error)
    {
        var elapsedMs = (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds;
        // The path only: query strings may carry session tokens (Yahoo's crumb).
        var path = request.RequestUri?.AbsolutePath ?? "";
        var outcome = status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? error?.GetType().Name ?? "?";
        var level = status is >= 200 and < 400 ? (attempt == 1 ? LogLevel.Debug : LogLevel.Information) : LogLevel.Warning;
        _logger.Log(
            level,
            "Upstream {Upstream} {Method} {Path} attempt {Attempt} after {DelayMs} ms delay: {Outcome} in {ElapsedMs} ms",
            Upstream, request.Method.Method, path, attempt, (long)delay.TotalMilliseconds, outcome, elapsedMs);
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome) =>
        IsTransientFailure(outcome) && !(outcome.Result is { } response && RetryAfterOf(response) > _options.MaxRetryAfter);

    /// <summary>408, 429, 5xx, attempt timeouts and transport errors; never the caller's cancellation.</summary>
    internal static bool IsTransientFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException or HttpRequestException or IOException } => true,
        { Result: { } response } => IsTransientStatus(response.StatusCode),
        _ => false,
    };

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
