using System.Text.RegularExpressions;
using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EtfData.Api.Endpoints;

/// <summary>A security the look-up matched.</summary>
/// <param name="SecurityId">Its id (the <c>securityId</c> of holdings rows).</param>
/// <param name="Ticker">Ticker, share classes with <c>-</c> (<c>BRK-B</c>).</param>
/// <param name="Cusip">CUSIP.</param>
/// <param name="Isin">ISIN.</param>
/// <param name="Exchange">Exchange, where a source named one.</param>
/// <param name="Name">Name as first stored.</param>
/// <param name="Sector">Sector from whichever source states one.</param>
public sealed record MatchedSecurity(long SecurityId, string? Ticker, string? Cusip, string? Isin, string? Exchange, string Name, string? Sector);

/// <summary>One ETF holding the security, from that ETF's best latest holdings snapshot.</summary>
/// <param name="Rank">1 = the largest weight.</param>
/// <param name="Symbol">The ETF.</param>
/// <param name="Name">The ETF's name.</param>
/// <param name="Source">Holdings source of the snapshot (<c>ishares</c>, <c>spdr</c>, <c>invesco</c>, <c>sec-nport</c>, <c>schwab</c>, <c>yahoo</c>).</param>
/// <param name="AsOf">The snapshot's as-of date.</param>
/// <param name="Coverage"><c>full</c> or <c>top</c> (a top list: the ETF may hold more than it shows).</param>
/// <param name="Weight">Share of the ETF's net assets as a fraction (0.07 = 7 %), summed over the lines naming the security.</param>
/// <param name="Shares">Shares held, where the source counts them.</param>
/// <param name="MarketValueUsd">Value in USD, where the source states it.</param>
/// <param name="SecurityId">The matched security this row is about: an ETF holding two securities a reused ticker names has a row for each.</param>
public sealed record SecurityHolder(
    int Rank, string Symbol, string Name, string Source, DateOnly AsOf, string Coverage, decimal? Weight, decimal? Shares, decimal? MarketValueUsd,
    long SecurityId);

/// <summary>Which ETFs hold a security.</summary>
/// <param name="Query">The security as asked, normalised (upper case; a ticker's class separator as <c>-</c>).</param>
/// <param name="MatchedBy"><c>ticker</c>, <c>cusip</c> or <c>isin</c>: how the query was read, by its shape.</param>
/// <param name="Securities">The securities it matched (a ticker can name listings on several exchanges).</param>
/// <param name="AsOf">Newest snapshot date among the rows; null when none.</param>
/// <param name="Total">Rows (ETF and security) before <c>limit</c>.</param>
/// <param name="Returned">Rows in this answer.</param>
/// <param name="Note">Why the list is empty when it is; null otherwise.</param>
/// <param name="Etfs">Largest weight first.</param>
public sealed record SecurityHolders(
    string Query, string MatchedBy, IReadOnlyList<MatchedSecurity> Securities, DateOnly? AsOf, int Total, int Returned, string? Note,
    IReadOnlyList<SecurityHolder> Etfs) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Etfs;
}

public static partial class SecurityHoldersApi
{
    public const int MaxLimit = 1000;

    /// <summary>
    /// The positions of the given securities in latest snapshots, one row per (snapshot, security) with its lines
    /// summed. It starts from the latest snapshots (partial index <c>holding_snapshot_latest_idx</c>) and probes
    /// <c>holding (security_id, snapshot_id) INCLUDE (weight, shares, market_value_usd)</c> with both keys per
    /// snapshot, so its cost follows the number of ETFs, not the security's whole history: never a scan of holding.
    /// Parameter <c>@ids</c> (bigint[]).
    /// </summary>
    public const string HoldersSql = """
        SELECT s.id, s.symbol, p.security_id, p.weight, p.shares, p.market_value_usd
          FROM holding_snapshot s
         CROSS JOIN LATERAL (
               SELECT h.security_id, sum(h.weight) AS weight, sum(h.shares) AS shares, sum(h.market_value_usd) AS market_value_usd
                 FROM holding h
                WHERE h.security_id = ANY(@ids) AND h.snapshot_id = s.id
                GROUP BY h.security_id) p
         WHERE s.is_latest
        """;

