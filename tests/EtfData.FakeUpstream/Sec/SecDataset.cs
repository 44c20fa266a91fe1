using EtfData.Domain;

namespace EtfData.FakeUpstream.Sec;

/// <summary>
/// A share class or trust the fake SEC lists in its ticker maps. With a <see cref="SeriesId"/> it is
/// a row of <c>company_tickers_mf.json</c> (ETF and mutual-fund classes alike); without one a row of
/// <c>company_tickers.json</c> (unit investment trusts such as SPY).
/// </summary>
/// <param name="Symbol">Ticker as SEC spells it (<c>BRK-B</c>).</param>
/// <param name="Cik">Registrant (trust) CIK.</param>
/// <param name="SeriesId">Series id, or null for a trust without series.</param>
/// <param name="ClassId">Class id, or null for a trust without series.</param>
/// <param name="RegistrantName">The trust's name (submissions <c>name</c>, N-PORT <c>regName</c>).</param>
public sealed record FakeSecFund(string Symbol, long Cik, string? SeriesId, string? ClassId, string RegistrantName);

/// <summary>
/// One NPORT-P (or NPORT-P/A) filing the fake SEC serves: in its filer's submissions, in its series'
/// Atom feed, as <c>primary_doc.xml</c>, and in the quarterly data set of the quarter it was filed in.
/// It is visible from <see cref="FilingDate"/> on (by the fake's data clock).
/// </summary>
/// <param name="Accession">Accession number with dashes (<c>0001752724-26-123456</c>).</param>
/// <param name="FilerCik">The registrant's CIK: the submissions file and Archives path it lives under.</param>
/// <param name="FilingDate">Day it was filed.</param>
/// <param name="Report">Header, totals, returns and flows.</param>
/// <param name="Holdings">Every position, in report order.</param>
public sealed record FakeNportFiling(string Accession, long FilerCik, DateOnly FilingDate, NportReport Report, IReadOnlyList<NportHolding> Holdings);

/// <summary>What the fake SEC knows: the ticker maps' rows and the N-PORT filings.</summary>
public sealed class SecDataset(IReadOnlyList<FakeSecFund> funds, IReadOnlyList<FakeNportFiling> filings)
{
    public IReadOnlyList<FakeSecFund> Funds { get; } = funds;

    public IReadOnlyList<FakeNportFiling> Filings { get; } = filings;
}
