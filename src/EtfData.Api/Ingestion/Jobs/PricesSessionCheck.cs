using System.Globalization;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Ingestion.Jobs;

/// <summary>
/// Catches an outage that looks like success: after a prices run, the last NYSE session that had
/// closed when the run began fetching must have a stored bar for at least one of the symbols the run fetched. When none
/// has it (every item "succeeded", Yahoo simply served nothing new), the run is suspect.
/// </summary>
public sealed class PricesSessionCheck : IRunCheck
{
    public string Job => JobNames.Prices;

    public async Task<string?> FindSuspicionAsync(long runId, IReadOnlyList<IngestionItem> items, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var fetched = items.Where(i => i.Status == ItemStatus.Succeeded).Select(i => i.Item).ToList();
        if (fetched.Count == 0)
        {
            // Nothing was fetched: the run is failed (or had nothing to do), not suspect.
            return null;
        }

        // Not the time the run ends: a run that starts before a close cannot have fetched that session's final bar.
        var session = NyseCalendar.LastClosedSession(items.Min(i => i.StartedAt));
        if (await db.DailyPrices.AnyAsync(p => p.TradeDate == session && fetched.Contains(p.Symbol), cancellationToken))
        {
            return null;
        }

        var latest = await db.DailyPrices.Where(p => fetched.Contains(p.Symbol)).MaxAsync(p => (DateOnly?)p.TradeDate, cancellationToken);
        var latestText = latest?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none";
        return string.Create(CultureInfo.InvariantCulture,
            $"suspect: none of the {fetched.Count} symbol(s) fetched has a bar for the NYSE session of {session:yyyy-MM-dd} (latest stored {latestText}); the upstream served nothing new for a closed session");
    }
}
