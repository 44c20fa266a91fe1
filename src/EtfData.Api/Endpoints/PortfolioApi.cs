using System.Globalization;
using System.Text.Json;
using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Domain.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EtfData.Api.Endpoints;

/// <summary>A fund of the looked-through portfolio.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Weight">Its share of the portfolio, as given.</param>
/// <param name="Snapshot">The holdings snapshot it was looked through with.</param>
public sealed record LookThroughFundRow(string Symbol, decimal Weight, AnalyticsSnapshot Snapshot);

/// <summary>A security of the looked-through portfolio.</summary>
/// <param name="SecurityId">The security index's id, when resolved.</param>
/// <param name="Ticker">Ticker.</param>
/// <param name="Name">Name as the first fund holding it gives it.</param>
/// <param name="Cusip">CUSIP (from any fund holding it).</param>
/// <param name="Isin">ISIN (from any fund holding it).</param>
/// <param name="Sector">Sector.</param>
/// <param name="Country">Country, ISO 3166 alpha-2.</param>
/// <param name="Weight"><c>Σ_fund w_fund × w_position</c>: the portfolio's weight in the security, a fraction.</param>
/// <param name="Via">The contributions as text, <c>SPY=0.0042;QQQ=0.0031</c> (for CSV).</param>
/// <param name="Contributions">Each fund's part: its position weight and <c>w_fund × w_position</c>.</param>
public sealed record LookThroughSecurityRow(
    long? SecurityId, string? Ticker, string Name, string? Cusip, string? Isin, string? Sector, string? Country, decimal Weight, string Via,
    IReadOnlyList<LookThroughContribution> Contributions)
{
    internal static LookThroughSecurityRow Of(LookThroughSecurity s) => new(
        s.Identity.SecurityId, s.Identity.Ticker, s.Identity.Name, s.Identity.Cusip, s.Identity.Isin, s.Identity.Sector, s.Identity.Country, s.Weight,
        string.Join(';', s.Contributions.Select(c => c.Symbol + "=" + c.Weight.ToString(CultureInfo.InvariantCulture))),
        s.Contributions);
}

/// <summary>What a portfolio of ETFs holds, looked through.</summary>
/// <param name="Funds">The funds, as given, with the snapshot each was read from.</param>
/// <param name="SecurityCount">Distinct securities reached.</param>
/// <param name="Returned">Securities in <c>securities</c> (fewer when <c>limit</c> cut them).</param>
/// <param name="Securities">Largest portfolio weight first.</param>
/// <param name="Sector">Portfolio weight by sector.</param>
/// <param name="Country">Portfolio weight by country.</param>
/// <param name="HiddenOverlapWeight">Σ combined weight of the securities reached through two or more funds.</param>
/// <param name="HiddenOverlap">Those securities, largest combined weight first (at most <c>limit</c>).</param>
/// <param name="Pairs">Overlap of every pair of funds.</param>
public sealed record LookThroughResponse(
    IReadOnlyList<LookThroughFundRow> Funds, int SecurityCount, int Returned, IReadOnlyList<LookThroughSecurityRow> Securities,
    ExposureBreakdown Sector, ExposureBreakdown Country, decimal HiddenOverlapWeight, IReadOnlyList<LookThroughSecurityRow> HiddenOverlap,
    IReadOnlyList<OverlapPair> Pairs) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Securities;
}

public static class PortfolioApi
{
    // Pairwise overlap is O(funds²) over snapshots of up to ~10k lines each; 20 like the overlap endpoint.
    public const int MaxFunds = 20;
    public const decimal WeightTolerance = 0.0001m;
    public const int DefaultLimit = 100;
    public const int MaxLimit = 100_000;

    private const string TopListNote = "Top list only: the look-through covers this fund's largest positions, not all of it.";

    public static IEndpointRouteBuilder MapPortfolioApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/portfolio").WithTags("Holdings analytics").WithCsv()
            .MapPost("/lookthrough", LookThroughAsync).WithName("LookThroughPortfolio")
            .Accepts<Dictionary<string, decimal>>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    /// <summary>
    /// Looks through a portfolio of ETFs: the weight in each security <c>Σ_fund w_fund × w_position</c> with each fund's
    /// contribution, the weight by sector and country, the hidden overlap (securities reached through two or more funds,
    /// with their combined weight) and the pairwise overlap of the funds. Body: <c>{"SPY":0.6,"AGG":0.4}</c> or
    /// <c>[{"symbol":"SPY","weight":0.6},{"symbol":"AGG","weight":0.4}]</c>; weights in (0, 1] summing to 1 ± 0.0001, at most 20 funds.
    /// 400 for a malformed body or weights (naming the sum), 404 naming an unknown ETF, 409 naming a fund without holdings.
    /// </summary>
    /// <param name="body">The portfolio: symbol → weight, or a list of <c>{symbol, weight}</c>.</param>
    /// <param name="limit" example="100">At most this many securities (and hidden-overlap securities), 1 to 100000 (default 100).</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<LookThroughResponse>, ProblemHttpResult, ValidationProblem>> LookThroughAsync(
        [FromBody] JsonElement body, int? limit, EtfDataReadDbContext db, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        errors.Between("limit", limit, 1, MaxLimit);
        var portfolio = Read(body, errors);
        if (!errors.Any)
        {
            if (portfolio.Count is 0 or > MaxFunds)
            {
                errors.Add("body", $"Give 1 to {MaxFunds} funds (got {portfolio.Count}).");
            }
            else if (portfolio.Sum(p => p.Weight) is var sum && Math.Abs(sum - 1m) > WeightTolerance)
            {
                errors.Add("body", $"The weights sum to {sum.ToString(CultureInfo.InvariantCulture)}; they must sum to 1 (± {WeightTolerance.ToString(CultureInfo.InvariantCulture)}).");
            }
        }

