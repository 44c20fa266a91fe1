using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Endpoints;

/// <summary>
/// Which stored holdings snapshot answers a question about a fund, and its positions with what the
/// security index knows filled in. Shared by every holdings answer so they all mean the same snapshot.
/// </summary>
public static class HoldingSnapshots
{
    /// <summary>
    /// The snapshot of <paramref name="symbol"/> on or before <paramref name="asOf"/> (default: the latest), of
    /// <paramref name="source"/> when given; otherwise the best one: a full portfolio before a top list, then
    /// the latest date (the confirmed one, see <see cref="Best"/>), then the source's rank in <see cref="HoldingSources.Preference"/> (issuer file, N-PORT,
    /// Schwab, Yahoo). Null when there is none.
    /// </summary>
    public static async Task<HoldingSnapshot?> SelectAsync(
        EtfDataDbContext db, string symbol, DateOnly? asOf, string? source, CancellationToken cancellationToken)
    {
        var candidates = await CandidatesAsync(db, symbol, asOf, source, cancellationToken);
        return Best(candidates, asOf);
    }

    /// <summary>For each source, its newest snapshot of <paramref name="symbol"/> on or before <paramref name="asOf"/>.</summary>
    public static async Task<IReadOnlyList<HoldingSnapshot>> CandidatesAsync(
        EtfDataDbContext db, string symbol, DateOnly? asOf, string? source, CancellationToken cancellationToken)
    {
        IQueryable<HoldingSnapshot> query;
        if (asOf is null)
        {
            query = db.HoldingSnapshots.AsNoTracking().Where(s => s.Symbol == symbol && s.IsLatest);
        }
        else
        {
            query = db.HoldingSnapshots.FromSql($"""
                SELECT DISTINCT ON (source) * FROM holding_snapshot
                 WHERE symbol = {symbol} AND as_of <= {asOf.Value}
                 ORDER BY source, as_of DESC, id DESC
                """).AsNoTracking();
        }

        if (source is not null)
        {
            query = query.Where(s => s.Source == source);
        }

        return await query.ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The best of one fund's snapshots by the rule of <see cref="SelectAsync"/>; null for none. A snapshot's date is
    /// the latest its source confirmed it on (an unchanged re-read keeps <c>as_of</c> and raises <c>confirmed_as_of</c>),
    /// capped at <paramref name="asOf"/> when the question is about that day.
    /// </summary>
    public static HoldingSnapshot? Best(IEnumerable<HoldingSnapshot> candidates, DateOnly? asOf = null) =>
        candidates
            .OrderBy(s => s.Coverage == HoldingCoverage.Top ? 1 : 0)
            .ThenByDescending(s => EffectiveAsOf(s, asOf))
            .ThenBy(s => HoldingSources.Rank(s.Source))
            .ThenBy(s => s.Source, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>The latest day the snapshot is known to describe: its confirmed date (else as-of), at most <paramref name="asOf"/>.</summary>
    public static DateOnly EffectiveAsOf(HoldingSnapshot snapshot, DateOnly? asOf)
    {
        var confirmed = snapshot.ConfirmedAsOf is { } c && c > snapshot.AsOf ? c : snapshot.AsOf;
        return asOf is { } cap && confirmed > cap ? (cap > snapshot.AsOf ? cap : snapshot.AsOf) : confirmed;
    }

    /// <summary>
    /// The snapshot's positions in published order. Ticker, CUSIP, ISIN, sector, country and asset class a position lacks
    /// are taken from its security (learned from any source that knows the same CUSIP or ISIN), so N-PORT
    /// positions get the sectors issuer files state.
    /// </summary>
    public static async Task<List<Holding>> PositionsAsync(EtfDataDbContext db, long snapshotId, CancellationToken cancellationToken)
    {
        var rows = await (from h in db.Holdings.AsNoTracking()
                          where h.SnapshotId == snapshotId
                          join s in db.Securities.AsNoTracking() on h.SecurityId equals s.Id into matched
                          from s in matched.DefaultIfEmpty()
                          orderby h.Position
                          select new { Holding = h, Security = s })
            .ToListAsync(cancellationToken);
        return rows.Select(r => r.Security is not { } s
                ? r.Holding
                : r.Holding with
                {
                    Ticker = r.Holding.Ticker ?? s.Ticker,
                    Cusip = r.Holding.Cusip ?? s.Cusip,
                    Isin = r.Holding.Isin ?? s.Isin,
                    Sector = r.Holding.Sector ?? s.Sector,
                    Country = r.Holding.Country ?? s.Country,
                    AssetClass = r.Holding.AssetClass ?? s.AssetClass,
                })
            .ToList();
    }
}
