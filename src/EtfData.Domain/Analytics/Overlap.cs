namespace EtfData.Domain.Analytics;

/// <summary>
/// How much two funds hold in common. Two positions are the same security when both carry a
/// <see cref="Holding.SecurityId"/> and it is the same; otherwise when the first identifier both carry
/// agrees, in the order CUSIP, ISIN, ticker (upper-cased, class separators <c>.</c> <c>/</c> and space
/// written as <c>-</c>); identifiers are trimmed and blanks count as missing. Name and title (upper-cased)
/// match only when neither position carries any identifier and both are securities, not cash or derivatives. Two
/// positions that both carry a CUSIP (or both a security id) are therefore never matched by a later
/// identifier. Lines of one snapshot that are the same security with the same payoff profile (N-PORT lots,
/// a TBA's long and short kept apart) are first summed into one position (<see cref="Aggregate"/>); matching
/// is then one to one, in published order.
/// </summary>
public static class Overlap
{
    /// <summary>
    /// <c>ByWeight = Σ min(w_A, w_B)</c> over the common holdings (weights as fractions; a null weight
    /// counts as 0); <c>ByCountOfA = common / |A|</c> and <c>ByCountOfB = common / |B|</c> (asymmetric;
    /// null for an empty fund); plus the common holdings, largest <c>min(w_A, w_B)</c> first.
    /// </summary>
    /// <param name="a">Positions of fund A (one snapshot).</param>
    /// <param name="b">Positions of fund B (one snapshot).</param>
    public static OverlapResult Between(IReadOnlyList<Holding> a, IReadOnlyList<Holding> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var orderedA = Aggregate(a);
        var orderedB = Aggregate(b);
        var common = Match(orderedA, orderedB)
            .Select(m =>
            {
                var weightA = orderedA[m.IndexA].Weight;
                var weightB = orderedB[m.IndexB].Weight;
                return new CommonHolding(orderedA[m.IndexA], orderedB[m.IndexB], m.On, weightA, weightB, Math.Min(weightA ?? 0m, weightB ?? 0m));
            })
            .OrderByDescending(c => c.MinWeight)
            .ThenBy(c => c.InA.Position)
            .ToList();
        return new OverlapResult(
            common.Sum(c => c.MinWeight),
            Ratio.Of(common.Count, orderedA.Count),
            Ratio.Of(common.Count, orderedB.Count),
            common);
    }

    /// <summary>
    /// Pairs the positions of <paramref name="a"/> and <paramref name="b"/> that are the same security (see the
    /// class summary), one to one: for each identifier in turn, each unmatched position of A takes the first
    /// unmatched position of B (in list order) that carries the same value. Indices are into the lists as given.
    /// </summary>
    public static IReadOnlyList<PositionMatch> Match(IReadOnlyList<Holding> a, IReadOnlyList<Holding> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var keysA = a.Select(Keys).ToList();
        var keysB = b.Select(Keys).ToList();
        var matchedA = new bool[a.Count];
        var matchedB = new bool[b.Count];
        var matches = new List<PositionMatch>();

        for (var kind = 0; kind < KindCount; kind++)
        {
            var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (var j = 0; j < b.Count; j++)
            {
                if (!matchedB[j] && keysB[j][kind] is { } key)
                {
                    if (!index.TryGetValue(key, out var list))
                    {
                        index[key] = list = [];
                    }

                    list.Add(j);
                }
            }

            for (var i = 0; i < a.Count; i++)
            {
                if (matchedA[i] || keysA[i][kind] is not { } key || !index.TryGetValue(key, out var candidates))
                {
                    continue;
                }

                foreach (var j in candidates)
                {
                    if (!matchedB[j] && !SharesEarlierIdentifier(keysA[i], keysB[j], kind))
                    {
                        matchedA[i] = matchedB[j] = true;
                        matches.Add(new PositionMatch(i, j, (HoldingMatch)kind));
                        break;
                    }
                }
            }
        }

        return matches;
    }

    /// <summary>
    /// One snapshot's lines with each security's lines summed into one, in published order (the first line's
    /// position and identifiers, with identifiers it lacks taken from the others). Lines are the same security
    /// when they carry the same security id, else the same first identifier of CUSIP, ISIN, ticker, else the same
    /// name and title; long and short lines (payoff profile) stay apart. Weight, shares, market value and balance
    /// are summed over the lines that state them (null when none does).
    /// </summary>
    public static List<Holding> Aggregate(IReadOnlyList<Holding> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var merged = new List<Holding>();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in positions.OrderBy(h => h.Position))
        {
            var key = IdentityKey(line);
            if (byKey.TryGetValue(key, out var index))
            {
                var first = merged[index];
                merged[index] = first with
                {
                    Weight = Add(first.Weight, line.Weight),
                    Shares = Add(first.Shares, line.Shares),
                    MarketValueUsd = Add(first.MarketValueUsd, line.MarketValueUsd),
                    Balance = first.Units == line.Units ? Add(first.Balance, line.Balance) : first.Balance,
                    SecurityId = first.SecurityId ?? line.SecurityId,
                    Cusip = first.Cusip ?? line.Cusip,
                    Isin = first.Isin ?? line.Isin,
                    Ticker = first.Ticker ?? line.Ticker,
                    Sector = first.Sector ?? line.Sector,
                    Country = first.Country ?? line.Country,
                };
            }
            else
            {
                byKey[key] = merged.Count;
                merged.Add(line);
            }
        }

