using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Domain.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EtfData.Api.Endpoints;

/// <summary>Overlap of two funds.</summary>
/// <param name="A">First fund (request order).</param>
/// <param name="B">Second fund.</param>
/// <param name="ByWeight"><c>Σ min(w_A, w_B)</c> over the common holdings, a fraction (symmetric).</param>
/// <param name="ByCountOfA">Common holdings / positions of A: the share of A's positions B also holds.</param>
/// <param name="ByCountOfB">Common holdings / positions of B.</param>
/// <param name="CommonCount">Securities both hold.</param>
/// <param name="TopListInvolved">True when either fund is known only by a top list: the overlap understates.</param>
public sealed record OverlapPair(string A, string B, decimal ByWeight, decimal? ByCountOfA, decimal? ByCountOfB, int CommonCount, bool TopListInvolved)
{
    internal static OverlapPair Of(string a, string b, OverlapResult overlap, bool topListInvolved) =>
        new(a, b, overlap.ByWeight, overlap.ByCountOfA, overlap.ByCountOfB, overlap.Common.Count, topListInvolved);
}

/// <summary>A security two funds both hold.</summary>
/// <param name="SecurityId">The security index's id, when resolved.</param>
/// <param name="Ticker">Ticker (fund A's, else fund B's).</param>
/// <param name="Name">Name as fund A gives it.</param>
/// <param name="Cusip">CUSIP (A's, else B's).</param>
/// <param name="Isin">ISIN (A's, else B's).</param>
/// <param name="MatchedOn">The identifier that matched the two positions: <c>security</c>, <c>cusip</c>, <c>isin</c>, <c>ticker</c> or <c>name</c>.</param>
/// <param name="WeightA">Weight in fund A, a fraction.</param>
/// <param name="WeightB">Weight in fund B, a fraction.</param>
/// <param name="MinWeight"><c>min(WeightA, WeightB)</c>: this security's part of the overlap by weight.</param>
public sealed record OverlapCommonRow(
    long? SecurityId, string? Ticker, string Name, string? Cusip, string? Isin, HoldingMatch MatchedOn, decimal? WeightA, decimal? WeightB, decimal MinWeight);

/// <summary>Pairwise overlap of more than two funds; rows and columns in request order.</summary>
/// <param name="Symbols">Row and column order.</param>
/// <param name="ByWeight"><c>ByWeight[i][j]</c> = overlap by weight of funds i and j (symmetric); null on the diagonal.</param>
/// <param name="ByCount"><c>ByCount[i][j]</c> = share of fund i's positions that fund j also holds; null on the diagonal.</param>
public sealed record OverlapMatrix(IReadOnlyList<string> Symbols, IReadOnlyList<IReadOnlyList<decimal?>> ByWeight, IReadOnlyList<IReadOnlyList<decimal?>> ByCount);

/// <summary>How much funds hold in common.</summary>
/// <param name="Funds">Each fund's snapshot (source, as-of, coverage), in request order.</param>
/// <param name="Pairs">Every pair, in request order (A before B).</param>
/// <param name="Common">Two funds only: the securities both hold, largest <c>min(w_A, w_B)</c> first (at most <c>limit</c>); null for more funds.</param>
/// <param name="Matrix">More than two funds: the overlap matrix; null for two.</param>
public sealed record OverlapResponse(
    IReadOnlyList<AnalyticsSnapshot> Funds, IReadOnlyList<OverlapPair> Pairs, IReadOnlyList<OverlapCommonRow>? Common, OverlapMatrix? Matrix) : ICsvExport
{
    // Two funds: the common holdings; more: one row per pair.
    public IEnumerable<object> CsvRows() => Common is { } common ? common : Pairs;
}

public static class OverlapApi
{
    public const int MinSymbols = 2;
    public const int MaxSymbols = 20;
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100_000;

    internal const string TopListNote = "Top list only: overlap computed on the largest positions understates the real overlap.";

