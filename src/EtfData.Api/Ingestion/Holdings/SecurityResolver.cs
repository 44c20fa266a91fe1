using System.Text;
using System.Text.RegularExpressions;
using EtfData.Domain;

namespace EtfData.Api.Ingestion.Holdings;

/// <summary>What one position says about the security it is, normalised (see <see cref="SecurityResolver"/>).</summary>
public sealed record SecurityClaim(
    int Position, string? Cusip, string? Isin, string? Ticker, string? Exchange, string Name, string NameKey,
    string? Sector, string? Country, string? AssetClass)
{
    /// <summary>The claim of a stored position: identifiers normalised, those the <c>security</c> table would refuse dropped.</summary>
    public static SecurityClaim From(Holding holding)
    {
        ArgumentNullException.ThrowIfNull(holding);
        return new SecurityClaim(
            holding.Position,
            SecurityResolver.NormaliseCusip(holding.Cusip),
            SecurityResolver.NormaliseIsin(holding.Isin),
            SecurityResolver.NormaliseTicker(holding.Ticker),
            SecurityResolver.NormaliseExchange(holding.Exchange),
            holding.Name.Trim(),
            SecurityResolver.NameKey(holding.Name),
            string.IsNullOrWhiteSpace(holding.Sector) ? null : holding.Sector.Trim(),
            SecurityResolver.NormaliseCountry(holding.Country),
            string.IsNullOrWhiteSpace(holding.AssetClass) ? null : holding.AssetClass.Trim());
    }

    internal bool HasIdentifier => Cusip is not null || Isin is not null || Ticker is not null;
}

/// <summary>One row of <c>security</c> as the resolver sees it; a negative <see cref="Id"/> is a security it creates.</summary>
public sealed record SecurityRecord(
    long Id, string? Cusip, string? Isin, string? Ticker, string? Exchange, string Name, string NameKey,
    string? Sector, string? SectorSource, string? Country, string? AssetClass)
{
    public static SecurityRecord From(Security security)
    {
        ArgumentNullException.ThrowIfNull(security);
        return new SecurityRecord(
            security.Id, security.Cusip, security.Isin, security.Ticker, security.Exchange, security.Name, security.NameKey,
            security.Sector, security.SectorSource, security.Country, security.AssetClass);
    }
}

/// <summary>What resolving a snapshot's claims does to the <c>security</c> table.</summary>
/// <param name="Assignments">Position → security id (negative: one of <see cref="Created"/>); positions without any identity or name are absent.</param>
/// <param name="Created">New securities, with negative ids, as they end.</param>
/// <param name="Updated">Known securities whose fields changed, as they end.</param>
/// <param name="Merged">Known securities found to be another one: their positions move to the survivor and they are deleted.</param>
public sealed record SecurityResolution(
    IReadOnlyDictionary<int, long> Assignments,
    IReadOnlyList<SecurityRecord> Created,
    IReadOnlyList<SecurityRecord> Updated,
    IReadOnlyList<(long Duplicate, long Survivor)> Merged);

/// <summary>
/// The identity rule, without a database: a claim is the security of its CUSIP, else of its ISIN, else of
/// its ticker and exchange (exchanges equal or one unknown), else of its normalised name (only for a claim
/// without any identifier). A candidate that states a different CUSIP or ISIN than the claim is another
/// security (GOOGL and GOOG, a reused ticker) and is never matched or merged. When a claim matches several
/// securities that do not conflict (a ticker-only one and a CUSIP one), they are one: merged into the one
/// matched by the strongest identifier. The claim's identifiers fill the security's missing ones; sector,
/// country and asset class are learned from the first source that states them, except that an issuer
/// file's sector replaces a sector learned from another source.
/// </summary>
public sealed partial class SecurityResolver
{
    private readonly string source;
    private readonly Dictionary<long, SecurityRecord> byId = [];
    private readonly Dictionary<long, SecurityRecord> original = [];
    private readonly Dictionary<string, long> byCusip = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> byIsin = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<long>> byTicker = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<long>> byName = new(StringComparer.Ordinal);
    private readonly Dictionary<int, long> assignments = [];
    private readonly List<(long Duplicate, long Survivor)> merged = [];
    private readonly Dictionary<long, long> mergedInto = [];
    private long nextNewId = -1;

    /// <param name="known">The stored securities any claim could match (more do no harm).</param>
    /// <param name="source">The holdings source of the claims (a <see cref="HoldingSources"/> name or <see cref="NportSource.Name"/>).</param>
    public SecurityResolver(IEnumerable<SecurityRecord> known, string source)
    {
        ArgumentNullException.ThrowIfNull(known);
        this.source = source;
        foreach (var record in known)
        {
            original[record.Id] = record;
            Put(record);
        }
    }

