using System.Text.Json;
using EtfData.Api.Endpoints;
using EtfData.Domain;
using EtfData.Domain.Analytics;
using Npgsql;

namespace EtfData.RawReference;

/// <summary><c>/ref/etfs/{symbol}</c>: the detail's statements as one prepared batch, the same figures computed, written as read.</summary>
public sealed class EtfDetailReference : IReferenceEndpoints
{
    private static readonly string[] Windows = ["5-day", "1-month", "3-month", "ytd", "1-year", "3-year", "5-year", "10-year"];

    public void Map(WebApplication app, NpgsqlDataSource dataSource) =>
        app.MapGet("/ref/etfs/{symbol}", async (string symbol, HttpContext context) =>
        {
            if (!EtfSymbol.TryNormalize(symbol, out var normalised))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            var cancellationToken = context.RequestAborted;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection);
            foreach (var sql in EtfDetailSql.All)
            {
                var statement = new NpgsqlBatchCommand(sql);
                statement.Parameters.Add(new NpgsqlParameter<string>("symbol", normalised));
                batch.BatchCommands.Add(statement);
            }

            await batch.PrepareAsync(cancellationToken);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            JsonOut.StartJson(context);
            await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonOut.Options);
            json.WriteStartObject();
            json.WriteString("symbol", reader.GetString(0));
            json.WriteString("name", reader.GetString(1));
            json.Text("issuer", reader.Text(2));
            json.Text("category", reader.Text(3));
            json.Text("assetClass", reader.Text(4));
            json.Number("expenseRatio", reader.Value<decimal>(5));
            json.Date("inceptionDate", reader.Value<DateOnly>(6));
            json.Text("exchange", reader.Text(7));
            json.Number("secCik", reader.Value<long>(8));
            json.Text("secSeriesId", reader.Text(9));
            json.Text("secClassId", reader.Text(10));
            json.WriteBoolean("isActive", reader.GetBoolean(11));
            json.WriteString("firstSeenAt", reader.GetFieldValue<DateTimeOffset>(12));
            json.WriteString("updatedAt", reader.GetFieldValue<DateTimeOffset>(13));
            var classCount = reader.Value<int>(14);
            var structure = reader.Text(15);
            var indexTracked = reader.Text(16);
            var fieldSources = reader.GetString(17);

