using System.Text.Json;
using EtfData.Api.Endpoints;
using EtfData.Domain;
using EtfData.Domain.Analytics;
using Npgsql;
using NpgsqlTypes;

namespace EtfData.RawReference;

/// <summary>
/// <c>/ref/etfs/{symbol}/aum</c>: the whole AUM series of the latest source (the API's defaults), one prepared
/// statement, the changes computed with the same domain code as the API.
/// </summary>
public sealed class AumReference : IReferenceEndpoints
{
    public void Map(WebApplication app, NpgsqlDataSource dataSource) =>
        app.MapGet("/ref/etfs/{symbol}/aum", async (string symbol, HttpContext context) =>
        {
            if (!EtfSymbol.TryNormalize(symbol, out var normalised))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            var cancellationToken = context.RequestAborted;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(AumSql.Series, connection);
            command.Parameters.Add(new NpgsqlParameter<string>("symbol", normalised));
            command.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = DBNull.Value });
            await command.PrepareAsync(cancellationToken);
            var found = false;
            string? source = null;
            var observations = new List<(DateOnly Date, decimal AumUsd)>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    found = true;
                    source = reader.Text(0);
                    if (!reader.IsDBNull(1))
                    {
                        observations.Add((reader.GetFieldValue<DateOnly>(1), reader.GetDecimal(2)));
                    }
                }
            }

            if (!found)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            JsonOut.StartJson(context);
            await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonOut.Options);
            json.WriteStartObject();
            json.WriteString("symbol", normalised);
            json.Text("source", source);
            json.Date("asOf", observations.Count == 0 ? null : observations[^1].Date);
            json.WriteStartArray("points");
            foreach (var c in AumChanges.Series(observations))
            {
                json.WriteStartObject();
                json.Date("date", c.Date);
                json.WriteNumber("aumUsd", c.AumUsd);
                json.Number("dayOverDayUsd", c.DayOverDay?.AbsoluteUsd);
                json.Number("dayOverDayPct", Pct(c.DayOverDay?.Fraction));
                json.Date("previousDate", c.DayOverDay?.FromDate);
                json.Number("sevenDayUsd", c.SevenDay?.AbsoluteUsd);
                json.Number("sevenDayPct", Pct(c.SevenDay?.Fraction));
                json.Number("thirtyDayUsd", c.ThirtyDay?.AbsoluteUsd);
                json.Number("thirtyDayPct", Pct(c.ThirtyDay?.Fraction));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
        });

    private static decimal? Pct(decimal? fraction) => fraction is { } f ? Math.Round(f * 100, 4) : null;
}
