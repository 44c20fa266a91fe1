using System.Globalization;
using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Endpoints;

/// <summary>One position of a holdings snapshot.</summary>
/// <param name="Position">1-based order as the source published it.</param>
/// <param name="Ticker">Ticker where the source gives one.</param>
/// <param name="Cusip">CUSIP.</param>
/// <param name="Isin">ISIN.</param>
/// <param name="Lei">Issuer LEI (N-PORT).</param>
/// <param name="OtherIdentifiers">Further identifiers as <c>desc: value</c>, joined with <c>; </c> (N-PORT).</param>
/// <param name="Name">Issuer or security name.</param>
/// <param name="Title">Title of the issue, e.g. a bond's coupon and maturity (N-PORT).</param>
/// <param name="Weight">Share of the fund's net assets as a fraction (0.07 = 7 %); negative for shorts and liabilities.</param>
/// <param name="Shares">Shares held, when the position is counted in shares.</param>
/// <param name="Balance">Shares, principal amount, contracts or other units, per Units (N-PORT).</param>
/// <param name="Units">NS (shares), PA (principal amount), NC (contracts), OU (other, see UnitsDescription).</param>
/// <param name="UnitsDescription">What the units are when Units is OU.</param>
/// <param name="MarketValueUsd">Value in USD.</param>
/// <param name="Currency">ISO 4217 currency of the position.</param>
/// <param name="ExchangeRate">Units of Currency per USD; null for USD positions.</param>
/// <param name="AssetClass">Readable asset class (Equity, Fixed Income, Derivative, Cash…).</param>
/// <param name="AssetCategory">N-PORT asset category as filed (EC, DBT, DFE…, OTHER).</param>
/// <param name="AssetCategoryDescription">The filer's description when AssetCategory is OTHER.</param>
/// <param name="IssuerCategory">N-PORT issuer category (CORP, UST…, OTHER).</param>
/// <param name="IssuerCategoryDescription">The filer's description when IssuerCategory is OTHER.</param>
/// <param name="Sector">Sector where the source gives one (N-PORT does not).</param>
/// <param name="Country">Country of investment or issuer, ISO 3166 alpha-2.</param>
/// <param name="PayoffProfile">Long or Short.</param>
/// <param name="FairValueLevel">1, 2 or 3.</param>
/// <param name="IsRestricted">Restricted security.</param>
/// <param name="InstrumentKind"><c>security</c>, <c>derivative</c> or <c>repo</c> (N-PORT).</param>
/// <param name="DerivativeCategory">FWD, FUT, SWP, OPT, SWO, WAR or OTH for derivatives.</param>
/// <param name="SecurityId">The security this position is across sources (see <c>/api/holdings/{security}/etfs</c>); null when not resolved.</param>
/// <param name="Exchange">Exchange the source names for the position (iShares).</param>
/// <param name="Sedol">SEDOL where the source states one.</param>
public sealed record HoldingRow(
    int Position, string? Ticker, string? Cusip, string? Isin, string? Lei, string? OtherIdentifiers, string Name, string? Title,
    decimal? Weight, decimal? Shares, decimal? Balance, string? Units, string? UnitsDescription, decimal? MarketValueUsd,
    string? Currency, decimal? ExchangeRate, string? AssetClass, string? AssetCategory, string? AssetCategoryDescription,
    string? IssuerCategory, string? IssuerCategoryDescription, string? Sector, string? Country, string? PayoffProfile,
    string? FairValueLevel, bool? IsRestricted, string? InstrumentKind, string? DerivativeCategory,
    long? SecurityId, string? Exchange, string? Sedol);

