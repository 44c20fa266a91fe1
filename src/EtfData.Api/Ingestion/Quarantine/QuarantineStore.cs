using System.Globalization;
using System.Text.Json;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Ingestion.Quarantine;

/// <summary>
/// Writes refused values to <c>quarantine</c> inside the item's transaction, so they land exactly when the item's
/// good rows do. A value already quarantined (same job, source, symbol, kind, date and values) is only marked seen
/// again: re-running a run never piles up rows.
/// </summary>
public static class QuarantineStore
{
    private static readonly JsonSerializerOptions ValuesJson = new(JsonSerializerDefaults.Web);

    /// <returns>How many values were quarantined (new or seen again).</returns>
    public static async Task<int> AddAsync(ItemWriteContext context, string source, IReadOnlyCollection<QuarantinedValue> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(values);
        var job = context.Job ?? "manual";
        foreach (var value in values)
        {
            var json = JsonSerializer.Serialize(value.Values, ValuesJson);
            await context.Db.Database.ExecuteSqlAsync($"""
                INSERT INTO quarantine (run_id, last_run_id, job, source, symbol, kind, as_of, reason, "values")
                VALUES ({context.RunId}, {context.RunId}, {job}, {source}, {value.Symbol}, {value.Kind}, {value.AsOf}, {value.Reason}, {json}::jsonb)
                ON CONFLICT (job, source, symbol, kind, as_of, values_hash) DO UPDATE
                    SET last_seen_at = now(), last_run_id = EXCLUDED.last_run_id, times_seen = quarantine.times_seen + 1,
                        reason = EXCLUDED.reason
                """, cancellationToken);
        }

        return values.Count;
    }

    /// <summary>
    /// The run log's words for quarantined values: <c>2 value(s) quarantined (price 2026-03-03: close 412,000.00 is …)</c>,
    /// the first reason in full; null when none.
    /// </summary>
    public static string? Note(IReadOnlyCollection<QuarantinedValue> values, int? kept = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var first = values.First();
        var all = kept == 0 ? "all " : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{all}{values.Count} value(s) quarantined, not stored (first: {first.Reason}); see GET /api/admin/quarantine");
    }
}
