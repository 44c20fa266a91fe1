using System.Text.Json;
using EtfData.Domain;

namespace EtfData.Api.Sources.Sec;

/// <summary>SEC's ticker maps: <c>company_tickers_mf.json</c> (columnar) and <c>company_tickers.json</c> (object of rows).</summary>
public static class SecTickerParser
{
    /// <summary>
    /// <c>{"fields":["cik","seriesId","classId","symbol"],"data":[[2110,"S000009184","C000024954","LACAX"],…]}</c>:
    /// columns found by name, <c>cik</c> a JSON number. Rows whose symbol is not a plausible ticker are skipped.
    /// </summary>
    public static SourceResult<IReadOnlyList<SecTickerEntry>> ParseFundTickers(ReadOnlyMemory<byte> utf8)
    {
        if (!JsonPayload.TryParse(utf8, out var document, out var error))
        {
            return new SourceResult<IReadOnlyList<SecTickerEntry>>.Invalid(error);
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array
                || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                return new SourceResult<IReadOnlyList<SecTickerEntry>>.Invalid("company_tickers_mf.json: expected an object with \"fields\" and \"data\" arrays");
            }

            var names = fields.EnumerateArray().Select(f => f.GetString()).ToList();
            int Column(string name) => names.IndexOf(name);
            var (cik, series, @class, symbol) = (Column("cik"), Column("seriesId"), Column("classId"), Column("symbol"));
            var missing = new[] { ("cik", cik), ("seriesId", series), ("classId", @class), ("symbol", symbol) }.Where(c => c.Item2 < 0).Select(c => c.Item1).ToList();
            if (missing.Count > 0)
            {
                return new SourceResult<IReadOnlyList<SecTickerEntry>>.Invalid("company_tickers_mf.json: fields lack " + string.Join(", ", missing));
            }

            var entries = new List<SecTickerEntry>();
            foreach (var row in data.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() < names.Count)
                {
                    continue;
                }

                if (ReadCik(row[cik]) is not { } rowCik || !EtfSymbol.TryNormalize(TextOf(row[symbol]), out var normalised))
                {
                    continue;
                }

                entries.Add(new SecTickerEntry(normalised, rowCik, Blank(TextOf(row[series])), Blank(TextOf(row[@class]))));
            }

            return new SourceResult<IReadOnlyList<SecTickerEntry>>.Data(entries);
        }
    }

    /// <summary><c>{"0":{"cik_str":884394,"ticker":"SPY","title":"SPDR S&amp;P 500 ETF TRUST"},…}</c>; dashed class tickers normalised (<c>BRK-B</c> → <c>BRK.B</c>).</summary>
    public static SourceResult<IReadOnlyList<SecTickerEntry>> ParseCompanyTickers(ReadOnlyMemory<byte> utf8)
    {
        if (!JsonPayload.TryParse(utf8, out var document, out var error))
        {
            return new SourceResult<IReadOnlyList<SecTickerEntry>>.Invalid(error);
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new SourceResult<IReadOnlyList<SecTickerEntry>>.Invalid("company_tickers.json: expected an object of rows");
            }

            var entries = new List<SecTickerEntry>();
            foreach (var property in root.EnumerateObject())
            {
                var row = property.Value;
                if (row.ValueKind != JsonValueKind.Object
                    || !row.TryGetProperty("cik_str", out var cikElement) || ReadCik(cikElement) is not { } cik
                    || !row.TryGetProperty("ticker", out var ticker) || !EtfSymbol.TryNormalize(TextOf(ticker), out var symbol))
                {
                    continue;
                }

                var title = row.TryGetProperty("title", out var t) ? Blank(TextOf(t)) : null;
                entries.Add(new SecTickerEntry(symbol, cik, null, null, title));
            }

            return new SourceResult<IReadOnlyList<SecTickerEntry>>.Data(entries);
        }
    }

    /// <summary>A CIK as a JSON number (as SEC serves it) or a digit string.</summary>
    internal static long? ReadCik(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetInt64(out var number) && number > 0 => number,
        JsonValueKind.String when long.TryParse(element.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > 0 => parsed,
        _ => null,
    };

    private static string? TextOf(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString() : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
