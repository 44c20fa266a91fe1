using System.Globalization;
using System.Text.Json;
using EtfData.Domain;
using EtfData.Domain.Analytics;
using Npgsql;

namespace EtfData.RawReference;

/// <summary>
/// <c>/ref/overlap?symbols=SPY,IVV,VOO</c>: the API's overlap of three or more funds (the matrix answer). One prepared
/// query returns every fund's best latest snapshot with its positions in published order (the API's SQL); the overlap is
/// computed in C# with the same domain function the API uses, since that work is part of the answer.
/// </summary>
public sealed class OverlapReference : IReferenceEndpoints
{
    public void Map(WebApplication app, NpgsqlDataSource dataSource) =>
        app.MapGet("/ref/overlap", async (string symbols, HttpContext context) =>
        {
            var requested = symbols.ToUpperInvariant().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var funds = new List<(string Symbol, string Source, DateOnly AsOf, string Coverage, List<Holding> Positions)>(requested.Length);
            await using (var connection = await dataSource.OpenConnectionAsync(context.RequestAborted))
            {
                await using var command = HoldingsReference.Command(connection, HoldingsReference.ByPositionSql, requested, null);
                await command.PrepareAsync(context.RequestAborted);
                await using var reader = await command.ExecuteReaderAsync(context.RequestAborted);
                while (await reader.ReadAsync(context.RequestAborted))
                {
                    var ordinal = (int)reader.GetInt64(0);
                    if (funds.Count < ordinal)
                    {
                        if (!reader.GetBoolean(1) || reader.IsDBNull(2))
                        {
                            context.Response.StatusCode = StatusCodes.Status404NotFound;
                            return;
                        }

                        funds.Add((requested[ordinal - 1], reader.GetString(4), reader.GetFieldValue<DateOnly>(3), reader.GetString(8), []));
                    }

                    if (!reader.IsDBNull(14))
                    {
                        funds[^1].Positions.Add(Position(reader, reader.GetInt64(2), 14));
                    }
                }
            }

            var n = funds.Count;
            var results = new OverlapResult[n, n];
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    results[i, j] = Overlap.Between(funds[i].Positions, funds[j].Positions);
                }
            }

            context.Response.ContentType = "application/json; charset=utf-8";
            await using var json = new Utf8JsonWriter(context.Response.BodyWriter, HoldingsReference.JsonOptions);
            json.WriteStartObject();
            json.WriteStartArray("funds");
            foreach (var fund in funds)
            {
                json.WriteStartObject();
                json.WriteString("symbol", fund.Symbol);
                json.WriteString("source", fund.Source);
                json.WriteString("asOf", fund.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                json.WriteString("coverage", fund.Coverage);
                json.WriteNumber("positionCount", fund.Positions.Count);
                json.WriteString("note", fund.Coverage == "top"
                    ? "Top list only: overlap computed on the largest positions understates the real overlap." : null);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("pairs");
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    var r = results[i, j];
                    json.WriteStartObject();
                    json.WriteString("a", funds[i].Symbol);
                    json.WriteString("b", funds[j].Symbol);
                    json.WriteNumber("byWeight", r.ByWeight);
                    Nullable(json, "byCountOfA", r.ByCountOfA);
                    Nullable(json, "byCountOfB", r.ByCountOfB);
                    json.WriteNumber("commonCount", r.Common.Count);
                    json.WriteBoolean("topListInvolved", funds[i].Coverage == "top" || funds[j].Coverage == "top");
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
            json.WriteNull("common");
            json.WriteStartObject("matrix");
            json.WriteStartArray("symbols");
            foreach (var fund in funds)
            {
                json.WriteStringValue(fund.Symbol);
            }

            json.WriteEndArray();
            for (var k = 0; k < 2; k++)
            {
                var byWeight = k == 0;
                json.WriteStartArray(byWeight ? "byWeight" : "byCount");
                for (var i = 0; i < n; i++)
                {
                    json.WriteStartArray();
                    for (var j = 0; j < n; j++)
                    {
                        decimal? value = i == j ? null
                            : byWeight ? (i < j ? results[i, j] : results[j, i]).ByWeight
                            : i < j ? results[i, j].ByCountOfA : results[j, i].ByCountOfB;
                        if (value is { } v)
                        {
                            json.WriteNumberValue(v);
                        }
                        else
                        {
                            json.WriteNullValue();
                        }
                    }

                    json.WriteEndArray();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        });

    private static void Nullable(Utf8JsonWriter json, string name, decimal? value)
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

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static decimal? Number(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);

    private static Holding Position(NpgsqlDataReader r, long snapshotId, int i) => new()
    {
        SnapshotId = snapshotId, Position = r.GetInt32(i), Ticker = Text(r, i + 1), Name = r.GetString(i + 2), Cusip = Text(r, i + 3), Isin = Text(r, i + 4),
        AssetClass = Text(r, i + 5), Sector = Text(r, i + 6), Country = Text(r, i + 7), Weight = Number(r, i + 8), Shares = Number(r, i + 9),
        MarketValueUsd = Number(r, i + 10), Lei = Text(r, i + 11), Title = Text(r, i + 12), OtherIdentifiers = Text(r, i + 13), Balance = Number(r, i + 14),
        Units = Text(r, i + 15), UnitsDescription = Text(r, i + 16), Currency = Text(r, i + 17), ExchangeRate = Number(r, i + 18),
        PayoffProfile = Text(r, i + 19), AssetCategory = Text(r, i + 20), AssetCategoryDescription = Text(r, i + 21), IssuerCategory = Text(r, i + 22),
        IssuerCategoryDescription = Text(r, i + 23), FairValueLevel = Text(r, i + 24), IsRestricted = r.IsDBNull(i + 25) ? null : r.GetBoolean(i + 25),
        InstrumentKind = Text(r, i + 26), DerivativeCategory = Text(r, i + 27), SecurityId = r.IsDBNull(i + 28) ? null : r.GetInt64(i + 28),
        Exchange = Text(r, i + 29), Sedol = Text(r, i + 30),
    };
}