    public static IEndpointRouteBuilder MapSecurityHoldersApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/holdings").WithTags("Holdings").WithCsv().ProducesProblem(StatusCodes.Status404NotFound)
            .MapGet("/{security}/etfs", GetHoldersAsync).WithName("GetSecurityHolders");
        return routes;
    }

    /// <summary>
    /// Every ETF holding a security, largest weight first: one row per ETF (and per matched security, when a reused ticker names several), from that ETF's best latest holdings
    /// snapshot (a full portfolio before a top list, then the latest date, then the source preference: issuer file,
    /// N-PORT, Schwab, Yahoo), with the source and as-of date, weight, shares and value. The security is a ticker
    /// (<c>BRK.B</c> and <c>BRK-B</c> alike), a CUSIP (9 characters with a digit) or an ISIN (12 characters, two
    /// letters first), told apart by shape and resolved through the security index, so positions that different
    /// sources name differently (a ticker here, a CUSIP there) are one security. 404 when no security matches;
    /// 200 with an empty list and a note when it is known but no latest snapshot holds it.
    /// </summary>
    /// <param name="security" example="AAPL">Ticker, CUSIP (<c>037833100</c>) or ISIN (<c>US0378331005</c>), case-insensitive.</param>
    /// <param name="limit" example="50">At most this many ETFs, 1 to 1000 (default 100).</param>
    /// <param name="source" example="ishares">Only snapshots of this source: <c>ishares</c>, <c>spdr</c>, <c>invesco</c>, <c>sec-nport</c>, <c>schwab</c> or <c>yahoo</c>.</param>
    /// <param name="db">Database.</param>
    /// <param name="read">Database (the read replica when one is configured).</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<SecurityHolders>, ProblemHttpResult, ValidationProblem>> GetHoldersAsync(
        string security, int? limit, string? source, EtfDataReadDbContext db, ReadDataSource read, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        errors.Between("limit", limit, 1, MaxLimit);
        errors.OneOf("source", source, HoldingSources.Preference);
        var key = Classify(security);
        if (key is null)
        {
            errors.Add("security", $"'{security}' is not a ticker (letters, digits and one class separator . / -), a CUSIP (9 characters) or an ISIN (12 characters).");
        }

        if (errors.Any)
        {
            return errors.Problem();
        }

        var (kind, value) = key!.Value;
        var securities = db.Securities.AsNoTracking();
        securities = kind switch
        {
            "cusip" => securities.Where(s => s.Cusip == value),
            "isin" => securities.Where(s => s.Isin == value),
            _ => securities.Where(s => s.Ticker == value),
        };
        var matched = await securities.OrderBy(s => s.Id)
            .Select(s => new MatchedSecurity(s.Id, s.Ticker, s.Cusip, s.Isin, s.Exchange, s.Name, s.Sector))
            .ToListAsync(cancellationToken);
        if (matched.Count == 0)
        {
            return TypedResults.Problem(
                title: "Security not found",
                detail: $"No stored holding names a security with {kind} {value}.",
                statusCode: StatusCodes.Status404NotFound);
        }

        var positions = new List<(long SnapshotId, string Symbol, long SecurityId, decimal? Weight, decimal? Shares, decimal? Value)>();
        await using (var command = read.Source.CreateCommand(HoldersSql))
        {
            command.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. matched.Select(m => m.SecurityId)]));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                positions.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetDecimal(3), reader.IsDBNull(4) ? null : reader.GetDecimal(4),
                    reader.IsDBNull(5) ? null : reader.GetDecimal(5)));
            }
        }

        // Which snapshot speaks for each ETF is decided over all its latest snapshots, not only those naming the
        // security: when its best snapshot does not hold it, an older or lesser one that still does is not the answer.
        var symbols = positions.Select(p => p.Symbol).Distinct().ToList();
        var latest = await db.HoldingSnapshots.AsNoTracking()
            .Where(s => symbols.Contains(s.Symbol) && s.IsLatest && (source == null || s.Source == source))
            .ToListAsync(cancellationToken);
        var names = await db.Etfs.AsNoTracking().Where(e => symbols.Contains(e.Symbol))
            .ToDictionaryAsync(e => e.Symbol, e => e.Name, cancellationToken);
        // One row per ETF and security: a ticker naming two securities must not add their shares together.
        var bySnapshot = positions.ToLookup(p => p.SnapshotId);
        var rows = latest.GroupBy(s => s.Symbol)
            .Select(g => HoldingSnapshots.Best(g)!)
            .SelectMany(best => bySnapshot[best.Id].Select(position => (Snapshot: best, Position: position)))
            .OrderByDescending(r => r.Position.Weight.HasValue).ThenByDescending(r => r.Position.Weight)
            .ThenBy(r => r.Snapshot.Symbol, StringComparer.Ordinal).ThenBy(r => r.Position.SecurityId)
            .ToList();
        var holders = rows.Take(limit ?? 100)
            .Select((r, i) => new SecurityHolder(
                i + 1, r.Snapshot.Symbol, names.GetValueOrDefault(r.Snapshot.Symbol, r.Snapshot.Symbol), r.Snapshot.Source, r.Snapshot.AsOf,
                r.Snapshot.Coverage, r.Position.Weight, r.Position.Shares, r.Position.Value, r.Position.SecurityId))
            .ToList();
        var note = rows.Count > 0
            ? null
            : $"The security is known, but no latest holdings snapshot{(source is null ? "" : $" from {source}")} lists it (an ETF's best snapshot decides).";
        return TypedResults.Ok(new SecurityHolders(
            value, kind, matched, holders.Count == 0 ? null : holders.Max(h => h.AsOf), rows.Count, holders.Count, note, holders));
    }

    /// <summary>
    /// Reads a security key by its shape: an ISIN is two letters, nine letters or digits and a check digit;
    /// a CUSIP is nine letters or digits with at least one digit (no listed ticker looks like that); anything
    /// else that looks like a ticker is one, written with <c>-</c> before a share class. Null when none fits.
    /// </summary>
    public static (string Kind, string Value)? Classify(string raw)
    {
        var text = raw.Trim().ToUpperInvariant();
        if (Isin().IsMatch(text))
        {
            return ("isin", text);
        }

        if (Cusip().IsMatch(text) && text.Any(char.IsAsciiDigit))
        {
            return ("cusip", text);
        }

        var ticker = text.Replace('.', '-').Replace('/', '-').Replace(' ', '-');
        return Ticker().IsMatch(ticker) ? ("ticker", ticker) : null;
    }

    [GeneratedRegex("^[A-Z]{2}[0-9A-Z]{9}[0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex Isin();

    [GeneratedRegex("^[0-9A-Z*@#]{9}$", RegexOptions.CultureInvariant)]
    private static partial Regex Cusip();

    [GeneratedRegex("^[A-Z0-9]{1,10}(-[A-Z0-9]{1,9})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Ticker();
}