        return merged;
    }

    private static decimal? Add(decimal? a, decimal? b) => a is null ? b : b is null ? a : a + b;

    private static string IdentityKey(Holding h)
    {
        var keys = Keys(h);
        var payoff = Clean(h.PayoffProfile) ?? "";
        for (var kind = 0; kind < (int)HoldingMatch.Name; kind++)
        {
            if (keys[kind] is { } key)
            {
                return $"{kind}|{key}|{payoff}";
            }
        }

        return $"name|{Clean(h.Name)}|{Clean(h.Title)}|{payoff}";
    }

    private const int KindCount = 5;

    private static string?[] Keys(Holding h) =>
    [
        h.SecurityId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Clean(h.Cusip),
        Clean(h.Isin),
        Clean(h.Ticker)?.Replace('.', '-').Replace('/', '-').Replace(' ', '-'),
        NameKey(h),
    ];

    /// <summary>
    /// Name and title, only for a security line that carries no identifier at all: a name alone is too weak where
    /// one side has an identifier, and cash or derivative lines share names ("USD CASH", a swap counterparty)
    /// without being the same holding.
    /// </summary>
    private static string? NameKey(Holding h) =>
        h.SecurityId is null && Clean(h.Cusip) is null && Clean(h.Isin) is null && Clean(h.Ticker) is null && IsSecurity(h)
            ? $"{Clean(h.Name)}|{Clean(h.Title)}"
            : null;

    private static readonly string[] NonSecurityWords =
        ["CASH", "MONEY MARKET", "COLLATERAL", "MARGIN", "DERIVATIVE", "FUTURE", "SWAP", "FORWARD", "OPTION", "REPO"];

    /// <summary>False for cash, money market, collateral, repo and derivative lines (by instrument kind, derivative category, asset class or sector).</summary>
    private static bool IsSecurity(Holding h) =>
        (h.InstrumentKind is null || h.InstrumentKind == NportInstrumentKind.Security)
        && h.DerivativeCategory is null
        && !NonSecurityWords.Any(w => Clean(h.AssetClass)?.Contains(w, StringComparison.Ordinal) == true
            || Clean(h.Sector)?.Contains(w, StringComparison.Ordinal) == true);

    private static string? Clean(string? identifier) =>
        string.IsNullOrWhiteSpace(identifier) ? null : identifier.Trim().ToUpperInvariant();

    /// <summary>True when both positions carry an identifier that ranks before <paramref name="kind"/> (which decided already).</summary>
    private static bool SharesEarlierIdentifier(string?[] a, string?[] b, int kind)
    {
        for (var earlier = 0; earlier < kind; earlier++)
        {
            if (a[earlier] is not null && b[earlier] is not null)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Two positions found to be the same security; see <see cref="Overlap.Match"/>.</summary>
/// <param name="IndexA">Index into the first list.</param>
/// <param name="IndexB">Index into the second list.</param>
/// <param name="On">The identifier that matched them.</param>
public readonly record struct PositionMatch(int IndexA, int IndexB, HoldingMatch On);

/// <summary>Overlap of fund A with fund B; see <see cref="Overlap.Between"/>.</summary>
/// <param name="ByWeight"><c>Σ min(w_A, w_B)</c> over common holdings, a fraction (0.5 = half of each fund is held in common); null weights count as 0.</param>
/// <param name="ByCountOfA">Common holdings / number of positions of A, a fraction; null when A is empty.</param>
/// <param name="ByCountOfB">Common holdings / number of positions of B, a fraction; null when B is empty.</param>
/// <param name="Common">The common holdings, largest <c>min(w_A, w_B)</c> first.</param>
public sealed record OverlapResult(decimal ByWeight, decimal? ByCountOfA, decimal? ByCountOfB, IReadOnlyList<CommonHolding> Common);

/// <summary>A security both funds hold.</summary>
/// <param name="InA">The position in fund A.</param>
/// <param name="InB">The position in fund B.</param>
/// <param name="MatchedOn">The identifier that matched them.</param>
/// <param name="WeightA">Weight in fund A as a fraction; null when not published.</param>
/// <param name="WeightB">Weight in fund B as a fraction; null when not published.</param>
/// <param name="MinWeight"><c>min(WeightA, WeightB)</c> with a null weight counted as 0: this holding's share of <see cref="OverlapResult.ByWeight"/>.</param>
public sealed record CommonHolding(Holding InA, Holding InB, HoldingMatch MatchedOn, decimal? WeightA, decimal? WeightB, decimal MinWeight);

/// <summary>Identifier on which two positions were matched, in the order they are tried.</summary>
public enum HoldingMatch
{
    /// <summary>Same security of the security index (both positions resolved to one).</summary>
    Security,
    /// <summary>Same CUSIP (at least one of the two has no security id).</summary>
    Cusip,
    /// <summary>Same ISIN (at least one of the two has no CUSIP).</summary>
    Isin,
    /// <summary>Same normalised ticker (neither CUSIP nor ISIN on both).</summary>
    Ticker,
    /// <summary>Same upper-cased name and title (neither position has any identifier; both are securities).</summary>
    Name,
}
