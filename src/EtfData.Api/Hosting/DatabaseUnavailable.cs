using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using EtfData.Api.Storage;
using Npgsql;

namespace EtfData.Api.Hosting;

/// <summary>
/// A database that cannot be reached (stopped, restarting, refusing connections, a connection cut
/// mid-query) is not the client's mistake and not a bug: 503 ProblemDetails with <c>Retry-After</c>,
/// so a client or a load balancer retries instead of reporting a 500. Any other exception is left to
/// the next handler (a 500 without internals).
/// </summary>
internal sealed class DatabaseUnavailableExceptionHandler(
    IProblemDetailsService problemDetails, NpgsqlDataSource primary, ReadDataSource read, ILogger<DatabaseUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait: a restart of PostgreSQL usually takes a few.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseUnavailable.Is(exception))
        {
            return false;
        }

        logger.LogWarning("Database unavailable for {Method} {Path}: {Reason}",
            httpContext.Request.Method, httpContext.Request.Path, DatabaseUnavailable.Reason(exception));
        // Idle pooled connections are likely dead too (a restarted server ended them): drop them, so
        // that the first requests after the server is back do not each meet one.
        primary.Clear();
        read.Source.Clear();
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database unavailable",
                Detail = "The database cannot be reached right now; try again shortly.",
            },
        });
    }
}
