using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Ingestion.Holdings;

/// <summary>
/// One identity per security across sources: CUSIP, else ISIN, else ticker + exchange, else the normalised
/// name. A position stating two identifiers links them on the security, so positions of other sources that
/// state only one find the same security; sector, country and asset class are learned from any source that states them.
/// The rule itself is <see cref="SecurityResolver"/>; this class loads its candidates and writes its outcome set-based.
/// </summary>
public static class SecurityIndex
{
    /// <summary>One lock for every writer of <c>security</c>: resolution reads candidates and then writes on what it read.</summary>
    private const long LockKey = 0x5EC0_1D_1D;

    /// <summary>
    /// Resolves every position of <paramref name="snapshotId"/> to a <see cref="Security"/> (creating, completing or
    /// merging securities as needed) and sets <see cref="Holding.SecurityId"/>. Runs inside the caller's transaction;
    /// serialised across writers. Returns the number of positions assigned.
    /// </summary>
    public static async Task<int> AssignAsync(EtfDataDbContext db, long snapshotId, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Securities are assigned inside the caller's transaction (the advisory lock is transaction-scoped).");
        }

        await LockAsync(db, cancellationToken);

        var positions = await db.Holdings.AsNoTracking()
            .Where(h => h.SnapshotId == snapshotId)
            .OrderBy(h => h.Position)
            .ToListAsync(cancellationToken);
        if (positions.Count == 0)
        {
            return 0;
        }

