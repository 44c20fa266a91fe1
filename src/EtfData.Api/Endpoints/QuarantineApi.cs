using System.Text.Json;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Endpoints;

/// <summary>A value an upstream delivered that a plausibility check refused: not stored in its data table.</summary>
/// <param name="Id">Row id.</param>
/// <param name="QuarantinedAt">When a run first met it, UTC.</param>
/// <param name="LastSeenAt">When a run last met it (a re-run meeting the same value updates this, adds no row), UTC.</param>
/// <param name="TimesSeen">How many times runs met it.</param>
/// <param name="RunId">The ingestion run that first met it (<c>/api/admin/runs/{runId}</c>); null outside a run.</param>
/// <param name="LastRunId">The ingestion run that last met it.</param>
/// <param name="Job" example="prices">The job that read it.</param>
/// <param name="Source" example="yahoo">The upstream that delivered it.</param>
/// <param name="Symbol" example="SPY">The fund it belongs to.</param>
/// <param name="Kind" example="price">price, dividend, split, aum, nav, shares_outstanding, holdings_snapshot, holding or flow.</param>
/// <param name="AsOf" example="2026-03-04">The date the value says it describes.</param>
/// <param name="Reason" example="close 412,000.00 of 2026-03-04 is 1,000× the previous close 412.00 of 2026-03-03 with no split between">Why it was refused.</param>
/// <param name="Values">The refused values as delivered.</param>
public sealed record QuarantineEntry(
    long Id, DateTimeOffset QuarantinedAt, DateTimeOffset LastSeenAt, int TimesSeen, long? RunId, long? LastRunId, string Job, string Source,
    string? Symbol, string Kind, DateOnly? AsOf, string Reason, JsonElement Values);

/// <summary>Quarantined values, most recently seen first.</summary>
/// <param name="Items">Up to <c>limit</c> entries.</param>
/// <param name="Total">Entries matching the filters, over all of them.</param>
public sealed record QuarantineList(IReadOnlyList<QuarantineEntry> Items, long Total);

public static class QuarantineApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private static readonly string[] Kinds =
    [
        QuarantineKinds.Price, QuarantineKinds.Dividend, QuarantineKinds.Split, QuarantineKinds.Aum, QuarantineKinds.Nav,
        QuarantineKinds.SharesOutstanding, QuarantineKinds.HoldingsSnapshot, QuarantineKinds.Holding, QuarantineKinds.Flow,
    ];

    /// <summary>Maps <c>GET /quarantine</c> on the admin group (key required).</summary>
    public static RouteGroupBuilder MapQuarantineApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/quarantine", ListAsync).WithName("ListQuarantine");
        return admin;
    }

    /// <summary>
    /// Values the ingestion refused as implausible (a negative price, a close 1,000× the previous with no split
    /// between, a split of 0:1, conflicting duplicate rows, AUM of 0, holdings weights summing to 300 %…), with the
    /// reason and the values as delivered, most recently seen first. 400 ProblemDetails on a bad filter.
    /// </summary>
    /// <param name="symbol" example="SPY">Only this fund's.</param>
    /// <param name="kind" example="price">Only this kind: price, dividend, split, aum, nav, shares_outstanding, holdings_snapshot, holding, flow.</param>
    /// <param name="source" example="yahoo">Only what this upstream delivered (yahoo, ishares, spdr, invesco, schwab, etfdb, sec-nport).</param>
    /// <param name="since" example="2026-01-01">Only entries last seen on or after this day (UTC).</param>
    /// <param name="limit" example="100">At most this many entries, 1 to 1000 (default 100).</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<QuarantineList>, ValidationProblem>> ListAsync(
        string? symbol, string? kind, string? source, DateOnly? since, int? limit, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var normalised = symbol is null ? null : errors.Symbol(symbol);
        errors.OneOf("kind", kind, Kinds);
        if (source is not null && (source.Length is 0 or > 40 || !source.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            errors.Add("source", "source must be 1-40 letters, digits or hyphens, e.g. yahoo or sec-nport.");
        }

        errors.Between("limit", limit, 1, MaxLimit);
        if (errors.Any)
        {
            return errors.Problem();
        }

        var after = since is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : (DateTimeOffset?)null;
        var take = limit ?? DefaultLimit;
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT id AS "Id", quarantined_at AS "QuarantinedAt", last_seen_at AS "LastSeenAt", times_seen AS "TimesSeen",
                   run_id AS "RunId", last_run_id AS "LastRunId", job AS "Job", source AS "Source", symbol AS "Symbol",
                   kind AS "Kind", as_of AS "AsOf", reason AS "Reason", "values"::text AS "Values",
                   count(*) OVER () AS "Total"
              FROM quarantine
             WHERE ({normalised}::text IS NULL OR symbol = {normalised}::text)
               AND ({kind}::text IS NULL OR kind = {kind}::text)
               AND ({source}::text IS NULL OR source = {source}::text)
               AND ({after}::timestamptz IS NULL OR last_seen_at >= {after}::timestamptz)
             ORDER BY last_seen_at DESC, id DESC
             LIMIT {take}
            """).ToListAsync(cancellationToken);
        // No offset: an empty answer means nothing matched.
        var total = rows.Count > 0 ? rows[0].Total : 0;
        var items = rows.Select(r => new QuarantineEntry(
            r.Id, r.QuarantinedAt, r.LastSeenAt, r.TimesSeen, r.RunId, r.LastRunId, r.Job, r.Source, r.Symbol, r.Kind, r.AsOf, r.Reason,
            JsonDocument.Parse(r.Values).RootElement.Clone())).ToList();
        return TypedResults.Ok(new QuarantineList(items, total));
    }

    private sealed record Row(
        long Id, DateTimeOffset QuarantinedAt, DateTimeOffset LastSeenAt, int TimesSeen, long? RunId, long? LastRunId, string Job, string Source,
        string? Symbol, string Kind, DateOnly? AsOf, string Reason, string Values, long Total);
}
