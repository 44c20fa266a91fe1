using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace EtfData.RawReference;

/// <summary>
/// <c>/ref/etfs/{symbol}/prices</c>: the API's default answer (the year up to the latest bar, not
/// adjusted) in one statement: the ETF's existence, its latest bar date and the bars together.
/// </summary>
public sealed class PricesReference : IReferenceEndpoints
{
    // As the API writes JSON: "&", "<", non-ASCII letters unescaped.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // The same statement as bench/sql/prices-spy.sql.
    private const string Sql = """
        SELECT l.as_of, p.trade_date, p.open, p.high, p.low, p.close, p.adj_close, p.volume
        FROM etf e
        CROSS JOIN LATERAL (SELECT max(trade_date) AS as_of FROM price_daily WHERE symbol = e.symbol) l
        LEFT JOIN price_daily p ON p.symbol = e.symbol
             AND p.trade_date >= (l.as_of - interval '1 year')::date AND p.trade_date <= l.as_of
        WHERE e.symbol = $1
        ORDER BY p.trade_date
        """;

    public void Map(WebApplication app, NpgsqlDataSource dataSource) =>
        app.MapGet("/ref/etfs/{symbol}/prices", async (string symbol, HttpContext http, CancellationToken cancellationToken) =>
        {
            var normalised = symbol.ToUpperInvariant();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(Sql, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = normalised, NpgsqlDbType = NpgsqlDbType.Text });
            await command.PrepareAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            http.Response.ContentType = "application/json; charset=utf-8";
            await using var json = new Utf8JsonWriter(http.Response.BodyWriter, JsonOptions);
            json.WriteStartObject();
            json.WriteString("symbol", normalised);
            if (reader.IsDBNull(0))
            {
                json.WriteString("from", DateOnly.MinValue.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("to", DateOnly.MaxValue.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteBoolean("adjusted", false);
                json.WriteNull("asOf");
                json.WriteStartArray("bars");
            }
            else
            {
                var asOf = reader.GetFieldValue<DateOnly>(0);
                json.WriteString("from", asOf.AddYears(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("to", asOf.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteBoolean("adjusted", false);
                json.WriteString("asOf", asOf.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteStartArray("bars");
                do
                {
                    json.WriteStartObject();
                    json.WriteString("tradeDate", reader.GetFieldValue<DateOnly>(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                    json.WriteNumber("open", reader.GetDecimal(2));
                    json.WriteNumber("high", reader.GetDecimal(3));
                    json.WriteNumber("low", reader.GetDecimal(4));
                    json.WriteNumber("close", reader.GetDecimal(5));
                    if (reader.IsDBNull(6))
                    {
                        json.WriteNull("adjClose");
                    }
                    else
                    {
                        json.WriteNumber("adjClose", reader.GetDecimal(6));
                    }

                    if (reader.IsDBNull(7))
                    {
                        json.WriteNull("volume");
                    }
                    else
                    {
                        json.WriteNumber("volume", reader.GetInt64(7));
                    }

                    json.WriteEndObject();
                }
                while (await reader.ReadAsync(cancellationToken));
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
}