            await reader.NextResultAsync(cancellationToken);
            var history = new List<DailyPrice>();
            while (await reader.ReadAsync(cancellationToken))
            {
                history.Add(new DailyPrice(
                    normalised, reader.GetFieldValue<DateOnly>(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetDecimal(4),
                    reader.Value<decimal>(5), reader.Value<long>(6)));
            }

            var bar = history.Count == 0 ? null : history[^1];
            if (bar is null)
            {
                json.WriteNull("latestPrice");
            }
            else
            {
                json.WriteStartObject("latestPrice");
                json.Date("tradeDate", bar.TradeDate);
                json.WriteNumber("open", bar.Open);
                json.WriteNumber("high", bar.High);
                json.WriteNumber("low", bar.Low);
                json.WriteNumber("close", bar.Close);
                json.Number("adjClose", bar.AdjClose);
                json.Number("volume", bar.Volume);
                json.WriteEndObject();
            }

            var dates = new List<DateOnly?> { bar?.TradeDate };
            foreach (var name in (string[])["aumUsd", "navPerShare", "sharesOutstanding"])
            {
                await reader.NextResultAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    json.WriteStartObject(name);
                    if (name == "sharesOutstanding")
                    {
                        json.WriteNumber("value", reader.GetInt64(0));
                    }
                    else
                    {
                        json.WriteNumber("value", reader.GetDecimal(0));
                    }

                    var asOf = reader.GetFieldValue<DateOnly>(1);
                    dates.Add(asOf);
                    json.Date("asOf", asOf);
                    json.WriteString("source", reader.GetString(2));
                    json.WriteEndObject();
                }
                else
                {
                    json.WriteNull(name);
                }
            }

            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken) && PremiumDiscount.Of(reader.GetDecimal(2), reader.GetDecimal(3)) is { } fraction)
            {
                json.WriteStartObject("premiumDiscountPct");
                json.WriteNumber("value", Math.Round(fraction * 100, 4));
                dates.Add(reader.GetFieldValue<DateOnly>(0));
                json.Date("asOf", reader.GetFieldValue<DateOnly>(0));
                json.WriteString("source", reader.GetString(1));
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("premiumDiscountPct");
            }

            await reader.NextResultAsync(cancellationToken);
            var flows = new List<(DateOnly TradeDate, decimal Net)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                flows.Add((reader.GetFieldValue<DateOnly>(0), reader.GetDecimal(1)));
            }

            if (bar is not null && flows.Count > 0)
            {
                decimal? Sum(int n)
                {
                    var after = history.Count > n ? history[history.Count - 1 - n].TradeDate : DateOnly.MinValue;
                    decimal? sum = null;
                    foreach (var (day, net) in flows)
                    {
                        sum = day > after ? (sum ?? 0) + net : sum;
                    }

                    return sum;
                }

                dates.Add(flows[0].TradeDate);
                json.WriteStartObject("flows");
                json.Date("asOf", flows[0].TradeDate);
                json.WriteString("method", "aum");
                json.Number("flow1dUsd", Sum(1));
                json.Number("flow5dUsd", Sum(5));
                json.Number("flow20dUsd", Sum(20));
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("flows");
            }

            if (bar is null)
            {
                json.WriteNull("returns");
            }
            else
            {
                var set = Returns.Standard(history, bar.TradeDate);
                json.WriteStartObject("returns");
                json.Date("asOf", bar.TradeDate);
                json.Number("oneDayPct", Pct(set.OneDay));
                json.Number("fiveDayPct", Pct(set.FiveDay));
                json.Number("oneMonthPct", Pct(set.OneMonth));
                json.Number("threeMonthPct", Pct(set.ThreeMonth));
                json.Number("yearToDatePct", Pct(set.YearToDate));
                json.Number("oneYearPct", Pct(set.OneYear));
                json.WriteEndObject();
            }

            await reader.NextResultAsync(cancellationToken);
            (long Id, DateOnly AsOf, DateOnly Effective, string Coverage, string Source, int Count)? best = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                var asOf = reader.GetFieldValue<DateOnly>(1);
                var confirmed = reader.Value<DateOnly>(2) is { } c && c > asOf ? c : asOf;
                var candidate = (reader.GetInt64(0), asOf, confirmed, reader.GetString(3), reader.GetString(4), reader.GetInt32(5));
                if (best is not { } b || Better(candidate, b))
                {
                    best = candidate;
                }
            }

            await reader.NextResultAsync(cancellationToken);
            if (best is { } chosen)
            {
                dates.Add(chosen.AsOf);
                json.WriteStartObject("topHoldings");
                json.Date("asOf", chosen.AsOf);
                json.WriteString("source", chosen.Source);
                json.WriteNumber("positionCount", chosen.Count);
                json.WriteStartArray("holdings");
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (reader.GetInt64(0) != chosen.Id)
                    {
                        continue;
                    }

                    json.WriteStartObject();
                    json.WriteNumber("position", reader.GetInt32(1));
                    json.Text("ticker", reader.Text(2));
                    json.WriteString("name", reader.GetString(3));
                    json.Number("weight", reader.Value<decimal>(4));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteString("coverage", chosen.Coverage);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("topHoldings");
            }

            json.Date("asOf", dates.Max());
            json.Number("secSeriesClassCount", classCount);

            await reader.NextResultAsync(cancellationToken);
            var profiles = new List<(string, string?, string?, decimal?, DateOnly?, string?, string?, decimal?, DateOnly?, DateTimeOffset)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                profiles.Add((reader.GetString(0), reader.Text(1), reader.Text(2), reader.Value<decimal>(3), reader.Value<DateOnly>(4), reader.Text(5),
                    reader.Text(6), reader.Value<decimal>(7), reader.Value<DateOnly>(8), reader.GetFieldValue<DateTimeOffset>(9)));
            }

            await reader.NextResultAsync(cancellationToken);
            var reported = new List<(string Source, string Window, DateOnly AsOf, decimal Net, DateTimeOffset Fetched)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                reported.Add((reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetDecimal(3), reader.GetFieldValue<DateTimeOffset>(4)));
            }

            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                json.WriteStartObject("latestNportFiling");
                json.WriteString("accession", reader.GetString(0));
                json.Date("reportDate", reader.GetFieldValue<DateOnly>(1));
                json.Date("filedDate", reader.GetFieldValue<DateOnly>(2));
                json.Text("scope", reader.Text(3));
                json.Text("seriesId", reader.Text(4));
                json.Number("netAssetsUsd", reader.Value<decimal>(5));
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("latestNportFiling");
            }

            json.Text("structure", structure);
            json.Text("indexTracked", indexTracked);
            json.WritePropertyName("fieldSources");
            using (var sources = JsonDocument.Parse(fieldSources))
            {
                sources.RootElement.WriteTo(json);
            }

            json.WriteStartArray("outsideProfiles");
            foreach (var p in profiles)
            {
                json.WriteStartObject();
                json.WriteString("source", p.Item1);
                json.Text("issuer", p.Item2);
                json.Text("category", p.Item3);
                json.Number("expenseRatio", p.Item4);
                json.Date("inceptionDate", p.Item5);
                json.Text("structure", p.Item6);
                json.Text("indexTracked", p.Item7);
                json.Number("aumUsd", p.Item8);
                json.Date("aumAsOf", p.Item9);
                json.WriteString("fetchedAt", p.Item10);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("reportedFlows");
            foreach (var r in reported.OrderBy(r => r.Source, StringComparer.Ordinal).ThenBy(r => WindowOrder(r.Window)).ThenBy(r => r.Window, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("source", r.Source);
                json.WriteString("windowName", r.Window);
                json.Date("asOf", r.AsOf);
                json.WriteNumber("netFlowUsd", r.Net);
                json.WriteString("fetchedAt", r.Fetched);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
        });

    private static decimal? Pct(decimal? fraction) => fraction is { } f ? Math.Round(f * 100, 4) : null;

    private static int WindowOrder(string window)
    {
        var index = Array.IndexOf(Windows, window);
        return index < 0 ? Windows.Length : index;
    }

    /// <summary>The API's rule: a full portfolio before a top list, then the latest confirmed date, then the source's rank.</summary>
    private static bool Better(
        (long Id, DateOnly AsOf, DateOnly Effective, string Coverage, string Source, int Count) a,
        (long Id, DateOnly AsOf, DateOnly Effective, string Coverage, string Source, int Count) b)
    {
        var topA = a.Coverage == HoldingCoverage.Top ? 1 : 0;
        var topB = b.Coverage == HoldingCoverage.Top ? 1 : 0;
        if (topA != topB)
        {
            return topA < topB;
        }

        if (a.Effective != b.Effective)
        {
            return a.Effective > b.Effective;
        }

        var rank = HoldingSources.Rank(a.Source).CompareTo(HoldingSources.Rank(b.Source));
        return rank != 0 ? rank < 0 : string.CompareOrdinal(a.Source, b.Source) < 0;
    }
}