    public static IEndpointRouteBuilder MapOverlapApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/overlap").WithTags("Holdings analytics").WithCsv().ProducesProblem(StatusCodes.Status404NotFound)
            .MapGet("/", GetOverlapAsync).WithName("GetOverlap");
        return routes;
    }

    /// <summary>
    /// Overlap of 2 to 20 ETFs, on each fund's best holdings snapshot: for every pair by weight <c>Σ min(w_A, w_B)</c> and
    /// by count (common / positions of A, common / positions of B). For two funds, the common holdings with both weights;
    /// for more, the matrix in request order. Positions are matched by security id, else CUSIP, ISIN, ticker, name.
    /// A fund known only by a top list is labelled: the overlap then understates. 404 names an unknown ETF or one without holdings.
    /// </summary>
    /// <param name="symbols" example="SPY,QQQ">2 to 20 distinct tickers, comma-separated.</param>
    /// <param name="limit" example="25">Two funds: at most this many common holdings, 1 to 100000 (default 50).</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<OverlapResponse>, ProblemHttpResult, ValidationProblem>> GetOverlapAsync(
        string? symbols, int? limit, EtfDataReadDbContext db, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        errors.Between("limit", limit, 1, MaxLimit);
        var requested = new List<string>();
        foreach (var raw in (symbols ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (errors.Symbol(raw, "symbols") is { } symbol)
            {
                if (requested.Contains(symbol, StringComparer.Ordinal))
                {
                    errors.Add("symbols", $"{symbol} is named twice; give distinct symbols.");
                }
                else
                {
                    requested.Add(symbol);
                }
            }
        }

        if (requested.Count is < MinSymbols or > MaxSymbols && !errors.Any)
        {
            errors.Add("symbols", $"Give {MinSymbols} to {MaxSymbols} distinct symbols, e.g. SPY,QQQ (got {requested.Count}).");
        }

        if (errors.Any)
        {
            return errors.Problem();
        }

        // Every fund's snapshot and positions in one round trip.
        var funds = new List<LoadedSnapshot>(requested.Count);
        foreach (var fund in await HoldingSnapshots.LoadAsync(db, requested, null, null, byWeight: false, limit: null, cancellationToken))
        {
            if (!fund.Known)
            {
                return EtfLookup.NotFound(fund.Symbol);
            }

            if (fund.Snapshot is not { } snapshot)
            {
                return AnalyticsSnapshots.NoHoldings(fund.Symbol, null, null);
            }

            funds.Add(new LoadedSnapshot(snapshot, fund.Positions));
        }

        var n = funds.Count;
        var results = new OverlapResult?[n, n];
        var pairs = new List<OverlapPair>();
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var overlap = results[i, j] = Overlap.Between(funds[i].Positions, funds[j].Positions);
                pairs.Add(OverlapPair.Of(requested[i], requested[j], overlap, IsTop(funds[i]) || IsTop(funds[j])));
            }
        }

        List<OverlapCommonRow>? common = null;
        OverlapMatrix? matrix = null;
        if (n == 2)
        {
            common = [.. results[0, 1]!.Common.Take(limit ?? DefaultLimit).Select(c => new OverlapCommonRow(
                c.InA.SecurityId ?? c.InB.SecurityId, c.InA.Ticker ?? c.InB.Ticker, c.InA.Name, c.InA.Cusip ?? c.InB.Cusip, c.InA.Isin ?? c.InB.Isin,
                c.MatchedOn, c.WeightA, c.WeightB, c.MinWeight))];
        }
        else
        {
            var byWeight = new List<IReadOnlyList<decimal?>>();
            var byCount = new List<IReadOnlyList<decimal?>>();
            for (var i = 0; i < n; i++)
            {
                var weightRow = new decimal?[n];
                var countRow = new decimal?[n];
                for (var j = 0; j < n; j++)
                {
                    if (i < j)
                    {
                        weightRow[j] = results[i, j]!.ByWeight;
                        countRow[j] = results[i, j]!.ByCountOfA;
                    }
                    else if (i > j)
                    {
                        weightRow[j] = results[j, i]!.ByWeight;
                        countRow[j] = results[j, i]!.ByCountOfB;
                    }
                }

                byWeight.Add(weightRow);
                byCount.Add(countRow);
            }

            matrix = new OverlapMatrix(requested, byWeight, byCount);
        }

        return TypedResults.Ok(new OverlapResponse([.. funds.Select(f => f.Describe(TopListNote))], pairs, common, matrix));
    }

    private static bool IsTop(LoadedSnapshot fund) => fund.Snapshot.Coverage == Domain.HoldingCoverage.Top;
}
