namespace EtfData.Api.Sources.Issuers;

/// <summary>A column a parser reads, with the header spellings the issuer uses for it.</summary>
/// <param name="Key">The parser's own name for the column.</param>
/// <param name="Required">Whether a header without it means the layout drifted.</param>
/// <param name="HeaderNames">Accepted header texts, matched case-insensitively after trimming.</param>
internal sealed record IssuerColumn(string Key, bool Required, params string[] HeaderNames);

/// <summary>Column positions resolved from a header row by name, never by position.</summary>
internal sealed class IssuerColumnMap
{
    private readonly Dictionary<string, int> _indexByKey;

    private IssuerColumnMap(Dictionary<string, int> indexByKey) => _indexByKey = indexByKey;

    /// <summary>The map, or the names of the required columns the header lacks.</summary>
    public static IssuerColumnMap? TryCreate(
        IReadOnlyList<string?> header, IReadOnlyList<IssuerColumn> columns, out IReadOnlyList<string> missing)
    {
        var indexByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var absent = new List<string>();
        foreach (var column in columns)
        {
            var index = -1;
            for (var i = 0; i < header.Count && index < 0; i++)
            {
                var text = header[i]?.Trim(' ', '\t', '\u00A0');
                if (text is not null && column.HeaderNames.Any(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)))
                {
                    index = i;
                }
            }

            if (index >= 0)
            {
                indexByKey[column.Key] = index;
            }
            else if (column.Required)
            {
                absent.Add(string.Join(" / ", column.HeaderNames));
            }
        }

        missing = absent;
        return absent.Count == 0 ? new IssuerColumnMap(indexByKey) : null;
    }

    /// <summary>True when the header carried the column.</summary>
    public bool Has(string key) => _indexByKey.ContainsKey(key);

    /// <summary>The raw cell of the column in a row, or null when the column or the cell is absent.</summary>
    public string? Raw(IReadOnlyList<string?> row, string key) =>
        _indexByKey.TryGetValue(key, out var index) && index < row.Count ? row[index] : null;

    public static string Describe(IReadOnlyList<string> missing) =>
        "header row lacks column" + (missing.Count == 1 ? " " : "s ") + string.Join(", ", missing.Select(m => "'" + m + "'"));
}
