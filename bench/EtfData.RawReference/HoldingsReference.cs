using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace EtfData.RawReference;

/// <summary>
/// <c>/ref/etfs/{symbol}/holdings</c>: the API's <c>/api/etfs/{symbol}/holdings</c> (latest best snapshot, every
/// position largest weight first) with the same SQL as the API's one round trip (HoldingSnapshots.Sql(asOf: false,
/// byWeight: true)), prepared, written with Utf8JsonWriter in the API's JSON shape.
/// </summary>
public sealed class HoldingsReference : IReferenceEndpoints
{
    internal const string Sql = """
        SELECT r.ord, e.symbol IS NOT NULL AS known,
               b.id, b.as_of, b.source, b.position_count, b.fetched_at, b.nport_accession, b.coverage, b.weight_sum, b.weight_check,
               b.is_latest, b.checked_at, b.confirmed_as_of,
               p.*
          FROM unnest(@symbols::text[]) WITH ORDINALITY AS r(symbol, ord)
          LEFT JOIN etf e ON e.symbol = r.symbol
          LEFT JOIN LATERAL (
                SELECT c.* FROM (SELECT * FROM holding_snapshot WHERE symbol = r.symbol AND is_latest) c
                 WHERE @source::text IS NULL OR c.source = @source::text
                 ORDER BY c.coverage = 'top',
                          least(greatest(c.as_of, c.confirmed_as_of), greatest(coalesce(@as_of::date, 'infinity'::date), c.as_of)) DESC,
                          coalesce(array_position(@preference::text[], c.source), 2147483647),
                          c.source COLLATE "C"
                 LIMIT 1) b ON e.symbol IS NOT NULL
          LEFT JOIN LATERAL (
                SELECT h.position, coalesce(h.ticker, sec.ticker) AS ticker, h.name, coalesce(h.cusip, sec.cusip) AS cusip, coalesce(h.isin, sec.isin) AS isin,
                       coalesce(h.asset_class, sec.asset_class) AS asset_class, coalesce(h.sector, sec.sector) AS sector, coalesce(h.country, sec.country) AS country,
                       h.weight, h.shares, h.market_value_usd, h.lei, h.title, h.other_identifiers, h.balance, h.units, h.units_description, h.currency,
                       h.exchange_rate, h.payoff_profile, h.asset_category, h.asset_category_description, h.issuer_category, h.issuer_category_description,
                       h.fair_value_level, h.is_restricted, h.instrument_kind, h.derivative_category, h.security_id, h.exchange, h.sedol
                  FROM holding h LEFT JOIN security sec ON sec.id = h.security_id
                 WHERE h.snapshot_id = b.id
                 ORDER BY {inner}
                 LIMIT @limit::integer) p ON true
         ORDER BY r.ord, {outer}
        """;

    /// <summary>The API's escaping (ASP.NET Core's defaults): "S&amp;P" stays as written, so the bytes match too.</summary>
    internal static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static readonly string[] Preference = ["ishares", "spdr", "invesco", "sec-nport", "schwab", "yahoo"];

    internal static readonly string ByWeightSql = Sql.Replace("{inner}", "h.weight DESC NULLS LAST, h.position", StringComparison.Ordinal).Replace("{outer}", "p.weight DESC NULLS LAST, p.position", StringComparison.Ordinal);

    internal static readonly string ByPositionSql = Sql.Replace("{inner}", "h.position", StringComparison.Ordinal).Replace("{outer}", "p.position", StringComparison.Ordinal);

