using System.Globalization;
using System.Text;
using EtfData.FakeUpstream.Securities;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.FakeUpstream.Issuers;

/// <summary>
/// Invesco holdings CSVs in the real layout (sources.md §9): the header
/// <c>Fund Ticker,Security Identifier,Holding Ticker,Shares/Par Value,MarketValue,Weight,Name,Class of Shares,Sector,Date</c>,
/// then one row per position: the CUSIP as identifier, the holding ticker with a trailing space, shares and market value
/// quoted with thousands separators, the weight in percent to 3 decimals, the date <c>MM/DD/YYYY</c>; a cash row last.
/// A drifted fund's header says <c>Weight (%)</c>.
/// </summary>
/// <remarks>Positions are <see cref="FundPortfolio.Lines"/> of the as-of day (the latest session by the data clock), futures left out.</remarks>
public static class InvescoFiles
{
    public static byte[] File(FakeFund fund, FundDay day, bool drifted)
    {
        ArgumentNullException.ThrowIfNull(fund);
        ArgumentNullException.ThrowIfNull(day);
        var text = new StringBuilder();
        text.Append("Fund Ticker,Security Identifier,Holding Ticker,Shares/Par Value,MarketValue,")
            .Append(drifted ? "Weight (%)" : "Weight")
            .Append(",Name,Class of Shares,Sector,Date\n");
        var date = day.AsOf.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture);
        foreach (var line in FundPortfolio.Lines(day).Where(l => l.Kind == PortfolioLineKind.Security)
            .Concat(FundPortfolio.Lines(day).Where(l => l.Kind is PortfolioLineKind.Cash or PortfolioLineKind.MoneyMarket)))
        {
            var security = line.Security;
            text.Append(fund.Symbol).Append(',')
                .Append(security?.Cusip ?? "USD").Append(',')
                .Append(security is null ? "" : security.SlashTicker + " ").Append(',')
                .Append(Quoted(line.Quantity.ToString("N0", CultureInfo.InvariantCulture))).Append(',')
                .Append(Quoted(line.MarketValueUsd.ToString("N2", CultureInfo.InvariantCulture))).Append(',')
                .Append((line.Weight * 100).ToString("0.000", CultureInfo.InvariantCulture)).Append(',')
                .Append(Csv(security?.Name ?? (line.Kind == PortfolioLineKind.Cash ? "U.S. Dollar" : "Invesco Government & Agency Portfolio"))).Append(',')
                .Append(security is null ? (line.Kind == PortfolioLineKind.Cash ? "Currency" : "Money Market Fund") : "Common Stock").Append(',')
                .Append(security is null ? "" : Csv(security.Sector)).Append(',')
                .Append(date).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Quoted(string value) => "\"" + value + "\"";

    private static string Csv(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
        ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : value;
}
