using System.Globalization;
using System.Text.Json;
using EtfData.Domain;

namespace EtfData.Api.Sources.Yahoo;

/// <summary>
/// Parses a <c>/v8/finance/chart</c> daily response into <see cref="DailyPrice"/>, <see cref="Dividend"/>
/// and <see cref="Split"/> records. Pure: the clock is a parameter.
/// </summary>
public static class YahooChartParser
{
    private const int MinPriceDecimals = 2;
    private const int MaxPriceDecimals = 6;
    private const int EventAmountDecimals = 6;

    /// <param name="symbol">The normalised symbol the records are stamped with (<c>BRK.B</c>).</param>
    /// <param name="utf8Json">The response body.</param>
    /// <param name="now">The current instant, to recognise a live bar of a session still open.</param>
    public static SourceResult<YahooChart> Parse(string symbol, ReadOnlyMemory<byte> utf8Json, DateTimeOffset now)
    {
        if (!JsonPayload.TryParse(utf8Json, out var document, out var error))
        {
            return new SourceResult<YahooChart>.Invalid(error);
        }

        using (document)
        {
            try
            {
                return Parse(symbol, document!.RootElement, now);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException)
            {
                // JsonElement accessors throw InvalidOperationException on an unexpected value kind.
                return new SourceResult<YahooChart>.Invalid("unexpected chart structure: " + ex.Message);
            }
        }
    }

    /// <summary>Same as <see cref="Parse(string, ReadOnlyMemory{byte}, DateTimeOffset)"/> for a string body (tests).</summary>
    public static SourceResult<YahooChart> Parse(string symbol, string json, DateTimeOffset now) =>
        Parse(symbol, System.Text.Encoding.UTF8.GetBytes(json), now);

    private static SourceResult<YahooChart> Parse(string symbol, JsonElement root, DateTimeOffset now)
    {
        var (result, errorCode, errorDescription) = YahooJson.Envelope(root, "chart");
        if (errorCode is not null)
        {
            return errorCode == "Not Found"
                ? new SourceResult<YahooChart>.NotFound(errorDescription ?? errorCode)
                : new SourceResult<YahooChart>.Invalid($"chart.error {errorCode}: {errorDescription}");
        }

        if (result is null)
        {
            return new SourceResult<YahooChart>.Invalid("chart.result is missing or empty");
        }

        var meta = result.Child("meta");
        if (meta is null)
        {
            return new SourceResult<YahooChart>.Invalid("chart.result[0].meta is missing");
        }

        var payloadSymbol = meta.String("symbol");
        if (payloadSymbol is not null && !string.Equals(payloadSymbol, EtfSymbol.ToYahoo(symbol), StringComparison.OrdinalIgnoreCase))
        {
            return new SourceResult<YahooChart>.Invalid($"payload is for {payloadSymbol}, requested {EtfSymbol.ToYahoo(symbol)}");
        }

        var currency = meta.String("currency");
        if (currency is not null && currency != "USD")
        {
            return new SourceResult<YahooChart>.Invalid($"prices are in {currency}; only USD listings are supported");
        }

        var granularity = meta.String("dataGranularity");
        if (granularity is not null && granularity != "1d")
        {
            return new SourceResult<YahooChart>.Invalid($"dataGranularity is {granularity}, expected 1d");
        }

        var clock = ExchangeClock.Create(meta.String("exchangeTimezoneName"), meta.Int64("gmtoffset"));
        if (clock is null)
        {
            return new SourceResult<YahooChart>.Invalid("meta has neither a known exchangeTimezoneName nor a gmtoffset");
        }

        var priceDecimals = Math.Clamp((int)(meta.Int64("priceHint") ?? MinPriceDecimals), MinPriceDecimals, MaxPriceDecimals);
        // adjclose is a computed series whose day-to-day ratios matter more than its cents: keep two more decimals.
        var adjCloseDecimals = priceDecimals + 2;

        var diagnostics = new YahooChartDiagnostics { PriceDecimals = priceDecimals };
        var barsError = ParseBars(symbol, result, meta, clock, now, priceDecimals, adjCloseDecimals, ref diagnostics, out var prices);
        if (barsError is not null)
        {
            return new SourceResult<YahooChart>.Invalid(barsError);
        }

        var events = result.Child("events");
        var invalidEvents = 0;
        var dividends = ParseDividends(symbol, events.Child("dividends"), clock, ref invalidEvents);
        var splits = ParseSplits(symbol, events.Child("splits"), clock, ref invalidEvents);

        // Absurd values are refused here, with their reasons, rather than stored or silently dropped.
        var screenedSplits = MarketDataChecks.ScreenSplits(splits);
        // Jumps against the previous close are judged by the job, which knows the stored close before the payload.
        var screenedBars = MarketDataChecks.ScreenBars(prices, screenedSplits.Kept, checkJumps: false);
        var screenedDividends = MarketDataChecks.ScreenDividends(dividends, screenedBars.Kept);
        diagnostics = diagnostics with { SkippedInvalidEvents = invalidEvents, DuplicateBars = screenedBars.IdenticalDuplicates };

        return new SourceResult<YahooChart>.Data(new YahooChart(
            symbol,
            currency,
            meta.String("instrumentType"),
            clock.Name,
            screenedBars.Kept,
            screenedDividends.Kept,
            screenedSplits.Kept,
            diagnostics)
        {
            Quarantined = [.. screenedBars.Quarantined, .. screenedDividends.Quarantined, .. screenedSplits.Quarantined],
        });
    }