        var resolution = await ResolveClaimsAsync(db, positions, source, cancellationToken);
        var real = await ApplySecuritiesAsync(db, resolution, cancellationToken);
        var assigned = resolution.Assignments.Keys.ToArray();
        var securities = assigned.Select(p => real(resolution.Assignments[p])).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE holding h SET security_id = a.security_id
              FROM unnest({assigned}, {securities}) AS a(position, security_id)
             WHERE h.snapshot_id = {snapshotId} AND h.position = a.position AND h.security_id IS DISTINCT FROM a.security_id
            """, cancellationToken);
        return resolution.Assignments.Count;
    }

    /// <summary>
    /// Resolves <paramref name="rows"/> (positions about to be written, not yet in <c>holding</c>) exactly as
    /// <see cref="AssignAsync"/> resolves stored ones, writes the securities created, completed or merged, and returns
    /// the rows each carrying its <see cref="Holding.SecurityId"/>, so every row is written once and never updated after.
    /// A row the resolver leaves unassigned (no identity, no name) keeps the security it came with, followed through merges.
    /// Runs inside the caller's transaction; serialised across writers.
    /// </summary>
    public static async Task<List<Holding>> ResolveAsync(EtfDataDbContext db, IReadOnlyCollection<Holding> rows, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Securities are resolved inside the caller's transaction (the advisory lock is transaction-scoped).");
        }

        await LockAsync(db, cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }

        var ordered = rows.OrderBy(h => h.Position).ToList();
        var resolution = await ResolveClaimsAsync(db, ordered, source, cancellationToken);
        var real = await ApplySecuritiesAsync(db, resolution, cancellationToken);
        var merged = resolution.Merged.ToDictionary(m => m.Duplicate, m => real(m.Survivor));
        return rows
            .Select(r => resolution.Assignments.TryGetValue(r.Position, out var id)
                ? r with { SecurityId = real(id) }
                : r.SecurityId is { } kept && merged.TryGetValue(kept, out var survivor) ? r with { SecurityId = survivor } : r)
            .ToList();
    }

    /// <summary>The resolver's outcome for <paramref name="positions"/>, its candidates loaded in one query.</summary>
    private static async Task<SecurityResolution> ResolveClaimsAsync(EtfDataDbContext db, IReadOnlyList<Holding> positions, string source, CancellationToken cancellationToken)
    {
        var claims = positions.Select(SecurityClaim.From).ToList();
        var cusips = claims.Where(c => c.Cusip is not null).Select(c => c.Cusip!).Distinct().ToArray();
        var isins = claims.Where(c => c.Isin is not null).Select(c => c.Isin!).Distinct().ToArray();
        var tickers = claims.Where(c => c.Ticker is not null).Select(c => c.Ticker!).Distinct().ToArray();
        var names = claims.Where(c => !c.HasIdentifier && c.NameKey.Length > 0).Select(c => c.NameKey).Distinct().ToArray();
        var known = await db.Securities.AsNoTracking()
            .Where(s => (s.Cusip != null && cusips.Contains(s.Cusip)) || (s.Isin != null && isins.Contains(s.Isin))
                        || (s.Ticker != null && tickers.Contains(s.Ticker)) || names.Contains(s.NameKey))
            .ToListAsync(cancellationToken);
        return new SecurityResolver(known.Select(SecurityRecord.From), source).Resolve(claims);
    }

    /// <summary>
    /// Takes the transaction-scoped lock that serialises every writer of <c>security</c>. A writer that takes locks of
    /// its own (a fund's or a filing period's) takes this one first, so two writers never wait on each other's.
    /// </summary>
    public static async Task LockAsync(EtfDataDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
    }

    /// <summary>
    /// <paramref name="rows"/> about to replace the positions of <paramref name="snapshotId"/>, each carrying the
    /// security its stored position already has when it names the same thing, so rewriting an unchanged list
    /// changes no row (<see cref="ResolveAsync"/> then settles the others before they are written).
    /// </summary>
    public static async Task<List<Holding>> KeepAssignedAsync(EtfDataDbContext db, long snapshotId, IEnumerable<Holding> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        var stored = await db.Holdings.AsNoTracking()
            .Where(h => h.SnapshotId == snapshotId && h.SecurityId != null)
            .Select(h => new { h.Position, h.Ticker, h.Name, h.Cusip, h.Isin, h.Exchange, h.SecurityId })
            .ToDictionaryAsync(h => h.Position, cancellationToken);
        return rows
            .Select(r => stored.TryGetValue(r.Position, out var s)
                         && s.Ticker == r.Ticker && s.Name == r.Name && s.Cusip == r.Cusip && s.Isin == r.Isin && s.Exchange == r.Exchange
                ? r with { SecurityId = s.SecurityId }
                : r with { SecurityId = null })
            .ToList();
    }

    /// <summary>Writes the securities <paramref name="resolution"/> creates, merges and completes; returns the map from its ids to real ones.</summary>
    private static async Task<Func<long, long>> ApplySecuritiesAsync(EtfDataDbContext db, SecurityResolution resolution, CancellationToken cancellationToken)
    {
        // New securities get their ids first, then exist with their name only: a merged duplicate may still hold
        // an identifier the new one ends with, so every identifier is written after the duplicates are gone.
        var realIds = new Dictionary<long, long>();
        if (resolution.Created.Count > 0)
        {
            var allocated = await db.Database
                .SqlQuery<long>($"SELECT nextval(pg_get_serial_sequence('security', 'id')) AS \"Value\" FROM generate_series(1, {resolution.Created.Count})")
                .ToListAsync(cancellationToken);
            for (var i = 0; i < resolution.Created.Count; i++)
            {
                realIds[resolution.Created[i].Id] = allocated[i];
            }

            var ids = resolution.Created.Select(c => realIds[c.Id]).ToArray();
            var createdNames = resolution.Created.Select(c => c.Name).ToArray();
            var createdKeys = resolution.Created.Select(c => c.NameKey).ToArray();
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO security (id, name, name_key) OVERRIDING SYSTEM VALUE
                SELECT * FROM unnest({ids}, {createdNames}, {createdKeys})
                """, cancellationToken);
        }

        long Real(long id) => id < 0 ? realIds[id] : id;

        if (resolution.Merged.Count > 0)
        {
            var duplicates = resolution.Merged.Select(m => m.Duplicate).ToArray();
            var survivors = resolution.Merged.Select(m => Real(m.Survivor)).ToArray();
            await db.Database.ExecuteSqlAsync($"""
                UPDATE holding h SET security_id = m.survivor
                  FROM unnest({duplicates}, {survivors}) AS m(duplicate, survivor)
                 WHERE h.security_id = m.duplicate
                """, cancellationToken);
            await db.Database.ExecuteSqlAsync($"DELETE FROM security WHERE id = ANY({duplicates})", cancellationToken);
        }

        var changed = resolution.Created.Concat(resolution.Updated).ToList();
        if (changed.Count > 0)
        {
            var ids = changed.Select(c => Real(c.Id)).ToArray();
            var cusips = changed.Select(c => c.Cusip).ToArray();
            var isins = changed.Select(c => c.Isin).ToArray();
            var tickers = changed.Select(c => c.Ticker).ToArray();
            var exchanges = changed.Select(c => c.Exchange).ToArray();
            var sectors = changed.Select(c => c.Sector).ToArray();
            var sectorSources = changed.Select(c => c.SectorSource).ToArray();
            var countries = changed.Select(c => c.Country).ToArray();
            var assetClasses = changed.Select(c => c.AssetClass).ToArray();
            await db.Database.ExecuteSqlAsync($"""
                UPDATE security s
                   SET cusip = u.cusip, isin = u.isin, ticker = u.ticker, exchange = u.exchange, sector = u.sector,
                       sector_source = u.sector_source, country = u.country, asset_class = u.asset_class, updated_at = now()
                  FROM unnest({ids}, {cusips}, {isins}, {tickers}, {exchanges}, {sectors}, {sectorSources}, {countries}, {assetClasses})
                       AS u(id, cusip, isin, ticker, exchange, sector, sector_source, country, asset_class)
                 WHERE s.id = u.id
                """, cancellationToken);
        }

        return Real;
    }
}
