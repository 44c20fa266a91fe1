using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Endpoints;

/// <summary>Collects the problems of a request's parameters, each under the parameter's name.</summary>
public sealed class QueryErrors
{
    public const int MaxRangeYears = 50;

    // Created on the first problem: most requests have none, and this runs on every read.
    private Dictionary<string, List<string>>? errors;

    public bool Any => errors is { Count: > 0 };

    public void Add(string parameter, string message)
    {
        errors ??= [];
        if (!errors.TryGetValue(parameter, out var list))
        {
            errors[parameter] = list = [];
        }

        list.Add(message);
    }

    /// <summary>Checks a symbol's form; returns the normalised symbol or null (and records why).</summary>
    public string? Symbol(string raw, string parameter = "symbol")
    {
        if (EtfSymbol.TryNormalize(raw, out var symbol))
        {
            return symbol;
        }

        Add(parameter, $"'{raw}' is not a symbol: 1-10 letters or digits, optionally a class suffix such as BRK.B.");
        return null;
    }

    /// <summary>A date range must be ordered and at most 50 years long.</summary>
    public void Range(DateOnly? from, DateOnly? to)
    {
        if (from is { } f && to is { } t)
        {
            if (f > t)
            {
                Add("from", "from must not be after to.");
            }
            // Before year 51 the span cannot exceed 50 years, and AddYears(-50) would throw.
            else if (t.Year > MaxRangeYears && f < t.AddYears(-MaxRangeYears))
            {
                Add("from", $"The range may span at most {MaxRangeYears} years.");
            }
        }
    }

    public void Between(string parameter, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            Add(parameter, $"{parameter} must be between {min} and {max}.");
        }
    }

    public void OneOf(string parameter, string? value, IReadOnlyCollection<string> allowed)
    {
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            Add(parameter, $"{parameter} must be one of: {string.Join(", ", allowed)}.");
        }
    }

    public ValidationProblem Problem() =>
        TypedResults.ValidationProblem((errors ?? []).ToDictionary(e => e.Key, e => e.Value.ToArray()));
}

/// <summary>Finding the ETF a path names: 400 for a malformed symbol, 404 for an unknown one.</summary>
public static class EtfLookup
{
    public static ProblemHttpResult NotFound(string symbol) =>
        TypedResults.Problem(
            title: "ETF not found",
            detail: $"No ETF with symbol {symbol} is known.",
            statusCode: StatusCodes.Status404NotFound);

    /// <summary>The stored ETF, or null when there is none (or the symbol was malformed and is null).</summary>
    public static async Task<Etf?> FindAsync(EtfDataDbContext db, string? symbol, CancellationToken cancellationToken) =>
        symbol is null ? null : await db.Etfs.AsNoTracking().SingleOrDefaultAsync(e => e.Symbol == symbol, cancellationToken);
}
