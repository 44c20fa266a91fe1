namespace EtfData.FakeUpstream.Control;

/// <summary>
/// Symbols whose page or file a source serves in a drifted layout: iShares renames header columns, SPDR drops the
/// header row, Invesco renames its weight column, Schwab renames the holdings container, etfdb leaves the fund
/// profile block out. Set from tests (<see cref="Drift"/>) or over HTTP (<see cref="ControlRoutes.DriftPath"/>).
/// </summary>
public sealed class LayoutDrift
{
    public const string IShares = "ishares";
    public const string Spdr = "spdr";
    public const string Invesco = "invesco";
    public const string Schwab = "schwab";
    public const string Etfdb = "etfdb";

    public static IReadOnlyList<string> Sources { get; } = [IShares, Spdr, Invesco, Schwab, Etfdb];

    private readonly Lock _lock = new();
    private readonly HashSet<(string Source, string Symbol)> _drifted = [];

    /// <summary>Serves <paramref name="symbol"/> from <paramref name="source"/> drifted until <see cref="Restore"/>.</summary>
    public void Drift(string source, string symbol)
    {
        var key = Key(source, symbol);
        lock (_lock)
        {
            _drifted.Add(key);
        }
    }

    public void Restore(string source, string symbol)
    {
        var key = Key(source, symbol);
        lock (_lock)
        {
            _drifted.Remove(key);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _drifted.Clear();
        }
    }

    public bool IsDrifted(string source, string symbol)
    {
        var key = Key(source, symbol);
        lock (_lock)
        {
            return _drifted.Contains(key);
        }
    }

    /// <summary>Every drifted (source, symbol), sorted.</summary>
    public IReadOnlyList<(string Source, string Symbol)> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _drifted.OrderBy(d => d.Source, StringComparer.Ordinal).ThenBy(d => d.Symbol, StringComparer.Ordinal)];
            }
        }
    }

    private static (string, string) Key(string source, string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var normalized = source.Trim().ToLowerInvariant();
        if (!Sources.Contains(normalized))
        {
            throw new ArgumentOutOfRangeException(nameof(source), source, "Known sources: " + string.Join(", ", Sources));
        }

        return (normalized, symbol.Trim().ToUpperInvariant());
    }
}
