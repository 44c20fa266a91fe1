using System.Text.Json;
using EtfData.Api.Endpoints;
using Npgsql;
using NpgsqlTypes;

namespace EtfData.RawReference;

/// <summary><c>/ref/etfs</c>: the first page of 50 ETFs by symbol (the API's defaults), one prepared statement.</summary>
public sealed class EtfListReference : IReferenceEndpoints
{
    private static readonly string Sql = EtfListSql.Build("symbol", descending: false);

    public void Map(WebApplication app, NpgsqlDataSource dataSource) =>
        app.MapGet("/ref/etfs", async (HttpContext context) =>
        {
            var cancellationToken = context.RequestAborted;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(Sql, connection);
            foreach (var (name, type) in (ReadOnlySpan<(string, NpgsqlDbType)>)
                     [("category", NpgsqlDbType.Text), ("issuer", NpgsqlDbType.Text), ("asset_class", NpgsqlDbType.Text),
                      ("min_aum", NpgsqlDbType.Numeric), ("active", NpgsqlDbType.Boolean), ("q", NpgsqlDbType.Text)])
            {
                command.Parameters.Add(new NpgsqlParameter(name, type) { Value = DBNull.Value });
            }

            command.Parameters.Add(new NpgsqlParameter<int>("limit", 50));
            command.Parameters.Add(new NpgsqlParameter<long>("offset", 0L));
            await command.PrepareAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            JsonOut.StartJson(context);
            await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonOut.Options);
            json.WriteStartObject();
            json.WriteStartArray("items");
            long total = 0;
            DateOnly? asOf = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                var closeDate = reader.Value<DateOnly>(9);
                asOf = closeDate > asOf || asOf is null ? closeDate : asOf;
                json.WriteStartObject();
                json.WriteString("symbol", reader.GetString(0));
                json.WriteString("name", reader.GetString(1));
                json.Text("issuer", reader.Text(2));
                json.Text("category", reader.Text(3));
                json.Text("assetClass", reader.Text(4));
                json.Number("expenseRatio", reader.Value<decimal>(5));
                json.Text("exchange", reader.Text(6));
                json.WriteBoolean("isActive", reader.GetBoolean(7));
                json.Number("latestClose", reader.Value<decimal>(8));
                json.Date("latestCloseDate", closeDate);
                json.Number("change1dPct", reader.Value<decimal>(10) is { } change ? Math.Round(change, 4) : null);
                json.Number("aumUsd", reader.Value<decimal>(11));
                json.Date("aumDate", reader.Value<DateOnly>(12));
                json.Number("flow5dUsd", reader.Value<decimal>(13));
                json.WriteEndObject();
                total = reader.GetInt64(14);
            }

            json.WriteEndArray();
            json.WriteNumber("page", 1);
            json.WriteNumber("pageSize", 50);
            json.WriteNumber("total", total);
            json.Date("asOf", asOf);
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
        });
}