/// <summary>A holdings snapshot of one ETF.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="AsOf">The date the positions are as of (for N-PORT the report date, not the filing date).</param>
/// <param name="Source">
/// <c>ishares</c>, <c>spdr</c>, <c>invesco</c> (the issuer's daily file), <c>sec-nport</c> (SEC Form N-PORT, every
/// position, weeks old), <c>schwab</c> (Schwab's research pages) or <c>yahoo</c> (the ten largest).
/// </param>
/// <param name="FilingAccession">The N-PORT filing the positions come from; null for other sources.</param>
/// <param name="Coverage"><c>full</c>: every position; <c>top</c>: only the largest ones (Yahoo's top 10).</param>
/// <param name="WeightSum">Σ weight over every line of the snapshot (cash and derivatives included), as a fraction; null when not computed.</param>
/// <param name="WeightCheck"><c>ok</c> when WeightSum is about 1, <c>off</c> when not (flagged in Note); null when not checked (a top list).</param>
/// <param name="Note">Why the snapshot should be read with care (a top list, weights that do not sum to about 100 %); null when nothing to say.</param>
/// <param name="PositionCount">Positions in the snapshot.</param>
/// <param name="Returned">Positions in this answer (fewer when <c>limit</c> cut them).</param>
/// <param name="Holdings">Largest weight first.</param>
public sealed record HoldingsSnapshotResponse(
    string Symbol, DateOnly AsOf, string Source, string? FilingAccession, string Coverage, decimal? WeightSum, string? WeightCheck, string? Note,
    int PositionCount, int Returned, IReadOnlyList<HoldingRow> Holdings) : ICsvExport
{
    // Each CSV row carries the snapshot it belongs to: a saved file must not lose its as-of date and source.
    public IEnumerable<object> CsvRows() => Holdings.Select(h => new HoldingCsvRow(Symbol, AsOf, Source, FilingAccession, Coverage, WeightCheck, h));
}

/// <summary>A CSV row of <c>/holdings</c>: the snapshot's identity, then the position (columns <c>holding.*</c>).</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="AsOf">The snapshot's as-of date.</param>
/// <param name="Source">Its source.</param>
/// <param name="FilingAccession">The N-PORT filing, for source <c>sec-nport</c>.</param>
/// <param name="Coverage"><c>full</c> or <c>top</c>.</param>
/// <param name="WeightCheck"><c>ok</c>, <c>off</c> or empty.</param>
/// <param name="Holding">The position.</param>
public sealed record HoldingCsvRow(string Symbol, DateOnly AsOf, string Source, string? FilingAccession, string Coverage, string? WeightCheck, HoldingRow Holding);

/// <summary>One stored holdings snapshot, without its positions.</summary>
/// <param name="Source">Holdings source (see <c>/holdings</c>).</param>
/// <param name="AsOf">The date the positions are as of.</param>
/// <param name="PositionCount">Positions in the snapshot.</param>
/// <param name="Coverage"><c>full</c> or <c>top</c>.</param>
/// <param name="WeightSum">Σ weight over every line, as a fraction.</param>
/// <param name="WeightCheck"><c>ok</c>, <c>off</c> or null (not checked).</param>
/// <param name="IsLatest">The newest snapshot of its source.</param>
/// <param name="FilingAccession">The N-PORT filing, for source <c>sec-nport</c>.</param>
/// <param name="FetchedAt">When the snapshot was read from the source and stored.</param>
/// <param name="CheckedAt">When the source was last read and found to state exactly these positions (an unchanged list is not stored again); FetchedAt until then.</param>
/// <param name="ConfirmedAsOf">The newest as-of date on which the source published these same positions again (they were then not stored twice); AsOf until then.</param>
public sealed record HoldingsHistoryItem(
    string Source, DateOnly AsOf, int PositionCount, string Coverage, decimal? WeightSum, string? WeightCheck, bool IsLatest,
    string? FilingAccession, DateTimeOffset FetchedAt, DateTimeOffset CheckedAt, DateOnly ConfirmedAsOf);

/// <summary>The stored holdings snapshots of one source.</summary>
/// <param name="Source">Holdings source.</param>
/// <param name="Rank">Its rank when sources of the same date compete (1 = preferred: issuer file, then N-PORT, Schwab, Yahoo).</param>
/// <param name="Count">Snapshots listed.</param>
/// <param name="First">Oldest as-of date listed.</param>
/// <param name="Latest">Newest as-of date listed.</param>
public sealed record HoldingsHistorySource(string Source, int Rank, int Count, DateOnly First, DateOnly Latest);

