using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.Domain.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EtfData.Api.Endpoints;

/// <summary>The holdings snapshot an analytics answer was computed on.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Source">Holdings source: <c>ishares</c>, <c>spdr</c>, <c>invesco</c>, <c>sec-nport</c>, <c>schwab</c> or <c>yahoo</c>.</param>
/// <param name="AsOf">The date the positions are as of.</param>
/// <param name="Coverage"><c>full</c> (every position) or <c>top</c> (only the largest, e.g. Yahoo's top 10).</param>
/// <param name="PositionCount">Positions in the snapshot.</param>
/// <param name="Note">Set for a top list: what the answer cannot say from it.</param>
public sealed record AnalyticsSnapshot(string Symbol, string Source, DateOnly AsOf, string Coverage, int PositionCount, string? Note);

/// <summary>A snapshot and its positions, as every holdings analytics answer reads them.</summary>
internal sealed record LoadedSnapshot(HoldingSnapshot Snapshot, List<Holding> Positions)
{
    public AnalyticsSnapshot Describe(string? topListNote) =>
        new(Snapshot.Symbol, Snapshot.Source, Snapshot.AsOf, Snapshot.Coverage, Positions.Count,
            Snapshot.Coverage == HoldingCoverage.Top ? topListNote : null);
}

/// <summary>Shared checks and loading of the holdings analytics endpoints.</summary>
internal static class AnalyticsSnapshots
{
    public static void Source(QueryErrors errors, string? source)
    {
        if (source is not null)
        {
            errors.OneOf("source", source, HoldingSources.Preference.ToList());
        }
    }

    /// <summary>The snapshot <see cref="HoldingSnapshots.SelectAsync"/> picks, with its positions; null when there is none.</summary>
    public static async Task<LoadedSnapshot?> LoadAsync(
        EtfDataDbContext db, string symbol, DateOnly? asOf, string? source, CancellationToken cancellationToken)
    {
        var fund = (await HoldingSnapshots.LoadAsync(db, [symbol], asOf, source, byWeight: false, limit: null, cancellationToken))[0];
        return fund.Snapshot is { } snapshot ? new LoadedSnapshot(snapshot, fund.Positions) : null;
    }

    public static ProblemHttpResult NoHoldings(string symbol, string? source, DateOnly? asOf, int status = StatusCodes.Status404NotFound) =>
        TypedResults.Problem(
            title: "No holdings",
            detail: $"No holdings snapshot of {symbol}{(source is null ? "" : $" from {source}")}{(asOf is null ? "" : $" on or before {asOf:yyyy-MM-dd}")} is stored.",
            statusCode: status);
}

/// <summary>One security of a holdings comparison.</summary>
/// <param name="Change"><c>added</c>, <c>removed</c>, <c>changed</c> or <c>unchanged</c>.</param>
/// <param name="SecurityId">The security index's id, when the position was resolved to one.</param>
/// <param name="Ticker">Ticker.</param>
/// <param name="Name">Name as the later snapshot (else the earlier) gives it.</param>
/// <param name="Cusip">CUSIP.</param>
/// <param name="Isin">ISIN.</param>
/// <param name="WeightFrom">Weight in the earlier snapshot, a fraction; null when added.</param>
/// <param name="WeightTo">Weight in the later snapshot, a fraction; null when removed.</param>
/// <param name="WeightChange"><c>Δw = WeightTo − WeightFrom</c>, a missing side as 0.</param>
/// <param name="SharesFrom">Shares in the earlier snapshot.</param>
/// <param name="SharesTo">Shares in the later snapshot.</param>
/// <param name="SharesChange">SharesTo − SharesFrom (a missing side as 0); null when a side present states no shares.</param>
public sealed record HoldingChangeRow(
    HoldingChangeKind Change, long? SecurityId, string? Ticker, string Name, string? Cusip, string? Isin,
    decimal? WeightFrom, decimal? WeightTo, decimal WeightChange, decimal? SharesFrom, decimal? SharesTo, decimal? SharesChange)
{
    internal static HoldingChangeRow Of(HoldingChange c) => new(
        c.Kind, c.Identity.SecurityId, c.Identity.Ticker, c.Identity.Name, c.Identity.Cusip, c.Identity.Isin,
        c.WeightBefore, c.WeightAfter, c.WeightChange, c.Before?.Shares, c.After?.Shares, c.SharesChange);
}

