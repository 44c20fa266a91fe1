using System.Text.Json;
using EtfData.Api.Endpoints;
using EtfData.Domain;
using EtfData.Domain.Analytics;
using Npgsql;
using NpgsqlTypes;

namespace EtfData.RawReference;

/// <summary>
/// <c>/ref/etfs/{symbol}/flows</c> (the whole AUM-method series with rolling sums, the API's defaults) and
/// <c>/ref/flows/top</c> (the 20 largest inflows over the latest 5 days), one prepared statement each.
/// </summary>
public sealed class FlowsReference : IReferenceEndpoints
{
    public void Map(WebApplication app, NpgsqlDataSource dataSource)
    {
        app.MapGet("/ref/etfs/{symbol}/flows", async (string symbol, HttpContext context) =>
        {
            if (!EtfSymbol.TryNormalize(symbol, out var normalised))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            var cancellationToken = context.RequestAborted;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(FlowsSql.EtfFlows, connection);
            command.Parameters.Add(new NpgsqlParameter<string>("symbol", normalised));
            command.Parameters.Add(new NpgsqlParameter<string>("method", "aum"));
            command.Parameters.Add(new NpgsqlParameter<DateOnly>("to", DateOnly.MaxValue));
            await command.PrepareAsync(cancellationToken);
            var found = false;
            var flows = new List<FundFlow>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    found = true;
                    if (reader.IsDBNull(0))
                    {
                        continue;
                    }

                    flows.Add(new FundFlow
                    {
                        Symbol = normalised, TradeDate = reader.GetFieldValue<DateOnly>(0), Method = FlowMethod.Aum, NetFlowUsd = reader.GetDecimal(1),
                        PreviousDate = reader.GetFieldValue<DateOnly>(2), AumUsd = reader.Value<decimal>(3), PreviousAumUsd = reader.Value<decimal>(4),
                        NavPerShare = reader.Value<decimal>(5), PreviousNavPerShare = reader.Value<decimal>(6),
                        SharesOutstanding = reader.Value<long>(7), PreviousSharesOutstanding = reader.Value<long>(8), Source = reader.GetString(9),
                    });
                }
            }

            if (!found)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            // Series sorts by date and the rows come in date order: the i-th day is the i-th row.
            var days = FlowWindows.Series(flows);
            JsonOut.StartJson(context);
            await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonOut.Options);
            json.WriteStartObject();
            json.WriteString("symbol", normalised);
            json.WriteString("method", "aum");
            json.Date("asOf", flows.Count == 0 ? null : flows[^1].TradeDate);
            json.WriteNumber("cumulativeUsd", days.Count == 0 ? 0m : days[^1].CumulativeUsd);
            json.WriteStartArray("days");
            for (var i = 0; i < days.Count; i++)
            {
                var (day, flow) = (days[i], flows[i]);
                json.WriteStartObject();
                json.Date("tradeDate", day.TradeDate);
                json.Date("previousDate", flow.PreviousDate);
                json.WriteNumber("netFlowUsd", day.NetFlowUsd);
                json.Number("aumUsd", flow.AumUsd);
                json.Number("previousAumUsd", flow.PreviousAumUsd);
                json.Number("navPerShare", flow.NavPerShare);
                json.Number("previousNavPerShare", flow.PreviousNavPerShare);
                json.Number("sharesOutstanding", flow.SharesOutstanding);
                json.Number("previousSharesOutstanding", flow.PreviousSharesOutstanding);
                json.Number("flowPctOfAum", day.FlowPctOfAum is { } pct ? Math.Round(pct, 4) : null);
                json.WriteNumber("rolling5dUsd", day.Rolling5dUsd);
                json.WriteNumber("rolling20dUsd", day.Rolling20dUsd);
                json.WriteNumber("cumulativeUsd", day.CumulativeUsd);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
        });

        app.MapGet("/ref/flows/top", async (HttpContext context) =>
        {
            var cancellationToken = context.RequestAborted;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(FlowsSql.Top, connection);
            command.Parameters.Add(new NpgsqlParameter<string>("method", "aum"));
            command.Parameters.Add(new NpgsqlParameter<int>("days", 5));
            command.Parameters.Add(new NpgsqlParameter("category", NpgsqlDbType.Text) { Value = DBNull.Value });
            await command.PrepareAsync(cancellationToken);
            DateOnly? from = null, to = null;
            var rows = new List<(string Symbol, string Name, string? Category, string? Issuer, decimal Net, decimal? StartAum, int FlowDays)>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    from = reader.Value<DateOnly>(0);
                    to = reader.Value<DateOnly>(1);
                    if (!reader.IsDBNull(2))
                    {
                        rows.Add((reader.GetString(2), reader.GetString(3), reader.Text(4), reader.Text(5),
                            reader.GetDecimal(6), reader.Value<decimal>(7), (int)reader.GetInt64(8)));
                    }
                }
            }

            rows.RemoveAll(r => r.Net <= 0);
            rows.Sort((a, b) => b.Net.CompareTo(a.Net) is var byNet and not 0 ? byNet : string.CompareOrdinal(a.Symbol, b.Symbol));
            JsonOut.StartJson(context);
            await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonOut.Options);
            json.WriteStartObject();
            json.Date("asOf", to);
            json.Date("from", from);
            json.WriteNumber("days", 5);
            json.WriteString("method", "aum");
            json.WriteString("direction", "in");
            json.WriteStartArray("items");
            for (var i = 0; i < Math.Min(20, rows.Count); i++)
            {
                var r = rows[i];
                json.WriteStartObject();
                json.WriteNumber("rank", i + 1);
                json.WriteString("symbol", r.Symbol);
                json.WriteString("name", r.Name);
                json.Text("category", r.Category);
                json.Text("issuer", r.Issuer);
                json.WriteNumber("netFlowUsd", r.Net);
                json.Number("startAumUsd", r.StartAum);
                json.Number("flowPctOfAum", r.StartAum is > 0 ? Math.Round(r.Net / r.StartAum.Value * 100, 4) : null);
                json.WriteNumber("flowDays", r.FlowDays);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
        });
    }
}
