using System.Globalization;
using System.Text;
using EtfData.Domain;

namespace EtfData.Api.Sources.Nasdaq;

/// <summary>
/// Parses Nasdaq Trader's <c>nasdaqtraded.txt</c> (sources.md §8): pipe-delimited, a header row, one
/// row per security and a trailer <c>File Creation Time: mmddyyyyhh:mm|…</c>. Columns are found by
/// header name, so <c>otherlisted.txt</c> (which has <c>Exchange</c> instead of <c>Listing Exchange</c>)
/// parses too.
/// </summary>
/// <remarks>
/// The result replaces the stored universe (an ETF missing from it becomes inactive), so anything that
/// may be a partial or foreign file is <see cref="SourceResult{T}.Invalid"/>: an HTML page (what a
/// blocked client gets, with status 200), a wrong header, a file without its trailer (cut short), or a
/// file without a single ETF.
/// </remarks>
public static class NasdaqSymbolDirectoryParser
{
    public const string TrailerPrefix = "File Creation Time:";

    private static readonly TimeZoneInfo Eastern = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>Listing exchange codes as Nasdaq Trader's field definitions name them.</summary>
    public static string ExchangeName(string code) => code switch
    {
        "Q" => "Nasdaq",
        "N" => "NYSE",
        "P" => "NYSE Arca",
        "A" => "NYSE American",
        "Z" => "Cboe BZX",
        "V" => "IEX",
        _ => code,
    };

    public static SourceResult<SymbolDirectory> Parse(ReadOnlyMemory<byte> utf8)
    {
        var span = utf8.Span;
        if (span.StartsWith("\uFEFF"u8))
        {
            span = span[3..];
        }

        return Parse(Encoding.UTF8.GetString(span));
    }

    public static SourceResult<SymbolDirectory> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.IsEmpty)
        {
            return Invalid("empty body");
        }

        if (trimmed[0] == '<')
        {
            return Invalid("HTML or XML instead of the symbol directory, starting " + Preview(trimmed));
        }

        var lines = text.TrimStart('\uFEFF').Split('\n');
        var header = lines[0].TrimEnd('\r').Split('|').Select(h => h.Trim()).ToArray();
        var columns = Columns.Find(header);
        if (columns is null)
        {
            return Invalid("unexpected header " + Preview(lines[0].TrimEnd('\r')) + "; expected Symbol, Security Name, Listing Exchange, ETF and Test Issue columns");
        }

        var etfs = new List<ListedEtf>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int dataRows = 0, testIssues = 0, unsupported = 0, nonEtf = 0, blankFlag = 0, malformed = 0, duplicates = 0;
        DateTimeOffset? createdAt = null;
        var trailerFound = false;

        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith(TrailerPrefix, StringComparison.Ordinal))
            {
                trailerFound = true;
                createdAt = ParseCreationTime(line);
                break;
            }

            dataRows++;
            var fields = line.Split('|');
            if (fields.Length != header.Length)
            {
                malformed++;
                continue;
            }

            if (fields[columns.TestIssue].Trim() == "Y")
            {
                testIssues++;
                continue;
            }

            if (!TryNormalizeListedSymbol(columns.SymbolOf(fields), out var symbol))
            {
                unsupported++;
                continue;
            }

            switch (fields[columns.Etf].Trim())
            {
                case "Y":
                    break;
                case "N":
                    nonEtf++;
                    continue;
                default:
                    blankFlag++;
                    continue;
            }

            if (!seen.Add(symbol))
            {
                duplicates++;
                continue;
            }

            etfs.Add(new ListedEtf(symbol, fields[columns.Name].Trim(), ExchangeName(fields[columns.Exchange].Trim())));
        }

        if (!trailerFound)
        {
            return Invalid($"no '{TrailerPrefix}' trailer after {dataRows} rows; the file looks cut short");
        }

        if (etfs.Count == 0)
        {
            return Invalid($"no ETF rows among {dataRows} rows");
        }

        etfs.Sort((a, b) => string.CompareOrdinal(a.Symbol, b.Symbol));
        return new SourceResult<SymbolDirectory>.Data(new SymbolDirectory(
            etfs,
            createdAt,
            new SymbolDirectoryDiagnostics(dataRows, testIssues, unsupported, nonEtf, blankFlag, malformed, duplicates)));
    }

    /// <summary>
    /// Accepts only letters and digits with at most one <c>.</c> class suffix (<c>BRK.B</c>). The NASDAQ
    /// Symbol column marks preferreds with <c>-</c> (<c>ABR-D</c>), warrants <c>+</c>, units <c>=</c>,
    /// rights <c>^</c>, and the Symbol column uses <c>$</c> for preferreds; <see cref="EtfSymbol.TryNormalize"/>
    /// would turn <c>ABR-D</c> into the class-share form <c>ABR.D</c>, so those are refused before normalising.
    /// </summary>
    internal static bool TryNormalizeListedSymbol(string raw, out string symbol)
    {
        symbol = "";
        var trimmed = raw.Trim();
        foreach (var c in trimmed)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '.'))
            {
                return false;
            }
        }

        if (!EtfSymbol.TryNormalize(trimmed, out var normalised))
        {
            return false;
        }

        symbol = normalised;
        return true;
    }

    /// <summary><c>File Creation Time: 0801202421:32|||||</c> → 2024-08-01 21:32 US Eastern.</summary>
    internal static DateTimeOffset? ParseCreationTime(string trailer)
    {
        var value = trailer[TrailerPrefix.Length..].Split('|')[0].Trim();
        if (!DateTime.TryParseExact(value, "MMddyyyyHH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        return new DateTimeOffset(local, Eastern.GetUtcOffset(local));
    }

    private static string Preview(ReadOnlySpan<char> text)
    {
        var head = text[..Math.Min(text.Length, 60)].ToString().ReplaceLineEndings(" ");
        return "'" + head + (text.Length > 60 ? "…" : "") + "'";
    }

    private static SourceResult<SymbolDirectory> Invalid(string reason) => new SourceResult<SymbolDirectory>.Invalid("nasdaq symbol directory: " + reason);

    private sealed record Columns(int Symbol, int? NasdaqSymbol, int Name, int Exchange, int Etf, int TestIssue)
    {
        /// <summary>The NASDAQ Symbol column's spelling, or the Symbol column's when that is empty.</summary>
        public string SymbolOf(string[] fields) =>
            NasdaqSymbol is { } index && fields[index].Trim() is { Length: > 0 } nasdaq ? nasdaq : fields[Symbol];

        public static Columns? Find(string[] header)
        {
            int? Index(params string[] names)
            {
                foreach (var name in names)
                {
                    var index = Array.IndexOf(header, name);
                    if (index >= 0)
                    {
                        return index;
                    }
                }

                return null;
            }

            var symbol = Index("Symbol", "ACT Symbol");
            var name = Index("Security Name");
            var exchange = Index("Listing Exchange", "Exchange");
            var etf = Index("ETF");
            var testIssue = Index("Test Issue");
            return symbol is null || name is null || exchange is null || etf is null || testIssue is null
                ? null
                : new Columns(symbol.Value, Index("NASDAQ Symbol"), name.Value, exchange.Value, etf.Value, testIssue.Value);
        }
    }
}