/// <summary>What changed in a fund's holdings between two snapshots of one source.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Source">The source both snapshots come from.</param>
/// <param name="From">The earlier snapshot.</param>
/// <param name="To">The later snapshot.</param>
/// <param name="Turnover"><c>½ Σ |Δw|</c> over every security of either snapshot (added and removed in full), a fraction.</param>
/// <param name="Top10WeightFrom">Sum of the ten largest weights then.</param>
/// <param name="Top10WeightTo">Sum of the ten largest weights now.</param>
/// <param name="AddedCount">Securities only in the later snapshot.</param>
/// <param name="RemovedCount">Securities only in the earlier snapshot.</param>
/// <param name="ChangedCount">Securities in both with another weight or share count.</param>
/// <param name="UnchangedCount">Securities in both with the same weight and shares.</param>
/// <param name="Added">Added securities, largest weight first.</param>
/// <param name="Removed">Removed securities, largest earlier weight first.</param>
/// <param name="LargestAdditions">The ten largest positive Δw (new positions included).</param>
/// <param name="LargestDeletions">The ten most negative Δw (removed positions included).</param>
/// <param name="Changes">Every security that is not unchanged, largest |Δw| first (at most <c>limit</c>).</param>
public sealed record HoldingChangesResponse(
    string Symbol, string Source, AnalyticsSnapshot From, AnalyticsSnapshot To, decimal Turnover, decimal Top10WeightFrom, decimal Top10WeightTo,
    int AddedCount, int RemovedCount, int ChangedCount, int UnchangedCount, IReadOnlyList<HoldingChangeRow> Added, IReadOnlyList<HoldingChangeRow> Removed,
    IReadOnlyList<HoldingChangeRow> LargestAdditions, IReadOnlyList<HoldingChangeRow> LargestDeletions, IReadOnlyList<HoldingChangeRow> Changes) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Changes;
}

/// <summary>A fund's exposure by sector, country and asset class.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Snapshot">The snapshot it was computed on.</param>
/// <param name="Sector">By sector; <c>Unclassified</c> for positions no source gave a sector.</param>
/// <param name="Country">By country (ISO 3166 alpha-2).</param>
/// <param name="AssetClass">By asset class.</param>
public sealed record ExposureResponse(string Symbol, AnalyticsSnapshot Snapshot, ExposureBreakdown Sector, ExposureBreakdown Country, ExposureBreakdown AssetClass)
    : ICsvExport
{
    public IEnumerable<object> CsvRows() =>
        new[] { ("sector", Sector), ("country", Country), ("assetClass", AssetClass) }
            .SelectMany(d => d.Item2.Buckets.Select(b => new ExposureCsvRow(Symbol, Snapshot.AsOf, Snapshot.Source, d.Item1, b.Name, b.Weight, b.Count)))
            .ToList();
}

/// <summary>A CSV row of <c>/exposure</c>.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="AsOf">The snapshot's as-of date.</param>
/// <param name="Source">The snapshot's source.</param>
/// <param name="Dimension"><c>sector</c>, <c>country</c> or <c>assetClass</c>.</param>
/// <param name="Name">The bucket.</param>
/// <param name="Weight">Summed weight, a fraction.</param>
/// <param name="Count">Positions in the bucket.</param>
public sealed record ExposureCsvRow(string Symbol, DateOnly AsOf, string Source, string Dimension, string Name, decimal Weight, int Count);

/// <summary>How concentrated a fund is.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Snapshot">The snapshot it was computed on.</param>
/// <param name="Top10Weight">Sum of the ten largest weights, a fraction.</param>
/// <param name="Hhi">Herfindahl–Hirschman index <c>Σ w²</c> on fractions (0..1); null when only a top list exists.</param>
/// <param name="EffectiveHoldings"><c>1 / Hhi</c>, the number of equal positions as concentrated; null when only a top list exists.</param>
/// <param name="Count">Positions in the snapshot.</param>
/// <param name="Note">Why Hhi and EffectiveHoldings are null, when they are.</param>
public sealed record ConcentrationResponse(
    string Symbol, AnalyticsSnapshot Snapshot, decimal Top10Weight, decimal? Hhi, decimal? EffectiveHoldings, int Count, string? Note);