    public void Map(WebApplication app, NpgsqlDataSource dataSource) =>
        app.MapGet("/ref/etfs/{symbol}/holdings", async (string symbol, HttpContext context) =>
        {
            symbol = symbol.ToUpperInvariant();
            await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
            await using var command = Command(connection, ByWeightSql, [symbol], 100_000);
            await command.PrepareAsync(context.RequestAborted);
            await using var reader = await command.ExecuteReaderAsync(context.RequestAborted);
            if (!await reader.ReadAsync(context.RequestAborted) || !reader.GetBoolean(1) || reader.IsDBNull(2))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentType = "application/json; charset=utf-8";
            await using var json = new Utf8JsonWriter(context.Response.BodyWriter, HoldingsReference.JsonOptions);
            json.WriteStartObject();
            json.WriteString("symbol", symbol);
            json.WriteString("asOf", reader.GetFieldValue<DateOnly>(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            var source = reader.GetString(4);
            json.WriteString("source", source);
            WriteText(json, "filingAccession", reader, 7);
            var coverage = reader.GetString(8);
            json.WriteString("coverage", coverage);
            decimal? weightSum = reader.IsDBNull(9) ? null : reader.GetDecimal(9);
            WriteNumber(json, "weightSum", reader, 9);
            var weightCheck = reader.IsDBNull(10) ? null : reader.GetString(10);
            json.WriteString("weightCheck", weightCheck);
            json.WriteString("note", Note(source, coverage, weightSum, weightCheck));
            json.WriteNumber("positionCount", reader.GetInt32(5));
            // The API states "returned" before the positions: they are written to a buffer first.
            var positions = new ArrayBufferWriter<byte>(16 * 1024);
            var returned = 0;
            await using (var array = new Utf8JsonWriter(positions, HoldingsReference.JsonOptions))
            {
                array.WriteStartArray();
                if (!reader.IsDBNull(14))
                {
                    do
                    {
                        WritePosition(array, reader, 14);
                        returned++;
                    }
                    while (await reader.ReadAsync(context.RequestAborted));
                }

                array.WriteEndArray();
            }

            json.WriteNumber("returned", returned);
            json.WritePropertyName("holdings");
            json.WriteRawValue(positions.WrittenSpan, skipInputValidation: true);
            json.WriteEndObject();
        });

    internal static NpgsqlCommand Command(NpgsqlConnection connection, string sql, string[] symbols, int? limit) => new(sql, connection)
    {
        Parameters =
        {
            new NpgsqlParameter<string[]>("symbols", symbols),
            new NpgsqlParameter("as_of", NpgsqlDbType.Date) { Value = DBNull.Value },
            new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = DBNull.Value },
            new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = limit is { } l ? l : DBNull.Value },
            new NpgsqlParameter<string[]>("preference", Preference),
        },
    };

    private static string? Note(string source, string coverage, decimal? weightSum, string? weightCheck)
    {
        var notes = new List<string>();
        if (coverage == "top")
        {
            notes.Add($"Only the largest positions ({source}'s top list), not the whole portfolio.");
        }

        if (weightCheck == "off")
        {
            var sum = weightSum is { } w ? (w * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %" : "an unknown total";
            notes.Add($"The weights sum to {sum}, not about 100 %: positions may be missing or misread.");
        }

        return notes.Count == 0 ? null : string.Join(" ", notes);
    }

    private static void WritePosition(Utf8JsonWriter json, NpgsqlDataReader r, int i)
    {
        json.WriteStartObject();
        json.WriteNumber("position", r.GetInt32(i));
        WriteText(json, "ticker", r, i + 1);
        WriteText(json, "cusip", r, i + 3);
        WriteText(json, "isin", r, i + 4);
        WriteText(json, "lei", r, i + 11);
        WriteText(json, "otherIdentifiers", r, i + 13);
        json.WriteString("name", r.GetString(i + 2));
        WriteText(json, "title", r, i + 12);
        WriteNumber(json, "weight", r, i + 8);
        WriteNumber(json, "shares", r, i + 9);
        WriteNumber(json, "balance", r, i + 14);
        WriteText(json, "units", r, i + 15);
        WriteText(json, "unitsDescription", r, i + 16);
        WriteNumber(json, "marketValueUsd", r, i + 10);
        WriteText(json, "currency", r, i + 17);
        WriteNumber(json, "exchangeRate", r, i + 18);
        WriteText(json, "assetClass", r, i + 5);
        WriteText(json, "assetCategory", r, i + 20);
        WriteText(json, "assetCategoryDescription", r, i + 21);
        WriteText(json, "issuerCategory", r, i + 22);
        WriteText(json, "issuerCategoryDescription", r, i + 23);
        WriteText(json, "sector", r, i + 6);
        WriteText(json, "country", r, i + 7);
        WriteText(json, "payoffProfile", r, i + 19);
        WriteText(json, "fairValueLevel", r, i + 24);
        if (r.IsDBNull(i + 25))
        {
            json.WriteNull("isRestricted");
        }
        else
        {
            json.WriteBoolean("isRestricted", r.GetBoolean(i + 25));
        }

        WriteText(json, "instrumentKind", r, i + 26);
        WriteText(json, "derivativeCategory", r, i + 27);
        if (r.IsDBNull(i + 28))
        {
            json.WriteNull("securityId");
        }
        else
        {
            json.WriteNumber("securityId", r.GetInt64(i + 28));
        }

        WriteText(json, "exchange", r, i + 29);
        WriteText(json, "sedol", r, i + 30);
        json.WriteEndObject();
    }

    internal static void WriteText(Utf8JsonWriter json, string name, NpgsqlDataReader reader, int ordinal)
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

    internal static void WriteNumber(Utf8JsonWriter json, string name, NpgsqlDataReader reader, int ordinal)
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
}
