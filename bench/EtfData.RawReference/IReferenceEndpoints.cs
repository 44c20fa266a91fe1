using Npgsql;

namespace EtfData.RawReference;

/// <summary>
/// Routes serving one API resource's rows the plainest way: one prepared query per request (Npgsql
/// prepares on the connection; <c>Max Auto Prepare</c> is not relied on), rows written straight
/// to the response with <see cref="System.Text.Json.Utf8JsonWriter"/> in the API's JSON shape.
/// Routes mirror the API's paths under <c>/ref</c> (e.g. <c>/ref/etfs/SPY/prices</c>).
/// </summary>
public interface IReferenceEndpoints
{
    void Map(WebApplication app, NpgsqlDataSource dataSource);
}
