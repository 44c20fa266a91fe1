using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace EtfData.Domain;

/// <summary>
/// The one stored form of a ticker: upper case, share classes joined with a dot (<c>BRK.B</c>).
/// Upstreams spell classes differently (Yahoo <c>BRK-B</c>, Nasdaq <c>BRK.B</c>, some feeds
/// <c>BRK/B</c> or <c>BRK B</c>); every source normalises through <see cref="TryNormalize"/>.
/// </summary>
public static partial class EtfSymbol
{
    /// <summary>Regex of a normalised symbol; the database's CHECK constraint on <c>etf.symbol</c> uses the same pattern.</summary>
    public const string Pattern = "^[A-Z0-9]{1,10}(\\.[A-Z0-9]{1,4})?$";

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex NormalisedForm();

    /// <summary>Normalises <paramref name="raw"/>; false when it is not a plausible ticker.</summary>
    public static bool TryNormalize(string? raw, [NotNullWhen(true)] out string? symbol)
    {
        symbol = null;
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 16)
        {
            return false;
        }

        var candidate = raw.Trim().ToUpperInvariant().Replace('-', '.').Replace('/', '.').Replace(' ', '.');
        if (!NormalisedForm().IsMatch(candidate))
        {
            return false;
        }

        symbol = candidate;
        return true;
    }

    /// <summary>
    /// Normalises every one of <paramref name="raw"/>, in order; false at the first that is not a
    /// plausible ticker, with <paramref name="problem"/> naming it.
    /// </summary>
    public static bool TryNormalizeAll(IEnumerable<string> raw, out List<string> symbols, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(raw);
        symbols = [];
        problem = null;
        foreach (var one in raw)
        {
            if (!TryNormalize(one, out var symbol))
            {
                problem = $"'{one}' is not a valid symbol.";
                return false;
            }

            symbols.Add(symbol);
        }

        return true;
    }

    /// <summary>The form Yahoo Finance expects in a URL path: share classes with a dash (<c>BRK-B</c>).</summary>
    public static string ToYahoo(string symbol) => symbol.Replace('.', '-');
}
