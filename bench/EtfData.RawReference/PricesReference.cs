using System.Text.Json;
using EtfData.Api.Endpoints;
using EtfData.Domain;
using Npgsql;
using NpgsqlTypes;

namespace EtfData.RawReference;

/// <summary><c>/ref/etfs/{symbol}/prices</c>: the last year of bars (the API's default range), one prepared statement.</summary>
public sealed class PricesReference : IReferenceEndpoints
{
    public void Map(WebApplication app, NpgsqlDataSource dataSource) =>
        app.MapGet("/ref/etfs/{symbol}/prices", async (string symbol, HttpContext context) =>
        {
            if (!EtfSymbol.TryNormalize(symbol, out var normalised))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            var cancellationToken = context.RequestAborted;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(PricesSql.Prices, connection);
            command.Parameters.Add(new NpgsqlParameter<string>("symbol", normalised));
            command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Date) { Value = DBNull.Value });
            await command.PrepareAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            JsonOut.StartJson(context);
            var asOf = reader.Value<DateOnly>(0);
            var end = asOf ?? DateOnly.MaxValue;
            await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonOut.Options);
            json.WriteStartObject();
            json.WriteString("symbol", normalised);
            json.Date("from", end == DateOnly.MaxValue ? DateOnly.MinValue : end.AddYears(-1));
            json.Date("to", end);
            json.WriteBoolean("adjusted", false);
            json.Date("asOf", asOf);
            json.WriteStartArray("bars");
            do
            {
                if (reader.IsDBNull(1))
                {
                    continue;
                }

                json.WriteStartObject();
                json.Date("tradeDate", reader.GetFieldValue<DateOnly>(1));
                json.WriteNumber("open", reader.GetDecimal(2));
                json.WriteNumber("high", reader.GetDecimal(3));
                json.WriteNumber("low", reader.GetDecimal(4));
                json.WriteNumber("close", reader.GetDecimal(5));
                json.Number("adjClose", reader.Value<decimal>(6));
                json.Number("volume", reader.Value<long>(7));
                json.WriteEndObject();
            }
            while (await reader.ReadAsync(cancellationToken));

            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
        });
}