    /// <summary>Resolves <paramref name="claims"/> in order (a later claim sees what an earlier one created or linked).</summary>
    public SecurityResolution Resolve(IEnumerable<SecurityClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        foreach (var claim in claims)
        {
            if (Resolve(claim) is { } id)
            {
                assignments[claim.Position] = id;
            }
        }

        return new SecurityResolution(
            assignments,
            byId.Values.Where(r => r.Id < 0).OrderByDescending(r => r.Id).ToList(),
            byId.Values.Where(r => r.Id > 0 && original[r.Id] != r).OrderBy(r => r.Id).ToList(),
            merged.Where(m => m.Duplicate > 0).Select(m => (m.Duplicate, Final(m.Survivor))).ToList());
    }

    private long? Resolve(SecurityClaim claim)
    {
        if (!claim.HasIdentifier && claim.NameKey.Length == 0)
        {
            return null;
        }

        var matches = new List<long>();
        if (claim.Cusip is not null && byCusip.TryGetValue(claim.Cusip, out var cusipMatch))
        {
            matches.Add(cusipMatch);
        }

        if (claim.Isin is not null && byIsin.TryGetValue(claim.Isin, out var isinMatch) && !Conflicts(byId[isinMatch], claim))
        {
            matches.Add(isinMatch);
        }

        if (claim.Ticker is not null && TickerMatch(claim) is { } tickerMatch)
        {
            matches.Add(tickerMatch);
        }

        if (!claim.HasIdentifier && byName.TryGetValue(claim.NameKey, out var named) && named.Count > 0)
        {
            // Without any identifier the name is all there is; of several securities of one name, the oldest.
            matches.Add(named.Where(id => id > 0).DefaultIfEmpty(named.Max).First());
        }

        matches = matches.Distinct().ToList();
        if (matches.Count == 0)
        {
            var created = new SecurityRecord(nextNewId--, null, null, null, null, claim.Name, claim.NameKey, null, null, null, null);
            Put(created);
            matches.Add(created.Id);
        }

        var survivor = matches[0];
        foreach (var other in matches.Skip(1))
        {
            if (byId.TryGetValue(other, out var candidate) && !Conflicts(byId[survivor], candidate))
            {
                Merge(other, survivor);
            }
        }

        Put(Learn(byId[survivor], claim));
        return survivor;
    }

    /// <summary>
    /// Of the securities with the claim's ticker that state no other CUSIP, ISIN, exchange or country: the one on the same
    /// exchange, else the newest. A ticker is only unique within a market (ABBV on Xetra is not AbbVie), so a claim and a
    /// security that both state a country must agree on it.
    /// </summary>
    private long? TickerMatch(SecurityClaim claim)
    {
        if (!byTicker.TryGetValue(claim.Ticker!, out var ids))
        {
            return null;
        }

        return ids
            .Select(id => byId[id])
            .Where(r => !Conflicts(r, claim) && (r.Exchange is null || claim.Exchange is null || r.Exchange == claim.Exchange)
                        && (r.Country is null || claim.Country is null || r.Country == claim.Country))
            .OrderByDescending(r => r.Exchange is not null && r.Exchange == claim.Exchange)
            .ThenByDescending(r => r.Id > 0)
            .ThenByDescending(r => Math.Abs(r.Id))
            .Select(r => (long?)r.Id)
            .FirstOrDefault();
    }

    private static bool Conflicts(SecurityRecord record, SecurityClaim claim) =>
        Differ(record.Cusip, claim.Cusip) || Differ(record.Isin, claim.Isin);

    private static bool Conflicts(SecurityRecord a, SecurityRecord b) =>
        Differ(a.Cusip, b.Cusip) || Differ(a.Isin, b.Isin) || Differ(a.Ticker, b.Ticker) || Differ(a.Exchange, b.Exchange);

    private static bool Differ(string? a, string? b) => a is not null && b is not null && a != b;

    private void Merge(long duplicate, long survivor)
    {
        var dup = byId[duplicate];
        Remove(dup);
        var kept = byId[survivor];
        kept = kept with
        {
            Cusip = kept.Cusip ?? dup.Cusip,
            Isin = kept.Isin ?? dup.Isin,
            Ticker = kept.Ticker ?? dup.Ticker,
            Exchange = kept.Exchange ?? dup.Exchange,
            Country = kept.Country ?? dup.Country,
            AssetClass = kept.AssetClass ?? dup.AssetClass,
        };
        if (dup.Sector is not null && MayReplaceSector(kept.Sector, kept.SectorSource, dup.SectorSource))
        {
            kept = kept with { Sector = dup.Sector, SectorSource = dup.SectorSource };
        }

        Put(kept);
        merged.Add((duplicate, survivor));
        mergedInto[duplicate] = survivor;
        foreach (var (position, id) in assignments.ToList())
        {
            if (id == duplicate)
            {
                assignments[position] = survivor;
            }
        }
    }

