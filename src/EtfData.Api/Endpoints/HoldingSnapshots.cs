using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

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

    /// <summary>
    /// The best snapshot of each symbol among its candidates (see <see cref="SelectAsync"/>): the same order as
    /// <see cref="Best"/> (a full portfolio first, the effective date newest first, then the source preference
    /// <c>@preference</c>, then the source's name), written in SQL so the choice and the positions are one round trip.
    /// </summary>
    private const string BestOrder = """
        c.coverage = 'top',
        least(greatest(c.as_of, c.confirmed_as_of), greatest(coalesce(@as_of::date, 'infinity'::date), c.as_of)) DESC,
        coalesce(array_position(@preference::text[], c.source), 2147483647),
        c.source COLLATE "C"
        """;

    private const string LatestCandidates = "SELECT * FROM holding_snapshot WHERE symbol = r.symbol AND is_latest";

    private const string AsOfCandidates = """
        SELECT DISTINCT ON (source) * FROM holding_snapshot
         WHERE symbol = r.symbol AND as_of <= @as_of::date
         ORDER BY source, as_of DESC, id DESC
        """;

    private const string PositionColumns = """
        h.position, coalesce(h.ticker, sec.ticker) AS ticker, h.name, coalesce(h.cusip, sec.cusip) AS cusip, coalesce(h.isin, sec.isin) AS isin,
        coalesce(h.asset_class, sec.asset_class) AS asset_class, coalesce(h.sector, sec.sector) AS sector, coalesce(h.country, sec.country) AS country,
        h.weight, h.shares, h.market_value_usd, h.lei, h.title, h.other_identifiers, h.balance, h.units, h.units_description, h.currency,
        h.exchange_rate, h.payoff_profile, h.asset_category, h.asset_category_description, h.issuer_category, h.issuer_category_description,
        h.fair_value_level, h.is_restricted, h.instrument_kind, h.derivative_category, h.security_id, h.exchange, h.sedol
        """;

    /// <summary>
    /// One SQL for the whole answer: for each requested symbol (parameter <c>@symbols</c>, in order) whether the ETF
    /// exists, its best snapshot (<c>@source</c> when given; on or before <c>@as_of</c> when given, else the latest)
    /// and that snapshot's positions with the security index's identifiers filled in. Positions come largest weight
    /// first and at most <c>@limit</c> (null: all) when <paramref name="byWeight"/>, else in published order.
    /// </summary>
    public static string Sql(bool asOf, bool byWeight)
    {
        var order = byWeight ? "weight DESC NULLS LAST, position" : "position";
        return $"""
            SELECT r.ord, e.symbol IS NOT NULL AS known,
                   b.id, b.as_of, b.source, b.position_count, b.fetched_at, b.nport_accession, b.coverage, b.weight_sum, b.weight_check,
                   b.is_latest, b.checked_at, b.confirmed_as_of,
                   p.*
              FROM unnest(@symbols::text[]) WITH ORDINALITY AS r(symbol, ord)
              LEFT JOIN etf e ON e.symbol = r.symbol
              LEFT JOIN LATERAL (
                    SELECT c.* FROM ({(asOf ? AsOfCandidates : LatestCandidates)}) c
                     WHERE @source::text IS NULL OR c.source = @source::text
                     ORDER BY {BestOrder}
                     LIMIT 1) b ON e.symbol IS NOT NULL
              LEFT JOIN LATERAL (
                    SELECT {PositionColumns}
                      FROM holding h LEFT JOIN security sec ON sec.id = h.security_id
                     WHERE h.snapshot_id = b.id
                     ORDER BY h.{order.Replace(", ", ", h.", StringComparison.Ordinal)}
                     LIMIT @limit::integer) p ON true
             ORDER BY r.ord, p.{order.Replace(", ", ", p.", StringComparison.Ordinal)}
            """;
    }

    private static readonly string[] SqlVariants = [Sql(false, false), Sql(false, true), Sql(true, false), Sql(true, true)];
    private static readonly string[] PreferenceArray = [.. HoldingSources.Preference];

    /// <summary>
    /// Each of <paramref name="symbols"/>' best snapshot with its positions, in one round trip (see <see cref="Sql"/>),
    /// in request order. Read on the context's own connection, so a read context reads the read data source.
    /// </summary>
    public static async Task<IReadOnlyList<FundHoldings>> LoadAsync(
        DbContext db, IReadOnlyList<string> symbols, DateOnly? asOf, string? source, bool byWeight, int? limit, CancellationToken cancellationToken)
    {
        var result = new List<FundHoldings>(symbols.Count);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
            command.CommandText = SqlVariants[(asOf is null ? 0 : 2) + (byWeight ? 1 : 0)];
            command.Parameters.Add(new NpgsqlParameter<string[]>("symbols", [.. symbols]));
            command.Parameters.Add(new NpgsqlParameter("as_of", NpgsqlDbType.Date) { Value = asOf is { } d ? d : DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = (object?)source ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = limit is { } l ? l : DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter<string[]>("preference", PreferenceArray));
            // Prepared on the physical connection once, then reused by every request the pooled connection serves.
            await command.PrepareAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            FundHoldings? current = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                var ordinal = (int)reader.GetInt64(0);
                if (current is null || result.Count < ordinal)
                {
                    var symbol = symbols[ordinal - 1];
                    var snapshot = reader.IsDBNull(2) ? null : new HoldingSnapshot
                    {
                        Id = reader.GetInt64(2), Symbol = symbol, AsOf = reader.GetFieldValue<DateOnly>(3), Source = reader.GetString(4),
                        PositionCount = reader.GetInt32(5), FetchedAt = reader.GetFieldValue<DateTimeOffset>(6), NportAccession = Text(reader, 7),
                        Coverage = reader.GetString(8), WeightSum = Number(reader, 9), WeightCheck = Text(reader, 10), IsLatest = reader.GetBoolean(11),
                        CheckedAt = reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
                        ConfirmedAsOf = reader.IsDBNull(13) ? null : reader.GetFieldValue<DateOnly>(13),
                    };
                    current = new FundHoldings(symbol, reader.GetBoolean(1), snapshot, []);
                    result.Add(current);
                }

                if (!reader.IsDBNull(14))
                {
                    current.Positions.Add(ReadPosition(reader, current.Snapshot!.Id, 14));
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return result;
    }

    private static Holding ReadPosition(NpgsqlDataReader r, long snapshotId, int i) => new()
    {
        SnapshotId = snapshotId, Position = r.GetInt32(i), Ticker = Text(r, i + 1), Name = r.GetString(i + 2), Cusip = Text(r, i + 3), Isin = Text(r, i + 4),
        AssetClass = Text(r, i + 5), Sector = Text(r, i + 6), Country = Text(r, i + 7), Weight = Number(r, i + 8), Shares = Number(r, i + 9),
        MarketValueUsd = Number(r, i + 10), Lei = Text(r, i + 11), Title = Text(r, i + 12), OtherIdentifiers = Text(r, i + 13), Balance = Number(r, i + 14),
        Units = Text(r, i + 15), UnitsDescription = Text(r, i + 16), Currency = Text(r, i + 17), ExchangeRate = Number(r, i + 18),
        PayoffProfile = Text(r, i + 19), AssetCategory = Text(r, i + 20), AssetCategoryDescription = Text(r, i + 21), IssuerCategory = Text(r, i + 22),
        IssuerCategoryDescription = Text(r, i + 23), FairValueLevel = Text(r, i + 24), IsRestricted = r.IsDBNull(i + 25) ? null : r.GetBoolean(i + 25),
        InstrumentKind = Text(r, i + 26), DerivativeCategory = Text(r, i + 27), SecurityId = r.IsDBNull(i + 28) ? null : r.GetInt64(i + 28),
        Exchange = Text(r, i + 29), Sedol = Text(r, i + 30),
    };

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static decimal? Number(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);
}

/// <summary>One requested fund: whether the ETF is known, its chosen snapshot (null when none) and that snapshot's positions.</summary>
public sealed record FundHoldings(string Symbol, bool Known, HoldingSnapshot? Snapshot, List<Holding> Positions);
