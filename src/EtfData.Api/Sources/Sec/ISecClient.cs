using EtfData.Domain;

namespace EtfData.Api.Sources.Sec;

/// <summary>A filing listed in a registrant's submissions or a series' Atom feed.</summary>
/// <param name="Accession">Accession number with dashes (<c>0000884394-25-000123</c>).</param>
/// <param name="Form"><c>NPORT-P</c> or <c>NPORT-P/A</c>.</param>
/// <param name="FilingDate">Day it was filed.</param>
/// <param name="ReportDate">Period the filing reports on (submissions <c>reportDate</c>); null where the listing does not say (Atom feed).</param>
public sealed record SecFilingRef(string Accession, string Form, DateOnly FilingDate, DateOnly? ReportDate);

/// <summary>
/// SEC EDGAR over the shared upstream pipeline: declared User-Agent, at most
/// <c>Sources:Sec:RequestsPerSecond</c> (≤ 10) for the whole process, a throttling answer (429, or 403
/// with EDGAR's "Request Rate Threshold Exceeded" page) pausing every SEC request for the cool-down,
/// and conditional requests / a local cache so an unchanged file is not downloaded twice.
/// </summary>
public interface ISecClient
{
    /// <summary>
    /// Null when the client may call SEC; otherwise the sentence telling the user which option to set
    /// (no User-Agent with contact details configured). SEC jobs refuse to run with this message.
    /// </summary>
    string? ConfigurationProblem { get; }

    /// <summary><c>company_tickers_mf.json</c>: one entry per fund share class (ETF and mutual-fund classes).</summary>
    Task<SourceResult<IReadOnlyList<SecTickerEntry>>> GetFundTickersAsync(CancellationToken cancellationToken);

    /// <summary><c>company_tickers.json</c>: companies and trusts without series (UITs such as SPY).</summary>
    Task<SourceResult<IReadOnlyList<SecTickerEntry>>> GetCompanyTickersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The N-PORT filings (<c>NPORT-P</c>, <c>NPORT-P/A</c>) in a registrant's submissions, newest first,
    /// across <c>filings.recent</c> and the older pages of <c>filings.files</c>; older pages are read only
    /// while they may hold filings on or after <paramref name="filedOnOrAfter"/> (null = all).
    /// </summary>
    Task<SourceResult<IReadOnlyList<SecFilingRef>>> GetNportFilingsAsync(long cik, DateOnly? filedOnOrAfter, CancellationToken cancellationToken);

    /// <summary>The N-PORT filings of one series from its EDGAR Atom feed, newest first.</summary>
    Task<SourceResult<IReadOnlyList<SecFilingRef>>> GetSeriesNportFilingsAsync(string seriesId, CancellationToken cancellationToken);

    /// <summary>
    /// The raw <c>primary_doc.xml</c> of a filing (<c>Archives/edgar/data/{cik}/{accession without dashes}/primary_doc.xml</c>).
    /// Filings never change, so a cached copy is returned without a request.
    /// </summary>
    Task<SourceResult<ReadOnlyMemory<byte>>> GetNportDocumentAsync(long cik, string accession, CancellationToken cancellationToken);

    /// <summary>
    /// The quarterly Form N-PORT data set zip (<c>files/dera/data/form-n-port-data-sets/{year}q{quarter}_nport.zip</c>),
    /// downloaded into the local cache (conditionally when already there); returns the cached file's path.
    /// </summary>
    Task<SourceResult<string>> GetNportDataSetAsync(int year, int quarter, CancellationToken cancellationToken);
}
