using System.Globalization;

namespace EtfData.Api.Sources.Issuers;

/// <summary>
/// Parses an Invesco holdings CSV (sources.md §9): a header row, then one row per position carrying the
/// fund ticker and the holdings date (<c>MM/DD/YYYY</c>) on every row; <c>Holding Ticker</c> is padded
/// with trailing spaces, <c>Weight</c> is a percent.
/// </summary>
/// <remarks>
/// The file states neither shares outstanding nor NAV. <c>Security Identifier</c> is a CUSIP for US
/// holdings; a 12-character identifier with a country prefix is an ISIN; anything else (cash lines) is
/// kept as neither. A header without rows is
/// <see cref="SourceResult{T}.NotFound"/> (nothing published); rows for another fund or disagreeing on the
/// date are <see cref="SourceResult{T}.Invalid"/>.
/// </remarks>
public static class InvescoHoldingsParser
{
    // Every header name of the Invesco layout lives here.
    private const string DateFormat = "MM/dd/yyyy";

    private static readonly IssuerColumn[] Columns =
    [
        new("fund", true, "Fund Ticker"),
        new("identifier", true, "Security Identifier"),
        new("ticker", true, "Holding Ticker"),
        new("shares", true, "Shares/Par Value"),
        new("marketValue", true, "MarketValue"),
        new("weight", true, "Weight"),
        new("name", true, "Name"),
        new("assetClass", true, "Class of Shares"),
        new("sector", true, "Sector"),
        new("date", true, "Date"),
    ];

    public static SourceResult<IssuerHoldingsFile> Parse(string fundSymbol, ReadOnlyMemory<byte> utf8)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fundSymbol);
        var rows = IssuerCsv.TryReadRows(utf8, out var error);
        if (rows is null)
        {
            return Invalid(error!);
        }

        var headerIndex = rows.FindIndex(r => !IssuerValues.IsBlank(r));
        if (headerIndex < 0)
        {
            return Invalid("file is empty");
        }

        var map = IssuerColumnMap.TryCreate(rows[headerIndex], Columns, out var missing);
        if (map is null)
        {
            return Invalid($"line {(headerIndex + 1).ToString(CultureInfo.InvariantCulture)}: {IssuerColumnMap.Describe(missing)}");
        }

        DateOnly? asOf = null;
        var holdings = new List<IssuerHolding>();
        for (var r = headerIndex + 1; r < rows.Count && !IssuerValues.IsBlank(rows[r]); r++)
        {
            var row = rows[r];
            var line = (r + 1).ToString(CultureInfo.InvariantCulture);

            var fund = IssuerValues.Text(map.Raw(row, "fund"));
            if (!string.Equals(fund, fundSymbol, StringComparison.OrdinalIgnoreCase))
            {
                return Invalid($"line {line}: 'Fund Ticker' is '{fund}', not {fundSymbol}");
            }

            if (!IssuerValues.TryDate(map.Raw(row, "date"), DateFormat, out var date))
            {
                return Invalid($"line {line}: 'Date' value '{map.Raw(row, "date")}' is not a MM/DD/YYYY date");
            }

            if (asOf is not null && asOf != date)
            {
                return Invalid($"line {line}: 'Date' {date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} differs from the file's {asOf.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
            }

            asOf = date;

            var name = IssuerValues.Text(map.Raw(row, "name"));
            if (name is null)
            {
                return Invalid($"line {line}: holding without a name");
            }

            if (!IssuerValues.TryPercentAsFraction(map.Raw(row, "weight"), out var weight))
            {
                return Invalid($"line {line}: 'Weight' value '{map.Raw(row, "weight")}' is not a number");
            }

            if (!IssuerValues.TryNumber(map.Raw(row, "shares"), out var shares))
            {
                return Invalid($"line {line}: 'Shares/Par Value' value '{map.Raw(row, "shares")}' is not a number");
            }

            if (!IssuerValues.TryNumber(map.Raw(row, "marketValue"), out var marketValue))
            {
                return Invalid($"line {line}: 'MarketValue' value '{map.Raw(row, "marketValue")}' is not a number");
            }

            var identifier = IssuerValues.Text(map.Raw(row, "identifier"));
            var isIsin = identifier is { Length: 12 } && char.IsAsciiLetter(identifier[0]) && char.IsAsciiLetter(identifier[1])
                && identifier.All(char.IsAsciiLetterOrDigit);
            var isCusip = identifier is { Length: 9 } && identifier.All(char.IsAsciiLetterOrDigit);

            holdings.Add(new IssuerHolding(
                Position: holdings.Count + 1,
                Ticker: IssuerValues.Text(map.Raw(row, "ticker")),
                Name: name,
                Cusip: isCusip ? identifier : null,
                Isin: isIsin ? identifier : null,
                Sedol: null,
                Sector: IssuerValues.Text(map.Raw(row, "sector")),
                AssetClass: IssuerValues.Text(map.Raw(row, "assetClass")),
                Location: null,
                Exchange: null,
                Currency: null,
                Weight: weight,
                Shares: shares,
                MarketValue: marketValue,
                Price: null));
        }

        if (asOf is null)
        {
            return new SourceResult<IssuerHoldingsFile>.NotFound($"Invesco published no holdings rows for {fundSymbol}");
        }

        return new SourceResult<IssuerHoldingsFile>.Data(new IssuerHoldingsFile(
            FundSymbol: fundSymbol,
            FundName: null,
            AsOf: asOf.Value,
            SharesOutstanding: null,
            NavPerShare: null,
            NetAssetsUsd: null,
            Holdings: holdings));
    }

    private static SourceResult<IssuerHoldingsFile> Invalid(string reason) =>
        new SourceResult<IssuerHoldingsFile>.Invalid("Invesco holdings CSV: " + reason);
}
