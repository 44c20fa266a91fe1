using System.Globalization;

namespace EtfData.Api.Sources.Issuers;

/// <summary>
/// Parses an iShares holdings CSV (sources.md §9): UTF-8 with a BOM, a preamble of <c>label,"value"</c>
/// lines (fund name, <c>Fund Holdings as of</c>, <c>Shares Outstanding</c>, …) ended by a line holding only a
/// non-breaking space, the header, one quoted row per position, then a blank line and the legal trailer.
/// </summary>
/// <remarks>
/// The file does not name its ticker, so the caller passes the fund it asked for. A day without data is a
/// 200 with the same template and <c>Fund Holdings as of,"-"</c>: that is <see cref="SourceResult{T}.NotFound"/>.
/// </remarks>
public static class ISharesHoldingsParser
{
    // Every label and header name of the iShares layout lives here.
    private const string AsOfLabel = "Fund Holdings as of";
    private const string SharesOutstandingLabel = "Shares Outstanding";
    private const string AsOfFormat = "MMM dd, yyyy";

    private static readonly IssuerColumn[] Columns =
    [
        new("ticker", true, "Ticker"),
        new("name", true, "Name"),
        new("sector", true, "Sector"),
        new("assetClass", true, "Asset Class"),
        new("marketValue", true, "Market Value"),
        new("weight", true, "Weight (%)"),
        new("shares", true, "Shares", "Quantity"),
        new("price", true, "Price"),
        new("location", true, "Location"),
        new("exchange", true, "Exchange"),
        new("currency", true, "Currency"),
        new("cusip", false, "CUSIP"),
        new("isin", false, "ISIN"),
        new("sedol", false, "SEDOL"),
    ];

    public static SourceResult<IssuerHoldingsFile> Parse(string fundSymbol, ReadOnlyMemory<byte> utf8)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fundSymbol);
        var rows = IssuerCsv.TryReadRows(utf8, out var error);
        if (rows is null)
        {
            return new SourceResult<IssuerHoldingsFile>.Invalid(error!);
        }

        if (rows.Count == 0 || IssuerValues.IsBlank(rows[0]))
        {
            return Invalid("file is empty");
        }

        // Preamble: everything up to the first blank line (the non-breaking-space line counts as blank).
        var fundName = IssuerValues.Text(rows[0][0]);
        var preamble = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var index = 1;
        for (; index < rows.Count && !IssuerValues.IsBlank(rows[index]); index++)
        {
            var row = rows[index];
            var label = row[0]?.Trim();
            if (!string.IsNullOrEmpty(label))
            {
                preamble.TryAdd(label, row.Length > 1 ? row[1] : null);
            }
        }

        if (!preamble.TryGetValue(AsOfLabel, out var asOfRaw))
        {
            return Invalid($"preamble lacks '{AsOfLabel}'");
        }

        if (IssuerValues.Text(asOfRaw) is null)
        {
            return new SourceResult<IssuerHoldingsFile>.NotFound(
                $"iShares has no holdings for {fundSymbol} on the requested date ('{AsOfLabel}' is '-')");
        }

        if (!IssuerValues.TryDate(asOfRaw, AsOfFormat, out var asOf))
        {
            return Invalid($"'{AsOfLabel}' value '{asOfRaw}' is not a date like 'Apr 06, 2023'");
        }

        decimal? sharesOutstanding = null;
        if (preamble.TryGetValue(SharesOutstandingLabel, out var sharesRaw)
            && !IssuerValues.TryNumber(sharesRaw, out sharesOutstanding))
        {
            return Invalid($"'{SharesOutstandingLabel}' value '{sharesRaw}' is not a number");
        }

        if (index >= rows.Count)
        {
            return Invalid("no blank line ends the preamble, so no header row was found");
        }

        if (index + 1 >= rows.Count)
        {
            return Invalid("header row not found after the preamble");
        }

        var headerRowNumber = index + 2;
        var header = rows[index + 1];

        var map = IssuerColumnMap.TryCreate(header, Columns, out var missing);
        if (map is null)
        {
            return Invalid($"line {headerRowNumber.ToString(CultureInfo.InvariantCulture)}: {IssuerColumnMap.Describe(missing)}");
        }

        var holdings = new List<IssuerHolding>();
        for (var r = index + 2; r < rows.Count && !IssuerValues.IsBlank(rows[r]); r++)
        {
            var row = rows[r];
            var line = (r + 1).ToString(CultureInfo.InvariantCulture);
            var name = IssuerValues.Text(map.Raw(row, "name"));
            if (name is null)
            {
                return Invalid($"line {line}: holding without a name");
            }

            if (!IssuerValues.TryPercentAsFraction(map.Raw(row, "weight"), out var weight))
            {
                return Invalid($"line {line}: 'Weight (%)' value '{map.Raw(row, "weight")}' is not a number");
            }

            if (!IssuerValues.TryNumber(map.Raw(row, "shares"), out var shares))
            {
                return Invalid($"line {line}: 'Shares' value '{map.Raw(row, "shares")}' is not a number");
            }

            if (!IssuerValues.TryNumber(map.Raw(row, "marketValue"), out var marketValue))
            {
                return Invalid($"line {line}: 'Market Value' value '{map.Raw(row, "marketValue")}' is not a number");
            }

            if (!IssuerValues.TryNumber(map.Raw(row, "price"), out var price))
            {
                return Invalid($"line {line}: 'Price' value '{map.Raw(row, "price")}' is not a number");
            }

            holdings.Add(new IssuerHolding(
                Position: holdings.Count + 1,
                Ticker: IssuerValues.Text(map.Raw(row, "ticker")),
                Name: name,
                Cusip: IssuerValues.Text(map.Raw(row, "cusip")),
                Isin: IssuerValues.Text(map.Raw(row, "isin")),
                Sedol: IssuerValues.Text(map.Raw(row, "sedol")),
                Sector: IssuerValues.Text(map.Raw(row, "sector")),
                AssetClass: IssuerValues.Text(map.Raw(row, "assetClass")),
                Location: IssuerValues.Text(map.Raw(row, "location")),
                Exchange: IssuerValues.Text(map.Raw(row, "exchange")),
                Currency: IssuerValues.Text(map.Raw(row, "currency")),
                Weight: weight,
                Shares: shares,
                MarketValue: marketValue,
                Price: price));
        }

        if (holdings.Count == 0)
        {
            return Invalid($"holdings dated {asOf.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} but no rows under the header");
        }

        return new SourceResult<IssuerHoldingsFile>.Data(new IssuerHoldingsFile(
            FundSymbol: fundSymbol,
            FundName: fundName,
            AsOf: asOf.Value,
            SharesOutstanding: sharesOutstanding,
            NavPerShare: null,
            NetAssetsUsd: null,
            Holdings: holdings));
    }

    private static SourceResult<IssuerHoldingsFile> Invalid(string reason) =>
        new SourceResult<IssuerHoldingsFile>.Invalid("iShares holdings CSV: " + reason);
}
