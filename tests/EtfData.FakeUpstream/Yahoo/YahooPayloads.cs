using System.Buffers;
using System.Globalization;
using System.Text.Json;
using EtfData.Domain;

namespace EtfData.FakeUpstream.Yahoo;

/// <summary>
/// Writes chart and quoteSummary bodies in Yahoo's format (shape and quirks as recorded in the real
/// payloads): daily bars stamped with the session's opening instant in UTC, prices as float32-ish
/// doubles, events keyed by epoch strings, a live bar stamped "now" while the session is open (until
/// 16:00 New York, 13:00 on the calendar's early closes), and <c>{raw, fmt}</c> numbers unless
/// <c>formatted=false</c>.
/// </summary>
internal static class YahooPayloads
{
    private static readonly TimeOnly PreOpen = new(4, 0);
    private static readonly TimeOnly Open = new(9, 30);

    /// <summary>The post-market runs four hours past the close: to 20:00, or 17:00 after an early close.</summary>
    private static readonly TimeSpan PostMarket = TimeSpan.FromHours(4);

    private static readonly string[] ValidRanges = ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"];

    public static byte[] Chart(YahooFake yahoo, FakeFund fund, long from, long to, string range, bool dividends, bool splits)
    {
        var now = yahoo.Clock.GetUtcNow();
        var today = LocalDate(now);
        var history = yahoo.Dataset.History(fund, today);

        // Today's bar exists once the session opened; until it closes it is stamped "now" (live).
        var visible = new List<(long Timestamp, FakeBar Bar)>();
        foreach (var bar in history.Bars)
        {
            var opened = At(bar.Date, Open);
            if (opened > now)
            {
                continue;
            }

            var live = bar.Date == today && now < Closed(today);
            var timestamp = live ? LastTrade(now, opened).ToUnixTimeSeconds() : opened.ToUnixTimeSeconds();
            if (timestamp >= from && timestamp < to)
            {
                visible.Add((timestamp, bar));
            }
        }

        var final = history.Bars.LastOrDefault(b => !b.IsNullRow && Closed(b.Date) <= now);
        var liveBar = history.Bars.LastOrDefault(b => b.Date == today && !b.IsNullRow && At(today, Open) <= now && now < Closed(today));
        var regularMarketTime = liveBar is not null ? LastTrade(now, At(today, Open)) : final is null ? now : Closed(final.Date).AddSeconds(1);
        var marketPrice = (liveBar ?? final)?.Close ?? fund.StartPrice;
        var firstIndex = visible.Count == 0 ? -1 : history.Bars.ToList().IndexOf(visible[0].Bar);
        var previousClose = firstIndex > 0 ? history.Bars.Take(firstIndex).LastOrDefault(b => !b.IsNullRow)?.Close ?? marketPrice : marketPrice;

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("chart");
            json.WriteStartArray("result");
            json.WriteStartObject();

            WriteChartMeta(json, fund, now, regularMarketTime, marketPrice, previousClose, range);

            if (visible.Count > 0)
            {
                json.WriteStartArray("timestamp");
                foreach (var (timestamp, _) in visible)
                {
                    json.WriteNumberValue(timestamp);
                }

                json.WriteEndArray();
            }

            var fromDate = LocalDate(DateTimeOffset.FromUnixTimeSeconds(from));
            var toInstant = DateTimeOffset.FromUnixTimeSeconds(to);
            var inWindow = (DateOnly date) => date >= fromDate && At(date, Open) < toInstant && At(date, Open) <= now;
            var dividendRows = dividends ? history.Dividends.Where(d => inWindow(d.ExDate)).ToList() : [];
            var splitRows = splits ? history.Splits.Where(s => inWindow(s.Date)).ToList() : [];
            if (dividendRows.Count > 0 || splitRows.Count > 0)
            {
                json.WriteStartObject("events");
                if (dividendRows.Count > 0)
                {
                    json.WriteStartObject("dividends");
                    foreach (var (exDate, amount) in dividendRows)
                    {
                        var key = At(exDate, Open).ToUnixTimeSeconds();
                        json.WriteStartObject(key.ToString(CultureInfo.InvariantCulture));
                        json.WriteNumber("amount", amount);
                        json.WriteNumber("date", key);
                        json.WriteEndObject();
                    }

                    json.WriteEndObject();
                }

                if (splitRows.Count > 0)
                {
                    json.WriteStartObject("splits");
                    foreach (var (date, numerator, denominator) in splitRows)
                    {
                        var key = At(date, Open).ToUnixTimeSeconds();
                        json.WriteStartObject(key.ToString(CultureInfo.InvariantCulture));
                        json.WriteNumber("date", key);
                        json.WriteNumber("numerator", numerator);
                        json.WriteNumber("denominator", denominator);
                        json.WriteString("splitRatio", string.Create(CultureInfo.InvariantCulture, $"{numerator}:{denominator}"));
                        json.WriteEndObject();
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteStartObject("indicators");
            json.WriteStartArray("quote");
            json.WriteStartObject();
            if (visible.Count > 0)
            {
                WriteSeries(json, "low", visible, b => b.Low);
                WriteSeries(json, "open", visible, b => b.Open);
                WriteSeries(json, "high", visible, b => b.High);
                json.WriteStartArray("volume");
                foreach (var (_, bar) in visible)
                {
                    if (bar.IsNullRow)
                    {
                        json.WriteNullValue();
                    }
                    else
                    {
                        json.WriteNumberValue(bar.Volume);
                    }
                }

                json.WriteEndArray();
                WriteSeries(json, "close", visible, b => b.Close);
            }

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("adjclose");
            json.WriteStartObject();
            if (visible.Count > 0)
            {
                WriteSeries(json, "adjclose", visible, b => b.AdjClose);
            }

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject(); // indicators

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteNull("error");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteChartMeta(Utf8JsonWriter json, FakeFund fund, DateTimeOffset now, DateTimeOffset regularMarketTime, double marketPrice, double previousClose, string range)
    {
        var offset = (long)YahooFake.NewYork.GetUtcOffset(now).TotalSeconds;
        var zoneAbbreviation = YahooFake.NewYork.IsDaylightSavingTime(now) ? "EDT" : "EST";
        var sessionDay = LocalDate(now);
        while (!NyseCalendar.IsTradingDay(sessionDay) || Closed(sessionDay) + PostMarket <= now)
        {
            // After today's post-market the current trading period is the next session.
            sessionDay = sessionDay.AddDays(1);
        }

        json.WriteStartObject("meta");
        json.WriteString("currency", "USD");
        json.WriteString("symbol", fund.Symbol.ToUpperInvariant());
        json.WriteString("exchangeName", fund.ExchangeName);
        json.WriteString("fullExchangeName", fund.FullExchangeName);
        json.WriteString("instrumentType", "ETF");
        json.WriteNumber("firstTradeDate", At(fund.Inception, Open).ToUnixTimeSeconds());
        json.WriteNumber("regularMarketTime", regularMarketTime.ToUnixTimeSeconds());
        json.WriteBoolean("hasPrePostMarketData", true);
        json.WriteNumber("gmtoffset", offset);
        json.WriteString("timezone", zoneAbbreviation);
        json.WriteString("exchangeTimezoneName", "America/New_York");
        json.WriteNumber("regularMarketPrice", Math.Round(marketPrice, 2));
        json.WriteString("longName", fund.Name);
        json.WriteString("shortName", fund.Name);
        json.WriteNumber("chartPreviousClose", Math.Round(previousClose, 2));
        json.WriteNumber("priceHint", 2);
        json.WriteStartObject("currentTradingPeriod");
        var close = Closed(sessionDay);
        WritePeriod(json, "pre", At(sessionDay, PreOpen), At(sessionDay, Open), zoneAbbreviation, offset);
        WritePeriod(json, "regular", At(sessionDay, Open), close, zoneAbbreviation, offset);
        WritePeriod(json, "post", close, close + PostMarket, zoneAbbreviation, offset);
        json.WriteEndObject();
        json.WriteString("dataGranularity", "1d");
        json.WriteString("range", range);
        json.WriteStartArray("validRanges");
        foreach (var valid in ValidRanges)
        {
            json.WriteStringValue(valid);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePeriod(Utf8JsonWriter json, string name, DateTimeOffset start, DateTimeOffset end, string zone, long offset)
    {
        json.WriteStartObject(name);
        json.WriteString("timezone", zone);
        json.WriteNumber("start", start.ToUnixTimeSeconds());
        json.WriteNumber("end", end.ToUnixTimeSeconds());
        json.WriteNumber("gmtoffset", offset);
        json.WriteEndObject();
    }

    /// <summary>Prices go out as float32 widened to double (<c>216.16000366210938</c>), as Yahoo's do; null rows stay null.</summary>
    private static void WriteSeries(Utf8JsonWriter json, string name, List<(long Timestamp, FakeBar Bar)> bars, Func<FakeBar, double> value)
    {
        json.WriteStartArray(name);
        foreach (var (_, bar) in bars)
        {
            if (bar.IsNullRow)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteNumberValue((double)(float)Math.Round(value(bar), 2));
            }
        }

        json.WriteEndArray();
    }

    /// <summary>The requested modules the fund has, or null when it has none of them (Yahoo's 404).</summary>
    public static byte[]? QuoteSummary(YahooFake yahoo, FakeFund fund, IReadOnlyList<string> modules, bool formatted)
    {
        var available = modules.Where(m => m switch
        {
            "summaryDetail" or "defaultKeyStatistics" or "fundProfile" or "price" or "quoteType" => true,
            "topHoldings" => fund.HasTopHoldings,
            _ => false,
        }).Distinct(StringComparer.Ordinal).ToList();
        if (available.Count == 0)
        {
            return null;
        }

        var now = yahoo.Clock.GetUtcNow();
        var history = yahoo.Dataset.History(fund, LocalDate(now));
        var finals = history.Bars.Where(b => !b.IsNullRow && Closed(b.Date) <= now).TakeLast(2).ToList();
        var last = finals.Count > 0 ? finals[^1] : null;
        var previous = finals.Count > 1 ? finals[0] : last;
        var close = last?.Close ?? fund.StartPrice;
        // AUM = shares outstanding × NAV of the last closed session, so flows can be derived day by day.
        var nav = last?.Nav ?? Math.Round(close, 2);
        var shares = Math.Round(last?.SharesOutstanding ?? fund.StartShares);
        var totalAssets = Math.Round(shares * nav);
        if (last is not null && fund.StaleTotalAssetsSessions.Contains(last.Date))
        {
            var fresh = history.Bars.LastOrDefault(b => !b.IsNullRow && b.Date < last.Date && !fund.StaleTotalAssetsSessions.Contains(b.Date));
            totalAssets = fresh is null ? totalAssets : Math.Round(Math.Round(fresh.SharesOutstanding) * fresh.Nav);
        }

        var marketTime = last is null ? now : Closed(last.Date);

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            var n = new NumberWriter(json, formatted);
            json.WriteStartObject();
            json.WriteStartObject("quoteSummary");
            json.WriteStartArray("result");
            json.WriteStartObject();
            foreach (var module in available)
            {
                json.WriteStartObject(module);
                switch (module)
                {
                    case "summaryDetail":
                        json.WriteNumber("maxAge", 1);
                        json.WriteNumber("priceHint", 2);
                        n.Plain("previousClose", Math.Round(previous?.Close ?? close, 2));
                        n.Plain("open", Math.Round(last?.Open ?? close, 2));
                        n.Plain("dayLow", Math.Round(last?.Low ?? close, 2));
                        n.Plain("dayHigh", Math.Round(last?.High ?? close, 2));
                        n.Large("volume", last?.Volume ?? 0);
                        n.Percent("yield", (double)fund.Yield);
                        n.Large("totalAssets", totalAssets);
                        n.Plain("navPrice", nav);
                        json.WriteString("currency", "USD");
                        break;
                    case "defaultKeyStatistics":
                        json.WriteNumber("maxAge", 1);
                        json.WriteNumber("priceHint", 2);
                        json.WriteString("category", fund.Category);
                        n.Large("totalAssets", totalAssets);
                        n.Percent("yield", (double)fund.Yield);
                        json.WriteString("fundFamily", fund.Family);
                        n.Date("fundInceptionDate", fund.Inception);
                        json.WriteString("legalType", "Exchange Traded Fund");
                        if (fund.ReportsSharesOutstanding)
                        {
                            n.Large("sharesOutstanding", shares);
                        }
                        break;
                    case "fundProfile":
                        json.WriteNumber("maxAge", 1);
                        json.WriteString("family", fund.Family);
                        json.WriteString("categoryName", fund.Category);
                        json.WriteString("legalType", "Exchange Traded Fund");
                        json.WriteStartObject("feesExpensesInvestment");
                        n.Percent("annualReportExpenseRatio", (double)fund.ExpenseRatio);
                        n.Percent("annualHoldingsTurnover", 0.0807);
                        // Yahoo's totalNetAssets is on an unclear scale; mimic that rather than AUM.
                        n.Plain("totalNetAssets", Math.Round(totalAssets / 1e6 * 1.59, 2));
                        json.WriteEndObject();
                        break;
                    case "topHoldings":
                        json.WriteNumber("maxAge", 1);
                        n.Percent("cashPosition", 0.0007);
                        n.Percent("stockPosition", fund.Sectors.Count > 0 ? 0.9993 : 0);
                        n.Percent("bondPosition", fund.Sectors.Count > 0 ? 0 : 0.9993);
                        json.WriteStartArray("holdings");
                        foreach (var (symbol, name, weight) in fund.TopHoldings)
                        {
                            json.WriteStartObject();
                            if (symbol is not null)
                            {
                                json.WriteString("symbol", symbol);
                            }

                            json.WriteString("holdingName", name);
                            n.Percent("holdingPercent", (double)(float)weight);
                            json.WriteEndObject();
                        }

                        json.WriteEndArray();
                        json.WriteStartArray("sectorWeightings");
                        foreach (var (sector, weight) in fund.Sectors)
                        {
                            json.WriteStartObject();
                            n.Percent(sector, (double)(float)weight);
                            json.WriteEndObject();
                        }

                        json.WriteEndArray();
                        break;
                    case "price":
                        json.WriteNumber("maxAge", 1);
                        json.WriteString("symbol", fund.Symbol.ToUpperInvariant());
                        json.WriteNumber("regularMarketTime", marketTime.ToUnixTimeSeconds());
                        n.Plain("regularMarketPrice", Math.Round(close, 2));
                        json.WriteString("quoteType", "ETF");
                        json.WriteString("shortName", fund.Name);
                        json.WriteString("longName", fund.Name);
                        json.WriteString("currency", "USD");
                        json.WriteString("exchange", fund.ExchangeName);
                        break;
                    case "quoteType":
                        json.WriteString("exchange", fund.ExchangeName);
                        json.WriteString("quoteType", "ETF");
                        json.WriteString("symbol", fund.Symbol.ToUpperInvariant());
                        json.WriteString("shortName", fund.Name);
                        json.WriteString("longName", fund.Name);
                        json.WriteNumber("firstTradeDateEpochUtc", At(fund.Inception, Open).ToUnixTimeSeconds());
                        json.WriteString("timeZoneFullName", "America/New_York");
                        json.WriteString("timeZoneShortName", YahooFake.NewYork.IsDaylightSavingTime(now) ? "EDT" : "EST");
                        json.WriteNumber("gmtOffSetMilliseconds", (long)YahooFake.NewYork.GetUtcOffset(now).TotalMilliseconds);
                        json.WriteNumber("maxAge", 1);
                        break;
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteNull("error");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A live bar is stamped with the last trade, a few seconds before "now" (never before the open).</summary>
    private static DateTimeOffset LastTrade(DateTimeOffset now, DateTimeOffset opened) =>
        now.AddSeconds(-15) > opened ? now.AddSeconds(-15) : opened;

    private static DateOnly LocalDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, YahooFake.NewYork).DateTime);

    /// <summary>The end of <paramref name="date"/>'s regular session: 16:00 New York, 13:00 on an early close.</summary>
    private static DateTimeOffset Closed(DateOnly date) => At(date, NyseCalendar.SessionClose(date));

    private static DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, YahooFake.NewYork.GetUtcOffset(local));
    }

    /// <summary>Writes numbers plain (<c>formatted=false</c>) or as Yahoo's <c>{"raw":…,"fmt":"…"}</c>.</summary>
    private sealed class NumberWriter(Utf8JsonWriter json, bool formatted)
    {
        public void Plain(string name, double value) => Write(name, value, value.ToString("N2", CultureInfo.InvariantCulture));

        public void Percent(string name, double value) => Write(name, value, (value * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%");

        public void Large(string name, double value) => Write(name, value, value switch
        {
            >= 1e9 => (value / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "B",
            >= 1e6 => (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
            _ => value.ToString("N0", CultureInfo.InvariantCulture),
        });

        /// <summary>Yahoo's fund dates are UTC midnight in epoch seconds.</summary>
        public void Date(string name, DateOnly date) =>
            Write(name, new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds(), date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        private void Write(string name, double value, string fmt)
        {
            if (!formatted)
            {
                json.WriteNumber(name, value);
                return;
            }

            json.WriteStartObject(name);
            json.WriteNumber("raw", value);
            json.WriteString("fmt", fmt);
            json.WriteEndObject();
        }
    }
}
