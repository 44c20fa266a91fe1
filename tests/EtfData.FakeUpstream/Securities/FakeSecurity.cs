namespace EtfData.FakeUpstream.Securities;

/// <summary>What kind of instrument a <see cref="FakeSecurity"/> is.</summary>
public enum FakeSecurityKind
{
    Stock,
    Bond,
}

/// <summary>
/// One security of the shared universe (<see cref="SecurityUniverse"/>): every fake upstream that lists it names it
/// with these identifiers, each source showing only the ones the real source shows.
/// </summary>
/// <param name="Key">Stable position in the universe (1-based), used to seed per-security numbers.</param>
/// <param name="Cusip">Nine characters with a valid check digit; null for stocks listed outside the US.</param>
/// <param name="Isin">Twelve characters with a valid check digit.</param>
/// <param name="Sedol">Seven characters with a valid check digit (SPDR files show it).</param>
/// <param name="Ticker">Yahoo/SEC spelling (<c>BRK-B</c>); the local ticker for foreign stocks; null for bonds.</param>
/// <param name="Name">Display name (<c>Apple Inc</c>).</param>
/// <param name="Sector">GICS sector for stocks; <c>Treasuries</c>, <c>MBS Pass-Through</c>, <c>Corporates</c> for bonds.</param>
/// <param name="Country">ISO 3166 alpha-2 of the issuer's market.</param>
/// <param name="Exchange">Listing exchange as iShares spells it (<c>NASDAQ</c>, <c>New York Stock Exchange Inc.</c>, …); <c>-</c> for bonds.</param>
/// <param name="Currency">Trading currency (ISO 4217).</param>
/// <param name="Kind">Stock or bond.</param>
/// <param name="SizeUsd">Market capitalisation (stocks) or amount outstanding (bonds) in USD: what index weights are proportional to.</param>
/// <param name="BasePrice">Price in <see cref="Currency"/> around which the daily price moves (per 100 of par for bonds).</param>
/// <param name="Real">True for the large caps whose identifiers are the real public ones.</param>
public sealed record FakeSecurity(
    int Key,
    string? Cusip,
    string Isin,
    string Sedol,
    string? Ticker,
    string Name,
    string Sector,
    string Country,
    string Exchange,
    string Currency,
    FakeSecurityKind Kind,
    decimal SizeUsd,
    decimal BasePrice,
    bool Real)
{
    /// <summary>Coupon in percent (bonds only).</summary>
    public decimal? CouponPct { get; init; }

    /// <summary>Maturity (bonds only).</summary>
    public DateOnly? Maturity { get; init; }

    /// <summary>
    /// Price on <paramref name="date"/> in <see cref="Currency"/>: <see cref="BasePrice"/> × (1 + a sine of the day), the
    /// amplitude 8 % for stocks and 2 % for bonds, the phase set by <see cref="Key"/>; cents (stocks) or 4 decimals (bonds).
    /// Every upstream shows the same price for the same security and day.
    /// </summary>
    public decimal PriceOn(DateOnly date)
    {
        var amplitude = Kind == FakeSecurityKind.Stock ? 0.08 : 0.02;
        var factor = 1 + (amplitude * Math.Sin((date.DayNumber / 29.0) + Key));
        return Math.Round(BasePrice * (decimal)factor, Kind == FakeSecurityKind.Stock ? 2 : 4);
    }

    /// <summary>iShares' spelling of the ticker: share-class separators dropped (<c>BRKB</c>).</summary>
    public string? ISharesTicker => Ticker?.Replace("-", "", StringComparison.Ordinal);

    /// <summary>SPDR's spelling: a dot before the share class (<c>BRK.B</c>).</summary>
    public string? SpdrTicker => Ticker?.Replace('-', '.');

    /// <summary>Invesco's and Schwab's spelling: a slash before the share class (<c>BRK/B</c>).</summary>
    public string? SlashTicker => Ticker?.Replace('-', '/');
}

/// <summary>A member of an index with its weight (a fraction; the members' weights sum to 1).</summary>
public sealed record IndexMember(FakeSecurity Security, decimal Weight);
