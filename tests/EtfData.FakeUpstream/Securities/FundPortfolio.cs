using EtfData.Domain;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.FakeUpstream.Securities;

/// <summary>A fund on one trading day as the Yahoo dataset has it: shares outstanding (whole shares) and NAV per share (cents).</summary>
/// <param name="Fund">The fund.</param>
/// <param name="AsOf">The trading day.</param>
/// <param name="SharesOutstanding">The day's bar's shares outstanding rounded to whole shares, as Yahoo serves them that day.</param>
/// <param name="NavPerShare">The day's NAV (the last served NAV on or before the day when Yahoo serves the day as a null row).</param>
public sealed record FundDay(FakeFund Fund, DateOnly AsOf, decimal SharesOutstanding, decimal NavPerShare)
{
    /// <summary>SharesOutstanding × NavPerShare, to the cent.</summary>
    public decimal NetAssetsUsd => Math.Round(SharesOutstanding * NavPerShare, 2);

    /// <summary>
    /// The fund on <paramref name="date"/> from the history through that day (so in that day's share units), or null
    /// when the day has no bar: not a trading day, before the fund's first bar, or a fund with no bar that day.
    /// </summary>
    public static FundDay? On(YahooDataset dataset, FakeFund fund, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(fund);
        if (!NyseCalendar.IsTradingDay(date) || date < YahooDataset.HistoryStart)
        {
            return null;
        }

        // A history through the year's end (cached once per fund and year, not once per asked day) has the same bars up
        // to the day, unless a split falls in between: its units would then be after the split, so read that year
        // through the day itself.
        var through = new DateOnly(date.Year, 12, 31);
        if (fund.Splits.Any(s => s.Date > date && s.Date <= through))
        {
            through = date;
        }

        var bars = dataset.History(fund, through).Bars;
        var index = LastOnOrBefore(bars, date);
        if (index < 0 || bars[index].Date != date)
        {
            return null;
        }

        var navIndex = index;
        while (navIndex >= 0 && bars[navIndex].IsNullRow)
        {
            navIndex--;
        }

        if (navIndex < 0)
        {
            return null;
        }

        // Math.Round on the double, as the fake Yahoo rounds the shares it serves.
        return new FundDay(fund, date, (decimal)Math.Round(bars[index].SharesOutstanding), Math.Round((decimal)bars[navIndex].Nav, 2));
    }

    private static int LastOnOrBefore(IReadOnlyList<FakeBar> bars, DateOnly date)
    {
        int low = 0, high = bars.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (bars[middle].Date <= date)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }

    /// <summary>The latest trading day on or before the New York date of <paramref name="clock"/>.</summary>
    public static DateOnly LatestSession(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), YahooFake.NewYork).DateTime);
        return NyseCalendar.LastTradingDayOnOrBefore(today);
    }
}

/// <summary>What a portfolio line is.</summary>
public enum PortfolioLineKind
{
    Security,
    MoneyMarket,
    Cash,
    Future,
}

/// <summary>
/// One line of a fund's generated portfolio on a day.
/// </summary>
/// <param name="Security">The security, null for cash, money-market and futures lines.</param>
/// <param name="Kind">What the line is.</param>
/// <param name="Name">Display name.</param>
/// <param name="Weight">Market value ÷ net assets, unrounded (a fraction).</param>
/// <param name="MarketValueUsd">To the cent.</param>
/// <param name="Quantity">Shares (stocks), par (bonds), units (cash) or contracts (futures).</param>
/// <param name="Price">Local-currency price (per 100 par for bonds).</param>
/// <param name="NotionalUsd">Notional value: the market value, except for futures (market value 0).</param>
public sealed record PortfolioLine(
    FakeSecurity? Security,
    PortfolioLineKind Kind,
    string Name,
    decimal Weight,
    decimal MarketValueUsd,
    decimal Quantity,
    decimal Price,
    decimal NotionalUsd);

/// <summary>
/// A fund's full portfolio on a day, shared by every issuer file and the Schwab pages: the fund's index weights
/// (<see cref="SecurityUniverse.Weights"/>) scaled to (1 − cash) of the day's net assets, plus a money-market line
/// (¾ of cash) and a USD cash line (¼), and for equity funds an index future (market value 0, notional 0.15 % of net
/// assets). Market value = round(net assets × (1 − cash) × index weight, 2); shares = round(market value × FX / price);
/// bond par = round(market value / price × 100). Cash is 0.2 % of net assets for equity funds, 0.4 % for bond funds, so
/// weights sum to 100 % with cash. Lines are in descending market value, the future last.
/// </summary>
public static class FundPortfolio
{
    public static IReadOnlyList<PortfolioLine> Lines(FundDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        var members = SecurityUniverse.Weights(day.Fund);
        if (members.Count == 0)
        {
            return [];
        }

        var bonds = members[0].Security.Kind == FakeSecurityKind.Bond;
        var netAssets = day.NetAssetsUsd;
        var cashShare = bonds ? 0.004m : 0.002m;
        var lines = new List<PortfolioLine>(members.Count + 3);
        foreach (var member in members)
        {
            var security = member.Security;
            var value = Math.Round(netAssets * (1 - cashShare) * member.Weight, 2);
            var price = security.PriceOn(day.AsOf);
            var quantity = security.Kind == FakeSecurityKind.Bond
                ? Math.Round(value / price * 100, 0)
                : Math.Round(value * SecurityUniverse.FxPerUsd[security.Currency] / price, 0);
            lines.Add(new PortfolioLine(security, PortfolioLineKind.Security, security.Name, Weight(value, netAssets), value, quantity, price, value));
        }

        var moneyMarket = Math.Round(netAssets * cashShare * 0.75m, 2);
        var cash = Math.Round(netAssets * cashShare, 2) - moneyMarket;
        lines.Add(new PortfolioLine(null, PortfolioLineKind.MoneyMarket, "BLK CSH FND TREASURY SL AGENCY", Weight(moneyMarket, netAssets), moneyMarket, Math.Round(moneyMarket, 0), 1m, moneyMarket));
        lines.Add(new PortfolioLine(null, PortfolioLineKind.Cash, "USD CASH", Weight(cash, netAssets), cash, Math.Round(cash, 0), 100m, cash));
        lines.Sort((a, b) => b.MarketValueUsd.CompareTo(a.MarketValueUsd));
        if (!bonds)
        {
            var notional = Math.Round(netAssets * 0.0015m, 2);
            var futurePrice = 5000m;
            lines.Add(new PortfolioLine(null, PortfolioLineKind.Future, "S&P500 EMINI " + FutureMonth(day.AsOf), 0m, 0m, Math.Max(1, Math.Round(notional / (futurePrice * 50), 0)), futurePrice, notional));
        }

        return lines;
    }

    private static decimal Weight(decimal value, decimal netAssets) => netAssets == 0 ? 0 : value / netAssets;

    /// <summary>The next quarterly contract month, e.g. <c>DEC 26</c>.</summary>
    private static string FutureMonth(DateOnly date)
    {
        var month = ((date.Month - 1) / 3 * 3) + 3;
        return new DateOnly(date.Year, month, 1).ToString("MMM yy", System.Globalization.CultureInfo.InvariantCulture).ToUpperInvariant();
    }
}
