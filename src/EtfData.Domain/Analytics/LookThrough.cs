namespace EtfData.Domain.Analytics;

/// <summary>A fund of a portfolio: its weight in the portfolio and its positions (one snapshot).</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Weight">Share of the portfolio, a fraction.</param>
/// <param name="Positions">The fund's positions, weights as fractions of the fund.</param>
public sealed record LookThroughFund(string Symbol, decimal Weight, IReadOnlyList<Holding> Positions);

/// <summary>What a portfolio of ETFs holds once the funds are looked through.</summary>
public static class LookThrough
{
    /// <summary>
    /// Each security's portfolio weight is <c>Σ_fund w_fund × w_position</c> (a null position weight counts as 0),
    /// with each fund's contribution (a fund's lines of one security summed first, <see cref="Overlap.Aggregate"/>). Positions of different funds are the same security when
    /// <see cref="Overlap.Match"/> pairs them; a security keeps every identifier any fund gave it, so a fund that
    /// names it by CUSIP finds it even if the first fund named it by ticker. Sector and country exposure are the
    /// same products summed by the position's sector and country. The hidden overlap is every security reached
    /// through two or more funds; the pairwise overlap is <see cref="Overlap.Between"/> for every pair of funds.
    /// </summary>
    public static LookThroughResult Of(IReadOnlyList<LookThroughFund> funds)
    {
        ArgumentNullException.ThrowIfNull(funds);
        var securities = new List<(Holding Identity, List<LookThroughContribution> Contributions)>();
        var exposures = new List<(string? Sector, string? Country, decimal Weight)>();
        foreach (var fund in funds)
        {
            var positions = Overlap.Aggregate(fund.Positions);
            var known = securities.Select(s => s.Identity).ToList();
            var matched = Overlap.Match(positions, known).ToDictionary(m => m.IndexA, m => m.IndexB);
            for (var i = 0; i < positions.Count; i++)
            {
                var position = positions[i];
                var contribution = new LookThroughContribution(fund.Symbol, position.Weight, fund.Weight * (position.Weight ?? 0m));
                exposures.Add((position.Sector, position.Country, contribution.Weight));
                if (matched.TryGetValue(i, out var index))
                {
                    var (identity, contributions) = securities[index];
                    contributions.Add(contribution);
                    securities[index] = (Merge(identity, position), contributions);
                }
                else
                {
                    securities.Add((position, [contribution]));
                }
            }
        }

        var list = securities
            .Select(s => new LookThroughSecurity(s.Identity, s.Contributions.Sum(c => c.Weight), s.Contributions))
            .OrderByDescending(s => s.Weight)
            .ThenBy(s => s.Identity.Name, StringComparer.Ordinal)
            .ToList();
        var hidden = list.Where(s => s.Contributions.Select(c => c.Symbol).Distinct(StringComparer.Ordinal).Count() >= 2).ToList();
        var pairs = new List<LookThroughPair>();
        for (var a = 0; a < funds.Count; a++)
        {
            for (var b = a + 1; b < funds.Count; b++)
            {
                pairs.Add(new LookThroughPair(funds[a].Symbol, funds[b].Symbol, Overlap.Between(funds[a].Positions, funds[b].Positions)));
            }
        }

        return new LookThroughResult(
            list,
            Exposure.By(exposures.Select(e => (e.Sector, e.Weight))),
            Exposure.By(exposures.Select(e => (e.Country, e.Weight))),
            hidden,
            hidden.Sum(s => s.Weight),
            pairs);
    }

    // Identifiers the security lacks are taken from the later fund's position, so the next fund can match on any of them.
    private static Holding Merge(Holding identity, Holding other) => identity with
    {
        SecurityId = identity.SecurityId ?? other.SecurityId,
        Cusip = identity.Cusip ?? other.Cusip,
        Isin = identity.Isin ?? other.Isin,
        Ticker = identity.Ticker ?? other.Ticker,
        Sector = identity.Sector ?? other.Sector,
        Country = identity.Country ?? other.Country,
    };
}

/// <summary>One fund's part of a security's portfolio weight.</summary>
/// <param name="Symbol">The fund.</param>
/// <param name="PositionWeight">The position's weight in the fund, a fraction.</param>
/// <param name="Weight"><c>w_fund × w_position</c>: the part of the portfolio held through this fund.</param>
public sealed record LookThroughContribution(string Symbol, decimal? PositionWeight, decimal Weight);

/// <summary>A security of the looked-through portfolio.</summary>
/// <param name="Identity">The position that first named it, with identifiers the other funds added.</param>
/// <param name="Weight">Σ of the contributions: the portfolio's weight in the security.</param>
/// <param name="Contributions">One per fund position that holds it, in portfolio order.</param>
public sealed record LookThroughSecurity(Holding Identity, decimal Weight, IReadOnlyList<LookThroughContribution> Contributions);

/// <summary>Overlap of two funds of the portfolio.</summary>
public sealed record LookThroughPair(string A, string B, OverlapResult Overlap);

/// <summary>See <see cref="LookThrough.Of"/>.</summary>
/// <param name="Securities">Every security, largest portfolio weight first.</param>
/// <param name="Sector">Portfolio weight by sector.</param>
/// <param name="Country">Portfolio weight by country.</param>
/// <param name="HiddenOverlap">Securities reached through two or more funds, largest combined weight first.</param>
/// <param name="HiddenOverlapWeight">Σ of their combined weights.</param>
/// <param name="Pairs">Overlap of every pair of funds, in portfolio order.</param>
public sealed record LookThroughResult(
    IReadOnlyList<LookThroughSecurity> Securities, ExposureBreakdown Sector, ExposureBreakdown Country,
    IReadOnlyList<LookThroughSecurity> HiddenOverlap, decimal HiddenOverlapWeight, IReadOnlyList<LookThroughPair> Pairs);
