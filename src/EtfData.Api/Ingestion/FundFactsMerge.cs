using System.Text.Json;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Ingestion;

/// <summary>
/// Merges one source's descriptive facts into an <see cref="Etf"/> under <see cref="FundFacts"/> precedence, recording
/// in <see cref="Etf.FieldSources"/> which source set each field. A field with a value but no recorded source predates
/// the record; only Yahoo's fund snapshot wrote these fields then, so it counts as Yahoo's.
/// </summary>
public sealed class FundFactsMerge
{
    public const string IssuerField = "issuer";
    public const string CategoryField = "category";
    public const string ExpenseRatioField = "expense_ratio";
    public const string InceptionDateField = "inception_date";
    public const string StructureField = "structure";
    public const string IndexTrackedField = "index_tracked";

    private readonly SortedDictionary<string, string> _sources;
    private readonly SortedDictionary<string, string> _original;
    private Etf _result;
    private bool _valueChanged;

    public FundFactsMerge(Etf etf, string source)
    {
        ArgumentNullException.ThrowIfNull(etf);
        _result = etf;
        Source = source;
        _original = Parse(etf.FieldSources);
        _sources = new SortedDictionary<string, string>(_original, StringComparer.Ordinal);
    }

    public string Source { get; }

    /// <summary>
    /// The fund's <c>etf</c> row, locked (<c>FOR UPDATE</c>) until the caller's transaction ends: every merge reads,
    /// merges and writes the whole row and its <c>field_sources</c>, so two jobs merging at once must not both read
    /// the row before either writes it (the later write would drop the earlier one's fields).
    /// </summary>
    public static async Task<Etf> LoadForUpdateAsync(EtfDataDbContext db, string symbol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Etfs.FromSql($"SELECT * FROM etf WHERE symbol = {symbol} FOR UPDATE").ToListAsync(cancellationToken);
        return rows.Single();
    }

    /// <summary>The fund with every offered value the precedence allowed.</summary>
    public Etf Result => _result with { FieldSources = JsonSerializer.Serialize(_sources) };

    /// <summary>Fields the source was not allowed to set, with the source that holds them.</summary>
    public List<string> Refused { get; } = [];

    /// <summary>True when a field value or its recorded source changed.</summary>
    public bool Changed => _valueChanged || !_sources.SequenceEqual(_original);

    /// <summary>Offers <paramref name="value"/> for <paramref name="field"/>; null offers nothing.</summary>
    public void Offer<T>(string field, T? value, Func<Etf, T?> get, Func<Etf, T?, Etf> set)
    {
        ArgumentNullException.ThrowIfNull(get);
        ArgumentNullException.ThrowIfNull(set);
        if (value is null)
        {
            return;
        }

        var current = get(_result);
        var holder = _sources.GetValueOrDefault(field) ?? (current is null ? null : FundFacts.Yahoo);
        if (!FundFacts.MayOverwrite(Source, holder))
        {
            if (!EqualityComparer<T?>.Default.Equals(current, value))
            {
                Refused.Add($"{field} (kept {holder}'s)");
            }

            return;
        }

        _valueChanged |= !EqualityComparer<T?>.Default.Equals(current, value);
        _result = set(_result, value);
        _sources[field] = Source;
    }

    private static SortedDictionary<string, string> Parse(string json)
    {
        var parsed = string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        return new SortedDictionary<string, string>(parsed ?? [], StringComparer.Ordinal);
    }
}