    /// <returns>Null, or why the arrays are unusable.</returns>
    private static string? ParseBars(
        string symbol,
        JsonElement? result,
        JsonElement? meta,
        ExchangeClock clock,
        DateTimeOffset now,
        int priceDecimals,
        int adjCloseDecimals,
        ref YahooChartDiagnostics diagnostics,
        out List<DailyPrice> prices)
    {
        prices = [];
        var timestamps = result.Array("timestamp");
        var count = timestamps?.GetArrayLength() ?? 0;
        diagnostics = diagnostics with { BarsInPayload = count };
        if (count == 0)
        {
            // An empty range: no timestamp[] and indicators.quote == [{}].
            return null;
        }

        var indicators = result.Child("indicators");
        var quote = indicators.Array("quote").FirstItem();
        var open = quote.Array("open");
        var high = quote.Array("high");
        var low = quote.Array("low");
        var close = quote.Array("close");
        var volume = quote.Array("volume");
        var adjClose = indicators.Array("adjclose").FirstItem().Array("adjclose");

        foreach (var (name, array, required) in new[]
                 {
                     ("open", open, true), ("high", high, true), ("low", low, true), ("close", close, true),
                     ("volume", volume, false), ("adjclose", adjClose, false),
                 })
        {
            if (array is null)
            {
                if (required)
                {
                    return $"indicators.quote[0].{name} is missing for {count} timestamps";
                }
            }
            else if (array.Value.GetArrayLength() != count)
            {
                return $"{name} has {array.Value.GetArrayLength()} entries but timestamp has {count}";
            }
        }

        var session = CurrentSession(meta, clock);
        var today = clock.DateOf(now);
        int skippedNull = 0;
        DateOnly? droppedPartial = null;

        for (var i = 0; i < count; i++)
        {
            var timestamp = YahooJson.ToInt64(timestamps!.Value[i]);
            if (timestamp is null)
            {
                return $"timestamp[{i}] is not a number";
            }

            var o = Price(open!.Value[i], priceDecimals);
            var h = Price(high!.Value[i], priceDecimals);
            var l = Price(low!.Value[i], priceDecimals);
            var c = Price(close!.Value[i], priceDecimals);
            if (o is null || h is null || l is null || c is null)
            {
                skippedNull++;
                continue;
            }

            var tradeDate = clock.DateOfEpoch(timestamp.Value);
            if (IsLiveBar(tradeDate, today, now, session, clock))
            {
                droppedPartial = tradeDate;
                continue;
            }

            var bar = new DailyPrice(
                symbol,
                tradeDate,
                o.Value,
                h.Value,
                l.Value,
                c.Value,
                adjClose is null ? null : Price(adjClose.Value[i], adjCloseDecimals),
                volume is null ? null : YahooJson.ToInt64(volume.Value[i]));
            // Duplicates, disorder and absurd values are judged by MarketDataChecks.ScreenBars, not here.
            prices.Add(bar);
        }

        diagnostics = diagnostics with
        {
            SkippedNullBars = skippedNull,
            DroppedPartialBarDate = droppedPartial,
        };
        return null;
    }

