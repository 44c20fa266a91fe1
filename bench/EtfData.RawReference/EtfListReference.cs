using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace EtfData.RawReference;

/// <summary>
/// <c>/ref/etfs</c>: the API's default page (no filters, sorted by symbol, 50 rows) with the same
/// columns: latest close and 1-day change, latest AUM, 5-day AUM-method flow and the total count.
/// </summary>
public sealed class EtfListReference : IReferenceEndpoints
{
    // As the API writes JSON: "&", "<", non-ASCII letters unescaped.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // The same statement as bench/sql/etfs-list.sql.
    private const string Sql = """
        SELECT e.symbol, e.name, e.issuer, e.category, e.asset_class, e.expense_ratio, e.exchange, e.is_active,
               p.close, p.trade_date,
               CASE WHEN p.previous_close > 0 THEN (p.close / p.previous_close - 1) * 100 END,
               m.total_assets_usd, m.as_of, f.flow5d_usd, count(*) OVER ()
        FROM etf e
        LEFT JOIN LATERAL (
            SELECT (array_agg(close ORDER BY trade_date DESC))[1] AS close, max(trade_date) AS trade_date,
                   (array_agg(close ORDER BY trade_date DESC))[2] AS previous_close
            FROM (SELECT trade_date, close FROM price_daily WHERE symbol = e.symbol ORDER BY trade_date DESC LIMIT 2) last_two
        ) p ON true
        LEFT JOIN LATERAL (
            SELECT as_of, total_assets_usd FROM fund_metric_daily
            WHERE symbol = e.symbol AND total_assets_usd IS NOT NULL
            ORDER BY as_of DESC, source LIMIT 1
        ) m ON true
        LEFT JOIN LATERAL (
            SELECT sum(net_flow_usd) AS flow5d_usd FROM fund_flow_daily
            WHERE symbol = e.symbol AND method = 'aum'
              AND trade_date > coalesce(
                  (SELECT trade_date FROM price_daily WHERE symbol = e.symbol ORDER BY trade_date DESC OFFSET 5 LIMIT 1),
                  '-infinity'::date)
        ) f ON true
        ORDER BY e.symbol
        LIMIT 50
        """;

    public void Map(WebApplication app, NpgsqlDataSource dataSource) =>
        app.MapGet("/ref/etfs", async (HttpContext http, CancellationToken cancellationToken) =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(Sql, connection);
            await command.PrepareAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            http.Response.ContentType = "application/json; charset=utf-8";
            await using var json = new Utf8JsonWriter(http.Response.BodyWriter, JsonOptions);
            var total = 0L;
            DateOnly? asOf = null;
            json.WriteStartObject();
            json.WriteStartArray("items");
            while (await reader.ReadAsync(cancellationToken))
            {
                json.WriteStartObject();
                json.WriteString("symbol", reader.GetString(0));
                json.WriteString("name", reader.GetString(1));
                WriteText(json, reader, 2, "issuer");
                WriteText(json, reader, 3, "category");
                WriteText(json, reader, 4, "assetClass");
                WriteDecimal(json, reader, 5, "expenseRatio");
                WriteText(json, reader, 6, "exchange");
                json.WriteBoolean("isActive", reader.GetBoolean(7));
                WriteDecimal(json, reader, 8, "latestClose");
                var closeDate = WriteDate(json, reader, 9, "latestCloseDate");
                if (closeDate > asOf || asOf is null)
                {
                    asOf = closeDate;
                }

                if (reader.IsDBNull(10))
                {
                    json.WriteNull("change1dPct");
                }
                else
                {
                    json.WriteNumber("change1dPct", Math.Round(reader.GetDecimal(10), 4));
                }

                WriteDecimal(json, reader, 11, "aumUsd");
                WriteDate(json, reader, 12, "aumDate");
                WriteDecimal(json, reader, 13, "flow5dUsd");
                json.WriteEndObject();
                total = reader.GetInt64(14);
            }

            json.WriteEndArray();
            json.WriteNumber("page", 1);
            json.WriteNumber("pageSize", 50);
            json.WriteNumber("total", total);
            if (asOf is { } latest)
            {
                json.WriteString("asOf", latest.ToString("O", CultureInfo.InvariantCulture));
            }
            else
            {
                json.WriteNull("asOf");
            }

            json.WriteEndObject();
        });

    private static void WriteText(Utf8JsonWriter json, NpgsqlDataReader reader, int ordinal, string name)
    {
        if (reader.IsDBNull(ordinal))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, reader.GetString(ordinal));
        }
    }

    private static void WriteDecimal(Utf8JsonWriter json, NpgsqlDataReader reader, int ordinal, string name)
    {
        if (reader.IsDBNull(ordinal))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, reader.GetDecimal(ordinal));
        }
    }

    private static DateOnly? WriteDate(Utf8JsonWriter json, NpgsqlDataReader reader, int ordinal, string name)
    {
        if (reader.IsDBNull(ordinal))
        {
            json.WriteNull(name);
            return null;
        }

        var date = reader.GetFieldValue<DateOnly>(ordinal);
        json.WriteString(name, date.ToString("O", CultureInfo.InvariantCulture));
        return date;
    }
}
