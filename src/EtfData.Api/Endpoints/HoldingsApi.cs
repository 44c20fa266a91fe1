using System.Text.RegularExpressions;
using EtfData.Api.Hosting;
using EtfData.Api.Sources.Yahoo;
using EtfData.Api.Storage;
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
public sealed record HoldingRow(
    int Position, string? Ticker, string? Cusip, string? Isin, string? Lei, string? OtherIdentifiers, string Name, string? Title,
    decimal? Weight, decimal? Shares, decimal? Balance, string? Units, string? UnitsDescription, decimal? MarketValueUsd,
    string? Currency, decimal? ExchangeRate, string? AssetClass, string? AssetCategory, string? AssetCategoryDescription,
    string? IssuerCategory, string? IssuerCategoryDescription, string? Sector, string? Country, string? PayoffProfile,
    string? FairValueLevel, bool? IsRestricted, string? InstrumentKind, string? DerivativeCategory);

/// <summary>A holdings snapshot of one ETF.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="AsOf">The date the positions are as of (for N-PORT the report date, not the filing date).</param>
/// <param name="Source"><c>sec-nport</c> (SEC Form N-PORT, every position) or <c>yahoo</c> (top 10).</param>
/// <param name="FilingAccession">The N-PORT filing the positions come from; null for other sources.</param>
/// <param name="PositionCount">Positions in the snapshot.</param>
/// <param name="Returned">Positions in this answer (fewer when <c>limit</c> cut them).</param>
/// <param name="Holdings">Largest weight first.</param>
public sealed record HoldingsSnapshotResponse(
    string Symbol, DateOnly AsOf, string Source, string? FilingAccession, int PositionCount, int Returned, IReadOnlyList<HoldingRow> Holdings) : ICsvExport
{
    // Each CSV row carries the snapshot it belongs to: a saved file must not lose its as-of date and source.
    public IEnumerable<object> CsvRows() => Holdings.Select(h => new HoldingCsvRow(Symbol, AsOf, Source, FilingAccession, h));
}

/// <summary>A CSV row of <c>/holdings</c>: the snapshot's identity, then the position (columns <c>holding.*</c>).</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="AsOf">The snapshot's as-of date.</param>
/// <param name="Source">Its source.</param>
/// <param name="FilingAccession">The N-PORT filing, for source <c>sec-nport</c>.</param>
/// <param name="Holding">The position.</param>
public sealed record HoldingCsvRow(string Symbol, DateOnly AsOf, string Source, string? FilingAccession, HoldingRow Holding);

public static partial class HoldingsApi
{
    public const int MaxLimit = 100_000;

    public static IEndpointRouteBuilder MapHoldingsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/etfs/{symbol}").WithTags("Holdings").WithCsv().ProducesProblem(StatusCodes.Status404NotFound)
            .MapGet("/holdings", GetHoldingsAsync).WithName("GetHoldings");
        return routes;
    }

    /// <summary>
    /// The ETF's holdings snapshot on or before <c>asOf</c> (default: the latest), of one source
    /// (default: the latest complete portfolio, i.e. N-PORT's, and Yahoo's top 10 only for a fund without one):
    /// every position with its identifiers, weight as a fraction, shares or balance and units, value
    /// in USD, asset class, country, currency and instrument kind, largest weight first. 404 when the
    /// ETF is unknown or has no such snapshot.
    /// </summary>
    /// <param name="symbol" example="VTI">Ticker, case-insensitive.</param>
    /// <param name="asOf" example="2026-03-31">Latest snapshot date wanted, <c>yyyy-MM-dd</c> (default: the latest snapshot).</param>
    /// <param name="source" example="sec-nport"><c>sec-nport</c> (every position) or <c>yahoo</c> (the ten largest; default: the latest complete portfolio, else Yahoo's).</param>
    /// <param name="limit" example="50">At most this many positions, the largest weights, 1 to 100000 (default: all).</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<HoldingsSnapshotResponse>, ProblemHttpResult, ValidationProblem>> GetHoldingsAsync(
        string symbol, DateOnly? asOf, string? source, int? limit, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var normalised = errors.Symbol(symbol);
        errors.Between("limit", limit, 1, MaxLimit);
        if (source is not null && !SourceName().IsMatch(source))
        {
            errors.Add("source", "source is a source name such as sec-nport or yahoo: lower-case letters, digits, - and _.");
        }

        if (errors.Any)
        {
            return errors.Problem();
        }

        if (await EtfLookup.FindAsync(db, normalised, cancellationToken) is null)
        {
            return EtfLookup.NotFound(normalised!);
        }

        var snapshots = db.HoldingSnapshots.AsNoTracking().Where(s => s.Symbol == normalised);
        if (asOf is { } day)
        {
            snapshots = snapshots.Where(s => s.AsOf <= day);
        }

        if (source is not null)
        {
            snapshots = snapshots.Where(s => s.Source == source);
        }

        // A newer top 10 does not replace a complete portfolio: "holdings" means every position.
        var snapshot = await snapshots
            .OrderBy(s => s.Source == YahooQuoteSummaryParser.Source ? 1 : 0).ThenByDescending(s => s.AsOf).ThenBy(s => s.Source)
            .FirstOrDefaultAsync(cancellationToken);
        if (snapshot is null)
        {
            return TypedResults.Problem(
                title: "No holdings",
                detail: $"No holdings snapshot of {normalised}{(source is null ? "" : $" from {source}")}{(asOf is null ? "" : $" on or before {asOf:yyyy-MM-dd}")} is stored.",
                statusCode: StatusCodes.Status404NotFound);
        }

        var rows = await db.Holdings.AsNoTracking().Where(h => h.SnapshotId == snapshot.Id)
            .OrderByDescending(h => h.Weight.HasValue).ThenByDescending(h => h.Weight).ThenBy(h => h.Position)
            .Take(limit ?? MaxLimit)
            .Select(h => new HoldingRow(
                h.Position, h.Ticker, h.Cusip, h.Isin, h.Lei, h.OtherIdentifiers, h.Name, h.Title, h.Weight, h.Shares, h.Balance, h.Units,
                h.UnitsDescription, h.MarketValueUsd, h.Currency, h.ExchangeRate, h.AssetClass, h.AssetCategory, h.AssetCategoryDescription,
                h.IssuerCategory, h.IssuerCategoryDescription, h.Sector, h.Country, h.PayoffProfile, h.FairValueLevel, h.IsRestricted,
                h.InstrumentKind, h.DerivativeCategory))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new HoldingsSnapshotResponse(
            normalised!, snapshot.AsOf, snapshot.Source, snapshot.NportAccession, snapshot.PositionCount, rows.Count, rows));
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,31}$")]
    private static partial Regex SourceName();
}
