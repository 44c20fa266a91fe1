using System.Globalization;
using System.Text;
using ExcelDataReader;
using ExcelDataReader.Exceptions;

namespace EtfData.Api.Sources.Issuers;

/// <summary>
/// Parses an SPDR (State Street) daily holdings workbook (sources.md §9): one sheet whose top rows are
/// <c>label:</c> / value pairs (<c>Fund Name:</c>, <c>Ticker Symbol:</c>, <c>Holdings:</c> <c>As of 30-Sep-2025</c>),
/// then the holdings table, then disclaimers after a blank row. The header row is found by its content,
/// not its position; weights are percents.
/// </summary>
public static class SpdrHoldingsParser
{
    // Every label and header name of the SPDR layout lives here.
    private const string FundNameLabel = "Fund Name:";
    private const string TickerLabel = "Ticker Symbol:";
    private const string AsOfLabel = "Holdings:";
    private const string SharesOutstandingLabel = "Shares Outstanding:";
    private const string AsOfPrefix = "As of ";
    private const string AsOfFormat = "dd-MMM-yyyy";

    /// <summary>The header row is the first row holding all of these cells.</summary>
    private static readonly string[] HeaderMarkers = ["Name", "Weight"];

    private static readonly IssuerColumn[] Columns =
    [
        new("name", true, "Name"),
        new("ticker", true, "Ticker"),
        new("cusip", true, "Identifier"),
        new("sedol", true, "SEDOL"),
        new("weight", true, "Weight"),
        new("sector", true, "Sector"),
        new("shares", true, "Shares Held"),
        new("currency", true, "Local Currency"),
    ];

    static SpdrHoldingsParser()
    {
        // ExcelDataReader's default configuration asks for Windows-1252 (its fallback for legacy files),
        // which .NET only has once the code-pages provider is registered; registering twice is harmless.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static SourceResult<IssuerHoldingsFile> Parse(string fundSymbol, ReadOnlyMemory<byte> xlsx)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fundSymbol);
        List<string?[]> rows;
        try
        {
            rows = ReadFirstSheet(xlsx);
        }
        catch (Exception ex) when (ex is InvalidDataException or ExcelReaderException or System.Xml.XmlException)
        {
            return Invalid("not a readable xlsx workbook: " + ex.Message);
        }

        var headerIndex = rows.FindIndex(row => HeaderMarkers.All(marker => row.Any(cell => IsText(cell, marker))));
        if (headerIndex < 0)
        {
            return Invalid("no header row with cells " + string.Join(", ", HeaderMarkers.Select(m => "'" + m + "'")));
        }

        var preamble = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows.Take(headerIndex))
        {
            var label = row.Length > 0 ? IssuerValues.Text(row[0]) : null;
            if (label is not null && label.EndsWith(':'))
            {
                preamble.TryAdd(label, row.Length > 1 ? row[1] : null);
            }
        }

        var ticker = IssuerValues.Text(preamble.GetValueOrDefault(TickerLabel));
        if (ticker is not null && !string.Equals(ticker, fundSymbol, StringComparison.OrdinalIgnoreCase))
        {
            return Invalid($"'{TickerLabel}' is '{ticker}', not {fundSymbol}");
        }

        if (!preamble.TryGetValue(AsOfLabel, out var asOfRaw))
        {
            return Invalid($"preamble lacks '{AsOfLabel}'");
        }

        var asOfText = IssuerValues.Text(asOfRaw);
        if (asOfText is null
            || !asOfText.StartsWith(AsOfPrefix, StringComparison.OrdinalIgnoreCase)
            || !IssuerValues.TryDate(asOfText[AsOfPrefix.Length..], AsOfFormat, out var asOf))
        {
            return Invalid($"'{AsOfLabel}' value '{asOfRaw}' is not like 'As of 30-Sep-2025'");
        }

        decimal? sharesOutstanding = null;
        if (preamble.TryGetValue(SharesOutstandingLabel, out var sharesRaw)
            && !IssuerValues.TryNumber(sharesRaw, out sharesOutstanding))
        {
            return Invalid($"'{SharesOutstandingLabel}' value '{sharesRaw}' is not a number");
        }

        var map = IssuerColumnMap.TryCreate(rows[headerIndex], Columns, out var missing);
        if (map is null)
        {
            return Invalid($"row {(headerIndex + 1).ToString(CultureInfo.InvariantCulture)}: {IssuerColumnMap.Describe(missing)}");
        }

        var holdings = new List<IssuerHolding>();
        for (var r = headerIndex + 1; r < rows.Count && !IssuerValues.IsBlank(rows[r]); r++)
        {
            var row = rows[r];
            var rowNumber = (r + 1).ToString(CultureInfo.InvariantCulture);
            var name = IssuerValues.Text(map.Raw(row, "name"));
            if (name is null)
            {
                return Invalid($"row {rowNumber}: holding without a name");
            }

            if (!IssuerValues.TryPercentAsFraction(map.Raw(row, "weight"), out var weight))
            {
                return Invalid($"row {rowNumber}: 'Weight' value '{map.Raw(row, "weight")}' is not a number");
            }

            if (!IssuerValues.TryNumber(map.Raw(row, "shares"), out var shares))
            {
                return Invalid($"row {rowNumber}: 'Shares Held' value '{map.Raw(row, "shares")}' is not a number");
            }

            holdings.Add(new IssuerHolding(
                Position: holdings.Count + 1,
                Ticker: IssuerValues.Text(map.Raw(row, "ticker")),
                Name: name,
                Cusip: IssuerValues.Text(map.Raw(row, "cusip")),
                Isin: null,
                Sedol: IssuerValues.Text(map.Raw(row, "sedol")),
                Sector: IssuerValues.Text(map.Raw(row, "sector")),
                AssetClass: null,
                Location: null,
                Exchange: null,
                Currency: IssuerValues.Text(map.Raw(row, "currency")),
                Weight: weight,
                Shares: shares,
                MarketValue: null,
                Price: null));
        }

        if (holdings.Count == 0)
        {
            return Invalid($"holdings dated {asOf.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} but no rows under the header");
        }

        return new SourceResult<IssuerHoldingsFile>.Data(new IssuerHoldingsFile(
            FundSymbol: fundSymbol,
            FundName: IssuerValues.Text(preamble.GetValueOrDefault(FundNameLabel)),
            AsOf: asOf.Value,
            SharesOutstanding: sharesOutstanding,
            NavPerShare: null,
            NetAssetsUsd: null,
            Holdings: holdings));
    }

    /// <summary>The first sheet's rows as invariant text; numeric cells print round-trip ("R") so decimals stay exact.</summary>
    private static List<string?[]> ReadFirstSheet(ReadOnlyMemory<byte> xlsx)
    {
        using var stream = new MemoryStream(xlsx.ToArray(), writable: false);
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.GetValue(i) switch
                {
                    null => null,
                    string text => text,
                    double number => number.ToString("R", CultureInfo.InvariantCulture),
                    IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
                    var other => other.ToString(),
                };
            }

            rows.Add(row);
        }

        return rows;
    }

    private static bool IsText(string? cell, string expected) =>
        string.Equals(cell?.Trim(), expected, StringComparison.OrdinalIgnoreCase);

    private static SourceResult<IssuerHoldingsFile> Invalid(string reason) =>
        new SourceResult<IssuerHoldingsFile>.Invalid("SPDR holdings xlsx: " + reason);
}