    /// <summary>
    /// A bar is live (its close not yet final) when its trading date's regular session has not ended
    /// at <paramref name="now"/>. The session end is <c>meta.currentTradingPeriod.regular.end</c> when
    /// that period is the bar's day; otherwise, for a bar dated today (exchange-local), the NYSE session
    /// close (16:00 New York, 13:00 on early closes).
    /// Bars of earlier days are final; a bar dated after today cannot be final. A bar stored shortly
    /// after the close may still see its volume revised; incremental fetches overlap a few days for that.
    /// </summary>
    internal static bool IsLiveBar(DateOnly tradeDate, DateOnly today, DateTimeOffset now, (DateOnly Date, DateTimeOffset End)? session, ExchangeClock clock)
    {
        if (session is { } regular && regular.Date == tradeDate)
        {
            return now < regular.End;
        }

        if (tradeDate > today)
        {
            return true;
        }

        return tradeDate == today && now < clock.At(today, NyseCalendar.SessionClose(today));
    }

    private static (DateOnly Date, DateTimeOffset End)? CurrentSession(JsonElement? meta, ExchangeClock clock)
    {
        var regular = meta.Child("currentTradingPeriod").Child("regular");
        var start = regular.Int64("start");
        var end = regular.Int64("end");
        if (start is null || end is null || end <= start)
        {
            return null;
        }

        return (clock.DateOfEpoch(start.Value), DateTimeOffset.FromUnixTimeSeconds(end.Value));
    }

    private static decimal? Price(JsonElement value, int decimals) =>
        YahooJson.ToDecimal(value) is { } price ? Math.Round(price, decimals, MidpointRounding.AwayFromZero) : null;

    private static List<Dividend> ParseDividends(string symbol, JsonElement? dividends, ExchangeClock clock, ref int invalid)
    {
        var byDate = new SortedDictionary<DateOnly, decimal>();
        if (dividends is not { ValueKind: JsonValueKind.Object } map)
        {
            return [];
        }

        foreach (var entry in map.EnumerateObject())
        {
            JsonElement? item = entry.Value;
            // The key can be a bar-bucket timestamp; the inner date is the true ex-date.
            var date = item.Int64("date") ?? long.Parse(entry.Name, CultureInfo.InvariantCulture);
            var amount = item.Decimal("amount");
            if (amount is null)
            {
                invalid++;
                continue;
            }

            var exDate = clock.DateOfEpoch(date);
            var rounded = Math.Round(amount.Value, EventAmountDecimals, MidpointRounding.AwayFromZero);
            // Same ex-date twice: an identical repeat is one dividend; different amounts (regular plus special) add up.
            byDate[exDate] = byDate.TryGetValue(exDate, out var existing) && existing != rounded ? existing + rounded : rounded;
        }

        return byDate.Select(d => new Dividend(symbol, d.Key, d.Value)).ToList();
    }

    private static List<Split> ParseSplits(string symbol, JsonElement? splits, ExchangeClock clock, ref int invalid)
    {
        var byDate = new SortedDictionary<DateOnly, Split>();
        if (splits is not { ValueKind: JsonValueKind.Object } map)
        {
            return [];
        }

        foreach (var entry in map.EnumerateObject())
        {
            JsonElement? item = entry.Value;
            var date = item.Int64("date") ?? long.Parse(entry.Name, CultureInfo.InvariantCulture);
            var numerator = item.Decimal("numerator");
            var denominator = item.Decimal("denominator");
            // A zero or negative side is quarantined by MarketDataChecks.ScreenSplits; only a missing one is unreadable.
            if (numerator is null || denominator is null)
            {
                invalid++;
                continue;
            }

            var splitDate = clock.DateOfEpoch(date);
            byDate[splitDate] = new Split(symbol, splitDate, numerator.Value, denominator.Value);
        }

        return byDate.Values.ToList();
    }
}
