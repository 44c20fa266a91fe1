using System.Reflection;
using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Api.Storage.Migrations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EtfData.Api.Endpoints;

/// <summary>Liveness of the process.</summary>
/// <param name="Status">Always <c>ok</c> when the process answers.</param>
/// <param name="Version">Build version of the service.</param>
/// <param name="Dataset"><c>live</c> for real upstream data, <c>demo</c> for the generated offline dataset.</param>
/// <param name="Now">The service's clock, UTC.</param>
public sealed record HealthReport(string Status, string Version, string Dataset, DateTimeOffset Now);

/// <summary>Whether the service can answer from its database, and how current its data is.</summary>
/// <param name="Status"><c>ready</c>.</param>
/// <param name="SchemaVersion">Latest migration applied to the database.</param>
/// <param name="ExpectedSchemaVersion">Latest migration this build ships.</param>
/// <param name="Freshness">
/// Data freshness per job against the last NYSE session. Reported as data, not as readiness: stale
/// data (<c>freshness.stale: true</c>) still answers 200, since the API can serve what it has; a
/// monitor alerts on the flag.
/// </param>
public sealed record ReadinessReport(string Status, int? SchemaVersion, int ExpectedSchemaVersion, DataFreshnessReport Freshness);

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/health").WithTags("Health");
        group.MapGet("/", GetLiveness).WithName("GetHealth");
        group.MapGet("/ready", GetReadinessAsync).WithName("GetReadiness")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    /// <summary>Liveness: answers 200 while the process runs.</summary>
    public static Ok<HealthReport> GetLiveness(TimeProvider time, IOptions<ServiceOptions> service) =>
        TypedResults.Ok(new HealthReport("ok", ServiceVersion, service.Value.Dataset, time.GetUtcNow()));

    /// <summary>
    /// Readiness: 200 when the database is reachable and every migration of this build is applied, else
    /// 503. The answer also reports data freshness per job (last run, last successful run, latest stored
    /// session against the last NYSE session, <c>stale</c>); stale data does not make the service unready.
    /// </summary>
    public static async Task<Results<Ok<ReadinessReport>, ProblemHttpResult>> GetReadinessAsync(
        Migrator migrator, EtfDataDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            var status = await migrator.GetStatusAsync(cancellationToken);
            if (!status.IsCurrent)
            {
                return TypedResults.Problem(
                    title: "Database schema is not current",
                    detail: $"Pending migrations: {string.Join(", ", status.Pending)}.",
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var freshness = await DataFreshness.MeasureAsync(db, time.GetUtcNow(), cancellationToken);
            return TypedResults.Ok(new ReadinessReport("ready", status.AppliedVersion, status.LatestKnownVersion, freshness));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return TypedResults.Problem(
                title: "Database unreachable",
                detail: ex.Message,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static string ServiceVersion { get; } =
        typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