        if (errors.Any)
        {
            return errors.Problem();
        }

        var funds = new List<(LookThroughFund Fund, LoadedSnapshot Loaded)>();
        foreach (var (symbol, weight) in portfolio)
        {
            if (await EtfLookup.FindAsync(db, symbol, cancellationToken) is null)
            {
                return EtfLookup.NotFound(symbol);
            }

            if (await AnalyticsSnapshots.LoadAsync(db, symbol, null, null, cancellationToken) is not { } loaded)
            {
                return TypedResults.Problem(
                    title: "No holdings",
                    detail: $"{symbol} has no stored holdings snapshot, so it cannot be looked through.",
                    statusCode: StatusCodes.Status409Conflict);
            }

            funds.Add((new LookThroughFund(symbol, weight, loaded.Positions), loaded));
        }

        var result = LookThrough.Of([.. funds.Select(f => f.Fund)]);
        var take = limit ?? DefaultLimit;
        var top = funds.ToDictionary(f => f.Fund.Symbol, f => f.Loaded.Snapshot.Coverage == Domain.HoldingCoverage.Top, StringComparer.Ordinal);
        var securities = result.Securities.Take(take).Select(LookThroughSecurityRow.Of).ToList();
        return TypedResults.Ok(new LookThroughResponse(
            [.. funds.Select(f => new LookThroughFundRow(f.Fund.Symbol, f.Fund.Weight, f.Loaded.Describe(TopListNote)))],
            result.Securities.Count,
            securities.Count,
            securities,
            result.Sector,
            result.Country,
            result.HiddenOverlapWeight,
            [.. result.HiddenOverlap.Take(take).Select(LookThroughSecurityRow.Of)],
            [.. result.Pairs.Select(p => OverlapPair.Of(p.A, p.B, p.Overlap, top[p.A] || top[p.B]))]));
    }

    /// <summary>The (symbol, weight) pairs of either body form, in order; problems recorded under <c>body</c>.</summary>
    private static List<(string Symbol, decimal Weight)> Read(JsonElement body, QueryErrors errors)
    {
        try
        {
            return ReadPairs(body, errors);
        }
        catch (InvalidOperationException)
        {
            // A JsonElement decodes its strings only when read: invalid UTF-8 or a lone surrogate escape fails here.
            errors.Add("body", "The body holds text that is not valid Unicode (invalid UTF-8, or a lone surrogate escape such as \\uD800).");
            return [];
        }
    }

    private static List<(string Symbol, decimal Weight)> ReadPairs(JsonElement body, QueryErrors errors)
    {
        var entries = new List<(string Raw, JsonElement Weight)>();
        switch (body.ValueKind)
        {
            case JsonValueKind.Object:
                entries.AddRange(body.EnumerateObject().Select(p => (p.Name, p.Value)));
                break;
            case JsonValueKind.Array:
                foreach (var item in body.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object
                        && Property(item, "symbol") is { ValueKind: JsonValueKind.String } symbol
                        && Property(item, "weight") is { } weight)
                    {
                        entries.Add((symbol.GetString()!, weight));
                    }
                    else
                    {
                        errors.Add("body", "Each list item is {\"symbol\": \"SPY\", \"weight\": 0.6}.");
                        return [];
                    }
                }

                break;
            default:
                errors.Add("body", "The body is {\"SPY\": 0.6, \"AGG\": 0.4} or [{\"symbol\": \"SPY\", \"weight\": 0.6}, …].");
                return [];
        }

        var portfolio = new List<(string Symbol, decimal Weight)>();
        foreach (var (raw, weight) in entries)
        {
            if (errors.Symbol(raw, "body") is not { } symbol)
            {
                continue;
            }

            if (weight.ValueKind != JsonValueKind.Number || !weight.TryGetDecimal(out var value))
            {
                errors.Add("body", $"The weight of {symbol} must be a number, e.g. 0.6.");
            }
            else if (value is <= 0m or > 1m)
            {
                // Bounded before summing: weights that each fit a decimal could overflow the sum.
                errors.Add("body", $"The weight of {symbol} must be greater than 0 and at most 1 (got {value.ToString(CultureInfo.InvariantCulture)}).");
            }
            else if (portfolio.Any(p => p.Symbol == symbol))
            {
                errors.Add("body", $"{symbol} is named twice.");
            }
            else
            {
                portfolio.Add((symbol, value));
            }
        }

        return portfolio;
    }

    private static JsonElement? Property(JsonElement item, string name) =>
        item.EnumerateObject().Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault();
}