public static class HoldingsAnalyticsApi
{
    public const int MaxLimit = 100_000;
    public const int LargestCount = 10;

    private const string TopListChangesNote = "Top lists only: positions moving in or out of the list are not necessarily bought or sold.";
    private const string TopListExposureNote = "Top list only: the exposure covers the largest positions, not the whole fund.";

    public static IEndpointRouteBuilder MapHoldingsAnalyticsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/etfs/{symbol}").WithTags("Holdings analytics").WithCsv().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/holdings/changes", GetChangesAsync).WithName("GetHoldingChanges");
        group.MapGet("/exposure", GetExposureAsync).WithName("GetExposure");
        group.MapGet("/concentration", GetConcentrationAsync).WithName("GetConcentration");
        return routes;
    }

    /// <summary>
    /// What changed in the ETF's holdings between two snapshots of one source: added and removed securities, weight
    /// changes (Δw and shares), turnover <c>½ Σ |Δw|</c>, top-10 weight then and now, the largest additions and deletions.
    /// Positions are matched by security id, else CUSIP, ISIN, ticker, name. Default: the latest two snapshots of the
    /// best source (full portfolio before a top list, latest date, issuer file before N-PORT, Schwab, Yahoo).
    /// </summary>
    /// <param name="symbol" example="SPY">Ticker, case-insensitive.</param>
    /// <param name="from" example="2026-10-31">The earlier snapshot: the latest on or before this date, <c>yyyy-MM-dd</c> (default: the one before <c>to</c>'s).</param>
    /// <param name="to" example="2026-11-25">The later snapshot: the latest on or before this date (default: the latest).</param>
    /// <param name="source" example="spdr">Source of both snapshots (default: the best source on or before <c>to</c>).</param>
    /// <param name="limit" example="50">At most this many lines in <c>changes</c>, <c>added</c> and <c>removed</c>, 1 to 100000 (default: all).</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<HoldingChangesResponse>, ProblemHttpResult, ValidationProblem>> GetChangesAsync(
        string symbol, DateOnly? from, DateOnly? to, string? source, int? limit, EtfDataReadDbContext db, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var normalised = errors.Symbol(symbol);
        errors.Range(from, to);
        errors.Between("limit", limit, 1, MaxLimit);
        AnalyticsSnapshots.Source(errors, source);
        if (errors.Any)
        {
            return errors.Problem();
        }

        if (await EtfLookup.FindAsync(db, normalised, cancellationToken) is null)
        {
            return EtfLookup.NotFound(normalised!);
        }

        var later = await AnalyticsSnapshots.LoadAsync(db, normalised!, to, source, cancellationToken);
        if (later is null)
        {
            return AnalyticsSnapshots.NoHoldings(normalised!, source, to);
        }

        var chosenSource = later.Snapshot.Source;
        var earlierDate = from ?? later.Snapshot.AsOf.AddDays(-1);
        var earlier = await AnalyticsSnapshots.LoadAsync(db, normalised!, earlierDate, chosenSource, cancellationToken);
        if (earlier is null)
        {
            return TypedResults.Problem(
                title: "No earlier holdings",
                detail: $"Changes need two snapshots: {normalised} has none from {chosenSource} on or before {earlierDate:yyyy-MM-dd}, only the one as of {later.Snapshot.AsOf:yyyy-MM-dd}.",
                statusCode: StatusCodes.Status404NotFound);
        }

        if (earlier.Snapshot.Id == later.Snapshot.Id)
        {
            var problem = new QueryErrors();
            problem.Add("from", $"from and to pick the same snapshot ({chosenSource} as of {later.Snapshot.AsOf:yyyy-MM-dd}); give a from before it.");
            return problem.Problem();
        }

        var changes = HoldingChanges.Between(earlier.Positions, later.Positions);
        var take = limit ?? MaxLimit;
        return TypedResults.Ok(new HoldingChangesResponse(
            normalised!,
            chosenSource,
            earlier.Describe(TopListChangesNote),
            later.Describe(TopListChangesNote),
            changes.Turnover,
            changes.Top10WeightBefore,
            changes.Top10WeightAfter,
            changes.Added.Count(),
            changes.Removed.Count(),
            changes.Lines.Count(l => l.Kind == HoldingChangeKind.Changed),
            changes.Lines.Count(l => l.Kind == HoldingChangeKind.Unchanged),
            [.. changes.Added.Take(take).Select(HoldingChangeRow.Of)],
            [.. changes.Removed.Take(take).Select(HoldingChangeRow.Of)],
            [.. changes.LargestAdditions(LargestCount).Select(HoldingChangeRow.Of)],
            [.. changes.LargestDeletions(LargestCount).Select(HoldingChangeRow.Of)],
            [.. changes.Lines.Where(l => l.Kind != HoldingChangeKind.Unchanged).Take(take).Select(HoldingChangeRow.Of)]));
    }

    /// <summary>
    /// The ETF's exposure by sector, country and asset class: weights summed per bucket, <c>Unclassified</c> for positions
    /// without one, and for each dimension the classified share. Positions take the sector, country and asset class
    /// the security index knows when their own source states none, so an N-PORT snapshot has sectors when an issuer
    /// file named the same securities.
    /// </summary>
    /// <param name="symbol" example="IVV">Ticker, case-insensitive.</param>
    /// <param name="asOf" example="2026-11-25">The snapshot on or before this date, <c>yyyy-MM-dd</c> (default: the latest).</param>
    /// <param name="source" example="ishares">Holdings source (default: the best snapshot).</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<ExposureResponse>, ProblemHttpResult, ValidationProblem>> GetExposureAsync(
        string symbol, DateOnly? asOf, string? source, EtfDataReadDbContext db, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var normalised = errors.Symbol(symbol);
        AnalyticsSnapshots.Source(errors, source);
        if (errors.Any)
        {
            return errors.Problem();
        }

        if (await EtfLookup.FindAsync(db, normalised, cancellationToken) is null)
        {
            return EtfLookup.NotFound(normalised!);
        }

        var loaded = await AnalyticsSnapshots.LoadAsync(db, normalised!, asOf, source, cancellationToken);
        if (loaded is null)
        {
            return AnalyticsSnapshots.NoHoldings(normalised!, source, asOf);
        }

        var exposure = Exposure.Of(loaded.Positions);
        return TypedResults.Ok(new ExposureResponse(
            normalised!, loaded.Describe(TopListExposureNote), exposure.Sector, exposure.Country, exposure.AssetClass));
    }

    /// <summary>
    /// How concentrated the ETF is: top-10 weight, HHI <c>Σ w²</c> (weights as fractions), effective number of holdings
    /// <c>1 / HHI</c>, and the position count, on the full portfolio. When only a top list is stored, HHI and effective
    /// holdings are null with a note: they need every position.
    /// </summary>
    /// <param name="symbol" example="QQQ">Ticker, case-insensitive.</param>
    /// <param name="asOf" example="2026-11-25">The snapshot on or before this date, <c>yyyy-MM-dd</c> (default: the latest).</param>
    /// <param name="source" example="invesco">Holdings source (default: the best snapshot).</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<ConcentrationResponse>, ProblemHttpResult, ValidationProblem>> GetConcentrationAsync(
        string symbol, DateOnly? asOf, string? source, EtfDataReadDbContext db, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var normalised = errors.Symbol(symbol);
        AnalyticsSnapshots.Source(errors, source);
        if (errors.Any)
        {
            return errors.Problem();
        }

        if (await EtfLookup.FindAsync(db, normalised, cancellationToken) is null)
        {
            return EtfLookup.NotFound(normalised!);
        }

        var loaded = await AnalyticsSnapshots.LoadAsync(db, normalised!, asOf, source, cancellationToken);
        if (loaded is null)
        {
            return AnalyticsSnapshots.NoHoldings(normalised!, source, asOf);
        }

        var result = SnapshotConcentration.Of(loaded.Positions, loaded.Snapshot.Coverage);
        return TypedResults.Ok(new ConcentrationResponse(
            normalised!, loaded.Describe(result.Note), result.Top10Weight, result.Hhi, result.EffectiveHoldings, result.Count, result.Note));
    }
}