    private SecurityRecord Learn(SecurityRecord record, SecurityClaim claim)
    {
        var learned = record with
        {
            // An identifier another security holds stays there (the claim conflicts with that one's other identifiers).
            Cusip = record.Cusip ?? (claim.Cusip is not null && !byCusip.ContainsKey(claim.Cusip) ? claim.Cusip : null),
            Isin = record.Isin ?? (claim.Isin is not null && !byIsin.ContainsKey(claim.Isin) ? claim.Isin : null),
            Ticker = record.Ticker ?? claim.Ticker,
            Exchange = record.Exchange ?? ((record.Ticker ?? claim.Ticker) == claim.Ticker ? claim.Exchange : null),
            Country = record.Country ?? claim.Country,
            AssetClass = record.AssetClass ?? claim.AssetClass,
        };
        if (claim.Sector is not null && MayReplaceSector(learned.Sector, learned.SectorSource, source))
        {
            learned = learned with { Sector = claim.Sector, SectorSource = source };
        }

        return learned;
    }

    /// <summary>First writer wins, except that an issuer file's sector replaces one from any other source.</summary>
    private static bool MayReplaceSector(string? sector, string? sectorSource, string? candidateSource) =>
        sector is null || (IsIssuer(candidateSource) && !IsIssuer(sectorSource));

    private static bool IsIssuer(string? source) => HoldingSources.IsIssuer(source);

    private long Final(long id)
    {
        while (mergedInto.TryGetValue(id, out var survivor))
        {
            id = survivor;
        }

        return id;
    }

    private void Put(SecurityRecord record)
    {
        if (byId.TryGetValue(record.Id, out var previous))
        {
            Remove(previous);
        }

        byId[record.Id] = record;
        if (record.Cusip is not null)
        {
            byCusip[record.Cusip] = record.Id;
        }

        if (record.Isin is not null)
        {
            byIsin[record.Isin] = record.Id;
        }

        if (record.Ticker is not null)
        {
            Add(byTicker, record.Ticker, record.Id);
        }

        Add(byName, record.NameKey, record.Id);
    }

    private void Remove(SecurityRecord record)
    {
        byId.Remove(record.Id);
        if (record.Cusip is not null && byCusip.GetValueOrDefault(record.Cusip) == record.Id)
        {
            byCusip.Remove(record.Cusip);
        }

        if (record.Isin is not null && byIsin.GetValueOrDefault(record.Isin) == record.Id)
        {
            byIsin.Remove(record.Isin);
        }

        if (record.Ticker is not null && byTicker.TryGetValue(record.Ticker, out var tickers))
        {
            tickers.Remove(record.Id);
        }

        if (byName.TryGetValue(record.NameKey, out var names))
        {
            names.Remove(record.Id);
        }
    }

    private static void Add(Dictionary<string, SortedSet<long>> index, string key, long id)
    {
        if (!index.TryGetValue(key, out var ids))
        {
            index[key] = ids = [];
        }

        ids.Add(id);
    }

    /// <summary>Upper-cased; the share-class separators '.', '/' and ' ' written as '-' (BRK.B, BRK/B → BRK-B); null when not a ticker.</summary>
    public static string? NormaliseTicker(string? ticker)
    {
        if (string.IsNullOrWhiteSpace(ticker))
        {
            return null;
        }

        var normalised = ticker.Trim().ToUpperInvariant().Replace('.', '-').Replace('/', '-').Replace(' ', '-');
        return TickerPattern().IsMatch(normalised) ? normalised : null;
    }

    /// <summary>Upper-case letters and digits, one space between words; periods and apostrophes dropped.</summary>
    public static string NameKey(string? name)
    {
        var key = new StringBuilder(name?.Length ?? 0);
        var space = false;
        foreach (var c in (name ?? "").ToUpperInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (space && key.Length > 0)
                {
                    key.Append(' ');
                }

                key.Append(c);
                space = false;
            }
            else if (c is not ('.' or '\''))
            {
                // Periods and apostrophes join (U.S. → US, McDonald's → MCDONALDS); anything else separates words.
                space = true;
            }
        }

        return key.ToString();
    }

    public static string? NormaliseExchange(string? exchange) =>
        string.IsNullOrWhiteSpace(exchange) || exchange.Trim() == "-" ? null : exchange.Trim().ToUpperInvariant();

    public static string? NormaliseCusip(string? cusip) => Matching(cusip, CusipPattern());

    public static string? NormaliseIsin(string? isin) => Matching(isin, IsinPattern());

    public static string? NormaliseCountry(string? country) => Matching(country, CountryPattern());

    private static string? Matching(string? value, Regex pattern)
    {
        var upper = value?.Trim().ToUpperInvariant();
        return upper is not null && pattern.IsMatch(upper) ? upper : null;
    }

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex TickerPattern();

    [GeneratedRegex("^[0-9A-Z*@#]{9}$", RegexOptions.CultureInvariant)]
    private static partial Regex CusipPattern();

    [GeneratedRegex("^[A-Z]{2}[0-9A-Z]{9}[0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex IsinPattern();

    [GeneratedRegex("^[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryPattern();
}
