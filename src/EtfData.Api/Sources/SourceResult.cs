using System.Diagnostics.CodeAnalysis;

namespace EtfData.Api.Sources;

/// <summary>
/// What a source client hands back. An upstream's bad day is a value, not an exception: callers
/// switch over the four cases and record the outcome per symbol. Only cancellation is thrown.
/// </summary>
/// <typeparam name="T">The parsed domain payload.</typeparam>
public abstract record SourceResult<T>
{
    private SourceResult()
    {
    }

    /// <summary>The upstream answered and the payload parsed.</summary>
    public sealed record Data(T Value) : SourceResult<T>;

    /// <summary>The upstream says the symbol does not exist (or has no data at all).</summary>
    public sealed record NotFound(string Detail) : SourceResult<T>;

    /// <summary>The upstream could not be reached or kept failing after the retries; try again later.</summary>
    public sealed record Unavailable(string Reason) : SourceResult<T>;

    /// <summary>The upstream answered, but with something that is not a valid payload; <see cref="Reason"/> says what.</summary>
    public sealed record Invalid(string Reason) : SourceResult<T>;

    /// <summary>True and the value for <see cref="Data"/>.</summary>
    public bool TryGetData([MaybeNullWhen(false)] out T value)
    {
        if (this is Data data)
        {
            value = data.Value;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The same outcome with the data (if any) transformed.</summary>
    public SourceResult<TOut> Map<TOut>(Func<T, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return this switch
        {
            Data data => new SourceResult<TOut>.Data(map(data.Value)),
            NotFound notFound => new SourceResult<TOut>.NotFound(notFound.Detail),
            Unavailable unavailable => new SourceResult<TOut>.Unavailable(unavailable.Reason),
            Invalid invalid => new SourceResult<TOut>.Invalid(invalid.Reason),
            _ => throw new InvalidOperationException("Unknown source result " + GetType().Name),
        };
    }

    /// <summary>This non-data outcome as a result of another type (the data case has no such conversion).</summary>
    public SourceResult<TOut> AsFailure<TOut>() => this switch
    {
        NotFound notFound => new SourceResult<TOut>.NotFound(notFound.Detail),
        Unavailable unavailable => new SourceResult<TOut>.Unavailable(unavailable.Reason),
        Invalid invalid => new SourceResult<TOut>.Invalid(invalid.Reason),
        _ => throw new InvalidOperationException("A data result has no failure to pass on"),
    };

    /// <summary>One line for logs and the ingestion run record.</summary>
    public string Describe() => this switch
    {
        Data => "data",
        NotFound notFound => "not found: " + notFound.Detail,
        Unavailable unavailable => "upstream unavailable: " + unavailable.Reason,
        Invalid invalid => "payload invalid: " + invalid.Reason,
        _ => GetType().Name,
    };
}
