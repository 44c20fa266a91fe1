using System.Globalization;
using System.Net;
using EtfData.Api.Sources.Http;
using EtfData.Domain;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Sources.Yahoo;

/// <summary>Which part of a symbol's daily history to ask the chart API for.</summary>
public abstract record YahooChartWindow
{
    private YahooChartWindow()
    {
    }

    /// <summary><c>period1</c>/<c>period2</c>: bars whose session opened in [<paramref name="From"/>, <paramref name="To"/>) (the end is exclusive).</summary>
    public sealed record Between(DateTimeOffset From, DateTimeOffset To) : YahooChartWindow;

    /// <summary><c>range=</c> one of Yahoo's named ranges (<c>5d</c>, <c>1mo</c>, <c>1y</c>, <c>ytd</c>, <c>max</c>, …), ending now.</summary>
    public sealed record Named(string Range) : YahooChartWindow;
}

/// <summary>Daily prices, dividends and splits from Yahoo's chart API.</summary>
public interface IYahooChartClient
{
    /// <summary>Everything Yahoo has for the symbol (backfill).</summary>
    Task<SourceResult<YahooChart>> GetFullHistoryAsync(string symbol, CancellationToken cancellationToken);

    /// <summary>
    /// Bars from <paramref name="lastStoredDate"/> minus <see cref="YahooOptions.ChartOverlapDays"/> up to
    /// now: the overlap re-reads recent days so gaps heal and late volume revisions are picked up.
    /// </summary>
    Task<SourceResult<YahooChart>> GetSinceAsync(string symbol, DateOnly lastStoredDate, CancellationToken cancellationToken);

    Task<SourceResult<YahooChart>> GetAsync(string symbol, YahooChartWindow window, CancellationToken cancellationToken);
}

/// <inheritdoc />
public sealed class YahooChartClient(
    IHttpClientFactory httpClientFactory,
    IOptions<YahooOptions> options,
    TimeProvider timeProvider,
    ILogger<YahooChartClient> logger) : IYahooChartClient
{
    public Task<SourceResult<YahooChart>> GetFullHistoryAsync(string symbol, CancellationToken cancellationToken) =>
        // period1=0 rather than range=max: with range=max Yahoo may coarsen the granularity.
        GetAsync(symbol, new YahooChartWindow.Between(DateTimeOffset.UnixEpoch, timeProvider.GetUtcNow()), cancellationToken);

    public Task<SourceResult<YahooChart>> GetSinceAsync(string symbol, DateOnly lastStoredDate, CancellationToken cancellationToken)
    {
        // UTC midnight of the start date precedes that day's session open and follows the previous one's.
        var from = lastStoredDate.AddDays(-options.Value.ChartOverlapDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return GetAsync(symbol, new YahooChartWindow.Between(new DateTimeOffset(from), timeProvider.GetUtcNow()), cancellationToken);
    }

    public async Task<SourceResult<YahooChart>> GetAsync(string symbol, YahooChartWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var uri = new Uri(YahooUrls.Chart(options.Value.BaseUrl, symbol) + "?" + Query(window));
        var client = httpClientFactory.CreateClient(YahooOptions.Upstream);
        var sent = await client.SendAsync(YahooOptions.Upstream, new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken);
        if (!sent.TryGetData(out var reply))
        {
            return sent.AsFailure<YahooChart>();
        }

        var result = Interpret(symbol, reply, timeProvider.GetUtcNow());
        if (result is SourceResult<YahooChart>.Data { Value: var chart })
        {
            logger.LogDebug(
                "Yahoo chart {Symbol}: {Bars} bars, {Dividends} dividends, {Splits} splits, {SkippedNull} null bars skipped, partial bar dropped {PartialDropped}",
                symbol, chart.Prices.Count, chart.Dividends.Count, chart.Splits.Count, chart.Diagnostics.SkippedNullBars, chart.Diagnostics.PartialBarDropped);
        }
        else
        {
            logger.LogWarning("Yahoo chart {Symbol}: {Outcome}", symbol, result.Describe());
        }

        return result;
    }

    internal static SourceResult<YahooChart> Interpret(string symbol, UpstreamReply reply, DateTimeOffset now)
    {
        if (reply.IsSuccess)
        {
            return YahooChartParser.Parse(symbol, reply.Body, now);
        }

        if (reply.Status == HttpStatusCode.NotFound)
        {
            return YahooChartParser.Parse(symbol, reply.Body, now) is SourceResult<YahooChart>.NotFound notFound
                ? notFound
                : new SourceResult<YahooChart>.NotFound($"HTTP 404 for {EtfSymbol.ToYahoo(symbol)}");
        }

        return YahooUrls.ClassifyFailure<YahooChart>(reply);
    }

    private static string Query(YahooChartWindow window)
    {
        var span = window switch
        {
            YahooChartWindow.Between between => string.Create(
                CultureInfo.InvariantCulture,
                $"period1={between.From.ToUnixTimeSeconds()}&period2={between.To.ToUnixTimeSeconds()}"),
            YahooChartWindow.Named named => "range=" + Uri.EscapeDataString(named.Range),
            _ => throw new ArgumentOutOfRangeException(nameof(window)),
        };
        return span + "&interval=1d&events=div%7Csplit&includeAdjustedClose=true";
    }
}
