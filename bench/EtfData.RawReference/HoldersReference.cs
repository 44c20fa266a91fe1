using System.Globalization;
using System.Text.Json;
using EtfData.Api.Endpoints;
using Npgsql;
using NpgsqlTypes;

namespace EtfData.RawReference;

/// <summary>
/// <c>/ref/holdings/{security}/etfs</c> for a ticker: the API's reverse look-up (every ETF whose best latest snapshot
/// holds the security, largest weight first, at most 100) with the API's SQL: one prepared batch (the matched
/// securities, then the holders), one round trip, written with Utf8JsonWriter in the API's JSON shape.
/// </summary>
public sealed class HoldersReference : IReferenceEndpoints
{
    private static readonly string Securities = SecurityHoldersSql.SecurityMatch["ticker"];

    private static readonly string Holders = SecurityHoldersSql.BestHolders(Securities);

    public void Map(WebApplication app, NpgsqlDataSource dataSource) =>
        app.MapGet("/ref/holdings/{security}/etfs", async (string security, HttpContext context) =>
        {
            var value = security.ToUpperInvariant().Replace('.', '-');
            await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(Securities + " ORDER BY id") { Parameters = { new NpgsqlParameter<string>("value", value) } },
                    new NpgsqlBatchCommand(Holders)
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<string>("value", value),
                            new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = DBNull.Value },
                            new NpgsqlParameter<string[]>("preference", HoldingsReference.Preference),
                        },
                    },
                },
            };
            await batch.PrepareAsync(context.RequestAborted);
            await using var reader = await batch.ExecuteReaderAsync(context.RequestAborted);
            var securities = new ArrayBufferWriter();
            await using (var json = new Utf8JsonWriter(securities.Buffer, HoldingsReference.JsonOptions))
            {
                json.WriteStartArray();
                while (await reader.ReadAsync(context.RequestAborted))
                {
                    json.WriteStartObject();
                    json.WriteNumber("securityId", reader.GetInt64(0));
                    HoldingsReference.WriteText(json, "ticker", reader, 1);
                    HoldingsReference.WriteText(json, "cusip", reader, 2);
                    HoldingsReference.WriteText(json, "isin", reader, 3);
                    HoldingsReference.WriteText(json, "exchange", reader, 4);
                    json.WriteString("name", reader.GetString(5));
                    HoldingsReference.WriteText(json, "sector", reader, 6);
                    json.WriteEndObject();
                    securities.Count++;
                }

                json.WriteEndArray();
            }

            if (securities.Count == 0)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await reader.NextResultAsync(context.RequestAborted);
            var rows = new List<(string Symbol, string Name, string Source, DateOnly AsOf, string Coverage, long SecurityId, decimal? Weight, decimal? Shares, decimal? Value)>();
            while (await reader.ReadAsync(context.RequestAborted))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateOnly>(3), reader.GetString(4), reader.GetInt64(5),
                    reader.IsDBNull(6) ? null : reader.GetDecimal(6), reader.IsDBNull(7) ? null : reader.GetDecimal(7), reader.IsDBNull(8) ? null : reader.GetDecimal(8)));
            }

            rows.Sort((x, y) =>
            {
                var c = y.Weight.HasValue.CompareTo(x.Weight.HasValue);
                c = c != 0 ? c : Nullable.Compare(y.Weight, x.Weight);
                c = c != 0 ? c : string.CompareOrdinal(x.Symbol, y.Symbol);
                return c != 0 ? c : x.SecurityId.CompareTo(y.SecurityId);
            });
            var returned = Math.Min(rows.Count, 100);
            context.Response.ContentType = "application/json; charset=utf-8";
            await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, HoldingsReference.JsonOptions);
            writer.WriteStartObject();
            writer.WriteString("query", value);
            writer.WriteString("matchedBy", "ticker");
            writer.WritePropertyName("securities");
            writer.WriteRawValue(securities.Buffer.WrittenSpan, skipInputValidation: true);
            if (returned == 0)
            {
                writer.WriteNull("asOf");
            }
            else
            {
                writer.WriteString("asOf", rows.Take(returned).Max(r => r.AsOf).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            writer.WriteNumber("total", rows.Count);
            writer.WriteNumber("returned", returned);
            writer.WriteString("note", rows.Count > 0 ? null
                : "The security is known, but no latest holdings snapshot lists it (an ETF's best snapshot decides).");
            writer.WriteStartArray("etfs");
            for (var i = 0; i < returned; i++)
            {
                var r = rows[i];
                writer.WriteStartObject();
                writer.WriteNumber("rank", i + 1);
                writer.WriteString("symbol", r.Symbol);
                writer.WriteString("name", r.Name);
                writer.WriteString("source", r.Source);
                writer.WriteString("asOf", r.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                writer.WriteString("coverage", r.Coverage);
                Number(writer, "weight", r.Weight);
                Number(writer, "shares", r.Shares);
                Number(writer, "marketValueUsd", r.Value);
                writer.WriteNumber("securityId", r.SecurityId);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    private static void Number(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private sealed class ArrayBufferWriter
    {
        public System.Buffers.ArrayBufferWriter<byte> Buffer { get; } = new(1024);

        public int Count { get; set; }
    }
}
