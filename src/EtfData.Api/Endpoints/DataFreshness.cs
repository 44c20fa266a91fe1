using EtfData.Api.Ingestion;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Endpoints;

/// <summary>A run as the freshness report names it.</summary>
/// <param name="Id">Run id (<c>/api/admin/runs/{id}</c>).</param>
/// <param name="Status">Its status.</param>
/// <param name="FinishedAt">When it ended, UTC.</param>
public sealed record RunReference(long Id, RunStatus Status, DateTimeOffset? FinishedAt);

/// <summary>How current one job's data is.</summary>
/// <param name="Job">Ingestion job.</param>
/// <param name="LastRun">Its latest finished run, whatever the outcome; null when it never ran.</param>
/// <param name="LastSuccess">Its latest run that stored data: <c>succeeded</c> or <c>partial</c>.</param>
/// <param name="LatestStoredDate">
/// Latest trading date of the job's stored series (prices: bars; aum: observations; flows: derived
/// flows); null for jobs without a dated series (discovery, dividends, splits) or when nothing is stored.
/// </param>
/// <param name="SessionsBehind">NYSE sessions after <paramref name="LatestStoredDate"/> up to the last closed one.</param>
/// <param name="AllowedSessionsBehind">How far behind the series may be before it is stale (AUM is published a day late at times; flows follow AUM).</param>
/// <param name="Stale">
/// True when the series is further behind than allowed, or when the job never stored anything; for
/// jobs without a dated series, true only when no run ever succeeded.
/// </param>
public sealed record JobFreshness(
    string Job, RunReference? LastRun, RunReference? LastSuccess, DateOnly? LatestStoredDate, int? SessionsBehind, int? AllowedSessionsBehind, bool Stale);

/// <summary>Data freshness per job, measured against the NYSE calendar.</summary>
/// <param name="LastSession">The latest NYSE session whose close (16:00 New York, 13:00 on early closes) is before now.</param>
/// <param name="Stale">True when any job's data is stale: what a monitor alerts on.</param>
/// <param name="Jobs">Every ingestion job.</param>
public sealed record DataFreshnessReport(DateOnly LastSession, bool Stale, IReadOnlyList<JobFreshness> Jobs);

public static class DataFreshness
{
    public static async Task<DataFreshnessReport> MeasureAsync(EtfDataDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var lastSession = NyseCalendar.LastClosedSession(now);
        var lastRuns = await LatestRunsAsync(db, db.IngestionRuns.Where(r => r.Status != RunStatus.Queued && r.Status != RunStatus.Running), cancellationToken);
        var successRuns = await LatestRunsAsync(db, db.IngestionRuns.Where(r => r.Status == RunStatus.Succeeded || r.Status == RunStatus.Partial), cancellationToken);

        var series = new Dictionary<string, (DateOnly? Latest, int Allowed)>
        {
            [JobNames.Prices] = (await db.DailyPrices.MaxAsync(p => (DateOnly?)p.TradeDate, cancellationToken), 0),
            [JobNames.Aum] = (await db.FundMetrics.Where(m => m.TotalAssetsUsd != null && m.Source != NportSource.Name).MaxAsync(m => (DateOnly?)m.AsOf, cancellationToken), 1),
            [JobNames.Flows] = (await db.FundFlows.MaxAsync(f => (DateOnly?)f.TradeDate, cancellationToken), 1),
        };

        var jobs = new List<JobFreshness>();
        foreach (var job in JobNames.All)
        {
            var lastRun = lastRuns.GetValueOrDefault(job);
            var lastSuccess = successRuns.GetValueOrDefault(job);
            if (series.TryGetValue(job, out var dated))
            {
                int? behind = dated.Latest is { } latest ? NyseCalendar.SessionsBetween(latest, lastSession) : null;
                jobs.Add(new JobFreshness(job, lastRun, lastSuccess, dated.Latest, behind, dated.Allowed, behind is null || behind > dated.Allowed));
            }
            else
            {
                jobs.Add(new JobFreshness(job, lastRun, lastSuccess, null, null, null, lastSuccess is null));
            }
        }

        return new DataFreshnessReport(lastSession, jobs.Any(j => j.Stale), jobs);
    }

    private static async Task<Dictionary<string, RunReference>> LatestRunsAsync(
        EtfDataDbContext db, IQueryable<IngestionRun> runs, CancellationToken cancellationToken)
    {
        // One statement: the latest ids per job go in as a subquery.
        var ids = runs.GroupBy(r => r.Job).Select(g => g.Max(r => r.Id));
        return await db.IngestionRuns.AsNoTracking().Where(r => ids.Contains(r.Id))
            .ToDictionaryAsync(r => r.Job, r => new RunReference(r.Id, r.Status, r.FinishedAt), cancellationToken);
    }
}