/// <summary>The holdings snapshots stored for one ETF, per source.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="AsOf">Newest as-of date listed; null when none.</param>
/// <param name="Sources">Per source: how many snapshots and which dates, preferred source first.</param>
/// <param name="Snapshots">Newest first, then by source preference.</param>
public sealed record HoldingsHistory(string Symbol, DateOnly? AsOf, IReadOnlyList<HoldingsHistorySource> Sources, IReadOnlyList<HoldingsHistoryItem> Snapshots) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Snapshots;
}

public static class HoldingsApi
{
    public const int MaxLimit = 100_000;

    public static IEndpointRouteBuilder MapHoldingsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/etfs/{symbol}").WithTags("Holdings").WithCsv().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/holdings", GetHoldingsAsync).WithName("GetHoldings");
        group.MapGet("/holdings/history", GetHistoryAsync).WithName("GetHoldingsHistory");
        return routes;
    }

    /// <summary>
    /// The ETF's holdings snapshot on or before <c>asOf</c> (default: the latest), of one source or, by default,
    /// the best one: a full portfolio before a top list, then the latest date, then the source preference
    /// (issuer file <c>ishares</c>/<c>spdr</c>/<c>invesco</c>, <c>sec-nport</c>, <c>schwab</c>, <c>yahoo</c>).
    /// Every position with its identifiers, the security id it resolves to across sources, exchange, SEDOL,
    /// weight as a fraction, shares or balance and units, value in USD, sector (from the security index when
    /// the source has none), country and instrument kind, largest weight first; the snapshot's coverage and
    /// weight check (flagged when the weights do not sum to about 100 %). 404 when the ETF is unknown or has
    /// no such snapshot.
    /// </summary>
    /// <param name="symbol" example="IVV">Ticker, case-insensitive.</param>
    /// <param name="asOf" example="2026-03-31">Latest snapshot date wanted, <c>yyyy-MM-dd</c> (default: the latest snapshot).</param>
    /// <param name="source" example="ishares"><c>ishares</c>, <c>spdr</c>, <c>invesco</c>, <c>sec-nport</c>, <c>schwab</c> or <c>yahoo</c> (default: the best snapshot, see above).</param>
    /// <param name="limit" example="50">At most this many positions, the largest weights, 1 to 100000 (default: all).</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<HoldingsSnapshotResponse>, ProblemHttpResult, ValidationProblem>> GetHoldingsAsync(
        string symbol, DateOnly? asOf, string? source, int? limit, EtfDataReadDbContext db, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var normalised = errors.Symbol(symbol);
        errors.Between("limit", limit, 1, MaxLimit);
        errors.OneOf("source", source, HoldingSources.Preference);
        if (errors.Any)
        {
            return errors.Problem();
        }

        // The ETF, its chosen snapshot and the positions wanted: one round trip.
        var fund = (await HoldingSnapshots.LoadAsync(db, [normalised!], asOf, source, byWeight: true, limit ?? MaxLimit, cancellationToken))[0];
        if (!fund.Known)
        {
            return EtfLookup.NotFound(normalised!);
        }

        if (fund.Snapshot is not { } snapshot)
        {
            return TypedResults.Problem(
                title: "No holdings",
                detail: $"No holdings snapshot of {normalised}{(source is null ? "" : $" from {source}")}{(asOf is null ? "" : $" on or before {asOf:yyyy-MM-dd}")} is stored.",
                statusCode: StatusCodes.Status404NotFound);
        }

        var rows = fund.Positions
            .Select(h => new HoldingRow(
                h.Position, h.Ticker, h.Cusip, h.Isin, h.Lei, h.OtherIdentifiers, h.Name, h.Title, h.Weight, h.Shares, h.Balance, h.Units,
                h.UnitsDescription, h.MarketValueUsd, h.Currency, h.ExchangeRate, h.AssetClass, h.AssetCategory, h.AssetCategoryDescription,
                h.IssuerCategory, h.IssuerCategoryDescription, h.Sector, h.Country, h.PayoffProfile, h.FairValueLevel, h.IsRestricted,
                h.InstrumentKind, h.DerivativeCategory, h.SecurityId, h.Exchange, h.Sedol))
            .ToList();
        return TypedResults.Ok(new HoldingsSnapshotResponse(
            normalised!, snapshot.AsOf, snapshot.Source, snapshot.NportAccession, snapshot.Coverage, snapshot.WeightSum, snapshot.WeightCheck,
            Note(snapshot), snapshot.PositionCount, rows.Count, rows));
    }

    /// <summary>What a reader of the snapshot must know before using its weights; null when nothing.</summary>
    public static string? Note(HoldingSnapshot snapshot)
    {
        var notes = new List<string>();
        if (snapshot.Coverage == HoldingCoverage.Top)
        {
            notes.Add($"Only the largest positions ({snapshot.Source}'s top list), not the whole portfolio.");
        }

        if (snapshot.WeightCheck == "off")
        {
            var sum = snapshot.WeightSum is { } w ? (w * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %" : "an unknown total";
            notes.Add($"The weights sum to {sum}, not about 100 %: positions may be missing or misread.");
        }

        return notes.Count == 0 ? null : string.Join(" ", notes);
    }

    /// <summary>
    /// The holdings snapshots stored for the ETF, per source: each snapshot's as-of date, position count,
    /// coverage, weight sum and check, when it was fetched and when the source last confirmed it unchanged.
    /// Newest first. 404 when the ETF is unknown; an ETF without snapshots answers an empty list.
    /// </summary>
    /// <param name="symbol" example="IVV">Ticker, case-insensitive.</param>
    /// <param name="source" example="ishares">Only this source: <c>ishares</c>, <c>spdr</c>, <c>invesco</c>, <c>sec-nport</c>, <c>schwab</c> or <c>yahoo</c>.</param>
    /// <param name="from" example="2026-01-01">First as-of date, <c>yyyy-MM-dd</c> (default: the first stored).</param>
    /// <param name="to" example="2026-03-31">Last as-of date, <c>yyyy-MM-dd</c> (default: the latest stored).</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<HoldingsHistory>, ProblemHttpResult, ValidationProblem>> GetHistoryAsync(
        string symbol, string? source, DateOnly? from, DateOnly? to, EtfDataReadDbContext db, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var normalised = errors.Symbol(symbol);
        errors.Range(from, to);
        errors.OneOf("source", source, HoldingSources.Preference);
        if (errors.Any)
        {
            return errors.Problem();
        }

        if (await EtfLookup.FindAsync(db, normalised, cancellationToken) is null)
        {
            return EtfLookup.NotFound(normalised!);
        }

        var start = from ?? DateOnly.MinValue;
        var end = to ?? DateOnly.MaxValue;
        var rows = await db.HoldingSnapshots.AsNoTracking()
            .Where(s => s.Symbol == normalised && s.AsOf >= start && s.AsOf <= end && (source == null || s.Source == source))
            .ToListAsync(cancellationToken);
        var items = rows
            .OrderByDescending(r => r.AsOf).ThenBy(r => HoldingSources.Rank(r.Source)).ThenBy(r => r.Source, StringComparer.Ordinal)
            .Select(r => new HoldingsHistoryItem(
                r.Source, r.AsOf, r.PositionCount, r.Coverage, r.WeightSum, r.WeightCheck, r.IsLatest, r.NportAccession, r.FetchedAt, r.CheckedAt ?? r.FetchedAt, r.ConfirmedAsOf ?? r.AsOf))
            .ToList();
        var sources = items.GroupBy(i => i.Source)
            .OrderBy(g => HoldingSources.Rank(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new HoldingsHistorySource(g.Key, HoldingSources.Rank(g.Key) + 1, g.Count(), g.Min(i => i.AsOf), g.Max(i => i.AsOf)))
            .ToList();
        return TypedResults.Ok(new HoldingsHistory(normalised!, items.Count == 0 ? null : items[0].AsOf, sources, items));
    }
}
