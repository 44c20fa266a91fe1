using System.Text.RegularExpressions;
using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
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

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static decimal? Number(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);

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
    /// <param name="read">Database (the read replica when one is configured).</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<SecurityHolders>, ProblemHttpResult, ValidationProblem>> GetHoldersAsync(
        string security, int? limit, string? source, ReadDataSource read, CancellationToken cancellationToken)
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
        // One round trip: the matched securities, then every ETF's best latest snapshot among those holding them, with the
        // positions summed per security and the ETF's name.
        var matched = new List<MatchedSecurity>();
        var found = new List<(string Symbol, string Name, string Source, DateOnly AsOf, string Coverage, long SecurityId, decimal? Weight, decimal? Shares, decimal? Value)>();
        await using (var connection = await read.Source.OpenConnectionAsync(cancellationToken))
        await using (var batch = new NpgsqlBatch(connection))
        {
            var securityMatch = SecurityHoldersSql.SecurityMatch[kind];
            batch.BatchCommands.Add(new NpgsqlBatchCommand(securityMatch + " ORDER BY id") { Parameters = { new NpgsqlParameter<string>("value", value) } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(SecurityHoldersSql.BestHolders(securityMatch))
            {
                Parameters =
                {
                    new NpgsqlParameter<string>("value", value),
                    new NpgsqlParameter("source", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)source ?? DBNull.Value },
                    new NpgsqlParameter<string[]>("preference", [.. HoldingSources.Preference]),
                },
            });
            await batch.InOneSnapshot().PrepareAsync(cancellationToken);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                matched.Add(new MatchedSecurity(reader.GetInt64(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), Text(reader, 4), reader.GetString(5), Text(reader, 6)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateOnly>(3), reader.GetString(4), reader.GetInt64(5),
                    Number(reader, 6), Number(reader, 7), Number(reader, 8)));
            }
        }

        if (matched.Count == 0)
        {
            return TypedResults.Problem(
                title: "Security not found",
                detail: $"No stored holding names a security with {kind} {value}.",
                statusCode: StatusCodes.Status404NotFound);
        }

        // One row per ETF and security: a ticker naming two securities must not add their shares together.
        var rows = found
            .OrderByDescending(r => r.Weight.HasValue).ThenByDescending(r => r.Weight)
            .ThenBy(r => r.Symbol, StringComparer.Ordinal).ThenBy(r => r.SecurityId)
            .ToList();
        var holders = rows.Take(limit ?? 100)
            .Select((r, i) => new SecurityHolder(i + 1, r.Symbol, r.Name, r.Source, r.AsOf, r.Coverage, r.Weight, r.Shares, r.Value, r.SecurityId))
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
