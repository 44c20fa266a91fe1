using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.FakeUpstream.Nasdaq;

/// <summary>A row of the fake <c>nasdaqtraded.txt</c>.</summary>
/// <param name="Symbol">The Symbol column (<c>BRK.B</c>, <c>ABR$D</c>).</param>
/// <param name="NasdaqSymbol">The NASDAQ Symbol column (<c>BRK.B</c>, <c>ABR-D</c>).</param>
/// <param name="Name">Security name, possibly with the trailing space the real file has on some rows.</param>
/// <param name="ListingExchange">Letter: <c>Q</c>, <c>N</c>, <c>P</c>, <c>A</c>, <c>Z</c>, <c>V</c>.</param>
/// <param name="MarketCategory">Nasdaq tier letter for <c>Q</c> listings, a space otherwise.</param>
/// <param name="EtfFlag"><c>Y</c>, <c>N</c> or a blank.</param>
/// <param name="TestIssue">True for Nasdaq's test symbols.</param>
public sealed record NasdaqListing(
    string Symbol,
    string NasdaqSymbol,
    string Name,
    string ListingExchange,
    string MarketCategory,
    string EtfFlag,
    bool TestIssue = false)
{
    /// <summary>An ETF row spelled the same in every column.</summary>
    public static NasdaqListing Etf(string symbol, string name, string listingExchange) =>
        new(symbol, symbol, name, listingExchange, listingExchange == "Q" ? "G" : " ", "Y");

    /// <summary>
    /// The row in the real column layout: Nasdaq listings carry a market category and a financial status
    /// and no CQS symbol; other listings the reverse.
    /// </summary>
    public string ToLine()
    {
        var onNasdaq = ListingExchange == "Q";
        return string.Join('|',
            "Y", Symbol, Name, ListingExchange, onNasdaq ? MarketCategory : " ", EtfFlag, "100", TestIssue ? "Y" : "N",
            onNasdaq ? "N" : "", onNasdaq ? "" : CqsSymbol(), NasdaqSymbol, "N");
    }

    private string CqsSymbol() => Symbol.Replace("$", "p", StringComparison.Ordinal);
}

/// <summary>
/// The fake Nasdaq Trader symbol directory: <c>nasdaqtraded.txt</c> listing every fund of the dataset
/// (ETF = Y, listing exchange from the fund's Yahoo exchange) that existed on the data clock's date,
/// a handful of non-ETF securities (stocks, a class share, a preferred, a warrant) and a test issue,
/// with CRLF line ends and the <c>File Creation Time</c> trailer at the data clock's time.
/// </summary>
public sealed class NasdaqFake(YahooDataset dataset, TimeProvider clock)
{
    /// <summary>Routes are served under this prefix: point <c>Sources:Nasdaq:BaseUrl</c> at <c>{fake}/nasdaq</c>.</summary>
    public const string Prefix = "/nasdaq";

    public const string FileName = "nasdaqtraded.txt";

    public const string Header =
        "Nasdaq Traded|Symbol|Security Name|Listing Exchange|Market Category|ETF|Round Lot Size|Test Issue|Financial Status|CQS Symbol|NASDAQ Symbol|NextShares";

    /// <summary>Securities that are listed but are not ETFs, and one test issue.</summary>
    public static readonly IReadOnlyList<NasdaqListing> OtherListings =
    [
        new("AAPL", "AAPL", "Apple Inc. - Common Stock", "Q", "Q", "N"),
        new("MSFT", "MSFT", "Microsoft Corporation - Common Stock", "Q", "Q", "N"),
        new("JPM", "JPM", "JP Morgan Chase & Co. Common Stock", "N", " ", "N"),
        new("BRK.B", "BRK.B", "Berkshire Hathaway Inc. New Common Stock ", "N", " ", "N"),
        new("ABR$D", "ABR-D", "Arbor Realty Trust 6.375% Series D Cumulative Redeemable Preferred Stock", "N", " ", "N"),
        new("AACT.W", "AACT+", "Ares Acquisition Corporation II Redeemable Warrants", "N", " ", "N"),
        new("ZVZZT", "ZVZZT", "NASDAQ TEST STOCK", "Q", "G", " ", TestIssue: true),
    ];

    private readonly ConcurrentDictionary<string, byte> _delisted = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, NasdaqListing> _added = new(StringComparer.OrdinalIgnoreCase);

    public TimeProvider Clock { get; } = clock;

    /// <summary>Leaves <paramref name="symbol"/> out of the file from now on (an ETF that closed or moved).</summary>
    public void Remove(string symbol) => _delisted[symbol] = 0;

    /// <summary>Lists <paramref name="listing"/> in the file from now on (a new ETF), replacing a row of the same symbol.</summary>
    public void Add(NasdaqListing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        _added[listing.Symbol] = listing;
        _delisted.TryRemove(listing.Symbol, out _);
    }

    /// <summary>Undoes every <see cref="Remove"/> and <see cref="Add"/>.</summary>
    public void Reset()
    {
        _delisted.Clear();
        _added.Clear();
    }

    /// <summary>The rows the file lists now, ordered by symbol as the real file is.</summary>
    public IReadOnlyList<NasdaqListing> Listings()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), YahooFake.NewYork).DateTime);
        var rows = new Dictionary<string, NasdaqListing>(StringComparer.OrdinalIgnoreCase);
        foreach (var fund in dataset.Funds.Where(f => f.Inception <= today))
        {
            var symbol = fund.Symbol.Replace('-', '.');
            rows[symbol] = NasdaqListing.Etf(symbol, fund.Name, fund.ListingExchange) with { MarketCategory = fund.MarketCategory };
        }

        foreach (var other in OtherListings)
        {
            rows[other.Symbol] = other;
        }

        foreach (var (symbol, listing) in _added)
        {
            rows[symbol] = listing;
        }

        return rows.Values
            .Where(r => !_delisted.ContainsKey(r.Symbol))
            .OrderBy(r => r.Symbol, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The whole file, CRLF line ends, trailer stamped with the data clock's New York time.</summary>
    public string Render()
    {
        var created = TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), YahooFake.NewYork);
        var text = new StringBuilder();
        text.Append(Header).Append("\r\n");
        foreach (var listing in Listings())
        {
            text.Append(listing.ToLine()).Append("\r\n");
        }

        text.Append("File Creation Time: ")
            .Append(created.ToString("MMddyyyyHH:mm", CultureInfo.InvariantCulture))
            .Append("|||||\r\n");
        return text.ToString();
    }
}
